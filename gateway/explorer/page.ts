/**
 * The explorer's page: GraphiQL over the gateway's own endpoint, with the header editor open and
 * prefilled with where a token goes, the combined case view as the first query, the docs and the
 * history (kept in the browser's local storage) of GraphiQL itself. The page holds no inline
 * script: its settings travel as JSON data, read by the page's own script (boot.js), so the
 * Content-Security-Policy can allow scripts from the gateway's origin alone.
 */

/** the header editor's placeholder; the page sends no Authorization header while it is there */
export const TOKEN_PLACEHOLDER = "<token>";

export interface PageSettings {
  /** the shell command that prints a development token, or null where there is none (production) */
  tokenCommand: string | null;
}

/** the combined case view of the README, as the first query a visitor sees */
const CASE_VIEW = `{ petitions(first: 20) { totalCount edges { node {
  id serialNo title status receivedAt acceptanceDeadline overdue
  town { name } petitioners { name } visits { level headcount } reviews { kind }
  backlog { batch leadLeader { name } }
  riskItems { status } receptions { leader { name } headcount }
  onlineMessages { title reply { text } } evaluation { rating } } } } }
`;

export function defaultQuery(settings: PageSettings): string {
  const signIn = settings.tokenCommand
    ? [
        "# To sign in, run",
        `#   ${settings.tokenCommand}`,
        `# and put the token it prints over ${TOKEN_PLACEHOLDER} in Headers.`,
      ]
    : [`# To sign in, put your token over ${TOKEN_PLACEHOLDER} in Headers.`];
  return [
    "# 信访工作联邦图: the county's petition work,",
    "# three departments in one graph.",
    "#",
    "# Most fields need a signed-in role.",
    ...signIn,
    "# Anonymous callers read towns, leaders and",
    "# answered website messages only.",
    "#",
    "# Run: Ctrl-Enter. Docs (book icon): every type,",
    "# 信访事项, 信访人, 矛盾隐患 … History (clock icon):",
    "# what you ran here before.",
    "",
    CASE_VIEW,
  ].join("\n");
}

export function defaultHeaders(settings: PageSettings): string {
  return JSON.stringify(
    {
      "//": settings.tokenCommand
        ? `a token: ${settings.tokenCommand}`
        : "a token from the identity provider",
      Authorization: `Bearer ${TOKEN_PLACEHOLDER}`,
    },
    null,
    2,
  );
}

/** what the page's script reads: JSON, with `<` escaped so no text can close the script element */
function settingsJson(settings: PageSettings): string {
  return JSON.stringify({
    placeholder: TOKEN_PLACEHOLDER,
    defaultQuery: defaultQuery(settings),
    defaultHeaders: defaultHeaders(settings),
  }).replace(/</g, "\\u003c");
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

export function renderPage(settings: PageSettings, assetUrl: (name: string) => string): string {
  const signIn = settings.tokenCommand
    ? `Sign in: <code>${escapeHtml(settings.tokenCommand)}</code> prints a development token; in ` +
      `Headers, put it in place of <code>${escapeHtml(TOKEN_PLACEHOLDER)}</code>.`
    : `Sign in: in Headers, put a bearer token from the identity provider in place of ` +
      `<code>${escapeHtml(TOKEN_PLACEHOLDER)}</code>.`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>信访工作联邦图 · Explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetUrl("graphiql.min.css")}">
<link rel="stylesheet" href="${assetUrl("explorer.css")}">
</head>
<body>
<header class="explorer-bar">
<strong>信访工作联邦图 · Explorer</strong>
<span>${signIn} History and docs are on the left; everything here is served by the gateway and works offline.</span>
</header>
<main id="explorer"><p class="explorer-loading">Loading the explorer…</p>
<noscript>The explorer needs JavaScript. The graph itself answers POST requests at this address.</noscript></main>
<script type="application/json" id="explorer-settings">${settingsJson(settings)}</script>
<script src="${assetUrl("react.production.min.js")}"></script>
<script src="${assetUrl("react-dom.production.min.js")}"></script>
<script src="${assetUrl("graphiql.min.js")}"></script>
<script src="${assetUrl("boot.js")}"></script>
</body>
</html>
`;
}

/**
 * The page's own script (ES2017, run by the browser as it is). The fetcher posts to the address
 * the page came from; it drops the header editor's comment ("//") and an Authorization header
 * still holding the placeholder, so a visitor who has not signed in yet is simply anonymous.
 */
export const BOOT_JS = `"use strict";
(function () {
  var settings = JSON.parse(document.getElementById("explorer-settings").textContent);
  var endpoint = location.origin + location.pathname.replace(/\\/+$/, "");

  function cleanHeaders(headers) {
    var out = {};
    Object.keys(headers || {}).forEach(function (name) {
      var value = headers[name];
      if (name.indexOf("//") === 0) return;
      if (name.toLowerCase() === "authorization" && String(value).indexOf(settings.placeholder) >= 0)
        return;
      out[name] = value;
    });
    return out;
  }

  var post = GraphiQL.createFetcher({ url: endpoint, enableIncrementalDelivery: false });
  function fetcher(params, options) {
    var next = Object.assign({}, options, { headers: cleanHeaders(options && options.headers) });
    return post(params, next);
  }

  var logo = React.createElement(GraphiQL.Logo, null, "信访 Explorer");
  var root = ReactDOM.createRoot(document.getElementById("explorer"));
  root.render(
    React.createElement(
      GraphiQL,
      {
        fetcher: fetcher,
        defaultQuery: settings.defaultQuery,
        defaultHeaders: settings.defaultHeaders,
        defaultEditorToolsVisibility: "headers",
        isHeadersEditorEnabled: true,
        storage: GraphiQL.createLocalStorage({ namespace: "petition-explorer" }),
      },
      logo,
    ),
  );
})();
`;

export const EXPLORER_CSS = `html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
.explorer-bar { display: flex; gap: 1em; align-items: baseline; flex-wrap: wrap;
  padding: 6px 14px; font-size: 13px; line-height: 1.5;
  background: #f3f5f8; color: #2a3441; border-bottom: 1px solid #d7dce3; }
.explorer-bar code { background: #e4e8ee; padding: 0 4px; border-radius: 3px; }
#explorer { flex: 1; min-height: 0; }
#explorer > .graphiql-container { height: 100%; }
.explorer-loading { padding: 2em; color: #56606d; }
`;
