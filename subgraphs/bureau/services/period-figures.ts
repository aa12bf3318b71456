import {
  bucketKey,
  cachedFigure,
  figureKey,
  spanBucket,
  sqlTime,
  type CachedFigure,
  type Loaders,
} from "../../../common/db";
import type { Span, StatisticsBreakdown, StatisticsFilter } from "../../../common/domain";

/**
 * The bureau's figures, each computed once for a span of Beijing days grouped by a period bucket
 * (common/db periodBucket) and, for breakdowns, by one attribute of the petition: the annual
 * report reads them over a YEAR bucket (report-figures.ts), `statistics` over months, weeks or
 * days. Every function is one statement whatever the number of periods, memoized per request.
 */
type Row = Record<string, string | number | null>;
const n = (v: string | number | null | undefined) => Number(v ?? 0);
const flag = (v: string | number | null | undefined) => Number(v ?? 0) === 1;

/** The petition's column a breakdown groups by (`p` is the petition's alias). */
const DIMENSION: Record<StatisticsBreakdown, string> = {
  TOWN: "p.town_id",
  CATEGORY: "p.category",
  CHANNEL: "p.channel",
  UNIT: "p.responsible_unit",
};

/** The filter as conditions on the petition `p`, every value a bound parameter. */
function petitionConditions(f: StatisticsFilter): { sql: string; params: (string | number)[] } {
  const sql: string[] = [];
  const params: (string | number)[] = [];
  if (f.townId !== undefined) {
    sql.push("p.town_id = ?");
    params.push(f.townId);
  }
  if (f.category !== undefined) {
    sql.push("p.category = ?");
    params.push(f.category);
  }
  if (f.channel !== undefined) {
    sql.push("p.channel = ?");
    params.push(f.channel);
  }
  if (f.unit !== undefined) {
    sql.push("p.responsible_unit = ?");
    params.push(f.unit);
  }
  return { sql: sql.map((c) => ` AND ${c}`).join(""), params };
}

/** What a figure is grouped by besides its period: nothing, or one attribute of the petition. */
export interface Grouping {
  span: Span;
  filter: StatisticsFilter;
  by?: StatisticsBreakdown;
}

const memoKey = figureKey;

/** One row per bucket (and dimension value, when broken down), counts as numbers. */
export interface Grouped {
  bucket: string;
  /** the breakdown's value (a town id, a category …), null without a breakdown or when unset */
  dim: string | null;
}

function grouped(loaders: Loaders, g: Grouping, column: string) {
  const bucket = spanBucket(loaders.db, column, g.span);
  const dim = g.by ? DIMENSION[g.by] : "NULL";
  const where = petitionConditions(g.filter);
  return { bucket, dim, where, range: [sqlTime(g.span.start), sqlTime(g.span.end)] };
}

/**
 * The figure over the grouping's span: from the per-day cache (common/db figure-cache.ts) when
 * neither filtered nor broken down, live otherwise. A breakdown by the petition's town or
 * category would go stale on a correction of the petition for its visits' and forwardings' days,
 * which no trigger on those rows sees; they are asked for over a range at a time, rarely.
 */
function cachedUnlessFiltered<R extends Grouped>(
  loaders: Loaders,
  g: Grouping,
  figure: Omit<CachedFigure<R>, "compute">,
  compute: (g: Grouping) => Promise<R[]>,
): Promise<R[]> {
  const filtered = g.by !== undefined || Object.values(g.filter).some((v) => v !== undefined);
  if (filtered) return compute(g);
  return cachedFigure(loaders, g.span, { ...figure, compute: (span) => compute({ ...g, span }) });
}

const dimOf = (r: Row) => (r.dim === null || r.dim === undefined ? null : String(r.dim));

export interface VisitGroup extends Grouped {
  level: string;
  firstTime: boolean;
  collective: boolean;
  visits: number;
  persons: number;
}

/** 来访 by bucket, level, first-time and collective. Without a filter or breakdown, index only. */
export function visitGroups(loaders: Loaders, g: Grouping): Promise<VisitGroup[]> {
  return loaders.memo(memoKey("visits", g), () =>
    cachedUnlessFiltered(loaders, g, { figure: "visits", counts: ["visits", "persons"] }, (g) =>
      visitQuery(loaders, g),
    ),
  );
}

