import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "../common/db";
import { openSubgraphDatabase } from "../common/server";
import { FixedClock } from "../common/time";
import { DEMO_VILLAGES } from "../seed";
import { masswork } from "../subgraphs/masswork";
import { MassworkVillages1733500000000 } from "../subgraphs/masswork/migrations/1733500000000-villages";
import { dropTestDatabases, mysqlBase, testDatabaseUrl } from "./support/databases";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * The three-level network (三级网络) through the gateway: villages and their 村"两委" heads, work
 * stations by town and village, duty rosters by level and day, receptions read back a page at a
 * time, scheduleDuty's rules and recordReception's idempotency keys, and the report unchanged.
 */

// a Monday, 10:00 in the county (UTC+8): years after the demo data's last record
const NOW = "2026-03-02T02:00:00.000Z";

const SCHEDULE = `mutation($leaderId: ID!, $date: Date!, $location: String!, $level: AdminLevel, $key: String) {
  scheduleDuty(leaderId: $leaderId, date: $date, location: $location, level: $level, idempotencyKey: $key) {
    id date level location leader { id } } }`;
const RECORD = `mutation($leaderId: ID!, $receivedAt: DateTime!, $headcount: Int!, $matter: String!, $key: String) {
  recordReception(leaderId: $leaderId, receivedAt: $receivedAt, headcount: $headcount, matter: $matter, idempotencyKey: $key) {
    id receivedAt headcount matter leader { id level } duty { id date } petition { id } } }`;
const DUTIES = `query($filter: ReceptionDutyFilter, $first: Int, $after: String) {
  duties(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id date level location leader { id name level town { name } village { name } } } } } }`;
const RECEPTIONS = `query($filter: ReceptionFilter, $first: Int, $after: String) {
  receptions(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id receivedAt headcount matter leader { id level town { id } village { name } } duty { id date } petition { id } } } } }`;

