import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { request } from "undici";
import { signToken } from "../gateway/auth";
import { launchChromium } from "./support/browser";
import { TEST_AUTH_SECRET } from "./support/databases";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * A front end on another origin (a development server at another port) calls the graph from
 * the browser: allowed by CORS_ORIGINS, its preflight passes with the headers front ends send
 * and it reads the answer; any other origin's page is refused by the browser. CSRF prevention
 * stays on for requests a page could send without a preflight.
 */

/** A page that asks the graph for the towns, with a token, and writes what it got. */
const page = (
  gateway: string,
  token: string,
) => `<!doctype html><meta charset="utf-8"><pre id="out">waiting</pre>
<script>
fetch(${JSON.stringify(gateway)}, {
  method: "POST",
  headers: { "content-type": "application/json", authorization: "Bearer ${token}", "x-request-id": "front-end-1" },
  body: JSON.stringify({ query: "{ petitions(first: 2) { totalCount } towns { name } }" }),
}).then((r) => r.json()).then((b) => { document.getElementById("out").textContent = "data " + JSON.stringify(b.data); },
  (e) => { document.getElementById("out").textContent = "refused " + e.message; });
</script>`;

async function pageServer(html: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html()),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("calling the graph from a page on another origin", () => {
  let t: TestSystem;
  let browser: Browser;
  let allowed: { server: Server; origin: string };
  let other: { server: Server; origin: string };
  let token: string;

  beforeAll(async () => {
    token = await signToken(TEST_AUTH_SECRET, { role: "leader", subject: "front-end-dev" });
    let gateway = "";
    allowed = await pageServer(() => page(gateway, token));
    other = await pageServer(() => page(gateway, token));
    t = await startTestSystem({
      env: { CORS_ORIGINS: `${allowed.origin}, https://dashboard.example.gov.cn` },
    });
    gateway = t.gatewayUrl;
    browser = await launchChromium("the CORS browser test", []);
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of [allowed?.server, other?.server]) s?.close();
    await t?.stop();
  });

  const preflight = (origin: string) =>
    request(t.gatewayUrl, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,x-request-id,traceparent",
      },
    });

  it("lets an allowed origin's preflight through with the headers front ends send", async () => {
    const res = await preflight(allowed.origin);
    await res.body.dump();
    expect(res.statusCode).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe(allowed.origin);
    const headers = String(res.headers["access-control-allow-headers"]).split(",");
    expect(headers).toEqual(
      expect.arrayContaining(["authorization", "content-type", "x-request-id", "traceparent"]),
    );
  });

  it("gives another origin no CORS header at all", async () => {
    const res = await preflight(other.origin);
    await res.body.dump();
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    expect(res.headers["access-control-allow-headers"]).toBeUndefined();
  });

  it("keeps CSRF prevention for requests a page can send without a preflight", async () => {
    const res = await request(t.gatewayUrl, {
      method: "POST",
      headers: { origin: allowed.origin, "content-type": "text/plain" },
      body: JSON.stringify({ query: "{ towns { name } }" }),
    });
    expect(res.statusCode).toBe(400);
    expect(await res.body.text()).toMatch(/Cross-Site Request Forgery|CSRF/i);
  });

  it("serves the allowed page's fetch in the browser, and the browser refuses the other page's", async () => {
    const read = async (origin: string) => {
      const tab = await browser.newPage();
      await tab.goto(origin);
      await tab.waitForFunction(
        "document.getElementById('out').textContent !== 'waiting'",
        undefined,
        { timeout: 20_000 },
      );
      const text = (await tab.textContent("#out")) ?? "";
      await tab.close();
      return text;
    };
    const fromAllowed = await read(allowed.origin);
    expect(fromAllowed).toMatch(/^data \{"petitions":\{"totalCount":\d+\},"towns":\[/);
    expect(await read(other.origin)).toMatch(/^refused /);
  });
});
