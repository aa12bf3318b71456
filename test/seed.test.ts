import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { loadConfig } from "../common/config";
import { type SubgraphDefinition } from "../common/server";
import {
  countSeedRows,
  defaultSeedPlan,
  firstTimeFirst,
  planSeed,
  progressBar,
  SHOWCASE_PETITIONS,
  type Intake,
  type SeedPlan,
  type SqlValue,
} from "../seed";
import { expectedRows, parseSeedArgs, seedDatabases } from "../scripts/seed";
import { SUBGRAPH_DEFINITIONS } from "../scripts/subgraphs";
import { dropTestDatabases, mysqlBase, testDatabaseUrl } from "./support/databases";
import { startTestSystem, type TestSystem } from "./support/system";

/** The change as the yearbook prints it: a percentage with one decimal. */
const published = (change: number | null) =>
  change === null ? null : Math.round(change * 1000) / 10;

describe("the default dataset through the gateway", () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("reproduces every figure of the 2017 yearbook and every change from 2016", async () => {
    const cp = "count persons changeFromPreviousYear";
    const res = await t.as("leader").query(`{ annualReport(year: 2017) { year
      visits { all { ${cp} } firstTime { ${cp} } collective { ${cp} } collectiveFirstTime { ${cp} } }
      onlineTransfers { count changeFromPreviousYear }
      escalatedVisits { total { count changeFromPreviousYear } national { count changeFromPreviousYear } provincial { count changeFromPreviousYear } municipal { count changeFromPreviousYear } }
      screening { found resolved escalated } countyLeaderReceptions { cases persons } website { messages replied replyRate }
      backlogAssigned backlogBatches opinionDigests
      threeRates { timelyAcceptance onTimeCompletion satisfaction participation } } }`);
    expect(res.errors).toBeUndefined();
    const r = res.data.annualReport;
    const figure = (f: {
      count: number;
      persons: number | null;
      changeFromPreviousYear: number | null;
    }) => [f.count, f.persons, published(f.changeFromPreviousYear)];
    expect(figure(r.visits.all)).toEqual([1451, 8498, 12.7]);
    expect(figure(r.visits.firstTime)).toEqual([354, 1832, 44.5]);
    expect(figure(r.visits.collective)).toEqual([310, 6361, 11.1]);
    // The yearbook prints +32.3% for 90 first-time collective batches; no whole number of 2016
    // batches gives that (67 → +34.3%, 68 → +32.4%, 69 → +30.4%), so 2016 holds 68, the nearest.
    expect(figure(r.visits.collectiveFirstTime)).toEqual([90, 1478, 32.4]);
    expect([r.onlineTransfers.count, published(r.onlineTransfers.changeFromPreviousYear)]).toEqual([
      203, 147.6,
    ]);
    const e = r.escalatedVisits;
    expect(
      [e.total, e.national, e.provincial, e.municipal].map((f) => [
        f.count,
        published(f.changeFromPreviousYear),
      ]),
    ).toEqual([
      [210, 32.1],
      [65, 62.5],
      [41, 0],
      [104, 33.3],
    ]);
    expect(r.screening).toEqual({ found: 225, resolved: 175, escalated: 0 });
    expect(r.countyLeaderReceptions).toEqual({ cases: 56, persons: 1067 });
    expect(r.website.messages).toBe(2000);
    expect(r.website.replyRate).toBeGreaterThan(0.8);
    expect([r.backlogAssigned, r.backlogBatches, r.opinionDigests]).toEqual([76, 3, 60]);
    // the yearbook gives no rates; the dataset's are those of a county doing its work well
    const rates = r.threeRates;
    expect(rates.timelyAcceptance).toBeGreaterThan(0.95);
    expect(rates.onTimeCompletion).toBeGreaterThan(0.9);
    expect(rates.satisfaction).toBeGreaterThan(0.85);
    expect(rates.participation).toBeGreaterThan(0.6);
    for (const rate of Object.values(rates) as number[]) expect(rate).toBeLessThan(1);
  });

  it("reports 2016 with no change where 2015 holds no records", async () => {
    const res = await t
      .as("leader")
      .query(
        `{ annualReport(year: 2016) { visits { all { count changeFromPreviousYear } } onlineTransfers { count changeFromPreviousYear } } }`,
      );
    expect(res.errors).toBeUndefined();
    expect(res.data.annualReport.visits.all).toEqual({ count: 1287, changeFromPreviousYear: null });
    expect(res.data.annualReport.onlineTransfers).toEqual({
      count: 82,
      changeFromPreviousYear: null,
    });
  });
});

