/**
 * The dashboard's page: a shell the page's own script (client.ts) fills in. Its settings travel
 * as JSON data, so the Content-Security-Policy can allow scripts from the gateway's origin alone.
 */
export interface PageSettings {
  /** the year the pickers open on */
  defaultYear: number;
  /** the roles the development sign-in offers; null in production (paste a token only) */
  devRoles: string[] | null;
  devTokenPath: string | null;
  /** Chinese names of categories, channels and supervision steps (labels.ts) */
  labels: Record<string, Record<string, string>>;
}

function settingsJson(settings: PageSettings): string {
  return JSON.stringify(settings).replace(/</g, "\\u003c");
}

export function renderPage(settings: PageSettings, assetUrl: (name: string) => string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>信访工作数据看板</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetUrl("dashboard.css")}">
</head>
<body>
<header class="bar">
  <h1>信访工作数据看板</h1>
  <div id="signin" class="signin"></div>
</header>
<main id="dashboard"><p class="note">正在加载…</p>
<noscript>数据看板需要启用 JavaScript。</noscript></main>
<script type="application/json" id="dashboard-settings">${settingsJson(settings)}</script>
<script src="${assetUrl("echarts.min.js")}"></script>
<script src="${assetUrl("dashboard.js")}"></script>
</body>
</html>
`;
}
