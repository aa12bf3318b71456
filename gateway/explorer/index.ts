import type { IncomingMessage, ServerResponse } from "node:http";
import { prefersHtml } from "./accept";
import { gzipped, makeAsset, packagedAssets, type Asset } from "./assets";
import { BOOT_JS, EXPLORER_CSS, renderPage, type PageSettings } from "./page";

/**
 * The offline explorer: GraphiQL, bundled with the project and served by the gateway, every file
 * from the gateway's own origin. A plain Node handler, so any HTTP layer can mount it: it answers
 * what is its own and returns true, and returns false for anything else (GraphQL requests first
 * of all), which the server then routes as usual.
 *
 * - `GET <path>` (`/graphql`) from a browser (Accept prefers text/html): the page.
 * - `GET` or `HEAD` `/explorer/assets/<file>`: its scripts and stylesheets.
 */
export type ExplorerHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface ExplorerOptions extends PageSettings {
  /** the GraphQL endpoint's path, where the page is served: `/graphql` unless given */
  path?: string;
}

export const ASSETS_PATH = "/explorer/assets/";

/**
 * Only the gateway's origin: scripts and stylesheets from it, GraphQL requests to it, GraphiQL's
 * inlined fonts and icons as data: URLs; no inline script, no frame, no form, no other host.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // GraphiQL's components set inline styles
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const COMMON_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

export function send(
  req: IncomingMessage,
  res: ServerResponse,
  asset: Asset,
  headers: Record<string, string>,
): void {
  const out: Record<string, string> = {
    ...COMMON_HEADERS,
    "content-type": asset.contentType,
    etag: `"${asset.version}"`,
    vary: "accept-encoding",
    ...headers,
  };
  if (req.headers["if-none-match"] === out.etag) {
    res.writeHead(304, out);
    res.end();
    return;
  }
  const wantsGzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  if (!wantsGzip || asset.body.length < 1024) {
    res.writeHead(200, { ...out, "content-length": String(asset.body.length) });
    res.end(req.method === "HEAD" ? undefined : asset.body);
    return;
  }
  gzipped(asset).then(
    (body) => {
      res.writeHead(200, {
        ...out,
        "content-encoding": "gzip",
        "content-length": String(body.length),
      });
      res.end(req.method === "HEAD" ? undefined : body);
    },
    () => {
      res.writeHead(200, { ...out, "content-length": String(asset.body.length) });
      res.end(req.method === "HEAD" ? undefined : asset.body);
    },
  );
}

export function notFound(res: ServerResponse): void {
  res.writeHead(404, { ...COMMON_HEADERS, "content-type": "text/plain; charset=utf-8" });
  res.end("not found\n");
}

/**
 * Reads GraphiQL's and React's files from the installed packages (once per process) and makes
 * the handler; it throws, naming the package, when one is missing.
 */
export function explorerHandler(options: ExplorerOptions): ExplorerHandler {
  const endpoint = (options.path ?? "/graphql").replace(/\/+$/, "");
  const assets = new Map<string, Asset>(packagedAssets());
  assets.set("boot.js", makeAsset("boot.js", BOOT_JS));
  assets.set("explorer.css", makeAsset("explorer.css", EXPLORER_CSS));
  const assetUrl = (name: string) => `${ASSETS_PATH}${name}?v=${assets.get(name)!.version}`;
  const page = makeAsset("index.html", renderPage(options, assetUrl));
  page.contentType = "text/html; charset=utf-8";

  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const pathname = query < 0 ? url : url.slice(0, query);
    if (pathname.replace(/\/+$/, "") === endpoint) {
      // a HEAD, or a GraphQL client's GET, is the GraphQL server's to answer
      if (req.method !== "GET" || !prefersHtml(req.headers.accept)) return false;
      send(req, res, page, {
        "cache-control": "no-cache",
        // the same address answers GraphQL clients with JSON
        vary: "accept, accept-encoding",
        "content-security-policy": CONTENT_SECURITY_POLICY,
        "x-frame-options": "DENY",
      });
      return true;
    }
    if (!pathname.startsWith(ASSETS_PATH)) return false;
    const asset = assets.get(pathname.slice(ASSETS_PATH.length));
    if (!asset) {
      notFound(res);
      return true;
    }
    // a URL carrying the current version never changes; any other is checked each time
    const version = new URLSearchParams(query < 0 ? "" : url.slice(query + 1)).get("v");
    send(req, res, asset, {
      "cache-control":
        version === asset.version ? "public, max-age=31536000, immutable" : "no-cache",
    });
    return true;
  };
}
