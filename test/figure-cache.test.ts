import type { DataSource } from "typeorm";
import { Loaders, fillRanges } from "../common/db";
import { spanOf, yearSpan, type Grain, type Span } from "../common/domain";
import { openSubgraphDatabase } from "../common/server";
import { FixedClock } from "../common/time";
import { bureau } from "../subgraphs/bureau";
import {
  backlogGroups,
  forwardingGroups,
  intakeGroups,
  outcomeGroups,
  overdueChanges,
  visitGroups,
} from "../subgraphs/bureau/services/period-figures";
import { masswork } from "../subgraphs/masswork";
import {
  digestCounts,
  disputeGroups,
  receptionGroups,
} from "../subgraphs/masswork/services/figures";
import { serviceCenter } from "../subgraphs/service-center";
import {
  callGroups,
  evaluationGroups,
  messageGroups,
} from "../subgraphs/service-center/services/figures";
import { dropTestDatabases, testDatabaseUrl } from "./support/databases";
import { transactionsAtOnce } from "./support/raw-transactions";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * The per-day figure cache (common/db figure-cache.ts): what it answers equals the live figure
 * over any span and grain, before and after writes of every kind (the triggers, not the write
 * paths, invalidate it), with readers and writers at once; a warm read costs the same statements
 * whatever the number of periods; the migrations undo and come back.
 */
type Dept = "bureau" | "masswork" | "service-center";
type Figure = [name: string, dept: Dept, run: (l: Loaders, span: Span) => Promise<unknown[]>];

// today is 15 October 2017 in Beijing: 2017's spans have closed days, today and days to come
const clock = new FixedClock(new Date("2017-10-15T02:00:00Z"));
const whole = (span: Span) => ({ span, filter: {} });
const FIGURES: Figure[] = [
  ["visits", "bureau", (l, s) => visitGroups(l, whole(s))],
  ["intake", "bureau", (l, s) => intakeGroups(l, whole(s))],
  ["outcomes", "bureau", (l, s) => outcomeGroups(l, whole(s))],
  ["overdue", "bureau", (l, s) => overdueChanges(l, whole(s), clock.now())],
  ["forwardings", "bureau", (l, s) => forwardingGroups(l, whole(s))],
  ["backlog", "bureau", (l, s) => backlogGroups(l, whole(s))],
  ["disputes", "masswork", (l, s) => disputeGroups(l, whole(s))],
  ["receptions", "masswork", (l, s) => receptionGroups(l, s)],
  [
    "digests",
    "masswork",
    async (l, s) => [...(await digestCounts(l, s))].map(([bucket, n]) => ({ bucket, n })),
  ],
  ["messages", "service-center", (l, s) => messageGroups(l, whole(s))],
  ["calls", "service-center", (l, s) => callGroups(l, whole(s))],
  ["evaluations", "service-center", (l, s) => evaluationGroups(l, whole(s))],
];