/** Every row a department derives from a plan, as a digest: equal digests, equal rows. */
function digest(def: SubgraphDefinition, plan: SeedPlan): string {
  const hash = createHash("sha256");
  for (const batch of def.seedRows(plan)) {
    hash.update(`${batch.table}(${batch.columns.join(",")})`);
    for (const row of batch.rows) hash.update(JSON.stringify(row));
  }
  return hash.digest("hex");
}

function rowsOf(
  def: SubgraphDefinition,
  plan: SeedPlan,
  table: string,
): Record<string, SqlValue>[] {
  const rows: Record<string, SqlValue>[] = [];
  for (const batch of def.seedRows(plan))
    if (batch.table === table)
      for (const row of batch.rows)
        rows.push(Object.fromEntries(batch.columns.map((c, i) => [c, row[i]])));
  return rows;
}

describe("the seed plan", () => {
  const [bureau, masswork, serviceCenter] = SUBGRAPH_DEFINITIONS;

  it("gives the same rows for the same scale, in every department", () => {
    const again = planSeed(1);
    for (const def of SUBGRAPH_DEFINITIONS)
      expect(digest(def, again)).toBe(digest(def, defaultSeedPlan()));
    expect(digest(bureau, planSeed(2))).not.toBe(digest(bureau, again));
  });

  it("lines the departments' ids up without any of them reading another's rows", () => {
    const plan = defaultSeedPlan();
    const petitions = rowsOf(bureau, plan, "petition");
    const ids = new Set(petitions.map((p) => p.id));
    const replied = new Map(
      petitions.filter((p) => p.replied_at).map((p) => [p.id, p.replied_at as Date]),
    );
    const messages = new Map(rowsOf(serviceCenter, plan, "online_message").map((m) => [m.id, m]));
    for (const p of petitions.filter((p) => p.source_message_id !== null)) {
      const m = messages.get(p.source_message_id)!;
      expect((m.posted_at as Date).getTime()).toBeLessThan((p.received_at as Date).getTime());
      expect(m.reply_unit).toBe("县信访局");
    }
    expect(petitions.filter((p) => p.source_message_id !== null).length).toBe(
      // and the showcase, the dataset's newest petitions (seed/plan.ts)
      plan.years.reduce((n, y) => n + y.targets.fromMessages, 0) + SHOWCASE_PETITIONS,
    );
    for (const table of ["reception", "risk_item"])
      for (const row of rowsOf(masswork, plan, table))
        if (row.petition_id !== null) expect(ids.has(row.petition_id)).toBe(true);
    for (const call of rowsOf(serviceCenter, plan, "hotline_call"))
      if (call.petition_id !== null) expect(ids.has(call.petition_id)).toBe(true);
    for (const e of rowsOf(serviceCenter, plan, "evaluation"))
      expect((e.evaluated_at as Date).getTime()).toBeGreaterThan(
        replied.get(e.petition_id)!.getTime(),
      );
    const countyLeaders = new Set(
      rowsOf(masswork, plan, "leader")
        .filter((l) => l.level === "COUNTY")
        .map((l) => l.id),
    );
    for (const b of rowsOf(bureau, plan, "backlog_case"))
      expect(countyLeaders.has(b.lead_leader_id)).toBe(true);
    const towns = new Set(rowsOf(masswork, plan, "town").map((t) => t.id));
    for (const p of petitions) expect(towns.has(p.town_id)).toBe(true);
  });

  it("multiplies every count by the scale, so the changes and rates stay those of the yearbook", () => {
    const counts = (plan: SeedPlan) =>
      plan.years.map((y) => [
        y.petitions.length > 0,
        y.visits.length,
        y.backlog.length,
        y.messages.postedAt.length,
        y.targets.visits.collective.persons,
      ]);
    const one = counts(defaultSeedPlan());
    const three = counts(planSeed(3));
    three.forEach((year, i) =>
      expect(year).toEqual(one[i].map((v) => (typeof v === "number" ? v * 3 : v))),
    );
    expect(countSeedRows(bureau, planSeed(3))).toBeGreaterThan(
      2.5 * countSeedRows(bureau, defaultSeedPlan()),
    );
  });

  it("tells the progress bar how many rows a scale writes without making them", () => {
    const three = planSeed(3);
    for (const def of SUBGRAPH_DEFINITIONS) {
      const rows = countSeedRows(def, three);
      expect(Math.abs(expectedRows(def, 3) - rows) / rows).toBeLessThan(0.02);
      expect(expectedRows(def, 1)).toBe(countSeedRows(def, defaultSeedPlan()));
    }
  });
});

