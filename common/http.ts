import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from "@apollo/server";

/** a subgraph's limit; the gateway, facing clients, sets a smaller one */
export const MAX_BODY_BYTES = 1_000_000;

export interface HttpOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  port: number;
  host: string;
  /** `/health`: resolves with details when healthy, throws when not */
  health: () => Promise<Record<string, unknown>>;
  context: (headers: Record<string, string>) => Promise<C>;
  maxBodyBytes?: number;
  /** operations one batched request may hold; batches are refused unless given */
  maxBatch?: number;
  /**
   * Lets identical requests in flight at the same moment share one execution: the key of a
   * single JSON operation that may share, or undefined for one that must run on its own. The
   * key must hold everything the answer depends on (see gateway/inflight.ts).
   */
  shareKey?: (headers: Record<string, string>, body: Record<string, unknown>, raw: string) => Promise<string | undefined>;
  /** runs before a single JSON operation is executed (not for requests that join another's execution) */
  beforeExecute?: (headers: Record<string, string>, body: Record<string, unknown>) => Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
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
        reject(Object.assign(new Error(`the request body is larger than ${limit} bytes`), { status: 413, code: "PAYLOAD_TOO_LARGE" }));
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
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

async function handleGraphQL<C extends BaseContext>(
  options: HttpOptions<C>,
  inflight: Map<string, Promise<HTTPGraphQLResponse>>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const headers = headersOf(req);
  const raw = req.method === "POST" ? await readBody(req, options.maxBodyBytes ?? MAX_BODY_BYTES) : "";
  let body: unknown = raw;
  if (raw && (headers["content-type"] ?? "").includes("json")) {
    try {
      body = JSON.parse(raw);
    } catch {
      sendJson(res, 400, { errors: [{ message: "the request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
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
  const execute = () => {
    const headerMap = new HeaderMap();
    for (const [k, v] of Object.entries(headers)) headerMap.set(k, v);
    return options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers: headerMap, search: url.search, body },
      context: () => options.context(headers),
    });
  };
  const run = async () => {
    if (options.beforeExecute && isPlainObject(body)) await options.beforeExecute(headers, body);
    return execute();
  };
  let result: HTTPGraphQLResponse | undefined;
  const key = options.shareKey && isPlainObject(body) ? await options.shareKey(headers, body, raw) : undefined;
  if (key !== undefined) {
    const shared = inflight.get(key);
    if (shared) {
      const answer = await shared;
      // a streamed answer cannot be replayed: run this one on its own
      if (answer.body.kind === "complete") result = answer;
    } else {
      const own = run();
      inflight.set(key, own);
      const forget = () => inflight.delete(key);
      own.then(forget, forget);
      result = await own;
    }
  }
  result ??= await run();
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

/** A JSON object: not null, not an array. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Serves an Apollo Server at `/graphql` and a health check at `/health` on plain node:http. */
export async function serveHttp<C extends BaseContext>(options: HttpOptions<C>): Promise<RunningServer> {
  // executions other identical requests may join, by sharing key, until they answer
  const inflight = new Map<string, Promise<HTTPGraphQLResponse>>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = url.pathname.replace(/\/+$/, "") || "/";
    const work =
      route === "/health" || route === "/.well-known/apollo/server-health"
        ? options.health().then(
            (details) => sendJson(res, 200, { status: "pass", ...details }),
            (e: Error) => sendJson(res, 503, { status: "fail", reason: e.message }),
          )
        : route === "/graphql" || route === "/"
          ? handleGraphQL(options, inflight, req, res, url)
          : Promise.resolve(sendJson(res, 404, { error: "not found: use /graphql or /health" }));
    work.catch((e: Error & { status?: number }) => {
      const code = (e as { code?: string }).code;
      if (!res.headersSent)
        sendJson(res, e.status ?? 500, { errors: [{ message: e.status ? e.message : "internal server error", extensions: { code: e.status ? code : "INTERNAL_SERVER_ERROR" } }] });
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
  const shownHost = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    stop: async () => {
      await options.apollo.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