async function visitQuery(loaders: Loaders, g: Grouping): Promise<VisitGroup[]> {
  const q = grouped(loaders, g, "v.received_at");
  const join = q.where.sql || g.by ? " JOIN petition p ON p.id = v.petition_id" : "";
  const rows: Row[] = await loaders.db.query(
    `SELECT ${q.bucket} AS bucket, ${q.dim} AS dim, v.level AS level, v.first_time AS first_time,
         v.collective AS collective, COUNT(*) AS visits, SUM(v.headcount) AS persons
       FROM visit v${join}
       WHERE v.received_at >= ? AND v.received_at < ?${q.where.sql}
       GROUP BY bucket, dim, v.level, v.first_time, v.collective`,
    [...q.range, ...q.where.params],
  );
  return rows.map((r) => ({
    bucket: bucketKey(g.span, r.bucket),
    dim: dimOf(r),
    level: String(r.level),
    firstTime: flag(r.first_time),
    collective: flag(r.collective),
    visits: n(r.visits),
    persons: n(r.persons),
  }));
}

export interface IntakeGroup extends Grouped {
  channel: string;
  /** 网上信访 transferred from the national, provincial or municipal level */
  transfer: boolean;
  merged: boolean;
  /** accepted or declined within 15 days */
  timely: boolean;
  petitions: number;
}

/** The petitions received, by bucket, channel, transfer, merged and timely decision. */
export function intakeGroups(loaders: Loaders, g: Grouping): Promise<IntakeGroup[]> {
  return loaders.memo(memoKey("intake", g), () =>
    cachedUnlessFiltered(loaders, g, { figure: "intake", counts: ["petitions"] }, (g) =>
      intakeQuery(loaders, g),
    ),
  );
}

async function intakeQuery(loaders: Loaders, g: Grouping): Promise<IntakeGroup[]> {
  const q = grouped(loaders, g, "p.received_at");
  const transfer =
    "CASE WHEN p.channel = 'ONLINE' AND p.source <> 'COUNTY_INTAKE' THEN 1 ELSE 0 END";
  const merged = "CASE WHEN p.status = 'MERGED' THEN 1 ELSE 0 END";
  // decided within the 15 days: accepted, declined, or forwarded/assigned (转送/交办), which the
  // procedure names among the 15-day outcomes. A forwarding also rewrites the petition's
  // responsible unit, so the figure cache's petition trigger sees it on the received day.
  const timely = `CASE WHEN COALESCE(p.accepted_at, p.declined_at) <= p.acceptance_deadline
      OR EXISTS (SELECT 1 FROM forwarding f WHERE f.petition_id = p.id AND f.forwarded_at <= p.acceptance_deadline)
    THEN 1 ELSE 0 END`;
  const rows: Row[] = await loaders.db.query(
    `SELECT ${q.bucket} AS bucket, ${q.dim} AS dim, p.channel AS channel, ${transfer} AS transfer,
         ${merged} AS merged, ${timely} AS timely, COUNT(*) AS petitions
       FROM petition p WHERE p.received_at >= ? AND p.received_at < ?${q.where.sql}
       GROUP BY bucket, dim, p.channel, transfer, merged, timely`,
    [...q.range, ...q.where.params],
  );
  return rows.map((r) => ({
    bucket: bucketKey(g.span, r.bucket),
    dim: dimOf(r),
    channel: String(r.channel),
    transfer: flag(r.transfer),
    merged: flag(r.merged),
    timely: flag(r.timely),
    petitions: n(r.petitions),
  }));
}

export interface OutcomeGroup extends Grouped {
  /** accepted in the bucket, or replied in it */
  kind: "accepted" | "replied";
  /** a reply by its due date (extension included) */
  onTime: boolean;
  petitions: number;
}

/** Petitions accepted in each bucket, and replied in each (on time or not): one statement. */
export function outcomeGroups(loaders: Loaders, g: Grouping): Promise<OutcomeGroup[]> {
  return loaders.memo(memoKey("outcomes", g), () =>
    cachedUnlessFiltered(loaders, g, { figure: "outcomes", counts: ["petitions"] }, (g) =>
      outcomeQuery(loaders, g),
    ),
  );
}

async function outcomeQuery(loaders: Loaders, g: Grouping): Promise<OutcomeGroup[]> {
  const a = grouped(loaders, g, "p.accepted_at");
  const r = grouped(loaders, g, "p.replied_at");
  const onTime = "CASE WHEN p.replied_at <= p.due_at THEN 1 ELSE 0 END";
  const rows: Row[] = await loaders.db.query(
    `SELECT 'accepted' AS kind, ${a.bucket} AS bucket, ${a.dim} AS dim, 0 AS on_time, COUNT(*) AS petitions
       FROM petition p WHERE p.accepted_at >= ? AND p.accepted_at < ?${a.where.sql}
       GROUP BY bucket, dim
       UNION ALL
       SELECT 'replied' AS kind, ${r.bucket} AS bucket, ${r.dim} AS dim, ${onTime} AS on_time, COUNT(*) AS petitions
       FROM petition p WHERE p.replied_at >= ? AND p.replied_at < ?${r.where.sql}
       GROUP BY bucket, dim, on_time`,
    [...a.range, ...a.where.params, ...r.range, ...r.where.params],
  );
  return rows.map((row) => ({
    kind: row.kind === "accepted" ? "accepted" : "replied",
    bucket: bucketKey(g.span, row.bucket),
    dim: dimOf(row),
    onTime: flag(row.on_time),
    petitions: n(row.petitions),
  }));
}

