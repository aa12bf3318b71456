import type { DataSource } from "typeorm";
import type { Grain, Span } from "../domain/statistics";
import { sqlTime } from "./sql";

/**
 * The SQL expression of the Beijing-time (UTC+8) period holding a time column, as text the
 * code's buckets are keyed by (common/domain/statistics.ts `bucketOf`): `2017` for a year,
 * `2017-03` a month, the Monday `2017-02-27` of an ISO week, `2017-03-01` a day. The one place
 * the dialects differ: SQLite stores UTC text and shifts it with date modifiers ('weekday 0'
 * moves to the Sunday on or after, six days back is its Monday); MySQL/MariaDB shift a DATETIME
 * by an interval (WEEKDAY is 0 on Monday). `column` is the code's, never input.
 */
export function periodBucket(db: DataSource, column: string, grain: Grain): string {
  if (db.options.type === "better-sqlite3") {
    if (grain === "WEEK") return `date(${column}, '+8 hours', 'weekday 0', '-6 days')`;
    const format = { YEAR: "%Y", MONTH: "%Y-%m", DAY: "%Y-%m-%d" }[grain];
    return `strftime('${format}', ${column}, '+8 hours')`;
  }
  const local = `(${column} + INTERVAL 8 HOUR)`;
  if (grain === "WEEK") return `DATE_FORMAT(${local} - INTERVAL WEEKDAY(${local}) DAY, '%Y-%m-%d')`;
  const format = { YEAR: "%Y", MONTH: "%Y-%m", DAY: "%Y-%m-%d" }[grain];
  return `DATE_FORMAT(${local}, '${format}')`;
}

/**
 * The bucket of a time column within a span: a clipped first period (a week or month that began
 * before `from`) keeps only its days in the range, and the earlier rows go to the previous
 * period. The literals are the code's own keys and a time it wrote, never input.
 */
export function spanBucket(db: DataSource, column: string, span: Span): string {
  return `CASE WHEN ${column} < '${sqlTime(span.from)}' THEN '${span.previous.key}' ELSE ${periodBucket(db, column, span.grain)} END`;
}