describe("npm run seed", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "seed-"));
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropTestDatabases();
  });
  // files, not memory: the command opens and closes the databases on every run
  const url = (name: string) =>
    mysqlBase ? testDatabaseUrl(`seed_${name}`) : `sqlite:${path.join(dir, `${name}.sqlite`)}`;

  it("writes every department's database, refuses to write over records, and starts again with --reset", async () => {
    const config = loadConfig({
      BUREAU_DB_URL: url("bureau"),
      MASSWORK_DB_URL: url("masswork"),
      SERVICE_CENTER_DB_URL: url("service_center"),
    });
    const first = await seedDatabases(config, { scale: 1, reset: false });
    expect(first.map((r) => [r.subgraph, r.rows])).toEqual(
      SUBGRAPH_DEFINITIONS.map((def) => [def.name, countSeedRows(def, defaultSeedPlan())]),
    );
    await expect(seedDatabases(config, { scale: 1, reset: false })).rejects.toThrow(
      /hold records already: run with --reset/,
    );
    const again = await seedDatabases(config, { scale: 1, reset: true });
    expect(again.map((r) => r.rows)).toEqual(first.map((r) => r.rows));
    for (const r of again)
      console.log(
        `seed at scale 1: ${r.subgraph} ${r.rows} rows into ${r.kind} in ${r.insertSeconds.toFixed(2)} s, search index ${r.indexSeconds.toFixed(2)} s`,
      );
  });

  it("takes --scale N and --reset, and refuses anything else", () => {
    expect(parseSeedArgs([])).toEqual({ scale: 1, reset: false });
    expect(parseSeedArgs(["--scale", "100", "--reset"])).toEqual({ scale: 100, reset: true });
    expect(parseSeedArgs(["--scale=3"])).toEqual({ scale: 3, reset: false });
    for (const bad of [["--scale", "0"], ["--scale", "1.5"], ["--scale"], ["--force"]])
      expect(() => parseSeedArgs(bad)).toThrow(/--scale|unknown argument/);
  });

  it("draws a progress bar with the rate and the time left on a terminal, and nothing otherwise", () => {
    const written: string[] = [];
    let now = 0;
    const bar = progressBar(
      1000,
      { isTTY: true, columns: 200, write: (s) => written.push(s) > 0 },
      () => now,
    );
    bar.label("bureau");
    now = 2000;
    bar.add(400);
    bar.finish();
    expect(written.join("")).toMatch(/bureau .*40%.*400\/1000 rows\s+200 rows\/s\s+3s left/);
    const quiet: string[] = [];
    const none = progressBar(1000, { isTTY: false, write: (s) => quiet.push(s) > 0 });
    none.label("bureau");
    none.add(1000);
    none.finish();
    expect(quiet).toEqual([]);
  });
});

describe("planning the first year", () => {
  const intake = (at: string, firstTime: boolean | null): Intake => ({
    receivedAt: new Date(at),
    channel: "VISIT",
    source: "COUNTY_INTAKE",
    headcount: 1,
    firstTime,
    messageId: null,
  });

  it("puts a first-time intake first, also when it shares its time with the repeat before it", () => {
    // at scale 100 two visits come in at the same instant; swapping their times alone left the
    // sort with nothing to do and the planner looping for ever
    const same = "2016-01-01T01:00:00Z";
    const list = [intake(same, false), intake(same, true), intake("2016-01-02T00:00:00Z", null)];
    const [repeat, first] = list;
    firstTimeFirst(list);
    expect(list[0]).toBe(first);
    expect(list[1]).toBe(repeat);
    expect(list.map((x) => x.receivedAt.toISOString())).toEqual([
      "2016-01-01T01:00:00.000Z",
      "2016-01-01T01:00:00.000Z",
      "2016-01-02T00:00:00.000Z",
    ]);
  });

  it("trades times with the first first-time intake, keeping the list in time order", () => {
    const list = [
      intake("2016-01-01T01:00:00Z", false),
      intake("2016-01-01T02:00:00Z", false),
      intake("2016-01-01T03:00:00Z", true),
    ];
    const first = list[2];
    firstTimeFirst(list);
    expect(list[0]).toBe(first);
    expect(list[0].receivedAt.toISOString()).toBe("2016-01-01T01:00:00.000Z");
    expect(list.map((x) => x.firstTime)).toEqual([true, false, false]);
    expect(list.map((x) => x.receivedAt.getTime())).toEqual(
      [...list.map((x) => x.receivedAt.getTime())].sort((a, b) => a - b),
    );
  });
});
