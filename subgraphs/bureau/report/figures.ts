import type { DataSource } from "typeorm";
import { changeFrom, ratio, sqlTime, yearRange, type Clock } from "../../../common";
import type { CountYoY, EscalationFigures, ThreeRates, VisitFigures } from "./types";

type Row = Record<string, string | number | null>;
const n = (v: string | number | null | undefined) => Number(v ?? 0);

function yoy(prevCount: number, count: number, persons: number | null): CountYoY {
  return { count, persons, changeFromPreviousYear: changeFrom(prevCount, count) };
}

/** Sums over the year and the one before it, in one statement: `cur_x` and `prev_x` per figure. */
async function twoYears(db: DataSource, table: string, timeColumn: string, year: number, figures: Record<string, string>): Promise<Row> {
  const prev = yearRange(year - 1);
  const cur = yearRange(year);
  const cols: string[] = [];
  for (const [name, expr] of Object.entries(figures)) {
    cols.push(`SUM(CASE WHEN ${timeColumn} >= :curStart THEN ${expr} ELSE 0 END) AS cur_${name}`);
    cols.push(`SUM(CASE WHEN ${timeColumn} < :curStart THEN ${expr} ELSE 0 END) AS prev_${name}`);
  }
  const [row] = await db
    .createQueryBuilder()
    .select(cols)
    .from(table, "t")
    .where(`${timeColumn} >= :prevStart AND ${timeColumn} < :curEnd`, {
      prevStart: sqlTime(prev.start),
      curStart: sqlTime(cur.start),
      curEnd: sqlTime(cur.end),
    })
    .getRawMany<Row>();
  return row ?? {};
}

/** Visits received by the county and escalated visits, from the visit register. */
export async function visitFigures(db: DataSource, year: number): Promise<{ visits: VisitFigures; escalated: EscalationFigures }> {
  const county = "level = 'COUNTY'";
  const r = await twoYears(db, "visit", "received_at", year, {
    all: `CASE WHEN ${county} THEN 1 ELSE 0 END`,
    all_p: `CASE WHEN ${county} THEN headcount ELSE 0 END`,
    first: `CASE WHEN ${county} AND first_time = 1 THEN 1 ELSE 0 END`,
    first_p: `CASE WHEN ${county} AND first_time = 1 THEN headcount ELSE 0 END`,
    coll: `CASE WHEN ${county} AND collective = 1 THEN 1 ELSE 0 END`,
    coll_p: `CASE WHEN ${county} AND collective = 1 THEN headcount ELSE 0 END`,
    collf: `CASE WHEN ${county} AND collective = 1 AND first_time = 1 THEN 1 ELSE 0 END`,
    collf_p: `CASE WHEN ${county} AND collective = 1 AND first_time = 1 THEN headcount ELSE 0 END`,
    mun: "CASE WHEN level = 'MUNICIPAL' THEN 1 ELSE 0 END",
    pro: "CASE WHEN level = 'PROVINCIAL' THEN 1 ELSE 0 END",
    nat: "CASE WHEN level = 'NATIONAL' THEN 1 ELSE 0 END",
  });
  const f = (name: string, persons = true) => yoy(n(r[`prev_${name}`]), n(r[`cur_${name}`]), persons ? n(r[`cur_${name}_p`]) : null);
  const total = yoy(n(r.prev_mun) + n(r.prev_pro) + n(r.prev_nat), n(r.cur_mun) + n(r.cur_pro) + n(r.cur_nat), null);
  return {
    visits: { all: f("all"), firstTime: f("first"), collective: f("coll"), collectiveFirstTime: f("collf") },
    escalated: { total, municipal: f("mun", false), provincial: f("pro", false), national: f("nat", false) },
  };
}

/** 网上信访转送: online petitions transferred down from the national, provincial or municipal level. */
export async function onlineTransfers(db: DataSource, year: number): Promise<CountYoY> {
  const r = await twoYears(db, "petition", "received_at", year, {
    t: "CASE WHEN channel = 'ONLINE' AND source <> 'COUNTY_INTAKE' THEN 1 ELSE 0 END",
  });
  return yoy(n(r.prev_t), n(r.cur_t), null);
}

export async function backlogFigures(db: DataSource, year: number): Promise<{ assigned: number; batches: number }> {
  const { start, end } = yearRange(year);
  const [r] = await db.query(
    "SELECT COUNT(*) AS assigned, COUNT(DISTINCT batch) AS batches FROM backlog_case WHERE assigned_at >= ? AND assigned_at < ?",
    [sqlTime(start), sqlTime(end)],
  );
  return { assigned: n(r?.assigned), batches: n(r?.batches) };
}

/** The bureau's two rates and the replied items the service center's participation rate needs. */
export async function threeRates(db: DataSource, year: number, clock: Clock): Promise<Omit<ThreeRates, "year">> {
  const { start, end } = yearRange(year);
  // "open and already past due" is judged at the year's end, or now for the current year
  const cutoff = new Date(Math.min(end.getTime(), clock.now().getTime()));
  const [reg] = await db.query(
    `SELECT COUNT(*) AS registered,
       SUM(CASE WHEN COALESCE(accepted_at, declined_at) IS NOT NULL AND COALESCE(accepted_at, declined_at) <= acceptance_deadline THEN 1 ELSE 0 END) AS timely
     FROM petition WHERE received_at >= ? AND received_at < ? AND status <> 'MERGED'`,
    [sqlTime(start), sqlTime(end)],
  );
  const [done] = await db.query(
    `SELECT
       SUM(CASE WHEN replied_at >= ? AND replied_at < ? THEN 1 ELSE 0 END) AS replied,
       SUM(CASE WHEN replied_at >= ? AND replied_at < ? AND replied_at <= due_at THEN 1 ELSE 0 END) AS on_time,
       SUM(CASE WHEN replied_at IS NULL AND due_at IS NOT NULL AND due_at < ? AND status IN ('ACCEPTED', 'IN_PROGRESS') THEN 1 ELSE 0 END) AS open_late
     FROM petition WHERE due_at IS NOT NULL`,
    [sqlTime(start), sqlTime(end), sqlTime(start), sqlTime(end), sqlTime(cutoff)],
  );
  const replied = n(done?.replied);
  return {
    timelyAcceptance: ratio(n(reg?.timely), n(reg?.registered)),
    onTimeCompletion: ratio(n(done?.on_time), replied + n(done?.open_late)),
    repliedItems: replied,
  };
}
