import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DataSource } from "typeorm";
import { openDatabase } from "../common/db";
import { openSubgraphDatabase } from "../common/server";
import { FixedClock } from "../common/time";
import { masswork } from "../subgraphs/masswork";
import { OpinionDigest } from "../subgraphs/masswork/entities/opinion-digest";
import { MassworkDigestSources1733400000000 } from "../subgraphs/masswork/migrations/1733400000000-digest-sources";
import { dropTestDatabases, mysqlBase, testDatabaseUrl } from "./support/databases";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * 社情民意 through the gateway: writing a digest that cites records of all three departments,
 * its refusals, idempotency, reading a digest with its sources in one request, each source's
 * digests, and the paginated list; over the default dataset, on SQLite and MariaDB.
 */

// years after the dataset's last record, so the 2017 report is untouched by what this file writes
const NOW = "2026-03-02T02:00:00.000Z";

const WRITE = `mutation($input: WriteDigestInput!, $key: String) {
  writeDigest(input: $input, idempotencyKey: $key) {
    id title summary publishedAt category periodFrom periodTo town { id name }
    messages { id } calls { id } petitions { id } receptions { id } } }`;

const WITH_SOURCES = `
  id title category periodFrom periodTo town { name }
  messages { id title postedAt }
  calls { id summary receivedAt }
  petitions { id serialNo title status }
  receptions { id matter headcount }`;

interface Sources {
  messages: number[];
  calls: number[];
  petitions: number[];
  receptions: number[];
}