describe("the three-level network through the gateway", () => {
  const clock = new FixedClock(new Date(NOW));
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem({ clock });
  });
  afterAll(async () => {
    await t?.stop();
  });
  beforeEach(() => clock.set(NOW));

  const db = () => t.system.subgraphs.masswork!.database.dataSource;
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db().query(sql, params))[0].n);
  /** what a refusal must leave as it was */
  const stored = async () => ({
    duties: await count("SELECT COUNT(*) AS n FROM reception_duty"),
    receptions: await count("SELECT COUNT(*) AS n FROM reception"),
    keys: await count("SELECT COUNT(*) AS n FROM idempotency_key"),
  });

  async function ok(query: string, variables: Record<string, unknown> = {}, role = "masswork") {
    const res = await t.as(role as "masswork").query(query, variables);
    expect(res.errors).toBeUndefined();
    return Object.values(res.data)[0] as any;
  }

  /** Every page of a connection, walked with `after`, and the statements each page cost. */
  async function walk(query: string, filter: Record<string, unknown>, first: number) {
    const nodes: any[] = [];
    const totals = new Set<number>();
    let after: string | null = null;
    for (;;) {
      const page: any = await ok(query, { filter, first, after }, "leader");
      totals.add(page.totalCount);
      nodes.push(...page.edges.map((e: any) => e.node));
      expect(page.edges.length).toBeLessThanOrEqual(first);
      if (!page.pageInfo.hasNextPage) break;
      expect(page.edges.length).toBe(first);
      after = page.pageInfo.endCursor;
    }
    expect(totals.size).toBe(1);
    expect([...totals][0]).toBe(nodes.length);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    return nodes;
  }

  /** SQL statements every subgraph ran for one request */
  async function statements(query: string, variables: Record<string, unknown>) {
    const before = t.statements();
    await ok(query, variables, "leader");
    return t.statements() - before;
  }

  describe("villages, their heads and their work rooms", () => {
    it('lists every village\'s two 村"两委" heads among the leaders, at the village level', async () => {
      const leaders = await ok(
        "{ leaders(level: VILLAGE) { id title level town { id } village { id name town { id } } } }",
        {},
        "anonymous",
      );
      expect(leaders).toHaveLength(2 * DEMO_VILLAGES.flat().length);
      for (const l of leaders) {
        expect(l.level).toBe("VILLAGE");
        expect(l.village.town.id).toBe(l.town.id);
        expect(l.title.startsWith(l.village.name)).toBe(true);
      }
      const perVillage = new Map<string, number>();
      for (const l of leaders)
        perVillage.set(l.village.id, (perVillage.get(l.village.id) ?? 0) + 1);
      expect([...perVillage.values()].every((n) => n === 2)).toBe(true);
      // a town's leaders: its own two and its villages' six
      const ofTown = await ok('{ leaders(townId: "2") { level } }', {}, "anonymous");
      expect(ofTown.map((l: any) => l.level).sort()).toEqual([
        "TOWN",
        "TOWN",
        ...Array(6).fill("VILLAGE"),
      ]);
      const ofVillage = await ok('{ leaders(villageId: "4") { village { name } } }');
      expect(ofVillage).toEqual([
        { village: { name: DEMO_VILLAGES[1][0] } },
        { village: { name: DEMO_VILLAGES[1][0] } },
      ]);
    });

    it("gives each town its villages, and each village its heads and its work room", async () => {
      const towns = await ok(
        "{ towns { id villages { id name town { id } leaders { level } workStations { name level village { id } town { id } } } } }",
        {},
        "anonymous",
      );
      towns.forEach((town: any, i: number) => {
        expect(town.villages.map((v: any) => v.name)).toEqual(DEMO_VILLAGES[i]);
        for (const v of town.villages) {
          expect(v.town.id).toBe(town.id);
          expect(v.leaders).toEqual([{ level: "VILLAGE" }, { level: "VILLAGE" }]);
          expect(v.workStations).toEqual([
            {
              name: `${v.name}群众工作室`,
              level: "VILLAGE",
              village: { id: v.id },
              town: { id: town.id },
            },
          ]);
        }
      });
      const village = await ok('{ village(id: "7") { name town { id } } }', {}, "public");
      expect(village).toEqual({ name: DEMO_VILLAGES[2][0], town: { id: "3" } });
    });

    it("lists work stations by town, village and level", async () => {
      const ofTown = await ok('{ workStations(townId: "1") { level village { name } } }');
      expect(ofTown).toEqual([
        { level: "TOWN", village: null },
        ...DEMO_VILLAGES[0].map((name) => ({ level: "VILLAGE", village: { name } })),
      ]);
      const stations = await ok(
        "{ workStations(level: TOWN) { name town { id } } }",
        {},
        "anonymous",
      );
      expect(stations.map((s: any) => s.town.id)).toEqual(["1", "2", "3", "4", "5"]);
      expect(await ok('{ workStations(villageId: "15") { name } }')).toEqual([
        { name: `${DEMO_VILLAGES[4][2]}群众工作室` },
      ]);
      expect(await ok("{ workStations(level: VILLAGE) { id } }")).toHaveLength(15);
      const bad = await t.as("anonymous").query('{ workStations(villageId: "x") { id } }');
      expect(bad.errors?.[0].extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "villageId",
      });
    });
  });

  describe("duty rosters", () => {
    it("pages a level's roster by day, every duty once, whatever the page size", async () => {
      const filter = { level: "VILLAGE", from: "2017-03-01", to: "2017-03-07" };
      const expected = (
        await db().query(
          "SELECT id FROM reception_duty WHERE level = 'VILLAGE' AND date >= '2017-03-01' AND date <= '2017-03-07' ORDER BY date, id",
        )
      ).map((r: any) => String(r.id));
      // Wednesday to Friday and Monday, Tuesday: fifteen villages a working day
      expect(expected).toHaveLength(5 * 15);
      for (const size of [7, 30, 200]) {
        const nodes = await walk(DUTIES, filter, size);
        expect(nodes.map((n) => n.id)).toEqual(expected);
        for (const n of nodes) {
          expect(n.level).toBe("VILLAGE");
          expect(n.leader.level).toBe("VILLAGE");
          expect(n.location).toBe(`${n.leader.village.name}村委会`);
        }
      }
      const days = (await walk(DUTIES, filter, 200)).map((n) => n.date);
      expect([...days].sort()).toEqual(days);
    });

    it("filters the roster by town, village, leader and day", async () => {
      const day = { from: "2017-03-01", to: "2017-03-01" };
      const town = await walk(DUTIES, { ...day, townId: "2" }, 5);
      // the town's leader on duty and one head in each of its three villages
      expect(town.map((n) => n.level).sort()).toEqual(["TOWN", "VILLAGE", "VILLAGE", "VILLAGE"]);
      const village = await walk(DUTIES, { ...day, villageId: "4" }, 5);
      expect(village).toHaveLength(1);
      expect(village[0].leader.village.name).toBe(DEMO_VILLAGES[1][0]);
      const leaderId = village[0].leader.id;
      const hers = await walk(DUTIES, { leaderId, from: "2017-03-01", to: "2017-03-31" }, 4);
      expect(hers.length).toBeGreaterThan(5);
      expect(hers.every((n) => n.leader.id === leaderId)).toBe(true);
      const county = await walk(DUTIES, { ...day, level: "COUNTY" }, 5);
      expect(county).toHaveLength(1);
      const backwards = await t
        .as("anonymous")
        .query(DUTIES, { filter: { from: "2017-03-02", to: "2017-03-01" } });
      expect(backwards.errors?.[0].extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "filter.from",
      });
      const forged = await t.as("anonymous").query(DUTIES, { after: "bm90LWEtY3Vyc29y" });
      expect(forged.errors?.[0].extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "after",
      });
    });

    it("costs as many statements for a roster page of 200 as for one of 10", async () => {
      const filter = { from: "2017-03-01", to: "2017-03-31" };
      const [ten, two] = [
        await statements(DUTIES, { filter, first: 10 }),
        await statements(DUTIES, { filter, first: 200 }),
      ];
      expect(two).toBe(ten);
      expect(ten).toBeLessThanOrEqual(6);
    });
  });

  describe("scheduling a duty", () => {
    const villageHead = "19";

    it("refuses a day outside its window, a level not the leader's, a taken day, with nothing stored", async () => {
      const ok1 = { leaderId: villageHead, date: "2026-03-10", location: "东营村村委会" };
      const first = await ok(SCHEDULE, { ...ok1, level: "VILLAGE" });
      expect(first).toMatchObject({ date: "2026-03-10", level: "VILLAGE", leader: { id: "19" } });
      const before = await stored();
      const cases: [Record<string, unknown>, string][] = [
        [{ date: "2001-05-08" }, "date"],
        // 31 days back is the earliest (a duty entered after it was held), 366 ahead the latest
        [{ date: "2026-01-29" }, "date"],
        [{ date: "2027-03-04" }, "date"],
        [{ level: "COUNTY" }, "level"],
        [{ leaderId: "9", level: "VILLAGE", date: "2026-03-11" }, "level"],
        [{ leaderId: "99999" }, "leaderId"],
        [{ location: " " }, "location"],
        [{ key: "short" }, "idempotencyKey"],
        // the leader is on duty that day already
        [{}, "date"],
      ];
      for (const [over, field] of cases) {
        const res = await t.as("masswork").query(SCHEDULE, { ...ok1, ...over });
        expect(res.data ?? null).toBeNull();
        expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
        expect(typeof res.errors?.[0].extensions?.reason).toBe("string");
      }
      // only the mass-work department schedules
      for (const role of ["bureau", "leader", "public"] as const)
        expect(
          (await t.as(role).query(SCHEDULE, { ...ok1, date: "2026-03-12" })).errors?.[0].extensions
            ?.code,
        ).toBe("FORBIDDEN");
      expect(await stored()).toEqual(before);
      // the window's ends are inside it
      for (const date of ["2026-01-30", "2027-03-03"])
        expect((await ok(SCHEDULE, { ...ok1, date })).date).toBe(date);
    });

    it("of several clerks scheduling one leader's day at once, exactly one is stored", async () => {
      const vars = { leaderId: "20", date: "2026-03-16", location: "东营村村委会" };
      const before = await stored();
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => t.as("masswork", `clerk-${i}`).query(SCHEDULE, vars)),
      );
      expect(answers.filter((a) => a.data?.scheduleDuty)).toHaveLength(1);
      for (const a of answers.filter((a) => a.errors))
        expect(a.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "date" });
      expect(
        await count("SELECT COUNT(*) AS n FROM reception_duty WHERE leader_id = 20 AND date = ?", [
          "2026-03-16",
        ]),
      ).toBe(1);
      expect(await stored()).toEqual({ ...before, duties: before.duties + 1 });
    });

    it("gives every sender of one key the same duty, stored once", async () => {
      const vars = {
        leaderId: "21",
        date: "2026-03-17",
        location: "前屯村村委会",
        key: "duty-key-0001",
      };
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => t.as("masswork", `clerk-${i}`).query(SCHEDULE, vars)),
      );
      for (const a of answers) expect(a.errors).toBeUndefined();
      expect(new Set(answers.map((a) => a.data.scheduleDuty.id)).size).toBe(1);
      const again = await ok(SCHEDULE, vars);
      expect(again.id).toBe(answers[0].data.scheduleDuty.id);
      expect(
        await count("SELECT COUNT(*) AS n FROM reception_duty WHERE leader_id = 21 AND date = ?", [
          "2026-03-17",
        ]),
      ).toBe(1);
    });
  });

  describe("receptions", () => {
    it("reads a reception recorded without a petition back, by leader and day", async () => {
      const duty = await ok(SCHEDULE, {
        leaderId: "22",
        date: "2026-03-02",
        location: "前屯村村委会",
      });
      // 01:30 on 2 March in Beijing, still 1 March in UTC
      const rec = await ok(RECORD, {
        leaderId: "22",
        receivedAt: "2026-03-01T17:30:00Z",
        headcount: 2,
        matter: "村内道路硬化",
      });
      expect(rec).toMatchObject({
        leader: { id: "22", level: "VILLAGE" },
        duty: { id: duty.id, date: "2026-03-02" },
        petition: null,
      });
      const page = await ok(
        RECEPTIONS,
        { filter: { leaderId: "22", from: "2026-03-02", to: "2026-03-02" } },
        "leader",
      );
      expect(page.totalCount).toBe(1);
      expect(page.edges[0].node).toMatchObject(rec);
      // the day is Beijing's
      const utcDay = await ok(RECEPTIONS, {
        filter: { leaderId: "22", from: "2026-03-01", to: "2026-03-01" },
      });
      expect(utcDay.totalCount).toBe(0);
    });

    it("pages receptions by level and town, newest first, every one once, at a constant cost", async () => {
      const filter = { level: "VILLAGE", townId: "3", from: "2017-01-01", to: "2017-03-31" };
      const expected = (
        await db().query(
          `SELECT r.id FROM reception r JOIN leader l ON l.id = r.leader_id
           WHERE l.level = 'VILLAGE' AND l.town_id = 3
             AND r.received_at >= '2016-12-31 16:00:00.000' AND r.received_at < '2017-03-31 16:00:00.000'
           ORDER BY r.received_at DESC, r.id DESC`,
        )
      ).map((r: any) => String(r.id));
      expect(expected.length).toBeGreaterThan(20);
      for (const size of [9, 200]) {
        const nodes = await walk(RECEPTIONS, filter, size);
        expect(nodes.map((n) => n.id)).toEqual(expected);
        for (const n of nodes) {
          expect(n.leader).toMatchObject({ level: "VILLAGE", town: { id: "3" } });
          expect(n.duty).not.toBeNull();
        }
      }
      const county = await walk(
        RECEPTIONS,
        { level: "COUNTY", from: "2017-01-01", to: "2017-12-31" },
        200,
      );
      // the yearbook's 56 county leaders' receptions of 2017
      expect(county).toHaveLength(56);
      const year = { from: "2017-01-01", to: "2017-12-31" };
      const [ten, two] = [
        await statements(RECEPTIONS, { filter: year, first: 10 }),
        await statements(RECEPTIONS, { filter: year, first: 200 }),
      ];
      expect(two).toBe(ten);
      expect(ten).toBeLessThanOrEqual(6);
    });

    it("is for case readers alone", async () => {
      for (const role of ["anonymous", "public"] as const) {
        const res = await t.as(role).query(RECEPTIONS, { first: 1 });
        expect(res.errors?.[0].extensions?.code).toBe(
          role === "anonymous" ? "UNAUTHENTICATED" : "FORBIDDEN",
        );
      }
      for (const role of ["bureau", "service-center", "integrator", "admin"] as const)
        expect((await t.as(role).query(RECEPTIONS, { first: 1 })).errors).toBeUndefined();
    });

    it("records a reception once per idempotency key, and refuses the key with another input", async () => {
      const vars = {
        leaderId: "23",
        receivedAt: "2026-03-02T01:00:00Z",
        headcount: 1,
        matter: "宅基地界址纠纷",
        key: "reception-key-0001",
      };
      const first = await ok(RECORD, vars);
      const before = await stored();
      const again = await ok(RECORD, vars);
      expect(again).toEqual(first);
      expect(await stored()).toEqual(before);
      const other = await t.as("masswork").query(RECORD, { ...vars, headcount: 2 });
      expect(other.data ?? null).toBeNull();
      expect(other.errors?.[0].extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "idempotencyKey",
      });
      const short = await t.as("masswork").query(RECORD, { ...vars, key: "short" });
      expect(short.errors?.[0].extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "idempotencyKey",
      });
      expect(await stored()).toEqual(before);
    });

    it("gives several clients sending one key at once the same reception, stored once", async () => {
      const vars = {
        leaderId: "24",
        receivedAt: "2026-03-02T01:10:00Z",
        headcount: 3,
        matter: "多个终端同时提交的接访",
        key: "reception-race-0001",
      };
      const before = await stored();
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => t.as("masswork", `clerk-${i}`).query(RECORD, vars)),
      );
      for (const a of answers) expect(a.errors).toBeUndefined();
      expect(new Set(answers.map((a) => a.data.recordReception.id)).size).toBe(1);
      expect(
        await count("SELECT COUNT(*) AS n FROM reception WHERE matter = ?", [vars.matter]),
      ).toBe(1);
      expect(await stored()).toEqual({
        ...before,
        receptions: before.receptions + 1,
        keys: before.keys + 1,
      });
    });
  });

  it("keeps the 2017 report the yearbook's, village and town receptions of 2017 included", async () => {
    const figures = `{ annualReport(year: 2017) { countyLeaderReceptions { cases persons }
      screening { found resolved escalated } opinionDigests visits { all { count persons } } } }`;
    const yearbook = {
      countyLeaderReceptions: { cases: 56, persons: 1067 },
      screening: { found: 225, resolved: 175, escalated: 0 },
      opinionDigests: 60,
      visits: { all: { count: 1451, persons: 8498 } },
    };
    expect(await ok(figures, {}, "leader")).toEqual(yearbook);
    // a village head's and a town leader's reception of 2017 are no county leader's
    for (const leaderId of ["25", "9"])
      await ok(RECORD, {
        leaderId,
        receivedAt: "2017-06-01T02:00:00Z",
        headcount: 40,
        matter: "补录的接访",
      });
    expect(await ok(figures, {}, "leader")).toEqual(yearbook);
  });
});