const GRAINS: Grain[] = ["DAY", "WEEK", "MONTH", "YEAR"];
const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Fixed spans at the edges (today, the year's ends, the future) and pseudo-random ones. */
function spans(seed: number): Span[] {
  const out = [
    spanOf("2017-01-01", "2017-12-31", "MONTH"),
    spanOf("2017-01-01", "2017-12-31", "WEEK"),
    spanOf("2017-01-01", "2017-12-31", "DAY"),
    yearSpan(2017),
    yearSpan(2016),
    spanOf("2017-10-15", "2017-10-15", "DAY"),
    spanOf("2017-10-11", "2017-11-20", "WEEK"),
    spanOf("2018-01-03", "2018-02-27", "MONTH"),
    spanOf("2014-02-12", "2014-02-12", "DAY"),
  ];
  let x = seed;
  const next = () => (x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  for (let i = 0; i < 8; i++) {
    const start = Date.parse("2015-06-01") + Math.floor(next() * 900) * DAY_MS;
    const length = Math.floor(next() * 200) * DAY_MS;
    const grain = GRAINS[Math.floor(next() * GRAINS.length)]!;
    out.push(spanOf(day(start), day(start + length), grain));
  }
  return out;
}

/** Rows as sorted, comparable text: the order of rows and of their fields does not count. */
const canonical = (rows: unknown[]) =>
  rows
    .map((r) => JSON.stringify(Object.entries(r as object).sort(([a], [b]) => a.localeCompare(b))))
    .sort();

describe("the per-day figure cache", () => {
  let t: TestSystem;
  const db = (dept: Dept): DataSource => t.system.subgraphs[dept]!.database.dataSource;
  const mysql = !!process.env.TEST_MYSQL_URL;
  const stats = async (by: string) => {
    const res = await t.as("leader").query(
      `{ statistics(from: "2017-01-01", to: "2017-12-31", by: ${by}) {
        petitions { receivedByChannel { channel received { values } } overdue { values previous } }
        escalatedVisits { national { values } } receptions { level cases { values } }
        satisfaction { values } } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data.statistics;
  };

  /** Every figure over every span: the cached answer (a clock on the loaders) equals the live one. */
  async function expectCachedEqualsLive(seed: number) {
    for (const span of spans(seed))
      for (const [name, dept, run] of FIGURES) {
        const live = await run(new Loaders(db(dept)), span);
        const cached = await run(new Loaders(db(dept), clock), span);
        const what = `${name} ${span.grain} ${span.periods[0]!.first}..${span.periods.at(-1)!.last}`;
        expect([what, canonical(cached)]).toEqual([what, canonical(live)]);
      }
  }

  beforeAll(async () => {
    t = await startTestSystem({ clock });
  }, 300_000);
  afterAll(async () => {
    await t?.stop();
  });

  it("joins missing days into at most four ranges, the closest runs first", () => {
    expect(fillRanges(["2017-01-01", "2017-01-02", "2017-01-04"])).toEqual([
      ["2017-01-01", "2017-01-02"],
      ["2017-01-04", "2017-01-04"],
    ]);
    const days = [
      "2017-01-01",
      "2017-01-03",
      "2017-01-10",
      "2017-02-01",
      "2017-03-01",
      "2017-03-02",
    ];
    expect(fillRanges(days)).toEqual([
      ["2017-01-01", "2017-01-03"],
      ["2017-01-10", "2017-01-10"],
      ["2017-02-01", "2017-02-01"],
      ["2017-03-01", "2017-03-02"],
    ]);
  });

  it("starts with an empty cache and change log after the seed", async () => {
    for (const dept of ["bureau", "masswork", "service-center"] as const)
      for (const table of ["figure_day", "figure_change"]) {
        const [{ n }] = await db(dept).query(`SELECT COUNT(*) AS n FROM ${table}`);
        expect(`${dept} ${table} ${Number(n)}`).toBe(`${dept} ${table} 0`);
      }
  });

  it("logs the days of many writers of one day at once, none of them deadlocked", async () => {
    // Transactions of their own, outside the project's deadlock retries: on MySQL a trigger that
    // read the log before appending to it deadlocked most of such writers (two of one day took
    // the same gap lock, then each waited to insert into it).
    const rows: { id: number; day: string }[] = await db("bureau").query(
      `SELECT id, ${mysql ? "DATE_FORMAT(received_at + INTERVAL 8 HOUR, '%Y-%m-%d')" : "strftime('%Y-%m-%d', received_at, '+8 hours')"} AS day
       FROM petition WHERE received_at >= '2017-06-01' AND received_at < '2017-06-16' ORDER BY id LIMIT 40`,
    );
    expect(rows.length).toBe(40);
    const [{ since }] = await db("bureau").query(
      mysql ? "SELECT NOW(3) AS since" : "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now') AS since",
    );
    const half = Math.floor(rows.length / 2);
    const failures = await transactionsAtOnce(db("bureau"), half, async (runner, i) => {
      await runner.query("UPDATE petition SET version = version + 1 WHERE id = ?", [rows[i]!.id]);
      await new Promise((r) => setTimeout(r, 2));
      await runner.query("UPDATE petition SET version = version + 1 WHERE id = ?", [
        rows[half + i]!.id,
      ]);
    });
    expect(failures).toEqual([]);
    const logged: { day: string }[] = await db("bureau").query(
      "SELECT DISTINCT day FROM figure_change WHERE logged_at >= ?",
      [since],
    );
    expect(logged.map((r) => r.day)).toContain(rows[0]!.day);
  });

  it("answers as the live figures over spans of every grain, cold and warm", async () => {
    await expectCachedEqualsLive(7);
    const [{ n }] = await db("bureau").query(
      "SELECT COUNT(*) AS n FROM figure_day WHERE day = '2017-03-01'",
    );
    // a closed day is stored once per figure, whatever spans asked for it
    expect(Number(n)).toBe(6);
    const [{ later }] = await db("bureau").query(
      "SELECT COUNT(*) AS later FROM figure_day WHERE day >= '2017-10-15'",
    );
    expect(Number(later)).toBe(0);
    await expectCachedEqualsLive(7);
    await expectCachedEqualsLive(11);
  }, 300_000);

  it("shows a write in a cached day in the next read through the gateway, whatever wrote it", async () => {
    const before = await stats("MONTH");
    // a correction through the API: a March petition's channel
    const [p] = await db("bureau").query(
      `SELECT id, version, channel FROM petition WHERE received_at >= '2017-03-05' AND received_at < '2017-03-20'
       AND status <> 'MERGED' AND channel = 'LETTER' ORDER BY id LIMIT 1`,
    );
    const res = await t.as("bureau").query(
      `mutation($id: ID!, $version: Int!, $input: CorrectPetitionInput!) {
        correctPetition(id: $id, version: $version, input: $input) { id channel } }`,
      {
        id: String(p.id),
        version: Number(p.version),
        input: { reason: "渠道登记错", channel: "VISIT" },
      },
    );
    expect(res.errors).toBeUndefined();
    const after = await stats("MONTH");
    const march = (s: any, channel: string) =>
      s.petitions.receivedByChannel.find((c: any) => c.channel === channel).received.values[2];
    expect(march(after, "LETTER")).toBe(march(before, "LETTER") - 1);
    expect(march(after, "VISIT")).toBe(march(before, "VISIT") + 1);

    // writes straight to the tables: a visit's level, a leader's level, an evaluation's rating
    const [v] = await db("bureau").query(
      "SELECT id FROM visit WHERE level = 'COUNTY' AND received_at >= '2017-05-02' AND received_at < '2017-05-20' ORDER BY id LIMIT 1",
    );
    await db("bureau").query("UPDATE visit SET level = 'NATIONAL' WHERE id = ?", [v.id]);
    const [leader] = await db("masswork").query(
      `SELECT l.id AS id FROM leader l JOIN reception r ON r.leader_id = l.id
       WHERE l.level = 'COUNTY' AND r.received_at >= '2017-01-01' AND r.received_at < '2017-09-01' ORDER BY l.id LIMIT 1`,
    );
    await db("masswork").query("UPDATE leader SET level = 'TOWN' WHERE id = ?", [leader.id]);
    const [e] = await db("service-center").query(
      "SELECT id FROM evaluation WHERE rating = 'UNSATISFIED' AND evaluated_at >= '2017-01-01' AND evaluated_at < '2017-09-01' ORDER BY id LIMIT 1",
    );
    await db("service-center").query("UPDATE evaluation SET rating = 'SATISFIED' WHERE id = ?", [
      e.id,
    ]);
    const changed = await stats("MONTH");
    const may = 4;
    expect(changed.escalatedVisits.national.values[may]).toBe(
      before.escalatedVisits.national.values[may] + 1,
    );
    const countyCases = (s: any) =>
      s.receptions
        .find((r: any) => r.level === "COUNTY")
        .cases.values.reduce((a: number, b: number) => a + b, 0);
    expect(countyCases(changed)).toBeLessThan(countyCases(before));
    expect(changed.satisfaction.values).not.toEqual(before.satisfaction.values);
    // moved between two closed days, and a risk item resolved: both days change
    await db("service-center").query(
      "UPDATE hotline_call SET received_at = '2017-02-03 04:00:00.000' WHERE id = (SELECT id FROM (SELECT MIN(id) AS id FROM hotline_call WHERE received_at >= '2017-06-01') x)",
    );
    await db("masswork").query(
      "UPDATE risk_item SET resolved_at = '2017-08-08 03:00:00.000', status = 'RESOLVED' WHERE id = (SELECT id FROM (SELECT MIN(id) AS id FROM risk_item WHERE resolved_at IS NULL AND reported_at < '2017-08-01') x)",
    );
    await db("bureau").query(
      "DELETE FROM backlog_case WHERE id = (SELECT id FROM (SELECT MIN(id) AS id FROM backlog_case) x)",
    );
    await expectCachedEqualsLive(13);
  }, 300_000);

  it("ends equal to the live figures after readers and writers at once", async () => {
    const visits: { id: number }[] = await db("bureau").query(
      "SELECT id FROM visit WHERE received_at >= '2017-01-01' AND received_at < '2017-10-01' ORDER BY id LIMIT 24",
    );
    const petitions: { id: number }[] = await db("bureau").query(
      "SELECT id FROM petition WHERE replied_at >= '2017-01-01' AND replied_at < '2017-10-01' ORDER BY id LIMIT 12",
    );
    const writer = async () => {
      for (const [i, v] of visits.entries()) {
        await db("bureau").query(
          "UPDATE visit SET headcount = headcount + 1, first_time = ? WHERE id = ?",
          [i % 2, v.id],
        );
        const p = petitions[i % petitions.length]!;
        // a reply moved a day later: late or not, the overdue stock and the outcomes move
        await db("bureau").query(
          db("bureau").options.type === "better-sqlite3"
            ? "UPDATE petition SET replied_at = strftime('%Y-%m-%d %H:%M:%f', replied_at, '+1 day') WHERE id = ?"
            : "UPDATE petition SET replied_at = replied_at + INTERVAL 1 DAY WHERE id = ?",
          [p.id],
        );
      }
    };
    const reader = async (by: string) => {
      for (let i = 0; i < 4; i++) await stats(by);
    };
    await Promise.all([writer(), reader("MONTH"), reader("WEEK"), reader("DAY"), writer()]);
    await expectCachedEqualsLive(17);
  }, 300_000);

  it("reads a warm year with as many statements by day as by month", async () => {
    const count = async (by: string) => {
      const before = t.statements();
      await stats(by);
      return t.statements() - before;
    };
    // MySQL: a day written in the last second is not cached yet (figure-cache.ts fillStamp)
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stats("MONTH");
    const month = await count("MONTH");
    expect(await count("WEEK")).toBe(month);
    expect(await count("DAY")).toBe(month);
    // per figure one cache read and one live statement from today on: intake, outcomes,
    // overdue, backlog (the petitions' series), visits; receptions; evaluations
    expect(month).toBe(14);
  });
});

describe("the figure cache's migrations", () => {
  afterAll(async () => {
    await dropTestDatabases();
  });

  const triggers = async (db: DataSource) =>
    (db.options.type === "better-sqlite3"
      ? await db.query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'fc_%'")
      : await db.query(
          "SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME LIKE 'fc\\_%'",
        )
    ).length;

  it.each([
    [bureau, "fc_bureau", 12],
    [masswork, "fc_masswork", 11],
    [serviceCenter, "fc_center", 9],
  ])("%#: the cache, its log and its triggers undo and come back", async (def, name, count) => {
    const db = await openSubgraphDatabase(def, testDatabaseUrl(name));
    try {
      const ds = db.dataSource;
      const tables = async () => {
        const runner = ds.createQueryRunner();
        try {
          return [await runner.hasTable("figure_day"), await runner.hasTable("figure_change")];
        } finally {
          await runner.release();
        }
      };
      expect(await tables()).toEqual([true, true]);
      expect(await triggers(ds)).toBe(count);
      // the cache's migration and any that came after it, newest first
      const since =
        def.migrations.length -
        def.migrations.findIndex((m) => /FigureCache1734200000000$/.test(m.name));
      expect(since).toBeLessThanOrEqual(def.migrations.length);
      for (let i = 0; i < since; i++) await ds.undoLastMigration({ transaction: "each" });
      expect(await tables()).toEqual([false, false]);
      expect(await triggers(ds)).toBe(0);
      expect(await ds.runMigrations({ transaction: "each" })).toHaveLength(since);
      expect(await tables()).toEqual([true, true]);
      expect(await triggers(ds)).toBe(count);
    } finally {
      await db.close();
    }
  });
});
