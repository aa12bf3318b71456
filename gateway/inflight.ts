import type { Fetcher, FetcherResponse } from "@apollo/utils.fetcher";
import { Kind, parse, type OperationTypeNode } from "graphql";
import type { Authenticate } from "./auth";
import { FORWARDED_HEADERS } from "./forward-headers";
import { memo } from "./memo";

/**
 * Identical queries in flight at the same moment share one answer, at two levels: a client's
 * request joins an identical one of the same caller that is still executing (the whole
 * execution is shared, see `requestShareKey`), and a subgraph call joins an identical one to
 * the same subgraph with the same headers, so the same signed caller (`shareInflightQueries`).
 * Never across callers, never for mutations, and nothing is kept once the answer is sent: this
 * is not a cache.
 *
 * Reads never see less than they would alone: the key holds the gateway's write epoch, which
 * moves when any mutation starts and again when it ends, so a query that starts after a write
 * began never joins a call that started before it, and read-your-writes holds. Every write
 * passes this gateway (the subgraphs answer nothing else); with several gateway replicas the
 * epoch is per replica, so a deployment that runs more than one turns sharing off.
 */
export class WriteEpoch {
  private value = 0;
  current(): number {
    return this.value;
  }
  advance(): void {
    this.value++;
  }
}

function isQuery(body: string): boolean {
  // RemoteGraphQLDataSource puts the operation text first; anything else is sent on its own.
  return body.startsWith('{"query":"query') || body.startsWith('{"query":"{');
}

export function shareInflightQueries(fetcher: Fetcher, epoch: WriteEpoch): Fetcher {
  const inflight = new Map<string, Promise<FetcherResponse>>();
  return async (url, init = {}) => {
    const body = init.body;
    if (init.method !== "POST" || typeof body !== "string" || !isQuery(body)) return fetcher(url, init);
    const key = `${epoch.current()}\n${url}\n${JSON.stringify(init.headers ?? {})}\n${body}`;
    let shared = inflight.get(key);
    if (!shared) {
      shared = fetcher(url, init);
      inflight.set(key, shared);
      const forget = () => inflight.delete(key);
      shared.then(forget, forget);
    }
    // every caller gets its own copy, so that no two requests ever hold the same objects
    return (await shared).clone();
  };
}

/**
 * A request Apollo Server takes as it is: `application/json`, which no CSRF check refuses. A
 * request whose type only mentions JSON (`text/plain; x=json`) runs on its own and meets the check.
 */
export function isJsonRequest(headers: Record<string, string>): boolean {
  return /^application\/json\s*(;|$)/i.test(headers["content-type"] ?? "");
}

/**
 * The type of the operation a request runs, or undefined when the text does not parse or name
 * one; a text past the token limit is not parsed further (Apollo Server refuses it).
 */
const operationTypes = (maxTokens: number) => memo((key: string): OperationTypeNode | undefined => {
  const cut = key.indexOf("\u0000");
  const operationName = key.slice(0, cut);
  try {
    const ops = parse(key.slice(cut + 1), { noLocation: true, maxTokens }).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const op = operationName ? ops.find((d) => d.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
    return op?.operation;
  } catch {
    return undefined;
  }
});

/**
 * The HTTP layer's sharing key of a client's request (see `HttpOptions.shareKey`): only a
 * single query, sent as `application/json` by an authenticated or anonymous caller, shares; anything the
 * answer depends on is in the key: the write epoch, the caller's role and subject (never the
 * token alone: two tokens of one account share, two accounts never do), the headers Apollo
 * Server or the subgraphs read (content type, accepted media type, language, request id) and
 * the request body byte for byte. A request whose caller cannot be authenticated runs on its
 * own and gets its own refusal.
 */
export function requestShareKey(epoch: WriteEpoch, authenticate: Authenticate, maxTokens: number) {
  const operationType = operationTypes(maxTokens);
  return async (headers: Record<string, string>, body: Record<string, unknown>, raw: string): Promise<string | undefined> => {
    const { query, operationName } = body;
    if (typeof query !== "string" || (operationName != null && typeof operationName !== "string")) return undefined;
    if (!isJsonRequest(headers)) return undefined;
    let caller;
    try {
      caller = await authenticate(headers);
    } catch {
      return undefined;
    }
    if (operationType(`${operationName ?? ""}\u0000${query}`) !== "query") return undefined;
    const varying = [headers["content-type"], headers.accept, ...FORWARDED_HEADERS.map((h) => headers[h])];
    return `${epoch.current()}\n${JSON.stringify([caller.role, caller.subject, ...varying])}\n${raw}`;
  };
}
