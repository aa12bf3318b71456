import { readFileSync } from "node:fs";
import path from "node:path";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * The README's first query (Quick start), sent exactly as written there, over the default
 * dataset: its first page shows every department's records, not only the bureau's.
 */
function quickStartRequest(): { query: string } {
  const readme = readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
  const quickStart = readme.slice(readme.indexOf("## Quick start"));
  const body = /-d '(\{"query":.*\})'/.exec(quickStart);
  if (!body) throw new Error("the README's Quick start has no curl with a query");
  return JSON.parse(body[1]);
}

describe("the README's first query over the default dataset", () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("is the one the README shows", () => {
    expect(quickStartRequest().query).toBe(
      "{ petitions(first: 3) { totalCount edges { node { serialNo title status riskItems { status } onlineMessages { title } } } } }",
    );
  });

  it("returns petitions with masswork's and the service center's fields filled in on the first page", async () => {
    const res = await t.as("leader").query(quickStartRequest().query);
    expect(res.errors).toBeUndefined();
    const page = res.data.petitions;
    expect(page.totalCount).toBeGreaterThan(3);
    expect(page.edges).toHaveLength(3);
    for (const { node } of page.edges) {
      expect(node.serialNo).toMatch(/^XF2017-\d+$/);
      expect(node.riskItems.length).toBeGreaterThan(0);
      expect(node.onlineMessages.length).toBeGreaterThan(0);
      // the website message a petition was registered from names the petition's matter
      for (const m of node.onlineMessages) expect(m.title).toBe(node.title);
      for (const r of node.riskItems) expect(r.status).toMatch(/^(OPEN|RESOLVED|ESCALATED)$/);
    }
  });
});
