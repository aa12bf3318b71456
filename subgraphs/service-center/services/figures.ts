import DataLoader from "dataloader";
import { sqlTime, type Loaders } from "../../../common/db";
import { yearRange } from "../../../common/domain";
import { SATISFIED_RATINGS } from "../entities/enums";

/**
 * Counts per year of the rows of `table` whose `timeColumn` falls in the year, and of those
 * that also meet each named condition: one statement for all the years asked for in a tick.
 * Table, column and conditions are constants of this file, never caller input.
 */
function yearlyCounts<C extends string>(
  loaders: Loaders,
  table: string,
  timeColumn: string,
  conditions: Record<C, string>,
): DataLoader<number, Record<C | "total", number>> {
  return loaders.get(
    `${table}.${timeColumn}.yearly`,
    () =>
      new DataLoader<number, Record<C | "total", number>>(async (years) => {
        const selects: string[] = [];
        const where: string[] = [];
        const selectParams: string[] = [];
        const whereParams: string[] = [];
        years.forEach((year, i) => {
          const { start, end } = yearRange(year);
          const [from, to] = [sqlTime(start), sqlTime(end)];
          const inYear = `${timeColumn} >= ? AND ${timeColumn} < ?`;
          selects.push(`SUM(CASE WHEN ${inYear} THEN 1 ELSE 0 END) AS y${i}_total`);
          selectParams.push(from, to);
          for (const [name, condition] of Object.entries<string>(conditions)) {
            selects.push(
              `SUM(CASE WHEN ${inYear} AND ${condition} THEN 1 ELSE 0 END) AS y${i}_${name}`,
            );
            selectParams.push(from, to);
          }
          where.push(`(${inYear})`);
          whereParams.push(from, to);
        });
        const [row]: Record<string, unknown>[] = await loaders.db.query(
          `SELECT ${selects.join(", ")} FROM ${table} WHERE ${where.join(" OR ")}`,
          [...selectParams, ...whereParams],
        );
        // SUM over no rows is NULL; MySQL returns sums as decimal strings
        const count = (key: string) => Number(row?.[key] ?? 0);
        return years.map((_, i) => {
          const out = { total: count(`y${i}_total`) } as Record<C | "total", number>;
          for (const name of Object.keys(conditions) as C[]) out[name] = count(`y${i}_${name}`);
          return out;
        });
      }),
  );
}

/** Messages posted in the year, and of those the replied ones. */
// the three reply columns are set together: replied_at answers it from idx_message_year_figures alone
export const messagesOfYear = (l: Loaders) =>
  yearlyCounts(l, "online_message", "posted_at", { replied: "replied_at IS NOT NULL" });

/** Evaluations made in the year, and of those the satisfied or basically satisfied ones. */
export const evaluationsOfYear = (l: Loaders) =>
  yearlyCounts(l, "evaluation", "evaluated_at", {
    satisfied: `rating IN (${SATISFIED_RATINGS.map((r) => `'${r}'`).join(", ")})`,
  });