export interface OverdueChange extends Grouped {
  /** +1 for the petitions falling past due in the bucket, −1 for those replied late in it */
  sign: 1 | -1;
  petitions: number;
}

/**
 * Open and past due at each period's end (or at `now`, if sooner), as the on-time completion
 * rate counts them: not merged, due before then and not replied before then. A petition is past
 * due from its due date until its late reply, so the count at an end is the petitions past due
 * at the span's start (bucket ''), plus those falling due, less those replied late, in the
 * buckets up to it. Every row concerned is unreplied or replied since the span's start: one
 * statement over idx_petition_replied, whatever the number of periods.
 */
export function overdueChanges(loaders: Loaders, g: Grouping, now: Date): Promise<OverdueChange[]> {
  return loaders.memo(memoKey(`overdue ${now.getTime()}`, g), async () => {
    const changes = await cachedUnlessFiltered(
      loaders,
      g,
      {
        figure: "overdue",
        counts: ["petitions"],
        // the stock at the span's start: every change since the first petition (cheaper than a
        // live statement over every open or recently replied petition: measured in the bench notes)
        base: { table: "petition", column: "received_at" },
      },
      (g) => overdueQuery(loaders, g, now),
    );
    return netBase(changes);
  });
}

/**
 * The changes before the span as the statement gives them: one +1 row per breakdown value, the
 * stock at the span's start (the cache sums the days' +1 and −1 changes into '' instead).
 */
function netBase(changes: OverdueChange[]): OverdueChange[] {
  const base = new Map<string | null, number>();
  const out: OverdueChange[] = [];
  for (const c of changes)
    if (c.bucket === "") base.set(c.dim, (base.get(c.dim) ?? 0) + c.sign * c.petitions);
    else out.push(c);
  for (const [dim, petitions] of base)
    if (petitions !== 0) out.push({ sign: 1, bucket: "", dim, petitions });
  return out;
}

async function overdueQuery(loaders: Loaders, g: Grouping, now: Date): Promise<OverdueChange[]> {
  const cutoff = sqlTime(new Date(Math.min(g.span.end.getTime(), now.getTime())));
  const start = sqlTime(g.span.start);
  const due = grouped(loaders, g, "p.due_at");
  const replied = grouped(loaders, g, "p.replied_at");
  const concerned = `(p.replied_at IS NULL OR p.replied_at >= ?) AND p.status <> 'MERGED'`;
  const rows: Row[] = await loaders.db.query(
    `SELECT 1 AS sign, CASE WHEN p.due_at < ? THEN '' ELSE ${due.bucket} END AS bucket, ${due.dim} AS dim, COUNT(*) AS petitions
       FROM petition p
       WHERE ${concerned} AND p.due_at < ? AND (p.replied_at IS NULL OR p.replied_at > p.due_at)${due.where.sql}
       GROUP BY bucket, dim
       UNION ALL
       SELECT -1 AS sign, ${replied.bucket} AS bucket, ${replied.dim} AS dim, COUNT(*) AS petitions
       FROM petition p
       WHERE ${concerned} AND p.replied_at < ? AND p.replied_at > p.due_at${replied.where.sql}
       GROUP BY bucket, dim`,
    [start, start, cutoff, ...due.where.params, start, cutoff, ...replied.where.params],
  );
  return rows.map((r) => ({
    sign: n(r.sign) === 1 ? 1 : -1,
    bucket: bucketKey(g.span, r.bucket),
    dim: dimOf(r),
    petitions: n(r.petitions),
  }));
}

export interface ForwardingGroup extends Grouped {
  kind: "FORWARD" | "ASSIGN";
  made: number;
  answered: number;
  answeredOnTime: number;
}

/**
 * 转送/交办 made in each bucket: how many of each kind, answered, answered by the deadline in
 * force. The unit filter is the forwarding's own unit; town, category and channel the petition's.
 */
export function forwardingGroups(loaders: Loaders, g: Grouping): Promise<ForwardingGroup[]> {
  return loaders.memo(memoKey("forwardings", g), () =>
    cachedUnlessFiltered(
      loaders,
      g,
      { figure: "forwardings", counts: ["made", "answered", "answeredOnTime"] },
      (g) => forwardingQuery(loaders, g),
    ),
  );
}

