import { GraphQLError } from "graphql";
import { injectTraceHeaders } from "../trace";
import { request } from "undici";
import { silentLogger, type Logger } from "../log";
import { assertNoTransaction } from "../db/transactions";

/**
 * How a department asks the rest of the graph, through the gateway, for facts it does not own
 * (does this town exist? has this petition been replied to?). It never reads another
 * department's database, and never asks while a transaction of its own is open: the facts are
 * gathered first, then the transaction opens (and re-checks what its own rows can change).
 */
export interface GraphClient {
  request<T>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<T>;
}

const TIMEOUT_MS = 10_000;

/** The graph could not answer a reference check: retryable, and nothing internal is said. */
function unavailable(reason: string): GraphQLError {
  return new GraphQLError(
    `another department could not be asked to check a reference (${reason}); try again`,
    {
      extensions: { code: "SERVICE_UNAVAILABLE", retryable: true },
    },
  );
}

/**
 * Posts to the gateway; `url` is read at each call, so a test may start the gateway last.
 * undici's request has no list of refused ports (Node's fetch refuses 6000 and others), so the
 * gateway may listen on any port.
 */
export function httpGraphClient(
  url: () => string,
  serviceName: string,
  logger: Logger = silentLogger,
): GraphClient {
  return {
    async request<T>(
      query: string,
      variables?: Record<string, unknown>,
      headers: Record<string, string> = {},
    ): Promise<T> {
      assertNoTransaction("a call to the graph");
      let status: number;
      let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
      try {
        const sent: Record<string, string> = {
          ...headers,
          "content-type": "application/json",
          "x-calling-service": serviceName,
        };
        // the gateway's span for this call joins the caller's trace
        injectTraceHeaders(sent);
        const res = await request(url(), {
          method: "POST",
          headers: sent,
          body: JSON.stringify({ query, variables }),
          headersTimeout: TIMEOUT_MS,
          bodyTimeout: TIMEOUT_MS,
        });
        status = res.statusCode;
        body = (await res.body.json()) as typeof body;
      } catch (e) {
        logger.warn(
          { err: (e as Error).message },
          "the gateway could not be reached for a reference check",
        );
        throw unavailable("the gateway did not answer");
      }
      if (!body?.data || body.errors?.length) {
        const codes = [
          ...new Set((body?.errors ?? []).map((e) => e.extensions?.code ?? "unknown")),
        ].join(", ");
        logger.warn({ status, codes }, "a reference check failed");
        if (/FORBIDDEN|UNAUTHENTICATED/.test(codes))
          throw new GraphQLError("the caller may not read a record this change refers to", {
            extensions: { code: "FORBIDDEN" },
          });
        // the graph refused the check itself: a defect of this department's query, not an outage
        if (/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED|GRAPHQL_PARSE_FAILED/.test(codes))
          throw new Error(`${serviceName}'s reference check was refused by the graph (${codes})`);
        throw unavailable(codes ? `it answered ${codes}` : `HTTP ${status}`);
      }
      return body.data;
    },
  };
}
