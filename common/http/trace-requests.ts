import type { RequestHandler } from "express";
import { context as otelContext, type Context } from "@opentelemetry/api";
import { serverSpan, SpanStatusCode, tracingOn } from "../trace";
import { QUIET, recordOf } from "./request-log";

/**
 * A server span per GraphQL request of `part` (off unless tracing is configured: common/trace),
 * continuing the client's or the gateway's `traceparent`. The span is named after the operation
 * once it is known (request-log.ts) and ends when the answer is sent or the connection cut.
 */
export function traceRequests(part: string): RequestHandler {
  return (req, res, next) => {
    if (!tracingOn() || QUIET.test(req.path)) return next();
    const record = recordOf(res);
    const span = serverSpan(
      part,
      req.headers,
      `${req.method} ${req.path}`,
      {
        "http.request.method": req.method,
        "url.path": req.path,
        "petition.request_id": record?.id,
      },
      () => {
        res.locals.traceContext = otelContext.active();
        next();
      },
    );
    if (!span) return;
    if (record) record.traceId = span.spanContext().traceId;
    res.once("close", () => {
      span.setAttribute("http.response.status_code", res.statusCode);
      if (record?.codes.length) span.setAttribute("petition.error_codes", record.codes);
      if (!res.writableFinished || res.statusCode >= 500)
        span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
  };
}

/**
 * Runs the GraphQL layer under the request's span again (when traced): a body parser's stream
 * callbacks may run outside the context the request started in.
 */
export const resumeRequest: RequestHandler = (_req, res, next) => {
  const traced = res.locals.traceContext as Context | undefined;
  if (traced) otelContext.with(traced, next);
  else next();
};
