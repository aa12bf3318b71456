import {
  bucketKey,
  cachedFigure,
  figureKey,
  spanBucket,
  sqlTime,
  townCategoryConditions,
  type Loaders,
} from "../../../common/db";
import { yearSpan, type Span, type StatisticsFilter } from "../../../common/domain";
import type { ReceptionFigures, ScreeningFigures } from "../entities/annual-report";
import { AdminLevel, RiskStatus } from "../entities/enums";

/**
 * masswork's figures, each one aggregate statement over a span of Beijing days grouped by a
 * period bucket (and a breakdown, for disputes): the annual report reads them over the year's
 * one bucket, `statistics` over months, weeks or days. Memoized per request.
 */
type Row = Record<string, string | number | null>;
const n = (v: string | number | null | undefined) => Number(v ?? 0);

export interface MassworkGrouping {
  span: Span;
  filter: StatisticsFilter;
  by?: "TOWN" | "CATEGORY";
}
const memoKey = figureKey;

export interface DisputeGroup {
  bucket: string;
  dim: string | null;
  kind: "found" | "resolved";
  /** of the found, those escalated (激化) */
  escalated: number;
  items: number;
}

/**
 * 排查矛盾隐患: items reported in each bucket (and of those, escalated), and items resolved in
 * each bucket. Filtered and broken down by the item's town and category.
 */
export function disputeGroups(loaders: Loaders, g: MassworkGrouping): Promise<DisputeGroup[]> {
  return loaders.memo(memoKey("disputes", g), () => {
    // unfiltered and whole: from the per-day cache (common/db figure-cache.ts); else live
    const filtered = g.by !== undefined || Object.values(g.filter).some((v) => v !== undefined);
    if (filtered) return disputeQuery(loaders, g);
    return cachedFigure(loaders, g.span, {
      figure: "disputes",
      counts: ["escalated", "items"],
      compute: (span) => disputeQuery(loaders, { ...g, span }),
    });
  });
}

async function disputeQuery(loaders: Loaders, g: MassworkGrouping): Promise<DisputeGroup[]> {
  const dim = g.by === "TOWN" ? "town_id" : g.by === "CATEGORY" ? "category" : "NULL";
  const { and, params } = townCategoryConditions(g.filter);
  const range = [sqlTime(g.span.start), sqlTime(g.span.end)];
  const rows: Row[] = await loaders.db.query(
    `SELECT 'found' AS kind, ${spanBucket(loaders.db, "reported_at", g.span)} AS bucket, ${dim} AS dim,
         COUNT(*) AS items, SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) AS escalated
       FROM risk_item WHERE reported_at >= ? AND reported_at < ?${and} GROUP BY bucket, dim
       UNION ALL
       SELECT 'resolved' AS kind, ${spanBucket(loaders.db, "resolved_at", g.span)} AS bucket, ${dim} AS dim,
         COUNT(*) AS items, 0 AS escalated
       FROM risk_item WHERE resolved_at >= ? AND resolved_at < ?${and} GROUP BY bucket, dim`,
    [RiskStatus.ESCALATED, ...range, ...params, ...range, ...params],
  );
  return rows.map((r) => ({
    bucket: bucketKey(g.span, r.bucket),
    dim: r.dim === null ? null : String(r.dim),
    kind: r.kind === "found" ? "found" : "resolved",
    escalated: n(r.escalated),
    items: n(r.items),
  }));
}

export interface ReceptionGroup {
  bucket: string;
  level: AdminLevel;
  cases: number;
  persons: number;
}

/**
 * 领导接访: receptions in each bucket by the receiving leader's level (county, town, village).
 * On MySQL/MariaDB counted by leader from idx_reception_year_figures alone, then the few
 * (bucket, leader) rows joined to their leader: joining every reception first made the engine
 * walk the receptions leader by leader through the table (0.65 s at ×100, 0.16 s so). SQLite
 * already reads them from that index, and counting first only costs it a second grouping
 * (0.5 → 0.7 s at ×100): there the same rows are joined one by one (the subquery is flattened).
 */
