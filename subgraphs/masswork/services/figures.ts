import type { DataSource } from "typeorm";
import { sqlTime } from "../../../common/db";
import { yearRange } from "../../../common/domain";
import type { ReceptionFigures, ScreeningFigures } from "../entities/annual-report";
import { AdminLevel, RiskStatus } from "../entities/enums";

// masswork's figures of the annual report: one aggregate statement per figure group, bounded by
// the year in Beijing time.

/** 排查矛盾隐患: disputes found, resolved and escalated in the year. */
export async function screeningFigures(db: DataSource, year: number): Promise<ScreeningFigures> {
  const { start: from, end: to } = yearRange(year);
  const [a, b] = [sqlTime(from), sqlTime(to)];
  const [row] = await db.query(
    `SELECT
       SUM(CASE WHEN reported_at >= ? AND reported_at < ? THEN 1 ELSE 0 END) AS found,
       SUM(CASE WHEN resolved_at >= ? AND resolved_at < ? THEN 1 ELSE 0 END) AS resolved,
       SUM(CASE WHEN status = ? AND reported_at >= ? AND reported_at < ? THEN 1 ELSE 0 END) AS escalated
     FROM risk_item
     WHERE (reported_at >= ? AND reported_at < ?) OR (resolved_at >= ? AND resolved_at < ?)`,
    [a, b, a, b, RiskStatus.ESCALATED, a, b, a, b, a, b],
  );
  return {
    found: Number(row?.found ?? 0),
    resolved: Number(row?.resolved ?? 0),
    escalated: Number(row?.escalated ?? 0),
  };
}

/** 县级领导接访: receptions by county-level leaders in the year, and the persons received. */
export async function countyLeaderReceptions(
  db: DataSource,
  year: number,
): Promise<ReceptionFigures> {
  const { start: from, end: to } = yearRange(year);
  const [row] = await db.query(
    `SELECT COUNT(*) AS cases, SUM(r.headcount) AS persons
     FROM reception r JOIN leader l ON l.id = r.leader_id
     WHERE l.level = ? AND r.received_at >= ? AND r.received_at < ?`,
    [AdminLevel.COUNTY, sqlTime(from), sqlTime(to)],
  );
  return { cases: Number(row?.cases ?? 0), persons: Number(row?.persons ?? 0) };
}

/** 社情民意: digests published in the year. */
export async function opinionDigestsOfYear(db: DataSource, year: number): Promise<number> {
  const { start: from, end: to } = yearRange(year);
  const [row] = await db.query(
    "SELECT COUNT(*) AS n FROM opinion_digest WHERE published_at >= ? AND published_at < ?",
    [sqlTime(from), sqlTime(to)],
  );
  return Number(row?.n ?? 0);
}