async function forwardingQuery(loaders: Loaders, g: Grouping): Promise<ForwardingGroup[]> {
  const { unit, ...ofPetition } = g.filter;
  const q = grouped(loaders, { ...g, filter: ofPetition }, "f.forwarded_at");
  const dim = g.by === "UNIT" ? "f.unit" : q.dim;
  const join =
    q.where.sql || (g.by && g.by !== "UNIT") ? " JOIN petition p ON p.id = f.petition_id" : "";
  const rows: Row[] = await loaders.db.query(
    `SELECT ${q.bucket} AS bucket, ${dim} AS dim, f.kind AS kind, COUNT(*) AS made,
         SUM(CASE WHEN f.answered_at IS NOT NULL THEN 1 ELSE 0 END) AS answered,
         SUM(CASE WHEN f.answered_at <= f.deadline THEN 1 ELSE 0 END) AS on_time
       FROM forwarding f${join}
       WHERE f.forwarded_at >= ? AND f.forwarded_at < ?${q.where.sql}${unit !== undefined ? " AND f.unit = ?" : ""}
       GROUP BY bucket, dim, f.kind`,
    [...q.range, ...q.where.params, ...(unit !== undefined ? [unit] : [])],
  );
  return rows.map((r) => ({
    bucket: bucketKey(g.span, r.bucket),
    dim: dimOf(r),
    kind: r.kind === "ASSIGN" ? "ASSIGN" : "FORWARD",
    made: n(r.made),
    answered: n(r.answered),
    answeredOnTime: n(r.on_time),
  }));
}

export interface BacklogGroup extends Grouped {
  assigned: number;
  batches: number;
}

/** Backlog items assigned by bucket and batch: days add up, where distinct batches would not. */
interface BacklogBatch extends Grouped {
  batch: number | null;
  assigned: number;
}

/**
 * 积案交办: backlog items assigned in each bucket and the batches they came in. Counted by
 * batch in SQL and the batches counted here, so that the per-day cache sums the same rows.
 */
export function backlogGroups(loaders: Loaders, g: Grouping): Promise<BacklogGroup[]> {
  return loaders.memo(memoKey("backlog", g), async () => {
    const rows = await cachedUnlessFiltered(
      loaders,
      g,
      { figure: "backlog", counts: ["assigned"] },
      (g) => backlogQuery(loaders, g),
    );
    const out = new Map<string, BacklogGroup>();
    for (const r of rows) {
      const key = JSON.stringify([r.bucket, r.dim]);
      const sum = out.get(key) ?? { bucket: r.bucket, dim: r.dim, assigned: 0, batches: 0 };
      sum.assigned += r.assigned;
      // as COUNT(DISTINCT batch): a batch once per bucket, none for items without one
      if (r.batch !== null) sum.batches += 1;
      out.set(key, sum);
    }
    return [...out.values()];
  });
}

async function backlogQuery(loaders: Loaders, g: Grouping): Promise<BacklogBatch[]> {
  const q = grouped(loaders, g, "b.assigned_at");
  const join = q.where.sql || g.by ? " JOIN petition p ON p.id = b.petition_id" : "";
  const rows: Row[] = await loaders.db.query(
    `SELECT ${q.bucket} AS bucket, ${q.dim} AS dim, b.batch AS batch, COUNT(*) AS assigned
     FROM backlog_case b${join}
     WHERE b.assigned_at >= ? AND b.assigned_at < ?${q.where.sql}
     GROUP BY bucket, dim, b.batch`,
    [...q.range, ...q.where.params],
  );
  return rows.map((r) => ({
    bucket: bucketKey(g.span, r.bucket),
    dim: dimOf(r),
    batch: r.batch === null ? null : n(r.batch),
    assigned: n(r.assigned),
  }));
}

/** Sums `value` of the groups that pass `where`, by bucket (and by dimension when asked). */
export function sumBy<G extends Grouped>(
  groups: G[],
  value: (g: G) => number,
  where: (g: G) => boolean = () => true,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of groups) if (where(g)) out.set(g.bucket, (out.get(g.bucket) ?? 0) + value(g));
  return out;
}

/** The stock at each bucket's end from the changes: the base ('' bucket) plus every change up to it. */
export function stockAt(span: Span, changes: OverdueChange[]): Map<string, number> {
  const delta = sumBy(changes, (c) => c.sign * c.petitions);
  let level = delta.get("") ?? 0;
  const out = new Map<string, number>();
  for (const b of [span.previous, ...span.periods]) {
    level += delta.get(b.key) ?? 0;
    out.set(b.key, level);
  }
  return out;
}