export function receptionGroups(loaders: Loaders, span: Span): Promise<ReceptionGroup[]> {
  return loaders.memo(memoKey("receptions", { span, filter: {} }), () =>
    cachedFigure(loaders, span, {
      figure: "receptions",
      counts: ["cases", "persons"],
      compute: (span) => receptionQuery(loaders, span),
    }),
  );
}

async function receptionQuery(loaders: Loaders, span: Span): Promise<ReceptionGroup[]> {
  const bucket = spanBucket(loaders.db, "received_at", span);
  const byLeader =
    loaders.db.options.type === "better-sqlite3"
      ? `SELECT ${bucket} AS bucket, leader_id, 1 AS cases, headcount AS persons
           FROM reception WHERE received_at >= ? AND received_at < ?`
      : `SELECT ${bucket} AS bucket, leader_id, COUNT(*) AS cases, SUM(headcount) AS persons
           FROM reception WHERE received_at >= ? AND received_at < ? GROUP BY bucket, leader_id`;
  const rows: Row[] = await loaders.db.query(
    `SELECT r.bucket AS bucket, l.level AS level, SUM(r.cases) AS cases, SUM(r.persons) AS persons
       FROM (${byLeader}) r JOIN leader l ON l.id = r.leader_id
       GROUP BY r.bucket, l.level`,
    [sqlTime(span.start), sqlTime(span.end)],
  );
  return rows.map((r) => ({
    bucket: bucketKey(span, r.bucket),
    level: String(r.level) as AdminLevel,
    cases: n(r.cases),
    persons: n(r.persons),
  }));
}

/** 社情民意: digests published in each bucket. */
export function digestCounts(loaders: Loaders, span: Span): Promise<Map<string, number>> {
  return loaders.memo(memoKey("digests", { span, filter: {} }), async () => {
    const rows = await cachedFigure(loaders, span, {
      figure: "digests",
      counts: ["digests"],
      compute: (span) => digestQuery(loaders, span),
    });
    return new Map(rows.map((r) => [r.bucket, r.digests]));
  });
}

async function digestQuery(
  loaders: Loaders,
  span: Span,
): Promise<{ bucket: string; digests: number }[]> {
  const rows: Row[] = await loaders.db.query(
    `SELECT ${spanBucket(loaders.db, "published_at", span)} AS bucket, COUNT(*) AS n
     FROM opinion_digest WHERE published_at >= ? AND published_at < ? GROUP BY bucket`,
    [sqlTime(span.start), sqlTime(span.end)],
  );
  return rows.map((r) => ({ bucket: bucketKey(span, r.bucket), digests: n(r.n) }));
}

/** 排查矛盾隐患 of the year: found, resolved and (of the found) escalated. */
export async function screeningFigures(loaders: Loaders, year: number): Promise<ScreeningFigures> {
  const groups = await disputeGroups(loaders, { span: yearSpan(year), filter: {} });
  const out = { found: 0, resolved: 0, escalated: 0 };
  for (const g of groups) {
    if (g.bucket !== String(year)) continue;
    if (g.kind === "found") {
      out.found += g.items;
      out.escalated += g.escalated;
    } else out.resolved += g.items;
  }
  return out;
}

/** 县级领导接访: receptions by county-level leaders in the year, and the persons received. */
export async function countyLeaderReceptions(
  loaders: Loaders,
  year: number,
): Promise<ReceptionFigures> {
  const groups = await receptionGroups(loaders, yearSpan(year));
  const out = { cases: 0, persons: 0 };
  for (const g of groups) {
    if (g.bucket !== String(year) || g.level !== AdminLevel.COUNTY) continue;
    out.cases += g.cases;
    out.persons += g.persons;
  }
  return out;
}

/** 社情民意: digests published in the year. */
export async function opinionDigestsOfYear(loaders: Loaders, year: number): Promise<number> {
  return (await digestCounts(loaders, yearSpan(year))).get(String(year)) ?? 0;
}
