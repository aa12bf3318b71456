import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

/**
 * The explorer's files, served from the gateway's own origin: GraphiQL's browser bundle and
 * stylesheet and React's browser builds, read once from the installed packages (no build step),
 * plus the page's own small script and stylesheet. Nothing refers to another host: remote
 * imports and URLs in a stylesheet are cut out when it is read (GraphiQL's fonts are inlined).
 */
export interface Asset {
  name: string;
  contentType: string;
  body: Buffer;
  /** a hash of the content: the asset's ETag, and the version in its URL */
  version: string;
  /** the body compressed with gzip, made on first demand */
  gzipped?: Promise<Buffer>;
}

const gzipAsync = promisify(gzip);

/** where each served file comes from: a package and the file inside it */
const PACKAGED = {
  "react.production.min.js": ["react", "umd/react.production.min.js"],
  "react-dom.production.min.js": ["react-dom", "umd/react-dom.production.min.js"],
  "graphiql.min.js": ["graphiql", "graphiql.min.js"],
  "graphiql.min.css": ["graphiql", "graphiql.min.css"],
} as const;

export type PackagedName = keyof typeof PACKAGED;

function packageFile(pkg: string, file: string): string {
  let dir: string;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(
      `the explorer needs the package ${pkg}, which is not installed (npm ci), or set EXPLORER=off`,
    );
  }
  return path.join(dir, file);
}

/** a source map comment would send a browser's developer tools asking for a file not served */
function withoutSourceMap(text: string): string {
  return text
    .replace(/\n\/\/# sourceMappingURL=[^\n]*\s*$/, "\n")
    .replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, "");
}

const REMOTE = /^\s*['"]?\s*(?:https?:)?\/\//i;

/**
 * A stylesheet that loads nothing from another host: `@import` of a remote sheet (web fonts, say)
 * is removed, and a remote `url(…)` becomes an empty one, so the browser falls back to system
 * fonts instead of waiting for a host it cannot reach.
 */
export function localOnlyCss(css: string): string {
  return css
    .replace(/@import\s+(?:url\(\s*)?(['"]?)([^'")\s;]+)\1\s*\)?[^;]*;/gi, (rule, _q, href) =>
      REMOTE.test(String(href)) ? "" : rule,
    )
    .replace(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi, (ref, _q, href) =>
      REMOTE.test(String(href)) ? 'url("data:,")' : ref,
    );
}

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

export function makeAsset(name: string, text: string): Asset {
  const body = Buffer.from(text, "utf8");
  return {
    name,
    contentType: CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream",
    body,
    version: createHash("sha256").update(body).digest("base64url").slice(0, 16),
  };
}

let packaged: Map<PackagedName, Asset> | null = null;

/** GraphiQL's and React's files, read once per process (about 4 MB) */
export function packagedAssets(): Map<PackagedName, Asset> {
  if (packaged) return packaged;
  const assets = new Map<PackagedName, Asset>();
  for (const [name, [pkg, file]] of Object.entries(PACKAGED) as [
    PackagedName,
    readonly [string, string],
  ][]) {
    let text = withoutSourceMap(readFileSync(packageFile(pkg, file), "utf8"));
    if (name.endsWith(".css")) text = localOnlyCss(text);
    assets.set(name, makeAsset(name, text));
  }
  packaged = assets;
  return assets;
}

/** the asset's body compressed with gzip, made once, off the event loop */
export function gzipped(asset: Asset): Promise<Buffer> {
  asset.gzipped ??= gzipAsync(asset.body, { level: 6 });
  return asset.gzipped;
}
