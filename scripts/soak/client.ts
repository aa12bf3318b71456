import { Pool } from "undici";
import { signToken } from "../../gateway/auth";
import type { Role } from "../../common/auth";
import type { Outcome, Stats } from "./stats";

/** A request that has had no answer this long has failed (TIMEOUT). */
const TIMEOUT_MS = 30_000;

/** An account the soak signs in as; every client has its own. */
export interface Account {
  role: Role;
  subject: string;
  token: string;
}

export async function account(secret: string, role: Role, subject: string): Promise<Account> {
  return { role, subject, token: await signToken(secret, { role, subject, lifetime: 6 * 3600 }) };
}

/**
 * Posts operations to the gateway, as a front end does (JSON, a bearer token), times them and
 * hands every answer to the stats. Transport failures become outcomes too, never exceptions.
 */
export class GatewayClient {
  private pool: Pool;
  private path: string;

  constructor(
    gatewayUrl: string,
    connections: number,
    private readonly stats: Stats | null,
  ) {
    const url = new URL(gatewayUrl);
    this.pool = new Pool(url.origin, {
      connections,
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
      keepAliveTimeout: 10_000,
    });
    this.path = url.pathname;
  }

  async send(
    kind: string,
    who: Account,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<Outcome> {
    const started = Date.now();
    const t0 = performance.now();
    const outcome = await this.post(who, query, variables);
    outcome.ms = performance.now() - t0;
    this.stats?.record(kind, outcome, started);
    return outcome;
  }

  private async post(
    who: Account,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<Outcome> {
    const failed = (code: string, message: string, status: number | null = null): Outcome => ({
      ok: false,
      data: null,
      status,
      codes: [code],
      messages: [message],
      ms: 0,
    });
    let status: number;
    let text: string;
    try {
      const res = await this.pool.request({
        path: this.path,
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${who.token}` },
        body: JSON.stringify({ query, variables }),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (e) {
      const err = e as Error & { code?: string };
      const timeout = err.code === "UND_ERR_HEADERS_TIMEOUT" || err.code === "UND_ERR_BODY_TIMEOUT";
      return failed(timeout ? "TIMEOUT" : "NETWORK", `${err.code ?? err.name}: ${err.message}`);
    }
    let body: { data?: any; errors?: { message?: string; extensions?: { code?: string } }[] };
    try {
      body = JSON.parse(text);
    } catch {
      return failed(`HTTP_${status}`, text.slice(0, 200), status);
    }
    const errors = body.errors ?? [];
    if (!errors.length && status !== 200)
      return failed(`HTTP_${status}`, text.slice(0, 200), status);
    return {
      ok: !errors.length && body.data != null,
      data: body.data ?? null,
      status,
      codes: errors.map((e) => e.extensions?.code ?? "NO_CODE"),
      messages: errors.map((e) => e.message ?? ""),
      ms: 0,
    };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Whether a failed write may be sent again with the same idempotency key. */
export function retryable(outcome: Outcome): boolean {
  return outcome.codes.some(
    (c) =>
      ["SERVICE_UNAVAILABLE", "SUBGRAPH_UNAVAILABLE", "TIMEOUT", "NETWORK"].includes(c) ||
      /^HTTP_5/.test(c),
  );
}
