import type { IncomingMessage, ServerResponse } from "node:http";
import { isRole, type Role } from "../../common/auth";
import {
  DASHBOARD_ASSETS,
  DASHBOARD_PATH,
  DEV_ROLES,
  DEV_TOKEN_PATH,
  EXPORT_PATH,
  type DashboardOptions,
} from "./settings";

export { DEV_TOKEN_PATH, type DashboardOptions } from "./settings";

/**
 * The leaders' dashboard (数据看板) and the exports, served by the gateway from its own origin.
 * This module is all the gateway loads at its start: the page, its assets (ECharts' browser build
 * among them) and the export code with exceljs are loaded on the first request that needs them.
 *
 * - `GET /dashboard`: the page; `GET`/`HEAD` `/dashboard/assets/<file>`: its script, stylesheet
 *   and ECharts, at hashed URLs.
 * - `POST /dashboard/dev-token` (`{"role": "leader"}`): a development token, outside production
 *   only; in production the address does not exist.
 * - `GET /export/annual-report.{csv,xlsx}?year=…`, `GET /export/statistics.{csv,xlsx}?from=…&to=…`:
 *   the figures as a file, read through the gateway's own /graphql with the caller's token.
 */
export type DashboardHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const MAX_TOKEN_BODY = 1024;

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "content-length": String(Buffer.byteLength(text)),
    ...extra,
  });
  res.end(text);
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}

/** `{"role": "…"}` as JSON, at most 1 kB */
function readRole(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_TOKEN_BODY) {
        reject(new Error("too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { role?: unknown };
        resolve(body?.role);
      } catch {
        reject(new Error("not JSON"));
      }
    });
    req.on("error", reject);
  });
}

function devToken(
  req: IncomingMessage,
  res: ServerResponse,
  mint: (role: Role) => Promise<string>,
): void {
  if (req.method !== "POST") {
    json(res, 405, { error: 'POST a JSON body {"role": …}' }, { allow: "POST" });
    return;
  }
  if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
    json(res, 415, { error: "the body must be JSON (content-type: application/json)" });
    return;
  }
  readRole(req)
    .then(
      async (role) => {
        if (!isRole(role) || !DEV_ROLES.includes(role)) {
          json(res, 400, {
            error: `role: must be one of ${DEV_ROLES.join(", ")}`,
            parameter: "role",
          });
          return;
        }
        json(res, 200, { role, token: await mint(role) });
      },
      () => json(res, 400, { error: 'the body must be JSON of at most 1 kB: {"role": "leader"}' }),
    )
    .catch(() => json(res, 500, { error: "no token could be made" }));
}

export function dashboardHandler(options: DashboardOptions): DashboardHandler {
  return (req, res) => {
    const pathname = pathOf(req);
    if (options.devToken && pathname === DEV_TOKEN_PATH) {
      devToken(req, res, options.devToken);
      return true;
    }
    const page = pathname === DASHBOARD_PATH || pathname === `${DASHBOARD_PATH}/`;
    const asset = pathname.startsWith(DASHBOARD_ASSETS);
    const exported = pathname.startsWith(EXPORT_PATH);
    if (!page && !asset && !exported) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      json(res, 405, { error: "only GET and HEAD are answered here" }, { allow: "GET, HEAD" });
      return true;
    }
    if (exported) {
      // the export code and exceljs, loaded on the first export
      import("./export")
        .then((m) => m.serveExport(req, res, options))
        .catch(() => {
          if (!res.headersSent) json(res, 500, { error: "the export failed" });
          else res.destroy();
        });
      return true;
    }
    // the page and its assets, read on the first visit
    import("./serve")
      .then((m) => m.servePage(req, res, pathname, options))
      .catch(() => {
        if (!res.headersSent) json(res, 500, { error: "the dashboard could not be served" });
        else res.destroy();
      });
    return true;
  };
}
