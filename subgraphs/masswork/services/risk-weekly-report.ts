import type { DataSource } from "typeorm";
import { sqlTime } from "../../../common/db";
import { PETITION_CATEGORIES, type PetitionCategory } from "../../../common/domain";
import type { RiskWeekFigures, RiskWeeklyReport } from "../entities/risk-weekly-report";
import { RiskStatus } from "../entities/enums";
import { allTowns } from "./towns";

const DAY_MS = 86_400_000;

/** The county's week (Monday to Sunday, UTC+8) holding a day given as YYYY-MM-DD. */
export function countyWeek(day: string): {
  monday: string;
  sunday: string;
  start: Date;
  end: Date;
} {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  const monday = midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY_MS;
  const text = (at: number) => new Date(at).toISOString().slice(0, 10);
  const start = Date.parse(`${text(monday)}T00:00:00+08:00`);
  return {
    monday: text(monday),
    sunday: text(monday + 6 * DAY_MS),
    start: new Date(start),
    end: new Date(start + 7 * DAY_MS),
  };
}

const zero = (): RiskWeekFigures => ({ found: 0, resolved: 0, escalated: 0, openAtEnd: 0 });

function add(into: RiskWeekFigures, row: RiskWeekFigures): void {
  into.found += row.found;
  into.resolved += row.resolved;
  into.escalated += row.escalated;
  into.openAtEnd += row.openAtEnd;
}

/**
 * 周排查周报告: one aggregate statement over the items reported by the week's end, grouped by
 * town and category; the towns' and categories' rows and the totals are its sums. Settled and
 * sharpened count the items with such a step in the week (risk_item_change), so a week's figures
 * stay as they were when an item is reopened later; an item is open at the week's end when it
 * was reported by then and its last step before then was not a settlement.
 */
export async function riskWeeklyReport(db: DataSource, day: string): Promise<RiskWeeklyReport> {
  const week = countyWeek(day);
  const [a, b] = [sqlTime(week.start), sqlTime(week.end)];
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT r.town_id, r.category,
       SUM(CASE WHEN r.reported_at >= ? THEN 1 ELSE 0 END) AS found,
       SUM(CASE WHEN w.resolved > 0 THEN 1 ELSE 0 END) AS resolved,
       SUM(CASE WHEN w.escalated > 0 THEN 1 ELSE 0 END) AS escalated,
       SUM(CASE WHEN (SELECT c.to_status FROM risk_item_change c
                      WHERE c.risk_item_id = r.id AND c.at < ?
                      ORDER BY c.at DESC, c.id DESC LIMIT 1) = ? THEN 0 ELSE 1 END) AS open_at_end
     FROM risk_item r
     LEFT JOIN (SELECT risk_item_id,
                  SUM(CASE WHEN to_status = ? THEN 1 ELSE 0 END) AS resolved,
                  SUM(CASE WHEN to_status = ? THEN 1 ELSE 0 END) AS escalated
                FROM risk_item_change WHERE at >= ? AND at < ?
                GROUP BY risk_item_id) w ON w.risk_item_id = r.id
     WHERE r.reported_at < ?
     GROUP BY r.town_id, r.category`,
    [a, b, RiskStatus.RESOLVED, RiskStatus.RESOLVED, RiskStatus.ESCALATED, a, b, b],
  );
  const towns = await allTowns(db);
  const byTown = new Map(towns.map((town) => [town.id, { town, ...zero() }]));
  const byCategory = new Map(
    PETITION_CATEGORIES.map((category) => [category, { category, ...zero() }]),
  );
  const totals = zero();
  for (const row of rows) {
    const figures: RiskWeekFigures = {
      found: Number(row.found ?? 0),
      resolved: Number(row.resolved ?? 0),
      escalated: Number(row.escalated ?? 0),
      openAtEnd: Number(row.open_at_end ?? 0),
    };
    add(totals, figures);
    const town = byTown.get(Number(row.town_id));
    if (town) add(town, figures);
    const category = byCategory.get(row.category as PetitionCategory);
    if (category) add(category, figures);
  }
  return {
    weekStart: week.monday,
    weekEnd: week.sunday,
    totals,
    byTown: [...byTown.values()],
    byCategory: [...byCategory.values()],
  };
}
