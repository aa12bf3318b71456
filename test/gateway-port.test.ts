import { startTestSystem, type TestSystem } from "./support/system";

/**
 * Subgraphs ask the graph through the gateway whatever port it listens on: Node's fetch refuses
 * some ports (6000, X11's, among them), the graph client's undici request does not.
 */
describe("a gateway on a port fetch refuses", () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem({ demoData: false, env: { GATEWAY_PORT: "6000" } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("still answers the subgraphs' reference checks", async () => {
    expect(t.gatewayUrl).toMatch(/:6000\/graphql$/);
    const res = await t
      .as("bureau")
      .query(
        `mutation { registerPetition(input: { title: "端口测试", content: "检查网关端口的登记。", channel: LETTER, source: COUNTY_INTAKE, category: OTHER, townId: "1", petitioners: [{ name: "甲" }] }) { id } }`,
      );
    // the bureau asked masswork, through the gateway, whether town 1 exists: an empty masswork says no
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "townId" });
  });
});