describe("the migration that adds villages", () => {
  const files: string[] = [];
  afterAll(async () => {
    for (const f of files) rmSync(f, { force: true });
    await dropTestDatabases();
  });

  it("makes the village work rooms already recorded villages, and undoes and runs again over its data", async () => {
    let url = testDatabaseUrl("net_migrate");
    if (!mysqlBase) {
      const file = path.join(tmpdir(), `net-${randomBytes(4).toString("hex")}.sqlite`);
      files.push(file, `${file}-wal`, `${file}-shm`);
      url = `sqlite:${file}`;
    }
    // the migrations before this one, by their timestamps (TypeORM's order)
    const stamp = (m: Function) =>
      Number(/(\d{13})$/.exec(new (m as new () => { name: string })().name)![1]);
    const earlier = masswork.migrations.filter(
      (m) => stamp(m) < stamp(MassworkVillages1733500000000),
    );
    const before = await openDatabase({ url, entities: [], migrations: earlier });
    const q = (sql: string, params: unknown[] = []) => before.dataSource.query(sql, params);
    await q("INSERT INTO town (id, name) VALUES (1, '甲镇'), (2, '乙镇')");
    await q(
      `INSERT INTO work_station (id, name, level, town_id) VALUES
         (1, '甲镇群众工作站', 'TOWN', 1), (2, '东村群众工作室', 'VILLAGE', 1),
         (3, '西村群众工作室', 'VILLAGE', 1), (4, '东村群众工作室', 'VILLAGE', 2)`,
    );
    await q(
      "INSERT INTO leader (id, name, title, level, town_id) VALUES (1, '甲', '镇长', 'TOWN', 1)",
    );
    // rows that point at the leader: the table rebuilds must keep them
    await q(
      "INSERT INTO reception_duty (id, date, leader_id, level, location) VALUES (1, '2017-03-01', 1, 'TOWN', '甲镇群众工作站')",
    );
    await before.close();

    const db = await openSubgraphDatabase(masswork, url);
    try {
      const villages = async () =>
        (await db.dataSource.query("SELECT id, name, town_id FROM village ORDER BY id")).map(
          (v: any) => [Number(v.id), v.name, Number(v.town_id)],
        );
      const rooms = async () =>
        (await db.dataSource.query("SELECT id, village_id FROM work_station ORDER BY id")).map(
          (w: any) => [Number(w.id), w.village_id === null ? null : Number(w.village_id)],
        );
      expect(await villages()).toEqual([
        [1, "东村", 1],
        [2, "西村", 1],
        [3, "东村", 2],
      ]);
      expect(await rooms()).toEqual([
        [1, null],
        [2, 1],
        [3, 2],
        [4, 3],
      ]);
      expect(await db.dataSource.query("SELECT leader_id FROM reception_duty")).toHaveLength(1);
      // TypeORM turns SQLite's foreign keys off inside the transaction when it undoes a migration,
      // where SQLite ignores it: the table rebuilds of `down` need them off
      const sqlite = db.dataSource.options.type === "better-sqlite3";
      if (sqlite) await db.dataSource.query("PRAGMA foreign_keys = OFF");
      // this migration and any that came after it, newest first
      const since = masswork.migrations.length - earlier.length;
      for (let i = 0; i < since; i++)
        await db.dataSource.undoLastMigration({ transaction: "each" });
      if (sqlite) await db.dataSource.query("PRAGMA foreign_keys = ON");
      expect(Object.keys((await db.dataSource.query("SELECT * FROM leader"))[0])).not.toContain(
        "village_id",
      );
      expect(await db.dataSource.runMigrations({ transaction: "each" })).toHaveLength(since);
      expect(await villages()).toHaveLength(3);
      expect(await rooms()).toEqual([
        [1, null],
        [2, 1],
        [3, 2],
        [4, 3],
      ]);
    } finally {
      await db.close();
    }
  });
});
