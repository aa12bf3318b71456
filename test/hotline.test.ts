import type { DataSource } from "typeorm";
import { sqlTime } from "../common/db";
import { startTestSystem, type GraphQLResponse, type TestSystem } from "./support/system";

/**
 * The service center's daily work through the gateway: the website's messages and the mayor's
 * hotline's calls a page at a time, over the default dataset and rows of this file's own.
 */

interface Walk {
  ids: string[];
  totals: number[];
  pages: number;
}

/** Follows a paginated list from its first page to its last, `first` at a time. */
async function walk(
  t: TestSystem,
  role: Parameters<TestSystem["as"]>[0],
  field: "hotlineCallPage" | "messagePage",
  filter: Record<string, unknown> | null,
  first: number,
  subject?: string,
): Promise<Walk> {
  const filterType = field === "hotlineCallPage" ? "HotlineCallFilter" : "OnlineMessageFilter";
  const query = `query($filter: ${filterType}, $first: Int, $after: String) {
    ${field}(filter: $filter, first: $first, after: $after) {
      totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
  const out: Walk = { ids: [], totals: [], pages: 0 };
  let after: string | null = null;
  for (;;) {
    const res: GraphQLResponse = await t.as(role, subject).query(query, { filter, first, after });
    expect(res.errors).toBeUndefined();
    const page: any = res.data[field];
    out.pages++;
    out.totals.push(page.totalCount);
    out.ids.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
    expect(page.edges.length).toBeLessThanOrEqual(first);
    if (page.edges.length)
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
    if (!page.pageInfo.hasNextPage) return out;
    expect(page.edges).toHaveLength(first);
    after = page.pageInfo.endCursor;
  }
}

async function count(db: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query(sql, params);
  return Number(row.n);
}

async function ids(db: DataSource, sql: string, params: unknown[] = []): Promise<string[]> {
  const rows: { id: number }[] = await db.query(sql, params);
  return rows.map((r) => String(r.id));
}

/** Calls of this file's own, in January 2018 (after the dataset): towns, categories, answers. */
const JANUARY = {
  receivedFrom: "2018-01-01T00:00:00+08:00",
  receivedTo: "2018-01-31T23:59:59+08:00",
};
const OWN_CALLS = 47;
const CATEGORIES = ["WAGE_ARREARS", "DEMOLITION", "OTHER"];

describe("the service center's lists, a page at a time", () => {
  let t: TestSystem;
  let sc: DataSource;

  beforeAll(async () => {
    t = await startTestSystem();
    sc = t.system.subgraphs["service-center"]!.database.dataSource;
    // several calls share a moment, so the cursor's id decides their order
    for (let i = 0; i < OWN_CALLS; i++) {
      const at = new Date(Date.UTC(2018, 0, 2 + (i % 20), 1 + Math.floor(i / 20)));
      const answered = i % 3 === 0 ? new Date(at.getTime() + 3_600_000) : null;
      await sc.query(
        `INSERT INTO hotline_call (received_at, summary, category, town_id, petition_id, caller_phone, answer_text, answered_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
        [
          sqlTime(i % 5 === 0 ? new Date(Date.UTC(2018, 0, 9, 3)) : at),
          `来电反映第${i}号问题`,
          CATEGORIES[i % 3],
          1 + (i % 4),
          // some of them were registered as petitions of the dataset
          i % 7 === 0 ? i + 1 : null,
          `1380000${String(1000 + i)}`,
          answered ? "已答复来电人" : null,
          answered ? sqlTime(answered) : null,
        ],
      );
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("walks every hotline call once, newest first, with the right total on every page", async () => {
    const all = await ids(sc, "SELECT id FROM hotline_call ORDER BY received_at DESC, id DESC");
    expect(all.length).toBeGreaterThan(400);
    for (const first of [200, 37]) {
      const w = await walk(t, "service-center", "hotlineCallPage", null, first);
      expect(w.ids).toEqual(all);
      expect(new Set(w.ids).size).toBe(all.length);
      expect(new Set(w.totals)).toEqual(new Set([all.length]));
      expect(w.pages).toBe(Math.ceil(all.length / first));
    }
  });

  it("filters calls by received date, category, town and answer, on every page", async () => {
    const cases: [Record<string, unknown>, string, unknown[]][] = [
      [
        JANUARY,
        "received_at >= ? AND received_at <= ?",
        ["2017-12-31 16:00:00.000", "2018-01-31 15:59:59.000"],
      ],
      [
        { ...JANUARY, townId: "2" },
        "received_at >= ? AND town_id = 2",
        ["2017-12-31 16:00:00.000"],
      ],
      [
        { category: ["WAGE_ARREARS", "OTHER"], answered: true },
        "category IN ('WAGE_ARREARS', 'OTHER') AND answered_at IS NOT NULL",
        [],
      ],
      [
        { ...JANUARY, answered: false },
        "received_at >= ? AND answered_at IS NULL",
        ["2017-12-31 16:00:00.000"],
      ],
      [
        { receivedTo: "2016-03-31T23:59:59+08:00", category: ["DEMOLITION"] },
        "received_at <= ? AND category = 'DEMOLITION'",
        ["2016-03-31 15:59:59.000"],
      ],
    ];
    for (const [filter, where, params] of cases) {
      const expected = await ids(
        sc,
        `SELECT id FROM hotline_call WHERE ${where} ORDER BY received_at DESC, id DESC`,
        params,
      );
      expect(expected.length).toBeGreaterThan(3);
      const w = await walk(t, "leader", "hotlineCallPage", filter, 4);
      expect(w.ids).toEqual(expected);
      expect(new Set(w.totals)).toEqual(new Set([expected.length]));
    }
    // the calls of this file: 47, of which 16 answered, 12 in town 2
    const own = await walk(t, "integrator", "hotlineCallPage", JANUARY, 10);
    expect(own.ids).toHaveLength(OWN_CALLS);
    const answered = await walk(
      t,
      "integrator",
      "hotlineCallPage",
      { ...JANUARY, answered: true },
      10,
    );
    expect(answered.ids).toHaveLength(Math.ceil(OWN_CALLS / 3));
    const town2 = await walk(t, "integrator", "hotlineCallPage", { ...JANUARY, townId: "2" }, 5);
    expect(town2.ids).toHaveLength(12);
    // an empty result is one page, with nothing and a total of 0
    const none = await walk(t, "integrator", "hotlineCallPage", { ...JANUARY, townId: "999" }, 5);
    expect(none).toEqual({ ids: [], totals: [0], pages: 1 });
  });

  it("walks the messages a caller may see, filtered by date, category and reply", async () => {
    const all = await ids(sc, "SELECT id FROM online_message ORDER BY posted_at DESC, id DESC");
    const w = await walk(t, "bureau", "messagePage", null, 200);
    expect(w.ids).toEqual(all);
    expect(new Set(w.totals)).toEqual(new Set([all.length]));
    // the public board: answered messages only, as onlineMessages shows them
    const replied = await ids(
      sc,
      "SELECT id FROM online_message WHERE replied_at IS NOT NULL ORDER BY posted_at DESC, id DESC",
    );
    expect(replied.length).toBeLessThan(all.length);
    const board = await walk(t, "anonymous", "messagePage", null, 150);
    expect(board.ids).toEqual(replied);
    expect(new Set(board.totals)).toEqual(new Set([replied.length]));
    const filter = {
      postedFrom: "2017-03-01T00:00:00+08:00",
      postedTo: "2017-06-30T23:59:59+08:00",
      category: ["LAND_ACQUISITION", "WAGE_ARREARS"],
      replied: false,
    };
    const expected = await ids(
      sc,
      `SELECT id FROM online_message WHERE posted_at >= ? AND posted_at <= ?
       AND category IN ('LAND_ACQUISITION', 'WAGE_ARREARS') AND replied_at IS NULL
       ORDER BY posted_at DESC, id DESC`,
      ["2017-02-28 16:00:00.000", "2017-06-30 15:59:59.000"],
    );
    expect(expected.length).toBeGreaterThan(3);
    const some = await walk(t, "service-center", "messagePage", filter, 3);
    expect(some.ids).toEqual(expected);
    expect(new Set(some.totals)).toEqual(new Set([expected.length]));
    // unreplied messages are not on the public board
    const hidden = await walk(t, "public", "messagePage", filter, 3, "citizen-nobody");
    expect(hidden).toEqual({ ids: [], totals: [0], pages: 1 });
  });

  it("costs the same number of statements for a page of 10 as for 200, nested fields and all", async () => {
    // pages that end at a message the bureau registered as a petition, and at a call of ours
    // that was: each page has nested records of every department
    const bureau = t.system.subgraphs.bureau!.database.dataSource;
    const [{ id: messageId }] = await bureau.query(
      "SELECT MAX(source_message_id) AS id FROM petition WHERE source_message_id IS NOT NULL",
    );
    const [{ posted_at: postedAt }] = await sc.query(
      "SELECT posted_at FROM online_message WHERE id = ?",
      [messageId],
    );
    const postedTo = new Date(
      postedAt instanceof Date ? postedAt : `${String(postedAt).replace(" ", "T")}Z`,
    ).toISOString();
    const calls = `query($first: Int) { hotlineCallPage(first: $first) { totalCount edges { node {
      id summary answer answeredAt version town { name } petition { serialNo status } } } } }`;
    const messages = `query($first: Int) { messagePage(first: $first, filter: { postedTo: "${postedTo}" }) { totalCount edges { node {
      id title authorName reply { text } petition { serialNo } } } } }`;
    for (const [query, field] of [
      [calls, "hotlineCallPage"],
      [messages, "messagePage"],
    ]) {
      const cost: number[] = [];
      for (const first of [10, 200]) {
        const before = t.statements();
        const res = await t.as("service-center").query(query, { first });
        expect(res.errors).toBeUndefined();
        cost.push(t.statements() - before);
        const nodes = res.data[field].edges.map((e: any) => e.node);
        expect(nodes).toHaveLength(first);
        expect(nodes.some((n: any) => n.petition?.serialNo)).toBe(true);
        if (field === "hotlineCallPage")
          expect(nodes.every((n: any) => n.town?.name)).toBe(first === 10);
        if (field === "messagePage") expect(nodes.some((n: any) => n.authorName)).toBe(true);
      }
      expect(cost[1]).toBe(cost[0]);
      expect(cost[0]).toBeLessThanOrEqual(6);
    }
  });

  it("refuses what is not a page: a bad cursor, a size out of range, a reversed range, a role without access", async () => {
    const q = `query($filter: HotlineCallFilter, $first: Int, $after: String) {
      hotlineCallPage(filter: $filter, first: $first, after: $after) { totalCount } }`;
    const refused = async (vars: Record<string, unknown>, code: string, field?: string) => {
      const res = await t.as("bureau").query(q, vars);
      expect(res.errors?.[0]?.extensions?.code).toBe(code);
      if (field) expect(res.errors?.[0]?.extensions?.field).toBe(field);
    };
    await refused({ after: "bm90LWEtY3Vyc29y" }, "BAD_USER_INPUT", "after");
    await refused({ first: 201 }, "BAD_USER_INPUT", "first");
    await refused({ first: -1 }, "BAD_USER_INPUT", "first");
    await refused(
      {
        filter: {
          receivedFrom: "2018-02-01T00:00:00+08:00",
          receivedTo: "2018-01-01T00:00:00+08:00",
        },
      },
      "BAD_USER_INPUT",
      "filter.receivedFrom",
    );
    await refused({ filter: { townId: "x" } }, "BAD_USER_INPUT", "filter.townId");
    const pub = await t.as("public").query(q, {});
    expect(pub.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const anon = await t.as("anonymous").query(q, {});
    expect(anon.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    // a page of size 0: nothing, but the total (and, as the bureau's petitions, no next page)
    const zero = await t
      .as("bureau")
      .query(q.replace("totalCount", "totalCount edges { cursor } pageInfo { hasNextPage }"), {
        first: 0,
        filter: JANUARY,
      });
    expect(zero.data.hotlineCallPage).toEqual({
      totalCount: OWN_CALLS,
      edges: [],
      pageInfo: { hasNextPage: false },
    });
  });
});

const RECORD = `mutation($input: RecordCallInput!) { recordCall(input: $input) {
  id receivedAt summary category version answer answeredAt callerPhone town { id name } } }`;
const ANSWER = `mutation($id: ID!, $answer: String!, $version: Int!) {
  answerCall(id: $id, answer: $answer, version: $version) { id answer answeredAt version } }`;

describe("hotline calls recorded and answered", () => {
  let t: TestSystem;
  let sc: DataSource;
  const anHourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
  const call = (over: Record<string, unknown> = {}) => ({
    receivedAt: anHourAgo(),
    summary: "  反映小区供暖不热，希望尽快解决  ",
    category: "OTHER",
    townId: "3",
    callerPhone: "139-1234-5678",
    ...over,
  });
  /** what a refused write could have left behind */
  const stored = async () => ({
    calls: await count(sc, "SELECT COUNT(*) AS n FROM hotline_call"),
    keys: await count(sc, "SELECT COUNT(*) AS n FROM idempotency_key"),
    answered: await count(
      sc,
      "SELECT COUNT(*) AS n FROM hotline_call WHERE answered_at IS NOT NULL",
    ),
    audit: await count(sc, "SELECT COUNT(*) AS n FROM personal_data_read"),
  });
  const audited = (id: string) =>
    count(
      sc,
      "SELECT COUNT(*) AS n FROM personal_data_read WHERE entity = 'HotlineCall' AND record_id = ? AND fields = 'callerPhone'",
      [Number(id)],
    );
  const record = async (over: Record<string, unknown> = {}) => {
    const res = await t.as("service-center").query(RECORD, { input: call(over) });
    expect(res.errors).toBeUndefined();
    return res.data.recordCall;
  };

  beforeAll(async () => {
    t = await startTestSystem();
    sc = t.system.subgraphs["service-center"]!.database.dataSource;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("records a call, checked and trimmed, with its town; the clerk reads the phone, audited", async () => {
    const before = await stored();
    const c = await record();
    expect(c).toMatchObject({
      summary: "反映小区供暖不热，希望尽快解决",
      category: "OTHER",
      version: 1,
      answer: null,
      answeredAt: null,
      callerPhone: "13912345678",
      town: { id: "3" },
    });
    expect(typeof c.town.name).toBe("string");
    expect(await stored()).toEqual({ ...before, calls: before.calls + 1, audit: before.audit + 1 });
    expect(await audited(c.id)).toBe(1);
    const [row] = await sc.query("SELECT town_id, caller_phone FROM hotline_call WHERE id = ?", [
      Number(c.id),
    ]);
    expect([Number(row.town_id), row.caller_phone]).toEqual([3, "13912345678"]);
    // searchable as soon as it is acknowledged
    const found = await t
      .as("service-center")
      .query(`{ search(text: "供暖不热") { hotlineCalls { id } } }`);
    expect(found.data.search.hotlineCalls.map((h: { id: string }) => h.id)).toContain(c.id);
    // a landline with its area code is a phone too
    expect((await record({ callerPhone: "0316 8812345" })).callerPhone).toBe("03168812345");
  });

  it("refuses bad input naming the field, and stores nothing", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ callerPhone: "12345" }, "input.callerPhone"],
      [{ callerPhone: "138001380001" }, "input.callerPhone"],
      [{ summary: "" }, "input.summary"],
      [{ summary: " \u200b\u3000 " }, "input.summary"],
      [{ receivedAt: new Date(Date.now() + 86_400_000).toISOString() }, "input.receivedAt"],
      [{ townId: "999" }, "input.townId"],
      [{ townId: "x1" }, "input.townId"],
      [{ idempotencyKey: "short" }, "idempotencyKey"],
    ];
    const before = await stored();
    for (const [over, field] of cases) {
      const res = await t.as("service-center").query(RECORD, { input: call(over) });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect(typeof res.errors?.[0]?.extensions?.reason).toBe("string");
      expect(res.data).toBeNull();
    }
    // only the service center records calls
    for (const role of ["bureau", "leader", "public"] as const) {
      const res = await t.as(role).query(RECORD, { input: call() });
      expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    expect(
      (await t.as("anonymous").query(RECORD, { input: call() })).errors?.[0]?.extensions?.code,
    ).toBe("UNAUTHENTICATED");
    expect(await stored()).toEqual(before);
  });

  it("records a call once per idempotency key, and refuses the key with another input", async () => {
    const input = call({ idempotencyKey: "hotline-key-0001", summary: "同一来电重复提交" });
    const first = await t.as("service-center").query(RECORD, { input });
    const before = await stored();
    const again = await t.as("service-center").query(RECORD, { input });
    expect(again.errors).toBeUndefined();
    expect(again.data.recordCall.id).toBe(first.data.recordCall.id);
    // the repeat read the phone too: audited, and nothing else stored
    expect(await stored()).toEqual({ ...before, audit: before.audit + 1 });
    const other = await t
      .as("service-center")
      .query(RECORD, { input: { ...input, summary: "另一来电" } });
    expect(other.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "idempotencyKey",
    });
    expect(await stored()).toEqual({ ...before, audit: before.audit + 1 });
  });

  it("gives several clients sending one key at once the same call, stored once", async () => {
    const input = call({ idempotencyKey: "hotline-race-0001", summary: "多个终端同时提交的来电" });
    const before = await stored();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.as("service-center", `clerk-${i}`).query(RECORD, { input }),
      ),
    );
    for (const a of answers) expect(a.errors).toBeUndefined();
    const got = new Set(answers.map((a) => a.data.recordCall.id));
    expect(got.size).toBe(1);
    expect(
      await count(sc, "SELECT COUNT(*) AS n FROM hotline_call WHERE summary = ?", [input.summary]),
    ).toBe(1);
    const after = await stored();
    expect([after.calls, after.keys]).toEqual([before.calls + 1, before.keys + 1]);
  });

  it("masks the caller's phone for roles that may not read it, and audits every unmasked read", async () => {
    const c = await record({ callerPhone: "13800138000", summary: "询问拆迁补偿标准" });
    const q = `query($filter: HotlineCallFilter) { hotlineCallPage(filter: $filter, first: 5) {
      edges { node { id callerPhone } } } }`;
    const filter = { receivedFrom: c.receivedAt, receivedTo: c.receivedAt };
    const phoneOf = async (role: Parameters<TestSystem["as"]>[0]) => {
      const res = await t.as(role).query(q, { filter });
      expect(res.errors).toBeUndefined();
      const node = res.data.hotlineCallPage.edges.find((e: any) => e.node.id === c.id).node;
      return node.callerPhone;
    };
    for (const role of ["masswork", "integrator", "admin"] as const) {
      const before = await audited(c.id);
      expect(await phoneOf(role)).toBe("138****8000");
      expect(await audited(c.id)).toBe(before);
    }
    for (const role of ["service-center", "bureau", "leader"] as const) {
      const before = await audited(c.id);
      expect(await phoneOf(role)).toBe("13800138000");
      expect(await audited(c.id)).toBe(before + 1);
      const [last] = await sc.query(
        "SELECT role, subject FROM personal_data_read WHERE entity = 'HotlineCall' AND record_id = ? ORDER BY id DESC LIMIT 1",
        [Number(c.id)],
      );
      expect(last).toEqual({ role, subject: `${role}-1` });
    }
    // a page of calls read unmasked: one row per call, all written by one more statement
    for (let i = 0; i < 6; i++) await record({ callerPhone: `1370000000${i}` });
    const page = (fields: string) =>
      `{ hotlineCallPage(first: 40) { edges { node { ${fields} } } } }`;
    let statementsBefore = t.statements();
    await t.as("bureau").query(page("id"));
    const plain = t.statements() - statementsBefore;
    const rowsBefore = await count(sc, "SELECT COUNT(*) AS n FROM personal_data_read");
    statementsBefore = t.statements();
    const res = await t.as("bureau").query(page("id callerPhone"));
    expect(t.statements() - statementsBefore).toBe(plain + 1);
    const withPhone = res.data.hotlineCallPage.edges.filter((e: any) => e.node.callerPhone).length;
    expect(withPhone).toBeGreaterThanOrEqual(7);
    expect(await count(sc, "SELECT COUNT(*) AS n FROM personal_data_read")).toBe(
      rowsBefore + withPhone,
    );
    // the older list masks the same way
    const list = await t.as("integrator").query(`{ hotlineCalls(first: 10) { id callerPhone } }`);
    expect(list.data.hotlineCalls.find((h: any) => h.id === c.id).callerPhone).toBe("138****8000");
  });

  it("answers a call once: the answer, its time and the next version", async () => {
    const c = await record({ summary: "反映路灯损坏" });
    const res = await t
      .as("service-center")
      .query(ANSWER, { id: c.id, answer: " 已转交镇政府维修 ", version: 1 });
    expect(res.errors).toBeUndefined();
    expect(res.data.answerCall).toMatchObject({ id: c.id, answer: "已转交镇政府维修", version: 2 });
    expect(Date.parse(res.data.answerCall.answeredAt)).toBeGreaterThan(Date.now() - 60_000);
    // among the answered ones
    const answered = await walk(
      t,
      "leader",
      "hotlineCallPage",
      { answered: true, receivedFrom: c.receivedAt, receivedTo: c.receivedAt },
      5,
    );
    expect(answered.ids).toContain(c.id);
    // never without the version read
    const d = await record({ summary: "咨询社保缴费" });
    const plain = await t
      .as("service-center")
      .query(`mutation($id: ID!) { answerCall(id: $id, answer: "已电话答复") { version } }`, {
        id: d.id,
      });
    expect(plain.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const [row] = await sc.query("SELECT answer_text, version FROM hotline_call WHERE id = ?", [
      Number(d.id),
    ]);
    expect([row.answer_text, Number(row.version)]).toEqual([null, 1]);
  });

  it("refuses a second answer, an unknown call, a stale version, a blank answer and other roles, changing nothing", async () => {
    const c = await record({ summary: "反映噪音扰民" });
    const done = await record({ summary: "反映垃圾清运" });
    await t.as("service-center").query(ANSWER, { id: done.id, answer: "已答复", version: 1 });
    const before = await stored();
    const refused = async (
      vars: Record<string, unknown>,
      expected: Record<string, unknown>,
      role: Parameters<TestSystem["as"]>[0] = "service-center",
    ) => {
      const res = await t.as(role).query(ANSWER, vars);
      expect(res.errors?.[0]?.extensions).toMatchObject(expected);
      expect(res.data).toBeNull();
    };
    await refused(
      { id: done.id, answer: "再次答复", version: 1 },
      { code: "PROCEDURE_VIOLATION", rule: "call-answered-once" },
    );
    await refused(
      { id: done.id, answer: "再次答复", version: 2 },
      { code: "PROCEDURE_VIOLATION", rule: "call-answered-once" },
    );
    await refused(
      { id: "987654", answer: "答复", version: 1 },
      { code: "BAD_USER_INPUT", field: "id" },
    );
    await refused(
      { id: "abc", answer: "答复", version: 1 },
      { code: "BAD_USER_INPUT", field: "id" },
    );
    await refused(
      { id: c.id, answer: "答复", version: 3 },
      { code: "CONFLICT", currentVersion: 1 },
    );
    await refused(
      { id: c.id, answer: "答复", version: 0 },
      { code: "BAD_USER_INPUT", field: "version" },
    );
    await refused(
      { id: c.id, answer: "  ", version: 1 },
      { code: "BAD_USER_INPUT", field: "answer" },
    );
    await refused({ id: c.id, answer: "答复", version: 1 }, { code: "FORBIDDEN" }, "bureau");
    expect(await stored()).toEqual(before);
    const [row] = await sc.query("SELECT answer_text, version FROM hotline_call WHERE id = ?", [
      Number(c.id),
    ]);
    expect([row.answer_text, Number(row.version)]).toEqual([null, 1]);
  });

  it("lets exactly one of several concurrent answers win", async () => {
    const c = await record({ summary: "反映积水问题" });
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t
          .as("service-center", `clerk-${i}`)
          .query(ANSWER, { id: c.id, answer: `答复${i}`, version: 1 }),
      ),
    );
    const won = answers.filter((a) => !a.errors);
    expect(won).toHaveLength(1);
    for (const lost of answers.filter((a) => a.errors))
      expect(lost.errors?.[0]?.extensions).toMatchObject({
        code: "PROCEDURE_VIOLATION",
        rule: "call-answered-once",
      });
    const [row] = await sc.query("SELECT answer_text, version FROM hotline_call WHERE id = ?", [
      Number(c.id),
    ]);
    expect([row.answer_text, Number(row.version)]).toEqual([won[0].data.answerCall.answer, 2]);
  });
});
