import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { signToken } from "../gateway/auth";
import { intranetOnly, launchChromium, problemsOf } from "./support/browser";
import { TEST_AUTH_SECRET } from "./support/databases";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * The explorer in a real browser, as a front-end developer on the intranet uses it: Debian's
 * Chromium, driven by playwright-core, with every request to a host other than the gateway's
 * refused and counted. The explorer loads with nothing from outside, a leader's token goes into
 * the header editor, the README's combined case view runs and its data shows in the result
 * pane, the history keeps it, and the docs show a type's description with its Chinese term.
 * Screenshots of each step go to artifacts/explorer/ (not committed).
 */
const SHOTS = path.resolve(__dirname, "..", "artifacts", "explorer");

/** the README's combined case view, as a front-end developer would paste it */
const CASE_VIEW = `{ petitions(first: 20) { totalCount edges { node {
  id serialNo title status receivedAt acceptanceDeadline overdue
  town { name } petitioners { name } visits { level headcount } reviews { kind }
  backlog { batch leadLeader { name } }
  riskItems { status } receptions { leader { name } headcount }
  onlineMessages { title reply { text } } evaluation { rating } } } } }`;

let t: TestSystem;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let origin: string;
/** requests the page made to any other host (refused), and to the gateway */
let outside: string[];
let local: string[];
/** errors the page reported */
let problems: string[];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestSystem();
  origin = new URL(t.gatewayUrl).origin;
  browser = await launchChromium("the explorer's browser test");
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  ({ local, outside } = await intranetOnly(context, origin));
  page = await context.newPage();
  problems = problemsOf(page);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.stop();
});

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

/** the whole text of a GraphiQL editor (CodeMirror draws only the lines in view) */
function editorText(selector: string): Promise<string> {
  return page.locator(selector).evaluate((el: any) => String(el.CodeMirror?.getValue() ?? ""));
}

/** replaces an editor's text as a person pasting it would */
async function paste(editor: string, text: string) {
  await page.locator(editor).click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
}

const QUERY_EDITOR = ".graphiql-query-editor .CodeMirror";
const HEADER_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror";
const RESULT = ".result-window .CodeMirror";

describe("the explorer in Chromium, with no way out of the intranet", () => {
  test("loads from the gateway alone, with the schema, the hint and the header editor", async () => {
    const res = await page.goto(t.gatewayUrl);
    expect(res?.status()).toBe(200);
    await page.locator(".graphiql-container").waitFor();
    // the schema has loaded when the docs can be opened and the query editor knows the fields
    await page.locator('[aria-label="Show Documentation Explorer"]').waitFor();
    await expect(page.locator(".explorer-bar").innerText()).resolves.toContain(
      "npm run -s token -- --role leader",
    );
    await expect(editorText(HEADER_EDITOR)).resolves.toContain("Bearer <token>");
    await expect(editorText(QUERY_EDITOR)).resolves.toContain("petitions(first: 20)");
    await page.waitForLoadState("networkidle");
    await shot("1-loaded");
    expect(outside).toEqual([]);
    expect(local.length).toBeGreaterThan(5);
    expect(
      local.every((u) => /^\/(graphql|explorer\/assets\/[\w.-]+)(\?|$)/.test(new URL(u).pathname)),
    ).toBe(true);
    expect(problems).toEqual([]);
  });

  test("is anonymous until a token is given: the placeholder is not sent", async () => {
    await paste(QUERY_EDITOR, "{ towns { name } }");
    await page.locator(".graphiql-execute-button").click();
    await page.locator(".result-window").getByText('"towns"').waitFor();
    const result = JSON.parse(await editorText(RESULT));
    expect(result.errors).toBeUndefined();
    expect(result.data.towns.length).toBeGreaterThan(0);
    expect(result.data.towns.every((town: any) => town.name.endsWith("镇"))).toBe(true);
    expect(problems).toEqual([]);
  });

  test("runs the combined case view with a leader's token and shows its data", async () => {
    const token = await signToken(TEST_AUTH_SECRET, { role: "leader", subject: "leader-1" });
    await paste(HEADER_EDITOR, `{ "Authorization": "Bearer ${token}" }`);
    await paste(QUERY_EDITOR, CASE_VIEW);
    await page.locator(".graphiql-execute-button").click();
    await page.locator(".result-window").getByText('"totalCount"').waitFor();
    const text = await editorText(RESULT);
    const result = JSON.parse(text);
    expect(result.errors).toBeUndefined();
    const nodes = result.data.petitions.edges.map((e: any) => e.node);
    expect(result.data.petitions.totalCount).toBeGreaterThan(20);
    expect(nodes).toHaveLength(20);
    expect(nodes.every((n: any) => /^XF\d{4}-\d+$/.test(n.serialNo))).toBe(true);
    expect(nodes.every((n: any) => typeof n.town?.name === "string")).toBe(true);
    // a leader reads petitioners' names unmasked
    expect(nodes.some((n: any) => n.petitioners.some((p: any) => !p.name.includes("*")))).toBe(
      true,
    );
    // and what the pane shows a person: the first petition's serial number
    await expect(page.locator(".result-window").innerText()).resolves.toContain(nodes[0].serialNo);
    await shot("2-case-view");
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("keeps the query in its history", async () => {
    await page.locator('[aria-label="Show History"]').click();
    const item = page.locator(".graphiql-history-item").first();
    await item.waitFor();
    await expect(item.innerText()).resolves.toMatch(/petitions/);
    await shot("3-history");
  });

  test("shows a type's description from the docs, Chinese term included", async () => {
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    const search = page.locator(".graphiql-doc-explorer-search-input input");
    await search.click();
    await search.fill("Petition");
    await page.getByRole("option", { name: "Petition", exact: true }).click();
    await page.locator(".graphiql-doc-explorer-title", { hasText: /^Petition$/ }).waitFor();
    const doc = page.locator(".graphiql-doc-explorer-content");
    await expect(doc.innerText()).resolves.toContain("信访事项: a petition, the case");
    await expect(doc.innerText()).resolves.toContain("serialNo");
    await shot("4-docs");
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });
});
