import DataLoader from "dataloader";
import {
  bucketKey,
  cachedFigure,
  figureKey,
  spanBucket,
  sqlTime,
  townCategoryConditions,
  type Loaders,
} from "../../../common/db";
import { spanOf, type Span, type StatisticsFilter } from "../../../common/domain";
import { SATISFIED_RATINGS } from "../entities/enums";

/**
 * The service center's figures, each one aggregate statement over a span of Beijing days grouped
 * by a period bucket (and a breakdown): the annual report reads them over the year's one bucket,
 * `statistics` over months, weeks or days. Tables, columns and conditions are this file's
 * constants, never caller input; values are bound parameters. Memoized per request.
 */
type Row = Record<string, string | number | null>;
const n = (v: string | number | null | undefined) => Number(v ?? 0);

export interface CenterGrouping {
  span: Span;
  filter: StatisticsFilter;
  by?: "TOWN" | "CATEGORY";
}

export interface CountGroup {
  bucket: string;
  dim: string | null;
  total: number;
  /** of those, the ones meeting the figure's condition (replied, answered, satisfied) */
  meeting: number;
}

function grouped(
  loaders: Loaders,
  name: string,
  table: string,
  timeColumn: string,
  condition: string,
  g: CenterGrouping,
): Promise<CountGroup[]> {
  const key = figureKey(name, g);
  // unfiltered and whole: from the per-day cache (common/db figure-cache.ts); else live
  const filtered = g.by !== undefined || Object.values(g.filter).some((v) => v !== undefined);
  const compute = (g: CenterGrouping) => countQuery(loaders, table, timeColumn, condition, g);
  return loaders.memo(key, () =>
    filtered
      ? compute(g)
      : cachedFigure(loaders, g.span, {
          figure: name,
          counts: ["total", "meeting"],
          compute: (span) => compute({ ...g, span }),
        }),
  );
}

async function countQuery(
  loaders: Loaders,
  table: string,
  timeColumn: string,
  condition: string,
  g: CenterGrouping,
): Promise<CountGroup[]> {
  const dim = g.by === "TOWN" ? "town_id" : g.by === "CATEGORY" ? "category" : "NULL";
  const { and, params } = townCategoryConditions(g.filter);
  const rows: Row[] = await loaders.db.query(
    `SELECT ${spanBucket(loaders.db, timeColumn, g.span)} AS bucket, ${dim} AS dim,
         COUNT(*) AS total, SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS meeting
       FROM ${table} WHERE ${timeColumn} >= ? AND ${timeColumn} < ?${and}
       GROUP BY bucket, dim`,
    [sqlTime(g.span.start), sqlTime(g.span.end), ...params],
  );
  return rows.map((r) => ({
    bucket: bucketKey(g.span, r.bucket),
    dim: r.dim === null ? null : String(r.dim),
    total: n(r.total),
    meeting: n(r.meeting),
  }));
}

/** 网络留言: messages posted in each bucket, and of those the replied ones (by category only: a message has no town). */
// the three reply columns are set together: replied_at answers it from idx_message_year_figures alone
export const messageGroups = (l: Loaders, g: CenterGrouping) =>
  grouped(l, "messages", "online_message", "posted_at", "replied_at IS NOT NULL", g);

/** 热线: calls received in each bucket, and of those the answered ones (by town and category). */
export const callGroups = (l: Loaders, g: CenterGrouping) =>
  grouped(l, "calls", "hotline_call", "received_at", "answered_at IS NOT NULL", g);

/** Evaluations made in each bucket, and of those the satisfied or basically satisfied ones. */
export const evaluationGroups = (l: Loaders, g: CenterGrouping) =>
  grouped(
    l,
    "evaluations",
    "evaluation",
    "evaluated_at",
    `rating IN (${SATISFIED_RATINGS.map((r) => `'${r}'`).join(", ")})`,
    g,
  );

/**
 * A year's count and meeting count. The years one request asks for (an `_entities` call with
 * several reports, or a year and the one before it) are batched into one statement over the
 * span from the first to the last, grouped by year: the same figure code as `statistics`.
 */
export function ofYear(
  figure: (l: Loaders, g: CenterGrouping) => Promise<CountGroup[]>,
  loaders: Loaders,
  year: number,
): Promise<{ total: number; meeting: number }> {
  const byYear = loaders.get(
    `service-center ${figure.name} by year`,
    () =>
      new DataLoader<number, { total: number; meeting: number }>(async (years) => {
        const first = Math.min(...years);
        const last = Math.max(...years);
        const span = spanOf(`${first}-01-01`, `${last}-12-31`, "YEAR");
        const sums = new Map<string, { total: number; meeting: number }>();
        for (const g of await figure(loaders, { span, filter: {} })) {
          const sum = sums.get(g.bucket) ?? { total: 0, meeting: 0 };
          sum.total += g.total;
          sum.meeting += g.meeting;
          sums.set(g.bucket, sum);
        }
        return years.map((y) => sums.get(String(y)) ?? { total: 0, meeting: 0 });
      }),
  );
  return byYear.load(year);
}
