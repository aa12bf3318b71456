import type { DataSource } from "typeorm";
import { startTestSystem, type GraphQLResponse, type TestSystem } from "./support/system";

/**
 * 市长热线 → 信访事项: the bureau registers a petition from a hotline call, as it does from a
 * website message. The link is the bureau's (`Petition.sourceCallId`), readable both ways:
 * `Petition.hotlineCall` (the service center's, through @requires) and
 * `HotlineCall.registeredPetition` (the bureau's); a call becomes at most one petition.
 */

const RECORD = `mutation($input: RecordCallInput!) { recordCall(input: $input) { id } }`;
const REGISTER = `mutation($input: RegisterPetitionInput!, $key: String) {
  registerPetition(input: $input, idempotencyKey: $key) {
    id serialNo status channel sourceCallId sourceMessageId
    hotlineCall { id summary registeredPetition { id } }
    history { to }
  } }`;

const anHourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

function codeOf(res: GraphQLResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

async function count(db: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query(sql, params);
  return Number(row.n);
}

describe("registering a petition from a hotline call", () => {
  let t: TestSystem;
  let bureau: DataSource;

  const recordCall = async (summary = "来电反映小区供暖不热，要求登记信访") => {
    const res = await t.as("service-center").query(RECORD, {
      input: {
        receivedAt: anHourAgo(),
        summary,
        category: "OTHER",
        townId: "2",
        callerPhone: "13912345678",
      },
    });
    expect(res.errors).toBeUndefined();
    return res.data.recordCall.id as string;
  };
  const input = (over: Record<string, unknown> = {}) => ({
    title: "小区供暖不热",
    content: "来电人反映小区冬季供暖温度长期不达标，要求有关部门解决。",
    channel: "PHONE",
    source: "COUNTY_INTAKE",
    category: "OTHER",
    townId: "2",
    petitioners: [{ name: "来电人", phone: "13912345678" }],
    ...over,
  });
  /** what a refused registration could have left behind */
  const stored = async () => ({
    petitions: await count(bureau, "SELECT COUNT(*) AS n FROM petition"),
    petitioners: await count(bureau, "SELECT COUNT(*) AS n FROM petitioner"),
    history: await count(bureau, "SELECT COUNT(*) AS n FROM status_change"),
    keys: await count(bureau, "SELECT COUNT(*) AS n FROM idempotency_key"),
  });

  beforeAll(async () => {
    t = await startTestSystem();
    bureau = t.system.subgraphs.bureau!.database.dataSource;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("registers a call as a petition, linked both ways, with its history", async () => {
    const callId = await recordCall();
    const res = await t.as("bureau").query(REGISTER, { input: input({ sourceCallId: callId }) });
    expect(res.errors).toBeUndefined();
    const p = res.data.registerPetition;
    expect(p).toMatchObject({
      status: "REGISTERED",
      channel: "PHONE",
      sourceCallId: callId,
      sourceMessageId: null,
      hotlineCall: {
        id: callId,
        summary: "来电反映小区供暖不热，要求登记信访",
        registeredPetition: { id: p.id },
      },
      history: [{ to: "REGISTERED" }],
    });
    const back = await t
      .as("leader")
      .query(
        `query($id: ID!) { hotlineCall(id: $id) { id registeredPetition { id serialNo hotlineCall { id } } } }`,
        { id: callId },
      );
    expect(back.errors).toBeUndefined();
    expect(back.data.hotlineCall).toEqual({
      id: callId,
      registeredPetition: { id: p.id, serialNo: p.serialNo, hotlineCall: { id: callId } },
    });
    const [row] = await bureau.query("SELECT source_call_id FROM petition WHERE id = ?", [
      Number(p.id),
    ]);
    expect(Number(row.source_call_id)).toBe(Number(callId));
  });

  it("leaves calls not registered without a petition, and petitions not from a call without a call", async () => {
    const callId = await recordCall("只是咨询办事流程");
    const res = await t
      .as("service-center")
      .query(
        `query($id: ID!) { hotlineCall(id: $id) { registeredPetition { id } } petitions(first: 5) { edges { node { sourceCallId hotlineCall { id } } } } }`,
        { id: callId },
      );
    expect(res.errors).toBeUndefined();
    expect(res.data.hotlineCall.registeredPetition).toBeNull();
    for (const { node } of res.data.petitions.edges)
      expect(node.hotlineCall === null).toBe(node.sourceCallId === null);
    const none = await t.as("bureau").query(`{ hotlineCall(id: "999999") { id } }`);
    expect(none.errors).toBeUndefined();
    expect(none.data.hotlineCall).toBeNull();
  });

  it("refuses a second registration of the same call by its rule's name, storing nothing", async () => {
    const callId = await recordCall();
    const first = await t.as("bureau").query(REGISTER, { input: input({ sourceCallId: callId }) });
    expect(first.errors).toBeUndefined();
    const before = await stored();
    const again = await t.as("bureau").query(REGISTER, {
      input: input({ sourceCallId: callId, title: "再次登记" }),
      key: "second-registration-1",
    });
    expect(codeOf(again)).toBe("PROCEDURE_VIOLATION");
    expect(again.errors![0].extensions!.rule).toBe("call-registered-once");
    expect(again.data).toBeNull();
    expect(await stored()).toEqual(before);
  });

  it("refuses bad input naming the field, and stores nothing", async () => {
    const callId = await recordCall();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ sourceCallId: "999999" }, "input.sourceCallId", "no such hotline call"],
      [{ sourceCallId: "abc" }, "input.sourceCallId", "is not a valid id"],
      [{ sourceCallId: "-1" }, "input.sourceCallId", "is not a valid id"],
      [{ sourceCallId: callId, sourceMessageId: "1" }, "input.sourceCallId", "not both"],
      [{ sourceCallId: callId, channel: "LETTER" }, "input.channel", "PHONE"],
    ];
    for (const [over, field, reason] of cases) {
      const before = await stored();
      const res = await t.as("bureau").query(REGISTER, { input: input(over) });
      expect({ over, code: codeOf(res), field: res.errors?.[0]?.extensions?.field }).toEqual({
        over,
        code: "BAD_USER_INPUT",
        field,
      });
      expect(res.errors![0].message).toContain(reason);
      expect(await stored()).toEqual(before);
    }
    // the call is still free to be registered
    const res = await t.as("bureau").query(REGISTER, { input: input({ sourceCallId: callId }) });
    expect(res.errors).toBeUndefined();
  });

  it("refuses roles other than the bureau's, and hides the links from citizens", async () => {
    const callId = await recordCall();
    for (const role of ["service-center", "leader", "public", "anonymous"] as const) {
      const before = await stored();
      const res = await t.as(role).query(REGISTER, { input: input({ sourceCallId: callId }) });
      expect(codeOf(res)).toBe(role === "anonymous" ? "UNAUTHENTICATED" : "FORBIDDEN");
      expect(await stored()).toEqual(before);
    }
    for (const role of ["public", "anonymous"] as const) {
      const res = await t
        .as(role)
        .query(`query($id: ID!) { hotlineCall(id: $id) { id registeredPetition { id } } }`, {
          id: callId,
        });
      expect(codeOf(res)).toBe(role === "anonymous" ? "UNAUTHENTICATED" : "FORBIDDEN");
      expect(res.data?.hotlineCall ?? null).toBeNull();
    }
  });

  it("lets exactly one of several clerks registering one call at once succeed", async () => {
    const callId = await recordCall("多名工作人员同时登记的来电");
    const before = await stored();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.as("bureau", `clerk-${i}`).query(REGISTER, {
          input: input({ sourceCallId: callId, title: `同时登记 ${i}` }),
          // half of them with keys of their own: a key does not make a second registration pass
          key: i % 2 === 0 ? `concurrent-call-${callId}-${i}` : null,
        }),
      ),
    );
    const won = results.filter((r) => !r.errors);
    const lost = results.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => [codeOf(r), r.errors![0].extensions!.rule])).toEqual(
      lost.map(() => ["PROCEDURE_VIOLATION", "call-registered-once"]),
    );
    expect(
      await count(bureau, "SELECT COUNT(*) AS n FROM petition WHERE source_call_id = ?", [
        Number(callId),
      ]),
    ).toBe(1);
    const after = await stored();
    expect(after.petitions).toBe(before.petitions + 1);
    expect(after.history).toBe(before.history + 1);
  });

  it("holds one petition per call in the database itself (a unique index)", async () => {
    const callId = await recordCall();
    const res = await t.as("bureau").query(REGISTER, { input: input({ sourceCallId: callId }) });
    expect(res.errors).toBeUndefined();
    const [{ id: other }] = await bureau.query(
      "SELECT MIN(id) AS id FROM petition WHERE source_call_id IS NULL",
    );
    await expect(
      bureau.query("UPDATE petition SET source_call_id = ? WHERE id = ?", [Number(callId), other]),
    ).rejects.toThrow();
    expect(
      await count(bureau, "SELECT COUNT(*) AS n FROM petition WHERE source_call_id = ?", [
        Number(callId),
      ]),
    ).toBe(1);
  });

  it("costs the same number of statements for a page of 10 calls or petitions as for 200", async () => {
    const calls = `query($first: Int) { hotlineCallPage(first: $first) { edges { node {
      id registeredPetition { serialNo status hotlineCall { id } } } } } }`;
    const petitions = `query($first: Int) { petitions(first: $first) { edges { node {
      id sourceCallId hotlineCall { id summary registeredPetition { id } } } } } }`;
    for (const [query, field] of [
      [calls, "hotlineCallPage"],
      [petitions, "petitions"],
    ]) {
      const cost: number[] = [];
      for (const first of [10, 200]) {
        const before = t.statements();
        const res = await t.as("leader").query(query, { first });
        expect(res.errors).toBeUndefined();
        cost.push(t.statements() - before);
        const nodes = res.data[field].edges.map((e: any) => e.node);
        expect(nodes).toHaveLength(first);
        // the calls this file registered are the newest, on every page
        if (field === "hotlineCallPage")
          expect(nodes.some((n: any) => n.registeredPetition?.hotlineCall?.id === n.id)).toBe(true);
        else
          expect(nodes.some((n: any) => n.hotlineCall?.registeredPetition?.id === n.id)).toBe(true);
      }
      expect(cost[1]).toBe(cost[0]);
    }
  });
});
