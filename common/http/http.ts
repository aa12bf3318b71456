import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApolloServer, BaseContext } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, {
  type ErrorRequestHandler,
  type Express,
  type RequestHandler,
  type Response,
} from "express";
import type { Logger, RequestRecord } from "../log";
import type { PartMetrics } from "../metrics";
import { trackConnections } from "./graceful-close";
import { recordOf, requestLog } from "./request-log";
import { resumeRequest, traceRequests } from "./trace-requests";

/** a subgraph's limit; the gateway, facing clients, sets a smaller one */
export const MAX_BODY_BYTES = 1_000_000;

export interface HttpOptions<C extends BaseContext> {
  /** the part's name: "gateway" or a department's, in its traces */
  part: string;
  apollo: ApolloServer<C>;
  port: number;
  host: string;
  /**
   * `/health/ready` (and `/health`): whether this part can serve, with details for monitoring.
   * `/health/live` answers as long as the process does. While the server stops, it is not ready.
   */
  ready: () => Promise<{ ready: boolean; details: Record<string, unknown> }>;
  /**
   * The request's context, built once per request by Apollo Server's express integration, from
   * its headers and the record its log line is written from (request-log.ts).
   */
  context: (headers: Record<string, string>, request: RequestRecord) => Promise<C>;
  logger: Logger;
  /** the part's metrics, served at /metrics */
  metrics?: PartMetrics;
  maxBodyBytes?: number;
  /** operations one batched request may hold; batches are refused unless given */
  maxBatch?: number;
  /**
   * What a part adds in front of its graph, in order: CORS, the explorer, /metrics, a request
   * log. Each is express middleware of its own (gateway/, common/server/).
   */
  before?: RequestHandler[];
}

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Stops gracefully: not ready at once, no new connections, the requests in flight finish
   * (for at most `graceMs`, 10 s unless given), then the rest is closed.
   */
  stop(graceMs?: number): Promise<void>;
}

export function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

/** A refusal of this layer's, as GraphQL clients read errors; its code goes into the request's log line. */
function refuse(res: Response, status: number, code: string, message: string): void {
  recordOf(res)?.codes.push(code);
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** Batches longer than the part allows are refused before anything runs. */
function batchLimit(maxBatch: number | undefined): RequestHandler {
  return (req, res, next) => {
    if (!Array.isArray(req.body) || req.body.length <= (maxBatch ?? 1)) return next();
    const message = maxBatch
      ? `a batch may hold at most ${maxBatch} operations; this one holds ${req.body.length}`
      : "batched requests are not accepted here";
    refuse(res, 400, "BATCH_TOO_LARGE", message);
  };
}

/** The body parsers' refusals, as GraphQL clients read errors. */
function bodyErrors(logger: Logger): ErrorRequestHandler {
  return (
    error: { type?: string; status?: number; message?: string; limit?: number },
    _req,
    res,
    next,
  ) => {
    if (res.headersSent) return next(error);
    if (error.type === "entity.too.large")
      return refuse(
        res,
        413,
        "PAYLOAD_TOO_LARGE",
        `the request body is larger than ${error.limit} bytes`,
      );
    if (error.type === "entity.parse.failed")
      return refuse(res, 400, "BAD_REQUEST", "the request body is not valid JSON");
    if (error.status && error.status < 500)
      return refuse(res, error.status, "BAD_REQUEST", error.message ?? "bad request");
    logger.error({ err: error }, "the HTTP layer failed");
    refuse(res, 500, "INTERNAL_SERVER_ERROR", "internal server error");
  };
}

/**
 * Serves an Apollo Server at `/graphql` (and `/`) through Apollo's express integration, and
 * `/health/live` and `/health/ready`, with the part's own middleware in front; stops gracefully.
 */
export async function serveHttp<C extends BaseContext>(
  options: HttpOptions<C>,
): Promise<RunningServer> {
  let stopping = false;
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;

  const app: Express = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(requestLog(options.logger, options.metrics));
  app.use(traceRequests(options.part));
  app.use((_req, res, next) => {
    // a client of a stopping server opens its next connection elsewhere
    if (stopping) res.setHeader("connection", "close");
    next();
  });
  app.get("/health/live", (_req, res) => void res.json({ status: "pass" }));
  const metrics = options.metrics;
  if (metrics)
    app.get("/metrics", (_req, res, next) => {
      metrics.registry.metrics().then((text) => {
        res.setHeader("content-type", metrics.registry.contentType);
        res.send(text);
      }, next);
    });
  app.get(["/health/ready", "/health", "/.well-known/apollo/server-health"], (_req, res, next) => {
    if (stopping) return void res.status(503).json({ status: "fail", reason: "stopping" });
    options
      .ready()
      .then(
        ({ ready, details }) =>
          void res.status(ready ? 200 : 503).json({ status: ready ? "pass" : "fail", ...details }),
        (e: Error) => void res.status(503).json({ status: "fail", reason: e.message }),
      )
      .catch(next);
  });
  for (const handler of options.before ?? []) app.use(handler);
  app.all(
    ["/graphql", "/"],
    // JSON as JSON; any other body as text, which Apollo then refuses as the client's error
    // (CSRF prevention, unsupported content type) rather than this layer guessing
    express.json({ limit, type: (req) => /json/i.test(req.headers["content-type"] ?? "") }),
    express.text({ limit, type: () => true }),
    batchLimit(options.maxBatch),
    resumeRequest,
    expressMiddleware(options.apollo, {
      context: async ({ req, res }) => options.context(headersOf(req), recordOf(res)!),
    }),
  );
  app.use(
    (_req, res) =>
      void res
        .status(404)
        .json({ error: "not found: use /graphql, /health/live or /health/ready" }),
  );
  app.use(bodyErrors(options.logger));

  const server: Server = createServer(app);
  server.keepAliveTimeout = 65_000;
  const connections = trackConnections(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost =
    options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    stop: async (graceMs = 10_000) => {
      stopping = true;
      const cut = await connections.close(graceMs);
      if (cut > 0)
        options.logger.warn(
          { inFlight: cut, graceMs },
          "stopping: requests still in flight after the grace period are cut",
        );
      await options.apollo.stop();
    },
  };
}
