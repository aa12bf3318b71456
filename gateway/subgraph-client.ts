import { Agent, type Dispatcher } from "undici";

/**
 * The gateway's HTTP client for subgraph calls: undici's `dispatch` over keep-alive connections.
 * Measured (bench/RESULTS.md, earlier runs): the default fetcher of @apollo/gateway spent about
 * a fifth of the gateway's time in its own layers, and undici's `request` wraps each call in a
 * readable stream and an async resource; the lowest level sends the same bytes for less.
 */
export interface SubgraphAnswer {
  status: number;
  contentType: string;
  text: string;
}

export interface SubgraphClient {
  post(
    url: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
  ): Promise<SubgraphAnswer>;
  close(): Promise<void>;
}

/** origin and path of each subgraph URL, parsed once per URL */
const targets = new Map<string, { origin: string; path: string }>();
function target(url: string): { origin: string; path: string } {
  let t = targets.get(url);
  if (!t) {
    const u = new URL(url);
    t = { origin: u.origin, path: `${u.pathname}${u.search}` };
    targets.set(url, t);
  }
  return t;
}

export function subgraphClient(options: { keepAliveTimeoutMs?: number } = {}): SubgraphClient {
  // idle connections close before the subgraphs' own 65 s keep-alive does
  const dispatcher = new Agent({ keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000 });
  return {
    post(url, headers, body, timeoutMs) {
      const { origin, path } = target(url);
      return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let status = 0;
        let contentType = "";
        dispatcher.dispatch(
          {
            origin,
            path,
            method: "POST",
            headers,
            body,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          } as Dispatcher.DispatchOptions,
          {
            onRequestStart() {},
            onResponseStart(_controller, statusCode, responseHeaders) {
              status = statusCode;
              const type = responseHeaders["content-type"];
              contentType = Array.isArray(type) ? type.join(", ") : (type ?? "");
            },
            onResponseData(_controller, chunk) {
              chunks.push(chunk);
            },
            onResponseEnd() {
              resolve({
                status,
                contentType,
                text:
                  chunks.length === 1
                    ? chunks[0].toString("utf8")
                    : Buffer.concat(chunks).toString("utf8"),
              });
            },
            onResponseError(_controller, error) {
              reject(error);
            },
          },
        );
      });
    },
    close: () => dispatcher.close(),
  };
}
