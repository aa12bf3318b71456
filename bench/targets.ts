import { CALLER_HEADER, type CallerRole } from "../common/auth";
import type { BenchIdentity } from "./identity";

/**
 * Where the bench sends a workload: one of the gateways, or straight to a subgraph (to measure
 * what the gateway itself adds). `stock` is ours with @apollo/gateway's stock data source;
 * `variant` is ours from another build.
 */
export type GatewayName = "ours" | "hive" | "grafbase" | "stock" | "variant";
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

/** Targets that cannot make our signature: the bench gives them the signed caller to pass on. */
const PASS_THE_CALLER_ON = new Set<TargetName>(["direct", "hive", "grafbase"]);

/**
 * The one place that decides which headers a request to a target carries, as a caller of the
 * given role. Our gateway gets the caller's bearer token, like a front end sends it, and signs
 * the caller for the subgraphs itself. A subgraph called directly gets the signed caller the
 * gateway would have sent. Hive Gateway and Grafbase get the token too, and the signed caller to
 * pass on: they have no way to make our signature, so that part of the work is ours alone.
 * `account` picks one of the role's accounts (an account per connection); without it, the
 * role's one account.
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
  if (PASS_THE_CALLER_ON.has(target.name))
    headers[CALLER_HEADER] = identity.signedCaller(role, account);
  return headers;
}

export function describeGateway(name: GatewayName): string {
  switch (name) {
    case "ours":
      return "ours (@apollo/gateway + @apollo/server, SubgraphSource)";
    case "hive":
      return "Hive Gateway + Rust query planner";
    case "grafbase":
      return "Grafbase (Rust), `grafbase dev`";
    case "stock":
      return "ours with @apollo/gateway's stock RemoteGraphQLDataSource (default fetcher) instead of SubgraphSource";
    case "variant":
      return "ours, from another build";
  }
}
