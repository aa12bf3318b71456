import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { RequestHandler } from "express";
import { asRequest, newRequestRecord, type Logger, type RequestRecord } from "../log";
import type { PartMetrics } from "../metrics";
import { activeSpan } from "../trace";

/** Routes whose requests are logged at debug only: probes, scrapes and the explorer's assets. */
export const QUIET = /^\/(health|metrics|\.well-known|explorer)/;

/**
 * One JSON line per request, written when its answer has been sent (or its connection cut): the request id (the
 * client's `x-request-id`, or one made here, returned in the answer's headers and forwarded to
 * the subgraphs), method, path, status and duration, and what the operation's plugin and the
 * subgraph calls filled in (operation, caller, error codes, calls, SQL statements). The rest of
 * the request runs "as" its record, so every other line it logs carries its id.
 */
export function requestLog(logger: Logger, metrics?: PartMetrics): RequestHandler {
  return (req, res, next) => {
    const record = newRequestRecord(req.headers["x-request-id"] as string | undefined);
    metrics?.inFlight.inc();
    req.headers["x-request-id"] = record.id;
    res.setHeader("x-request-id", record.id);
    res.locals.request = record;
    // "close" comes after "finish" when the answer was sent whole, and alone when the connection
    // was cut first (the client went away, or a stop's grace period ran out): that is logged too
    res.once("close", () => {
      const ms = Math.round((performance.now() - record.startedAt) * 10) / 10;
      const quiet = QUIET.test(req.path);
      const outcome = !res.writableFinished
        ? "cut"
        : res.statusCode >= 500
          ? "error"
          : res.statusCode >= 400 || record.codes.length
            ? "refused"
            : "ok";
      metrics?.inFlight.dec();
      if (metrics && !quiet) {
        const labels = {
          operation: metrics.operationLabel(record.operation?.name),
          type: record.operation?.type ?? "none",
        };
        metrics.requests.inc({ ...labels, outcome });
        metrics.duration.observe(labels, ms / 1000);
        for (const code of record.codes) metrics.errors.inc({ code });
      }
      const level = quiet ? "debug" : outcome === "error" || outcome === "cut" ? "error" : "info";
      // the line is built only when its level is written (a quiet LOG_LEVEL costs nothing here)
      if (!logger.isLevelEnabled(level)) return;
      const line = {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms,
        outcome,
        operation: record.operation ?? null,
        caller: record.caller ?? null,
        codes: record.codes,
        ...(record.calls.length ? { calls: record.calls } : {}),
        statements: record.statements,
        ...(record.traceId ? { traceId: record.traceId } : {}),
      };
      logger[level](line, "request");
    });
    asRequest(record, next);
  };
}

/** The request's record, as the HTTP layer made it (`requestLog`). */
export function recordOf(res: { locals: Record<string, unknown> }): RequestRecord | undefined {
  return res.locals.request as RequestRecord | undefined;
}

/**
 * Fills the request's record from the operation: its name and type, and the codes of the
 * errors it answers with. An Apollo Server plugin: every part runs it.
 */
export function operationRecordPlugin<
  C extends BaseContext & { request?: RequestRecord },
>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ request, contextValue }) {
      const record = contextValue.request;
      if (record && request.operationName)
        record.operation = { name: request.operationName, type: "unknown" };
      return {
        async didResolveOperation({ operation, operationName }) {
          if (record && operation)
            record.operation = { name: operationName ?? "anonymous", type: operation.operation };
          // the request's span (when traced) is named as the GraphQL conventions say
          const span = activeSpan();
          if (span && operation) {
            span.updateName(`${operation.operation} ${operationName ?? "anonymous"}`);
            span.setAttributes({
              "graphql.operation.type": operation.operation,
              "graphql.operation.name": operationName ?? "anonymous",
            });
          }
        },
        async willSendResponse({ response }) {
          if (!record || response.body.kind !== "single") return;
          for (const error of response.body.singleResult.errors ?? []) {
            const code =
              typeof error.extensions?.code === "string" ? error.extensions.code : "UNKNOWN";
            if (!record.codes.includes(code)) record.codes.push(code);
          }
        },
      };
    },
  };
}
