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
