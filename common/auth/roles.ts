/**
 * Who may call the graph. Staff roles write only their own department's records; `leader` reads
 * cases and figures; `integrator` reads without personal data; `public` is a citizen on the
 * website; `admin` runs the system. A caller without a token is `anonymous`.
 */
export const ROLES = [
  "bureau",
  "masswork",
  "service-center",
  "leader",
  "integrator",
  "public",
  "admin",
] as const;
export type Role = (typeof ROLES)[number];
export type CallerRole = Role | "anonymous";

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
