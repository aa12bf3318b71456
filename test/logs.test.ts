import { idNumberCheckDigit } from "../common/domain";
import { captureLines } from "./support/log";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * The logs of a scripted run, as an operator reads them: one line per request in every part,
 * the client's request id in the gateway's line and in each subgraph's, the operation, the
 * caller, the codes and the subgraph calls; and nowhere a petitioner's name, ID number or
 * phone, a token, or a variable's value, even for reads of personal data and refused input.
 */
const first17 = "13102819800101555";
const ID_NUMBER = first17 + idNumberCheckDigit(first17);
const PERSON = { name: "日志测试人", idNumber: ID_NUMBER, phone: "13912345678" };

describe("structured logs", () => {
  let t: TestSystem;
  const log = captureLines();
  beforeAll(async () => {
    t = await startTestSystem({ env: { LOG_LEVEL: "info" }, logDestination: log.destination });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const linesOf = (requestId: string) =>
    log.lines.filter((l) => l.requestId === requestId && l.msg === "request");

  it("writes a line per request in each part it reached, under the client's request id", async () => {
    const res = await t
      .as("leader", "leader-7")
      .query(
        `query CaseView { petitions(first: 3) { edges { node { id title petitioners { name idNumber phone } riskItems { status } onlineMessages { title } } } } }`,
        undefined,
        { "x-request-id": "case-view-1" },
      );
    expect(res.errors).toBeUndefined();
    const lines = linesOf("case-view-1");
    const gateway = lines.find((l) => l.part === "gateway")!;
    expect(gateway).toMatchObject({
      method: "POST",
      status: 200,
      outcome: "ok",
      operation: { name: "CaseView", type: "query" },
      caller: { role: "leader", account: "leader-7" },
      codes: [],
    });
    expect(typeof gateway.ms).toBe("number");
    const called = (gateway.calls as { subgraph: string; outcome: string }[]).map(
      (c) => c.subgraph,
    );
    expect(called).toEqual(expect.arrayContaining(["bureau", "masswork", "service-center"]));
    // each subgraph logged the same request, with its own operation and SQL statements
    for (const part of ["bureau", "masswork", "service-center"]) {
      const line = lines.find((l) => l.part === part);
      expect(line).toMatchObject({ status: 200, caller: { role: "leader", account: "leader-7" } });
      expect(typeof line!.statements).toBe("number");
    }
    // the names read unmasked reach the client, never the log
    const names: string[] = res.data.petitions.edges.flatMap((e: any) =>
      e.node.petitioners.flatMap((p: any) => [p.name, p.idNumber, p.phone]),
    );
    for (const value of names.filter((v) => v && v.length > 1))
      expect(log.text()).not.toContain(value);
  });

  it("makes a request id when the client gave none, returns it, and passes it on to the subgraphs", async () => {
    const res = await fetch(t.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ towns { name } }" }),
    });
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await res.json();
    const parts = linesOf(id!).map((l) => l.part);
    expect(parts).toEqual(expect.arrayContaining(["gateway", "masswork"]));
  });

  it("logs refused input with its code and field, and none of the values sent", async () => {
    const token = "tok" + "x".repeat(20);
    const res = await t.as("bureau", "clerk-9").query(
      `mutation Register($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`,
      {
        input: {
          title: "x",
          content: "日志测试的内容。",
          channel: "LETTER",
          source: "COUNTY_INTAKE",
          category: "OTHER",
          petitioners: [PERSON],
        },
      },
      { "x-request-id": "refused-1" },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const bad = await t.as("bureau", "clerk-9").query(
      `mutation Register($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`,
      {
        input: {
          title: "有效的标题",
          content: "日志测试的内容。",
          channel: "LETTER",
          source: "COUNTY_INTAKE",
          category: "OTHER",
          petitioners: [{ ...PERSON, address: token }],
        },
      },
      { "x-request-id": "refused-2" },
    );
    expect(bad.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    expect(linesOf("refused-1").find((l) => l.part === "gateway")).toMatchObject({
      outcome: "refused",
      codes: ["BAD_USER_INPUT"],
      operation: { name: "Register", type: "mutation" },
    });
    expect(linesOf("refused-2").find((l) => l.part === "gateway")?.outcome).toBe("refused");
    const text = log.text();
    for (const value of [PERSON.name, PERSON.idNumber, PERSON.phone, token])
      expect(text).not.toContain(value);
    expect(text).not.toMatch(/authorization|Bearer|"variables"/i);
  });

  it("registers a petition with a petitioner and logs nothing of the person", async () => {
    const res = await t.as("bureau", "clerk-9").query(
      `mutation Register($input: RegisterPetitionInput!) { registerPetition(input: $input) { id petitioners { name } } }`,
      {
        input: {
          title: "日志中的登记",
          content: "日志测试的内容。",
          channel: "LETTER",
          source: "COUNTY_INTAKE",
          category: "OTHER",
          petitioners: [PERSON],
        },
      },
      { "x-request-id": "register-1" },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.registerPetition.petitioners[0].name).toBe(PERSON.name);
    expect(linesOf("register-1").map((l) => l.part)).toEqual(
      expect.arrayContaining(["gateway", "bureau"]),
    );
    for (const value of [PERSON.name, PERSON.idNumber, PERSON.phone])
      expect(log.text()).not.toContain(value);
  });
});
