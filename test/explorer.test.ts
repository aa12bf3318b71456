import { gunzipSync } from "node:zlib";
import { request } from "undici";
import { loadConfig } from "../common/config";
import { type RunningServer } from "../common/http";
import { composeSupergraph } from "../schema/compose";
import { startGateway } from "../gateway";
import { prefersHtml } from "../gateway/explorer/accept";
import { localOnlyCss, packagedAssets } from "../gateway/explorer/assets";
import { TEST_AUTH_SECRET, TEST_INTERNAL_SECRET } from "./support/databases";

/**
 * The explorer as HTTP sees it (test/explorer.browser.test.ts drives it in Chromium): which
 * requests get the page, what the page and its files are, and where it is not served. Gateways
 * alone, with no subgraph behind them: the page and introspection need none.
 */
const BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const REMOTE = /(?:https?:)?\/\/(?!www\.w3\.org\/)[a-z0-9.-]+\.[a-z]{2,}/i;

let supergraphSdl: string;
beforeAll(async () => {
  supergraphSdl = (await composeSupergraph()).supergraphSdl;
});

async function gateway(env: Record<string, string>): Promise<RunningServer> {
  const config = loadConfig({ GATEWAY_PORT: "0", ...env });
  return startGateway({
    supergraph: { sdl: supergraphSdl },
    // nothing listens there: these tests never reach a subgraph
    subgraphUrls: {
      bureau: "http://127.0.0.1:9/graphql",
      masswork: "http://127.0.0.1:9/graphql",
      "service-center": "http://127.0.0.1:9/graphql",
    },
    port: 0,
    production: config.production,
    auth: {
      secret: TEST_AUTH_SECRET,
      jwksUrl: config.production ? "http://127.0.0.1:9/jwks.json" : null,
      issuer: null,
      audience: null,
    },
    internalSecret: TEST_INTERNAL_SECRET,
    limits: config.limits,
    explorer: config.explorer,
  });
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await request(url, { headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, body };
}

const INTROSPECT = JSON.stringify({ query: '{ __type(name: "Petition") { description } }' });
async function introspect(url: string) {
  const res = await request(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: INTROSPECT,
  });
  return { status: res.statusCode, body: (await res.body.json()) as any };
}

describe("which requests get the page", () => {
  test.each([
    [BROWSER, true],
    ["text/html", true],
    ["application/xhtml+xml,text/html;q=0.9,*/*;q=0.8", true],
    [undefined, false],
    ["", false],
    ["*/*", false],
    ["application/json", false],
    ["application/graphql-response+json, application/json;q=0.9", false],
    ["text/html, application/json", false],
    ["application/json;q=0.5, text/html", true],
    ["text/html;q=0", false],
    ["text/*", true],
    ["multipart/mixed, text/html;q=0.5", false],
  ])("Accept %p: %p", (accept, html) => {
    expect(prefersHtml(accept)).toBe(html);
  });
});

