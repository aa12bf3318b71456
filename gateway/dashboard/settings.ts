import type { Role } from "../../common/auth";
import type { Logger } from "../../common/log";

/** What the dashboard's handler, page and exports share. */

/** posts a GraphQL request to the gateway itself (the gateway's subgraph client, pooled) */
export type SelfPost = (
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
) => Promise<{ status: number; contentType: string; text: string }>;

export interface DashboardOptions {
  /** mints a development token for a role; null in production, where the endpoint does not exist */
  devToken: ((role: Role) => Promise<string>) | null;
  /** the gateway's own GraphQL URL, known once it listens */
  graphqlUrl: () => string;
  post: SelfPost;
  /** the year the page opens on (the clock's, the demo's in a demo) */
  defaultYear: () => number;
  /** where an export's own failures are told (never the client) */
  logger: Logger;
}

export const DASHBOARD_PATH = "/dashboard";
export const DASHBOARD_ASSETS = "/dashboard/assets/";
export const DEV_TOKEN_PATH = "/dashboard/dev-token";
export const EXPORT_PATH = "/export/";

/** the roles the development sign-in offers: those that read figures */
export const DEV_ROLES: readonly Role[] = [
  "leader",
  "integrator",
  "bureau",
  "masswork",
  "service-center",
  "admin",
];
