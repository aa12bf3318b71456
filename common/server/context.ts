import type { DataSource } from "typeorm";
import { AuditTrail } from "./audit";
import { CALLER_HEADER, unauthenticated, verifyCaller, type Caller } from "../auth/caller";
import type { Clock } from "../time/clock";
import { Loaders } from "../db/loaders";
import { referenceId } from "../errors/user-errors";
import type { GraphClient } from "./graph-client";
import type { RequestRecord } from "../log";

/** What every resolver of every subgraph receives. */
export interface SubgraphContext {
  db: DataSource;
  clock: Clock;
  loaders: Loaders;
  /** the request's headers, lower-cased, as the gateway forwarded them */
  headers: Record<string, string>;
  /** who is asking, as the gateway signed it */
  caller: Caller;
  /** records unmasked reads of personal data */
  audit: AuditTrail;
  /** the rest of the graph, through the gateway, on behalf of the same caller */
  graph: GraphClient;
  /** what the request's log line is written from */
  request?: RequestRecord;
}

export interface ContextSource {
  db: DataSource;
  clock: Clock;
  graph: GraphClient;
  /** the secret the gateway signs callers with */
  internalSecret: string;
  /** told of the audit rows each request stored (metrics) */
  auditRowsWritten?: (rows: number) => void;
}

/**
 * The context of one request. A subgraph answers only the gateway: a request without a valid
 * signed caller is refused here, whatever other headers it carries.
 */
export function createContext(
  source: ContextSource,
  headers: Record<string, string>,
  request?: RequestRecord,
): SubgraphContext {
  const signed = headers[CALLER_HEADER];
  const caller = verifyCaller(signed, source.internalSecret);
  if (!caller)
    throw unauthenticated("this subgraph answers only requests that come through the gateway");
  if (request) request.caller = { role: caller.role, account: caller.subject };
  // a reference check carries the same caller and the same request id
  const forwarded: Record<string, string> = { [CALLER_HEADER]: signed! };
  if (request) forwarded["x-request-id"] = request.id;
  const graph: GraphClient = {
    request: (query, variables) => source.graph.request(query, variables, forwarded),
  };
  return {
    db: source.db,
    clock: source.clock,
    headers,
    caller,
    graph,
    loaders: new Loaders(source.db, source.clock),
    audit: new AuditTrail(source.db, caller, () => source.clock.now(), source.auditRowsWritten),
    request,
  };
}

/** A `__resolveReference` for an entity keyed by an integer `id`; unknown ids resolve to null. */
export function byReference(
  load: (ctx: SubgraphContext, id: number, ref: Record<string, unknown>) => unknown,
) {
  return {
    __resolveReference(ref: { id?: unknown }, ctx: SubgraphContext) {
      const id = referenceId(ref);
      return id === null ? null : load(ctx, id, ref);
    },
  };
}