describe("the files served", () => {
  test("a stylesheet's remote imports and URLs are cut, local ones kept", () => {
    const css = [
      `@import url("https://fonts.googleapis.com/css2?family=Roboto");`,
      `@import '//cdn.example.org/x.css' screen;`,
      `@import "local.css";`,
      `a { background: url(https://cdn.example.org/a.png) }`,
      `b { src: url('data:font/woff2;base64,AAAA') }`,
      `c { background: url(img/c.png) }`,
    ].join("\n");
    const out = localOnlyCss(css);
    expect(out).not.toMatch(/googleapis|example\.org/);
    expect(out).toContain(`@import "local.css";`);
    expect(out).toContain(`url('data:font/woff2;base64,AAAA')`);
    expect(out).toContain(`url(img/c.png)`);
  });

  test("GraphiQL's stylesheet refers to no other host, its fonts inlined", () => {
    const css = packagedAssets().get("graphiql.min.css")!.body.toString("utf8");
    expect(css).not.toMatch(/@import/);
    const urls = [...css.matchAll(/url\(\s*['"]?([^'")]*)/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((u) => !u.startsWith("data:") && !u.startsWith("#"))).toEqual([]);
  });
});

describe("in development (the default)", () => {
  let g: RunningServer;
  beforeAll(async () => {
    g = await gateway({});
  });
  afterAll(async () => {
    await g?.stop(0);
  });

  test("a browser gets the page at /graphql, and at /graphql/", async () => {
    for (const url of [g.url, `${g.url}/`]) {
      const res = await get(url, { accept: BROWSER });
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      const html = res.body.toString("utf8");
      expect(html).toContain("信访工作联邦图 · Explorer");
      expect(html).toContain("npm run -s token -- --role leader");
    }
  });

  test("the page loads only the gateway's own files, and its policy allows nothing else", async () => {
    const res = await get(g.url, { accept: BROWSER });
    const html = res.body.toString("utf8");
    const refs = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(refs.filter((r) => r !== "data:,").every((r) => r.startsWith("/explorer/assets/"))).toBe(
      true,
    );
    expect(html).not.toMatch(REMOTE);
    expect(html).not.toMatch(/<script>/); // no inline script: settings are JSON data
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(res.headers["vary"]).toMatch(/accept/);
  });

  test("every file the page names is served, compressed on demand, cached by version", async () => {
    const html = (await get(g.url, { accept: BROWSER })).body.toString("utf8");
    const refs = [...html.matchAll(/(?:src|href)="(\/explorer\/assets\/[^"]*)"/g)].map((m) => m[1]);
    expect(refs.map((r) => r.replace(/\?.*/, "")).sort()).toEqual(
      [
        "/explorer/assets/boot.js",
        "/explorer/assets/explorer.css",
        "/explorer/assets/graphiql.min.css",
        "/explorer/assets/graphiql.min.js",
        "/explorer/assets/react-dom.production.min.js",
        "/explorer/assets/react.production.min.js",
      ].sort(),
    );
    const origin = new URL(g.url).origin;
    for (const ref of refs) {
      const plain = await get(origin + ref);
      expect(plain.status).toBe(200);
      expect(plain.headers["content-type"]).toMatch(/^text\/(javascript|css); charset=utf-8$/);
      expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      const zipped = await get(origin + ref, { "accept-encoding": "gzip, br" });
      if (plain.body.length >= 1024) {
        expect(zipped.headers["content-encoding"]).toBe("gzip");
        expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
      }
      const again = await get(origin + ref, { "if-none-match": String(plain.headers.etag) });
      expect(again.status).toBe(304);
    }
    const js = (await get(`${origin}/explorer/assets/graphiql.min.js`)).body.toString("utf8");
    expect(js).toContain("window.GraphiQL");
    expect(js).not.toMatch(/sourceMappingURL/);
    const unversioned = await get(`${origin}/explorer/assets/boot.js`);
    expect(unversioned.headers["cache-control"]).toBe("no-cache");
  });

  test("an unknown file is a 404; a HEAD is answered without a body", async () => {
    const origin = new URL(g.url).origin;
    expect((await get(`${origin}/explorer/assets/../package.json`)).status).toBe(404);
    expect((await get(`${origin}/explorer/assets/nope.js`)).status).toBe(404);
    const head = await request(`${origin}/explorer/assets/boot.js`, { method: "HEAD" });
    expect(head.statusCode).toBe(200);
    expect(Number(head.headers["content-length"])).toBeGreaterThan(100);
    expect((await head.body.arrayBuffer()).byteLength).toBe(0);
  });

  test("GraphQL clients are answered as before: POST, and GET without a browser's Accept", async () => {
    const post = await introspect(g.url);
    expect(post.status).toBe(200);
    expect(post.body.data.__type.description).toMatch(/信访事项/);
    const getJson = await get(`${g.url}?query=${encodeURIComponent("{__typename}")}`, {
      accept: "application/json",
      "apollo-require-preflight": "true",
    });
    expect(getJson.status).toBe(200);
    expect(JSON.parse(getJson.body.toString("utf8"))).toEqual({ data: { __typename: "Query" } });
    // a GET with no query is Apollo's to refuse, and it no longer serves its landing page
    const bare = await get(g.url, { accept: "application/json" });
    expect(bare.status).toBe(400);
    expect(bare.body.toString("utf8")).not.toMatch(/<html|<!doctype/i);
  });
});

describe("where the page is not served", () => {
  test.each<[string, Record<string, string>]>([
    ["development with EXPLORER=off", { EXPLORER: "off" }],
    ["production", { NODE_ENV: "production" }],
    ["production with EXPLORER=off", { NODE_ENV: "production", EXPLORER: "off" }],
  ])("%s: a browser gets no page at all, nor its files", async (_name, env) => {
    const g = await gateway(env);
    try {
      const res = await get(g.url, { accept: BROWSER });
      expect(res.status).toBe(400);
      expect(res.body.toString("utf8")).not.toMatch(/<html|<!doctype|landing|sandbox/i);
      const asset = await get(`${new URL(g.url).origin}/explorer/assets/graphiql.min.js`);
      expect(asset.status).toBe(404);
      expect(asset.body.toString("utf8")).not.toContain("GraphiQL");
      if (env.NODE_ENV === "production") expect((await introspect(g.url)).status).toBe(400);
    } finally {
      await g.stop(0);
    }
  });

  test("production with EXPLORER=on serves it, with introspection for its docs, and no dev token hint", async () => {
    const g = await gateway({ NODE_ENV: "production", EXPLORER: "on" });
    try {
      const res = await get(g.url, { accept: BROWSER });
      expect(res.status).toBe(200);
      const html = res.body.toString("utf8");
      expect(html).toContain("identity provider");
      expect(html).not.toContain("npm run");
      const post = await introspect(g.url);
      expect(post.body.data.__type.description).toMatch(/信访事项/);
    } finally {
      await g.stop(0);
    }
  });

  test("EXPLORER takes on or off", () => {
    expect(loadConfig({}).explorer).toBe(true);
    expect(loadConfig({ NODE_ENV: "production" }).explorer).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", EXPLORER: "on" }).explorer).toBe(true);
    expect(() => loadConfig({ EXPLORER: "yes" })).toThrow(/EXPLORER must be "on" or "off"/);
  });
});
