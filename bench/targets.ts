import { CALLER_HEADER, type CallerRole } from "../common/auth";
import type { BenchIdentity } from "./identity";

/**
 * Where the bench sends a workload: one of the two gateways, or straight to a subgraph (to
 * measure what the gateway itself adds).
 */
export type GatewayName = "ours" | "hive" | "variant";
export type TargetName = GatewayName | "direct";

export interface Target {
  name: TargetName;
  url: string;
  /** the process serving it, whose memory is sampled; null when not measured */
  pid: number | null;
}

let identity: BenchIdentity | null = null;

/** The identity provider of this run, whose tokens and signed callers the requests carry. */
export function useIdentity(i: BenchIdentity): void {
  identity = i;
}

/**
 * The one place that decides which headers a request to a target carries, as a caller of the
 * given role. Our gateway gets the caller's bearer token, like a front end sends it, and signs
 * the caller for the subgraphs itself. A subgraph called directly gets the signed caller the
 * gateway would have sent. Hive Gateway gets the token too, and the signed caller to pass on
 * (`propagateHeaders`): it has no way to make our signature, so that part of the work is ours alone.
 * `account` picks one of the role's accounts (`--callers many`); without it, the role's one account.
 */
export async function headersFor(
  target: Target,
  role: CallerRole,
  account?: number,
): Promise<Record<string, string>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (!identity) return headers;
  const token = await identity.token(role, account);
  if (target.name !== "direct" && token) headers.authorization = `Bearer ${token}`;
  if (target.name === "direct" || target.name === "hive")
    headers[CALLER_HEADER] = identity.signedCaller(role, account);
  return headers;
}

export function describeGateway(name: GatewayName): string {
  switch (name) {
    case "ours":
      return "ours (@apollo/gateway + @apollo/server)";
    case "hive":
      return "Hive Gateway + Rust query planner";
    case "variant":
      return "ours, from another build";
  }
}
