import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";

/** a subgraph's limit; the gateway, facing clients, sets a smaller one */
export const MAX_BODY_BYTES = 1_000_000;

export interface HttpOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  port: number;
  host: string;
  /**
   * `/health/ready` (and `/health`): whether this part can serve, with details for monitoring.
   * `/health/live` answers as long as the process does. While the server stops, it is not ready.
   */
  ready: () => Promise<{ ready: boolean; details: Record<string, unknown> }>;
  context: (headers: Record<string, string>) => Promise<C>;
  maxBodyBytes?: number;
  /** operations one batched request may hold; batches are refused unless given */
  maxBatch?: number;
  /**
   * EXPLORER HOOK (gateway/explorer): asked first for every request; it answers the browser's
   * page and its assets and returns true, or returns false and the request is routed as usual.
   */
  explorer?: (req: IncomingMessage, res: ServerResponse) => boolean;
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

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // stop keeping it, but read the rest so the client gets the answer instead of a reset
        req.off("data", collect);
        req.resume();
        reject(
          Object.assign(new Error(`the request body is larger than ${limit} bytes`), {
            status: 413,
            code: "PAYLOAD_TOO_LARGE",
          }),
        );
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", collect);
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

async function handleGraphQL<C extends BaseContext>(
  options: HttpOptions<C>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const headers = headersOf(req);
  const raw =
    req.method === "POST" ? await readBody(req, options.maxBodyBytes ?? MAX_BODY_BYTES) : "";
  let body: unknown = raw;
  if (raw && (headers["content-type"] ?? "").includes("json")) {
    try {
      body = JSON.parse(raw);
    } catch {
      sendJson(res, 400, {
        errors: [
          { message: "the request body is not valid JSON", extensions: { code: "BAD_REQUEST" } },
        ],
      });
      return;
    }
  }
  if (Array.isArray(body) && body.length > (options.maxBatch ?? 1)) {
    const message = options.maxBatch
      ? `a batch may hold at most ${options.maxBatch} operations; this one holds ${body.length}`
      : "batched requests are not accepted here";
    sendJson(res, 400, { errors: [{ message, extensions: { code: "BATCH_TOO_LARGE" } }] });
    return;
  }
  const headerMap = new HeaderMap();
  for (const [k, v] of Object.entries(headers)) headerMap.set(k, v);
  const result = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: req.method ?? "GET",
      headers: headerMap,
      search: url.search,
      body,
    },
    context: () => options.context(headers),
  });
  const outHeaders: Record<string, string> = {};
  for (const [k, v] of result.headers) outHeaders[k] = v;
  res.writeHead(result.status ?? 200, outHeaders);
  if (result.body.kind === "complete") {
    res.end(result.body.string);
  } else {
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

/** Serves an Apollo Server at `/graphql`, and `/health/live` and `/health/ready`, on plain node:http. */
export async function serveHttp<C extends BaseContext>(
  options: HttpOptions<C>,
): Promise<RunningServer> {
  let stopping = false;
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const ready = async (res: ServerResponse) => {
    if (stopping) return sendJson(res, 503, { status: "fail", reason: "stopping" });
    try {
      const { ready, details } = await options.ready();
      sendJson(res, ready ? 200 : 503, { status: ready ? "pass" : "fail", ...details });
    } catch (e) {
      sendJson(res, 503, { status: "fail", reason: (e as Error).message });
    }
  };
  const server: Server = createServer((req, res) => {
    inFlight++;
    res.once("close", () => {
      if (--inFlight === 0) drained?.();
    });
    // a client of a stopping server opens its next connection elsewhere
    if (stopping) res.setHeader("connection", "close");
    if (options.explorer?.(req, res)) return; // EXPLORER HOOK
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = url.pathname.replace(/\/+$/, "") || "/";
    const work =
      route === "/health/live"
        ? Promise.resolve(sendJson(res, 200, { status: "pass" }))
        : route === "/health/ready" ||
            route === "/health" ||
            route === "/.well-known/apollo/server-health"
          ? ready(res)
          : route === "/graphql" || route === "/"
            ? handleGraphQL(options, req, res, url)
            : Promise.resolve(
                sendJson(res, 404, {
                  error: "not found: use /graphql, /health/live or /health/ready",
                }),
              );
    work.catch((e: Error & { status?: number }) => {
      const code = (e as { code?: string }).code;
      if (!res.headersSent)
        sendJson(res, e.status ?? 500, {
          errors: [
            {
              message: e.status ? e.message : "internal server error",
              extensions: { code: e.status ? code : "INTERNAL_SERVER_ERROR" },
            },
          ],
        });
      else res.end();
      if (!e.status) console.error(`[http] ${e.message}`);
    });
  });
  server.keepAliveTimeout = 65_000;
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
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0)
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      if (inFlight > 0)
        console.error(
          `[http] stopping: ${inFlight} requests still in flight after ${graceMs} ms are cut`,
        );
      server.closeAllConnections();
      await closed;
      await options.apollo.stop();
    },
  };
}
