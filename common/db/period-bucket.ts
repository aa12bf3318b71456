import type { DataSource } from "typeorm";
import type { Grain, Span, StatisticsFilter } from "../domain/statistics";
import { sqlTime } from "./sql";

/**
 * The SQL expression of the Beijing-time (UTC+8) period holding a time column, as a value
 * `bucketKey` turns into the key the code's buckets are keyed by (common/domain/statistics.ts
 * `bucketOf`): `2017` for a year, `2017-03` a month, the Monday `2017-02-27` of an ISO week,
 * `2017-03-01` a day. The one place the dialects differ: SQLite stores UTC text and shifts it
 * with date modifiers ('weekday 0' moves to the Sunday on or after, six days back is its Monday),
 * giving the key itself; MySQL/MariaDB shift a DATETIME by an interval and give a number (the
 * year, YYYYMM, or the day number of TO_DAYS; WEEKDAY is 0 on Monday): grouping a year of rows
 * by a number rather than by formatted text takes a fifth less time there at ×100.
 * `column` is the code's, never input.
 */
export function periodBucket(db: DataSource, column: string, grain: Grain): string {
  if (db.options.type === "better-sqlite3") {
    if (grain === "WEEK") return `date(${column}, '+8 hours', 'weekday 0', '-6 days')`;
    const format = { YEAR: "%Y", MONTH: "%Y-%m", DAY: "%Y-%m-%d" }[grain];
    return `strftime('${format}', ${column}, '+8 hours')`;
  }
  const local = `(${column} + INTERVAL 8 HOUR)`;
  if (grain === "YEAR") return `YEAR(${local})`;
  if (grain === "MONTH") return `EXTRACT(YEAR_MONTH FROM ${local})`;
  if (grain === "DAY") return `TO_DAYS(${local})`;
  return `(TO_DAYS(${local}) - WEEKDAY(${local}))`;
}

/** The value `spanBucket` gives the rows before the span's first period (MySQL/MariaDB). */
const PREVIOUS = 0;

/**
 * The bucket of a time column within a span: a clipped first period (a week or month that began
 * before `from`) keeps only its days in the range, and the earlier rows go to the previous
 * period. The literals are the code's own keys and a time it wrote, never input; on MySQL the
 * time is a TIMESTAMP literal, so that rows compare as times, not as text.
 */
export function spanBucket(db: DataSource, column: string, span: Span): string {
  if (db.options.type === "better-sqlite3")
    return `CASE WHEN ${column} < '${sqlTime(span.from)}' THEN '${span.previous.key}' ELSE ${periodBucket(db, column, span.grain)} END`;
  return `CASE WHEN ${column} < TIMESTAMP'${sqlTime(span.from)}' THEN ${PREVIOUS} ELSE ${periodBucket(db, column, span.grain)} END`;
}

/** TO_DAYS of 1970-01-01 */
const TO_DAYS_EPOCH = 719_528;
const DAY_MS = 86_400_000;

/**
 * The key of a bucket as a row of `spanBucket` holds it: the key itself (SQLite), or MySQL's
 * number (also as digits, when a statement mixes it with text). Empty or null stays '' (the
 * stock statements' "before the span" bucket).
 */
export function bucketKey(span: Span, value: unknown): string {
  if (value === null || value === undefined || value === "") return "";
  const text = String(value);
  if (!/^\d+$/.test(text)) return text;
  const n = Number(text);
  if (n === PREVIOUS) return span.previous.key;
  if (span.grain === "YEAR") return text;
  if (span.grain === "MONTH") return `${text.slice(0, 4)}-${text.slice(4, 6)}`;
  return new Date((n - TO_DAYS_EPOCH) * DAY_MS).toISOString().slice(0, 10);
}

/** What a figure is grouped by: a span of periods, a filter, and a breakdown when one is asked. */
export interface FigureGrouping {
  span: Span;
  filter: StatisticsFilter;
  by?: string;
}

/** The per-request memo key of a figure over a grouping: the same figure is asked once. */
export function figureKey(name: string, g: FigureGrouping): string {
  return `${name} ${g.span.grain} ${g.span.start.toISOString()} ${g.span.end.toISOString()} ${JSON.stringify(g.filter)} ${g.by ?? ""}`;
}

/**
 * The conditions a statistics filter puts on a table whose records have a `town_id` and a
 * `category` column (the column names are the code's): ` AND …` text and its parameters.
 */
export function townCategoryConditions(filter: StatisticsFilter): {
  and: string;
  params: (string | number)[];
} {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.townId !== undefined) {
    where.push("town_id = ?");
    params.push(filter.townId);
  }
  if (filter.category !== undefined) {
    where.push("category = ?");
    params.push(filter.category);
  }
  return { and: where.map((c) => ` AND ${c}`).join(""), params };
}
