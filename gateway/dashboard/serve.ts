import { readFileSync } from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { makeAsset, type Asset } from "../explorer/assets";
import { notFound, send } from "../explorer";
import { DASHBOARD_ASSETS, DEV_ROLES, DEV_TOKEN_PATH, type DashboardOptions } from "./settings";
import { DASHBOARD_CSS, DASHBOARD_JS } from "./client";
import { LABELS } from "./labels";
import { renderPage } from "./page";

/**
 * The dashboard's files: ECharts' browser build read once from the installed package (no build
 * step, canvas renderer, no map or font from elsewhere), the page's own script and stylesheet,
 * and the page, which carries its settings as JSON (no inline script).
 */
function packageFile(pkg: string, file: string): string {
  let dir: string;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(`the dashboard needs the package ${pkg}, which is not installed (npm ci)`);
  }
  return path.join(dir, file);
}

function withoutSourceMap(text: string): string {
  return text.replace(/\n\/\/# sourceMappingURL=[^\n]*\s*$/, "\n");
}

/**
 * Only the gateway's origin: scripts and stylesheets from it, GraphQL and exports from it; no
 * inline script, no frame, no other host. ECharts draws on canvas and sets inline styles on its
 * tooltips; downloads are blob: URLs made by the page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

let assets: Map<string, Asset> | null = null;
let page: { year: number; asset: Asset } | null = null;

function dashboardAssets(): Map<string, Asset> {
  if (assets) return assets;
  const made = new Map<string, Asset>();
  const echarts = withoutSourceMap(
    readFileSync(packageFile("echarts", "dist/echarts.min.js"), "utf8"),
  );
  made.set("echarts.min.js", makeAsset("echarts.min.js", echarts));
  made.set("dashboard.js", makeAsset("dashboard.js", DASHBOARD_JS));
  made.set("dashboard.css", makeAsset("dashboard.css", DASHBOARD_CSS));
  assets = made;
  return made;
}

function pageAsset(options: DashboardOptions): Asset {
  const year = options.defaultYear();
  if (page?.year === year) return page.asset;
  const files = dashboardAssets();
  const asset = makeAsset(
    "index.html",
    renderPage(
      {
        defaultYear: year,
        devRoles: options.devToken ? [...DEV_ROLES] : null,
        devTokenPath: options.devToken ? DEV_TOKEN_PATH : null,
        labels: LABELS,
      },
      (name) => `${DASHBOARD_ASSETS}${name}?v=${files.get(name)!.version}`,
    ),
  );
  asset.contentType = "text/html; charset=utf-8";
  page = { year, asset };
  return asset;
}

export function servePage(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  options: DashboardOptions,
): void {
  if (!pathname.startsWith(DASHBOARD_ASSETS)) {
    send(req, res, pageAsset(options), {
      "cache-control": "no-cache",
      "content-security-policy": CONTENT_SECURITY_POLICY,
      "x-frame-options": "DENY",
    });
    return;
  }
  const asset = dashboardAssets().get(pathname.slice(DASHBOARD_ASSETS.length));
  if (!asset) return notFound(res);
  const url = req.url ?? "";
  const query = url.indexOf("?");
  const version = new URLSearchParams(query < 0 ? "" : url.slice(query + 1)).get("v");
  send(req, res, asset, {
    "cache-control": version === asset.version ? "public, max-age=31536000, immutable" : "no-cache",
  });
}
