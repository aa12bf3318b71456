import { request } from "undici";

export type SubgraphReadiness = "ready" | "not ready" | "unreachable" | "no answer in time";

/**
 * A subgraph's own `/health/ready`, asked by the gateway: for its readiness body, and to close
 * a subgraph's breaker as soon as it is back (breakers.ts). undici, not fetch: a subgraph may
 * listen on a port fetch refuses (6000 and others).
 */
export async function subgraphReadiness(
  graphqlUrl: string,
  timeoutMs = 1_000,
): Promise<SubgraphReadiness> {
  try {
    const res = await request(graphqlUrl.replace(/\/graphql$/, "/health/ready"), {
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await res.body.dump();
    return res.statusCode === 200 ? "ready" : "not ready";
  } catch (e) {
    return (e as { code?: string }).code === "UND_ERR_HEADERS_TIMEOUT"
      ? "no answer in time"
      : "unreachable";
  }
}