describe("opinion digests (社情民意) through the gateway", () => {
  const clock = new FixedClock(new Date(NOW));
  let t: TestSystem;
  const db = (name: "masswork" | "service-center" | "bureau"): DataSource =>
    t.system.subgraphs[name]!.database.dataSource;
  /** seeded records of every kind a digest may cite, a few of each */
  let seeded: Sources;

  beforeAll(async () => {
    t = await startTestSystem({ clock });
    const ids = async (name: "masswork" | "service-center" | "bureau", sql: string) =>
      ((await db(name).query(sql)) as { id: number }[]).map((r) => Number(r.id));
    seeded = {
      messages: await ids("service-center", "SELECT id FROM online_message ORDER BY id LIMIT 8"),
      calls: await ids("service-center", "SELECT id FROM hotline_call ORDER BY id LIMIT 8"),
      petitions: await ids("bureau", "SELECT id FROM petition ORDER BY id LIMIT 8"),
      receptions: await ids("masswork", "SELECT id FROM reception ORDER BY id LIMIT 8"),
    };
  });
  afterAll(async () => {
    await t?.stop();
  });
  beforeEach(() => clock.set(NOW));

  const sourcesOf = (s: Partial<Sources>) => [
    ...(s.messages ?? []).map((id) => ({ kind: "MESSAGE", id: String(id) })),
    ...(s.calls ?? []).map((id) => ({ kind: "CALL", id: String(id) })),
    ...(s.petitions ?? []).map((id) => ({ kind: "PETITION", id: String(id) })),
    ...(s.receptions ?? []).map((id) => ({ kind: "RECEPTION", id: String(id) })),
  ];

  const input = (over: Record<string, unknown> = {}) => ({
    title: "社情民意:祁各庄镇群众关注拖欠工资",
    summary: "近期网站留言、热线来电和来访中,多名群众反映拖欠工资问题,建议劳动监察部门集中排查。",
    townId: "2",
    category: "WAGE_ARREARS",
    periodFrom: "2026-02-01",
    periodTo: "2026-02-28",
    sources: sourcesOf({
      messages: seeded.messages.slice(0, 2),
      calls: seeded.calls.slice(0, 2),
      petitions: seeded.petitions.slice(0, 2),
      receptions: seeded.receptions.slice(0, 2),
    }),
    ...over,
  });

  async function write(variables: Record<string, unknown>, role = "masswork") {
    const res = await t.as(role as "masswork").query(WRITE, variables);
    expect(res.errors).toBeUndefined();
    return res.data.writeDigest;
  }

  /** what a refusal must leave as it was */
  async function stored() {
    const count = async (table: string) =>
      Number((await db("masswork").query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    return {
      digests: await count("opinion_digest"),
      sources: await count("opinion_digest_source"),
      keys: await count("idempotency_key"),
    };
  }

  describe("writeDigest", () => {
    it("stores the digest and its sources from all three departments, read back in one request", async () => {
      const before = await stored();
      const d = await write({ input: input() });
      expect(d).toMatchObject({
        title: "社情民意:祁各庄镇群众关注拖欠工资",
        category: "WAGE_ARREARS",
        periodFrom: "2026-02-01",
        periodTo: "2026-02-28",
        publishedAt: "2026-03-02T02:00:00.000Z",
        town: { id: "2" },
        messages: seeded.messages.slice(0, 2).map((id) => ({ id: String(id) })),
        calls: seeded.calls.slice(0, 2).map((id) => ({ id: String(id) })),
        petitions: seeded.petitions.slice(0, 2).map((id) => ({ id: String(id) })),
        receptions: seeded.receptions.slice(0, 2).map((id) => ({ id: String(id) })),
      });
      expect(await stored()).toEqual({
        ...before,
        digests: before.digests + 1,
        sources: before.sources + 8,
      });

      // one request: each owner's fields of each cited record, resolved by the gateway
      const res = await t
        .as("leader")
        .query(`{ digests(first: 1) { edges { node { ${WITH_SOURCES} } } } }`);
      expect(res.errors).toBeUndefined();
      const node = res.data.digests.edges[0].node;
      expect(node.id).toBe(d.id);
      const [m] = await db("service-center").query(
        "SELECT title FROM online_message WHERE id = ?",
        [seeded.messages[0]],
      );
      const [c] = await db("service-center").query(
        "SELECT summary FROM hotline_call WHERE id = ?",
        [seeded.calls[0]],
      );
      const [p] = await db("bureau").query("SELECT serial_no, title FROM petition WHERE id = ?", [
        seeded.petitions[0],
      ]);
      const [r] = await db("masswork").query("SELECT matter FROM reception WHERE id = ?", [
        seeded.receptions[0],
      ]);
      expect(node.town.name).toEqual(expect.any(String));
      expect(node.messages[0]).toMatchObject({ id: String(seeded.messages[0]), title: m.title });
      expect(node.calls[0]).toMatchObject({ id: String(seeded.calls[0]), summary: c.summary });
      expect(node.petitions[0]).toMatchObject({
        id: String(seeded.petitions[0]),
        serialNo: p.serial_no,
        title: p.title,
      });
      expect(node.receptions[0]).toMatchObject({
        id: String(seeded.receptions[0]),
        matter: r.matter,
      });
    });

    it("costs the same SQL statements for 2 sources of each kind as for 20", async () => {
      const cost = async (n: number) => {
        const before = t.statements();
        await write({
          input: input({
            sources: sourcesOf({
              messages: await ids("service-center", "online_message", n),
              calls: await ids("service-center", "hotline_call", n),
              petitions: await ids("bureau", "petition", n),
              receptions: await ids("masswork", "reception", n),
            }),
          }),
        });
        return t.statements() - before;
      };
      const ids = async (
        name: "masswork" | "service-center" | "bureau",
        table: string,
        n: number,
      ) =>
        (
          (await db(name).query(`SELECT id FROM ${table} ORDER BY id DESC LIMIT ${n}`)) as {
            id: number;
          }[]
        ).map((r) => Number(r.id));
      // the SELECTs of `ids` above are counted too: 4 each, the same for both
      const [few, many] = [await cost(2), await cost(20)];
      expect(many).toBe(few);
    });

    // every row has four values: jest hands a shorter row a `done` callback in their place
    const refusals: [string, Record<string, unknown>, string, string | null][] = [
      ["a blank title", { title: "  " }, "input.title", null],
      ["a one-character summary", { summary: "短" }, "input.summary", null],
      ["a town id that is not one", { townId: "abc" }, "input.townId", null],
      ["a town that does not exist", { townId: "999" }, "input.townId", "no such town"],
      [
        "a period that ends before it starts",
        { periodFrom: "2026-02-10", periodTo: "2026-02-01" },
        "input.periodFrom",
        null,
      ],
      ["a period in the future", { periodTo: "2026-03-10" }, "input.periodTo", null],
      [
        "a period longer than a year",
        { periodFrom: "2024-01-01", periodTo: "2026-02-01" },
        "input.periodTo",
        null,
      ],
      ["no sources", { sources: [] }, "input.sources", null],
      [
        "a source listed twice",
        {
          sources: [
            { kind: "PETITION", id: "1" },
            { kind: "MESSAGE", id: "1" },
            { kind: "PETITION", id: "1" },
          ],
        },
        "input.sources[2]",
        "is listed twice",
      ],
      [
        "a source id that is not one",
        {
          sources: [
            { kind: "PETITION", id: "1" },
            { kind: "MESSAGE", id: "1" },
            { kind: "CALL", id: "-3" },
          ],
        },
        "input.sources[2].id",
        null,
      ],
      [
        "a message that does not exist",
        {
          sources: [
            { kind: "PETITION", id: "1" },
            { kind: "CALL", id: "1" },
            { kind: "MESSAGE", id: "99999999" },
          ],
        },
        "input.sources[2].id",
        "no such online message",
      ],
      [
        "a call that does not exist",
        {
          sources: [
            { kind: "MESSAGE", id: "1" },
            { kind: "CALL", id: "99999999" },
          ],
        },
        "input.sources[1].id",
        "no such hotline call",
      ],
      [
        "a petition that does not exist",
        { sources: [{ kind: "PETITION", id: "99999999" }] },
        "input.sources[0].id",
        "no such petition",
      ],
      [
        "a reception that does not exist",
        {
          sources: [
            { kind: "MESSAGE", id: "1" },
            { kind: "RECEPTION", id: "99999999" },
          ],
        },
        "input.sources[1].id",
        "no such reception",
      ],
    ];
    it.each(refusals)(
      "refuses %s, naming the field, and stores nothing",
      async (_, over, field, reason) => {
        const before = await stored();
        const res = await t
          .as("masswork")
          .query(WRITE, { input: input(over), key: "refused-digest-1" });
        expect(res.data ?? null).toBeNull();
        expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
        if (reason) expect(res.errors?.[0].extensions?.reason).toBe(reason);
        expect(await stored()).toEqual(before);
      },
    );

    it("is refused to every role but the mass-work department's, storing nothing", async () => {
      const before = await stored();
      for (const role of ["bureau", "service-center", "leader", "integrator", "public"] as const) {
        const res = await t.as(role).query(WRITE, { input: input() });
        expect(res.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      }
      const res = await t.as("anonymous").query(WRITE, { input: input() });
      expect(res.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
      expect(await stored()).toEqual(before);
    });
  });

  describe("idempotency", () => {
    it("answers the same key with the same digest, and refuses it with another input", async () => {
      const first = await write({ input: input(), key: "digest-key-sequential" });
      const before = await stored();
      const again = await write({ input: input(), key: "digest-key-sequential" });
      expect(again.id).toBe(first.id);
      expect(await stored()).toEqual(before);
      const res = await t
        .as("masswork")
        .query(WRITE, { input: input({ title: "另一期社情民意" }), key: "digest-key-sequential" });
      expect(res.errors?.[0].extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "idempotencyKey",
      });
      expect(await stored()).toEqual(before);
    });

    it("gives concurrent senders of one key one digest and the same id", async () => {
      const before = await stored();
      const results = await Promise.all(
        Array.from({ length: 4 }, () =>
          t.as("masswork").query(WRITE, { input: input(), key: "digest-key-concurrent" }),
        ),
      );
      for (const res of results) expect(res.errors).toBeUndefined();
      const ids = new Set(results.map((r) => r.data.writeDigest.id));
      expect(ids.size).toBe(1);
      expect(await stored()).toEqual({
        digests: before.digests + 1,
        sources: before.sources + 8,
        keys: before.keys + 1,
      });
    });
  });

  describe("each source's digests", () => {
    it("lists the digests citing a message, a call, a petition and a reception, newest first", async () => {
      clock.set("2026-03-03T02:00:00.000Z");
      const one = {
        messages: [seeded.messages[5]],
        calls: [seeded.calls[5]],
        petitions: [seeded.petitions[5]],
        receptions: [seeded.receptions[5]],
      };
      const older = await write({ input: input({ sources: sourcesOf(one) }) });
      clock.set("2026-03-04T02:00:00.000Z");
      const newer = await write({
        input: input({ sources: sourcesOf(one), periodTo: "2026-03-03" }),
      });
      const res = await t.as("bureau").query(
        `query($m: [ID!], $c: [ID!], $p: ID!) {
          messagePage(filter: { ids: $m }) { edges { node { id digests { id } } } }
          hotlineCallPage(filter: { ids: $c }) { edges { node { id digests { id } } } }
          petition(id: $p) { id digests { id } receptions { id } }
          digests(first: 1) { edges { node { id receptions { id digests { id } } } } }
        }`,
        { m: one.messages.map(String), c: one.calls.map(String), p: String(one.petitions[0]) },
      );
      expect(res.errors).toBeUndefined();
      const expected = [{ id: newer.id }, { id: older.id }];
      const ours = (list: { id: string }[]) =>
        list.filter((d) => d.id === newer.id || d.id === older.id);
      expect(ours(res.data.messagePage.edges[0].node.digests)).toEqual(expected);
      expect(ours(res.data.hotlineCallPage.edges[0].node.digests)).toEqual(expected);
      expect(ours(res.data.petition.digests)).toEqual(expected);
      expect(res.data.digests.edges[0].node.id).toBe(newer.id);
      expect(ours(res.data.digests.edges[0].node.receptions[0].digests)).toEqual(expected);
    });

    it("costs as many SQL statements for 100 sources' digests as for 10", async () => {
      // the seeded digests cite no calls: one that does
      await write({ input: input({ sources: sourcesOf({ calls: [seeded.calls[7]] }) }) });
      // records with digests (and petitions with cited receptions) first, so both pages have some
      const list = async (
        name: "masswork" | "service-center" | "bureau",
        cited: string,
        all: string,
      ) => {
        const first = (await db("masswork").query(cited)).map((r: any) => Number(r.id));
        const rest = (await db(name).query(all)).map((r: any) => Number(r.id));
        const ids = [...new Set([...first, ...rest])].slice(0, 100).map(String);
        expect(ids).toHaveLength(100);
        return ids;
      };
      const cited = (kind: string) =>
        `SELECT DISTINCT source_id AS id FROM opinion_digest_source WHERE kind = '${kind}' ORDER BY source_id LIMIT 100`;
      const m = await list(
        "service-center",
        cited("MESSAGE"),
        "SELECT id FROM online_message ORDER BY id LIMIT 200",
      );
      const c = await list(
        "service-center",
        cited("CALL"),
        "SELECT id FROM hotline_call ORDER BY id LIMIT 200",
      );
      const p = await list(
        "bureau",
        `SELECT DISTINCT r.petition_id AS id FROM reception r JOIN opinion_digest_source s
         ON s.kind = 'RECEPTION' AND s.source_id = r.id
         WHERE r.petition_id IS NOT NULL ORDER BY r.petition_id LIMIT 100`,
        "SELECT id FROM petition ORDER BY id LIMIT 200",
      );
      const query = `query($m: [ID!], $c: [ID!], $p: [ID!], $first: Int) {
        messagePage(first: $first, filter: { ids: $m }) { edges { node { id digests { id title } } } }
        hotlineCallPage(first: $first, filter: { ids: $c }) { edges { node { id digests { id } } } }
        petitions(first: $first, filter: { ids: $p }) { edges { node { id digests { id } receptions { digests { id } } } } } }`;
      const cost = async (n: number) => {
        const before = t.statements();
        const res = await t
          .as("masswork")
          .query(query, { m: m.slice(0, n), c: c.slice(0, n), p: p.slice(0, n), first: n });
        expect(res.errors).toBeUndefined();
        expect(res.data.petitions.edges).toHaveLength(n);
        expect(res.data.messagePage.edges.some((e: any) => e.node.digests.length)).toBe(true);
        expect(res.data.hotlineCallPage.edges.some((e: any) => e.node.digests.length)).toBe(true);
        expect(
          res.data.petitions.edges.some((e: any) =>
            e.node.receptions.some((r: any) => r.digests.length),
          ),
        ).toBe(true);
        return t.statements() - before;
      };
      const [ten, hundred] = [await cost(10), await cost(100)];
      expect(hundred).toBe(ten);
    });

    it("finds the seeded digests' sources: petitions, their messages and receptions", async () => {
      const res = await t.as("leader").query(
        `{ digests(first: 200, filter: { to: "2017-12-31T23:59:59+08:00" }) { totalCount edges { node {
          id publishedAt category town { id } periodFrom periodTo
          petitions { id category town { id } receivedAt }
          messages { id digests { id } } receptions { id petition { id } } } } } }`,
      );
      expect(res.errors).toBeUndefined();
      const nodes = res.data.digests.edges.map((e: any) => e.node);
      expect(nodes).toHaveLength(res.data.digests.totalCount);
      const cited = nodes.filter((n: any) => n.petitions.length);
      // nearly every seeded digest cites the month's petitions of its town and matter
      expect(cited.length).toBeGreaterThan(nodes.length * 0.9);
      expect(nodes.some((n: any) => n.messages.length)).toBe(true);
      expect(nodes.some((n: any) => n.receptions.length)).toBe(true);
      for (const n of cited) {
        const petitionIds = n.petitions.map((p: any) => p.id);
        for (const p of n.petitions) {
          expect(p).toMatchObject({ category: n.category, town: n.town });
          expect(p.receivedAt < n.publishedAt).toBe(true);
        }
        for (const m of n.messages) expect(m.digests.map((d: any) => d.id)).toContain(n.id);
        for (const r of n.receptions) expect(petitionIds).toContain(r.petition.id);
      }
    });
  });

  describe("digests(filter, first, after)", () => {
    const PAGE = `query($filter: DigestFilter, $first: Int, $after: String) {
      digests(filter: $filter, first: $first, after: $after) {
        totalCount edges { cursor node { id publishedAt } } pageInfo { hasNextPage endCursor } } }`;

    async function walk(filter: Record<string, unknown> | null, first: number) {
      const ids: string[] = [];
      const times: string[] = [];
      let after: string | null = null;
      let total = -1;
      for (;;) {
        const res: any = await t.as("integrator").query(PAGE, { filter, first, after });
        expect(res.errors).toBeUndefined();
        const page = res.data.digests;
        total = page.totalCount;
        ids.push(...page.edges.map((e: any) => e.node.id));
        times.push(...page.edges.map((e: any) => e.node.publishedAt));
        if (!page.pageInfo.hasNextPage) break;
        expect(page.edges).toHaveLength(first);
        after = page.pageInfo.endCursor;
      }
      return { ids, times, total };
    }

    it("walks every digest once, newest first, whatever the page size", async () => {
      const [n] = await db("masswork").query("SELECT COUNT(*) AS n FROM opinion_digest");
      const by7 = await walk(null, 7);
      const by50 = await walk(null, 50);
      expect(by7.ids).toHaveLength(Number(n.n));
      expect(new Set(by7.ids).size).toBe(by7.ids.length);
      expect(by7.total).toBe(Number(n.n));
      expect(by50.ids).toEqual(by7.ids);
      expect([...by7.times].sort().reverse()).toEqual(by7.times);
    });

    it("filters by town, category, time and the kind of record cited", async () => {
      const calls = await walk({ sourceKind: ["CALL"] }, 20);
      // the seeded digests cite no calls: only those this file wrote
      const [n] = await db("masswork").query(
        "SELECT COUNT(DISTINCT digest_id) AS n FROM opinion_digest_source WHERE kind = 'CALL'",
      );
      expect(calls.total).toBe(Number(n.n));
      expect(calls.total).toBeGreaterThan(0);
      const town = await walk(
        {
          townId: "3",
          category: ["LAND_ACQUISITION", "DEMOLITION"],
          to: "2017-12-31T23:59:59+08:00",
        },
        10,
      );
      const [m] = await db("masswork").query(
        "SELECT COUNT(*) AS n FROM opinion_digest WHERE town_id = 3 AND category IN ('LAND_ACQUISITION', 'DEMOLITION') AND published_at < '2018-01-01'",
      );
      expect(town.total).toBe(Number(m.n));
      expect(town.ids).toHaveLength(Number(m.n));
      const res = await t.as("masswork").query(PAGE, {
        filter: { from: "2017-03-01T00:00:00+08:00", to: "2017-01-01T00:00:00+08:00" },
      });
      expect(res.errors?.[0].extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "filter.from",
      });
    });

    it("costs as many SQL statements for a page of 100 with its sources as for a page of 10", async () => {
      const query = `query($first: Int) { digests(first: $first) { totalCount edges { node {
        ${WITH_SOURCES} } } } }`;
      const cost = async (first: number) => {
        const before = t.statements();
        const res = await t.as("leader").query(query, { first });
        expect(res.errors).toBeUndefined();
        expect(res.data.digests.edges).toHaveLength(first);
        return t.statements() - before;
      };
      const [ten, hundred] = [await cost(10), await cost(100)];
      expect(hundred).toBe(ten);
    });

    it("is read by those who read cases, and by no one else", async () => {
      for (const role of [
        "bureau",
        "masswork",
        "service-center",
        "leader",
        "integrator",
        "admin",
      ] as const) {
        const res = await t.as(role).query("{ digests(first: 1) { totalCount } }");
        expect(res.errors).toBeUndefined();
      }
      const pub = await t.as("public").query("{ digests(first: 1) { totalCount } }");
      expect(pub.errors?.[0].extensions?.code).toBe("FORBIDDEN");
      const anon = await t.as("anonymous").query("{ digests(first: 1) { totalCount } }");
      expect(anon.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
      // a citizen reads answered messages, not the digests citing them
      const msg = await t
        .as("public")
        .query(
          "{ messagePage(first: 1, filter: { replied: true }) { edges { node { id digests { id } } } } }",
        );
      expect(msg.data.messagePage.edges[0].node.digests).toBeNull();
      expect(msg.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    });
  });
});

describe("the migration that links digests to their sources", () => {
  const files: string[] = [];
  afterAll(async () => {
    for (const f of files) rmSync(f, { force: true });
    await dropTestDatabases();
  });

  it("keeps the digests stored before it, is reversible, and runs again", async () => {
    let url = testDatabaseUrl("digest_migrate");
    if (!mysqlBase) {
      const file = path.join(tmpdir(), `digests-${randomBytes(4).toString("hex")}.sqlite`);
      files.push(file, `${file}-wal`, `${file}-shm`);
      url = `sqlite:${file}`;
    }
    const mine = masswork.migrations.indexOf(MassworkDigestSources1733400000000);
    const before = await openDatabase({
      url,
      entities: [],
      migrations: masswork.migrations.slice(0, mine),
    });
    await before.dataSource.query(
      "INSERT INTO opinion_digest (id, title, summary, published_at) VALUES (1, '社情民意第1期', '群众反映的问题', '2017-03-01 02:00:00.000')",
    );
    await before.close();

    const db = await openSubgraphDatabase(masswork, url);
    try {
      const old = await db.dataSource.getRepository(OpinionDigest).findOneByOrFail({ id: 1 });
      expect(old).toMatchObject({ title: "社情民意第1期", townId: null, category: null });
      expect(old.periodFrom).toBeNull();
      await db.dataSource.query(
        "INSERT INTO opinion_digest_source (digest_id, kind, source_id, position) VALUES (1, 'PETITION', 7, 0)",
      );
      const sqlite = db.dataSource.options.type === "better-sqlite3";
      if (sqlite) await db.dataSource.query("PRAGMA foreign_keys = OFF");
      const since = masswork.migrations.length - mine;
      for (let i = 0; i < since; i++)
        await db.dataSource.undoLastMigration({ transaction: "each" });
      if (sqlite) await db.dataSource.query("PRAGMA foreign_keys = ON");
      const columns = Object.keys((await db.dataSource.query("SELECT * FROM opinion_digest"))[0]);
      expect(columns.sort()).toEqual(["id", "published_at", "summary", "title"]);
      expect(await db.dataSource.runMigrations({ transaction: "each" })).toHaveLength(since);
      const [links] = await db.dataSource.query("SELECT COUNT(*) AS n FROM opinion_digest_source");
      expect(Number(links.n)).toBe(0);
    } finally {
      await db.close();
    }
  });
});
