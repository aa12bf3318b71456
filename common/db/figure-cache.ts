import type { DataSource, QueryRunner, TableColumnOptions } from "typeorm";
import { Table, TableIndex } from "typeorm";
import { bucketOf, spanOf, type Span } from "../domain/statistics";
import type { Loaders } from "./loaders";
import { column } from "./migration";

/**
 * The per-day cache of the figures (`statistics`, the annual report): a figure's rows for one
 * closed Beijing day (before the clock's today), as the figure function returns them for a DAY
 * span of that day, are kept in `figure_day` and summed into months, weeks, days or a year here,
 * so that a year of figures reads a few hundred small cache rows instead of every record of the
 * year (about 0.1 s a figure at ×100 on MariaDB). Today and later are computed live, and so is
 * any filtered or broken-down figure (the callers decide). Days missing from the cache are
 * computed by the same figure function over DAY buckets, one statement per range of days.
 *
 * Correctness does not depend on any write path remembering the cache: triggers on every table a
 * figure reads (the migrations, `createFigureCache`) append the Beijing days a written row sits
 * in (each time column, old and new) to `figure_change`. A cache row is valid while no change of
 * its day was logged at or after its `stamp`, the database's time taken just before the day was
 * computed, moved back to the start of the oldest writing transaction then running (`fillStamp`):
 * a write whose transaction was in flight while the day was computed, and so was not seen,
 * logged its change after that start and makes the row invalid; it is then computed again.
 * Writers only append to the log: they never touch the cache rows.
 */

type Value = string | number | boolean | null;
export type FigureRow = { bucket: string } & Record<string, Value>;

/** Up to this many ranges of missing days are computed per figure (one statement each). */
const MAX_FILL_RANGES = 4;
/**
 * Log rows older than a fill's stamp by this much are deleted by the fill (they no longer matter),
 * after the cache rows they invalidate. It must exceed the longest fill (compute and store): a
 * slower fill stores nothing (below), since a concurrent fill could have pruned the change that
 * invalidates it.
 */
const PRUNE_AFTER_SECONDS = 600;
/**
 * Where the server does not let us see its running transactions (MySQL's INNODB_TRX needs the
 * PROCESS privilege), the stamp is moved back by this much instead: longer than any write
 * transaction of the project.
 */
const FALLBACK_MARGIN_SECONDS = 60;
/** More than the age of MySQL's list of running transactions (at most 0.1 s). */
const SNAPSHOT_LAG_SECONDS = 1;
/** Rows per INSERT when storing days. */
const STORE_CHUNK = 200;

export interface CachedFigure<R extends { bucket: string }> {
  /** the figure's name in the cache's key, unique within the department */
  figure: string;
  /** the fields summed when days fall into one bucket; every other field is an attribute */
  counts: readonly string[];
  /** the figure function itself, over a span (DAY grain when it fills the cache) */
  compute: (span: Span) => Promise<R[]>;
  /**
   * For a stock's changes (overdue): the table and time column whose earliest row is the first
   * day with data; every change from that day to the span's start is summed into bucket ''.
   */
  base?: { table: string; column: string };
}

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (day: string, days: number) =>
  dayText(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
/** The Beijing day of an instant. */
export const beijingDay = (at: Date) => dayText(at.getTime() + OFFSET_MS);

const isSqlite = (db: DataSource) => db.options.type === "better-sqlite3";

/** The Beijing day (YYYY-MM-DD text) of a time column or expression, in SQL. */
export function sqlDayOf(sqlite: boolean, expr: string): string {
  return sqlite
    ? `strftime('%Y-%m-%d', ${expr}, '+8 hours')`
    : `DATE_FORMAT(${expr} + INTERVAL 8 HOUR, '%Y-%m-%d')`;
}

/** The database's time now, to the millisecond, as the log's and the cache's stamps hold it. */
const sqlNow = (sqlite: boolean) => (sqlite ? `strftime('%Y-%m-%d %H:%M:%f', 'now')` : `NOW(3)`);

/** A stamp (text) moved back by `seconds`, in SQL. */
const sqlBefore = (sqlite: boolean, seconds: number) =>
  sqlite
    ? `strftime('%Y-%m-%d %H:%M:%f', ?, '-${seconds} seconds')`
    : `(CAST(? AS DATETIME(3)) - INTERVAL ${seconds} SECOND)`;

/**
 * The figure over `span` from the cache where it can: the span's closed days from `figure_day`
 * (those missing or invalid computed and stored), the rest live, all summed into the span's
 * buckets. Without a clock on the loaders (a script, a comparison in a test) it is the live
 * figure. The rows equal the live figure's (tests: figure-cache.test.ts).
 */
export async function cachedFigure<R extends { bucket: string }>(
  loaders: Loaders,
  span: Span,
  figure: CachedFigure<R>,
): Promise<R[]> {
  const clock = loaders.clock;
  if (!clock) return figure.compute(span);
  // the rows' own types are interfaces of plain values: checked once here, not per field
  const f = figure as unknown as CachedFigure<FigureRow>;
  const db = loaders.db;
  const sqlite = isSqlite(db);
  const today = beijingDay(clock.now());
  const first = span.previous.first;
  const from = span.periods[0]!.first;
  const last = span.periods[span.periods.length - 1]!.last;
  const closedLast = last < today ? last : addDays(today, -1);
  // a stock over a span that starts after today: live. Its base would need the days from today
  // to the span, and where records lie after the clock (a demo set back) the live statement
  // counts a reply between now and the span as done, which changes summed up to now cannot.
  if (f.base && first > today) return figure.compute(span);

  const days = new Map<string, Record<string, Value>[]>();
  let lower = first;
  if (closedLast >= first || f.base) {
    const read = await readDays(db, sqlite, f, first, closedLast);
    if (read.firstDataDay !== null && read.firstDataDay < lower) lower = read.firstDataDay;
    for (const [day, rows] of read.days) if (day >= lower) days.set(day, rows);
    const missing: string[] = [];
    for (let day = lower; day <= closedLast; day = addDays(day, 1))
      if (!days.has(day)) missing.push(day);
    if (missing.length > 0)
      for (const [day, rows] of await fill(db, sqlite, f, missing)) days.set(day, rows);
  }

  // today and after: live, over DAY buckets, the days outside the range dropped
  const liveFirst = lower > today ? lower : today;
  if (liveFirst <= last) {
    const live = await f.compute(spanOf(liveFirst, last, "DAY"));
    for (const [day, rows] of byDay(live)) if (day >= liveFirst && day <= last) days.set(day, rows);
  }

  return rebucket(days, span, f, from) as R[];
}

/** The cache rows of the days asked for that are still valid, and the first day with data. */
async function readDays(
  db: DataSource,
  sqlite: boolean,
  f: CachedFigure<FigureRow>,
  first: string,
  closedLast: string,
): Promise<{ days: Map<string, Record<string, Value>[]>; firstDataDay: string | null }> {
  // a stock's base reaches back to its first day with data: every cached day up to the range
  const lowerBound = f.base ? "" : " AND d.day >= ?";
  const firstData = f.base
    ? ` UNION ALL SELECT NULL AS day, ${sqlDayOf(sqlite, `MIN(${f.base.column})`)} AS rows_json FROM ${f.base.table}`
    : "";
  // each day's latest change once (index idx_figure_change_day), then joined: about half the
  // time of a lookup per cached day (395 days at ×100 on MariaDB: 3 to 6 ms against 8 to 12)
  const range = f.base ? [closedLast] : [closedLast, first];
  const rows: { day: string | null; rows_json: string | null }[] = await db.query(
    `SELECT d.day AS day, d.rows_json AS rows_json FROM figure_day d
     LEFT JOIN (SELECT day, MAX(logged_at) AS last FROM figure_change
       WHERE day <= ?${lowerBound.replace("d.day", "day")} GROUP BY day) c ON c.day = d.day
     WHERE d.figure = ? AND d.breakdown = '' AND d.day <= ?${lowerBound}
       AND (c.last IS NULL OR c.last < d.stamp)${firstData}`,
    [...range, f.figure, ...range],
  );
  const days = new Map<string, Record<string, Value>[]>();
  let firstDataDay: string | null = null;
  for (const r of rows) {
    if (r.day === null) firstDataDay = r.rows_json;
    else days.set(r.day, JSON.parse(r.rows_json ?? "[]") as Record<string, Value>[]);
  }
  return { days, firstDataDay };
}

/** Rows grouped by their (DAY) bucket, the bucket dropped. */
function byDay(rows: FigureRow[]): Map<string, Record<string, Value>[]> {
  const out = new Map<string, Record<string, Value>[]>();
  for (const { bucket, ...rest } of rows) {
    const list = out.get(bucket) ?? [];
    list.push(rest);
    out.set(bucket, list);
  }
  return out;
}

/**
 * Sorted missing days as at most MAX_FILL_RANGES ranges: runs of consecutive days, the closest
 * runs joined until few enough (a joined gap's days are computed again, harmlessly).
 */
export function fillRanges(missing: string[]): [string, string][] {
  const runs: [string, string][] = [];
  for (const day of missing) {
    const run = runs[runs.length - 1];
    if (run && addDays(run[1], 1) === day) run[1] = day;
    else runs.push([day, day]);
  }
  const gap = (i: number) => Date.parse(runs[i + 1]![0]) - Date.parse(runs[i]![1]);
  while (runs.length > MAX_FILL_RANGES) {
    let best = 0;
    for (let i = 1; i < runs.length - 1; i++) if (gap(i) < gap(best)) best = i;
    runs.splice(best, 2, [runs[best]![0], runs[best + 1]![1]]);
  }
  return runs;
}

/**
 * The database's time to stamp a fill with, so that a write in flight, whose effect the fill
 * may not see, logs its change at or after the stamp.
 * - MySQL/MariaDB: the start of the oldest transaction on this database that has written rows,
 *   if earlier than now less a second. The server's list of transactions (INNODB_TRX) is a
 *   snapshot up to 0.1 s old: a transaction it misses began after now − 0.1 s. Only sessions
 *   on this department's database (PROCESSLIST.DB, as every connection of the project) count,
 *   so that another application's long transaction (a seed of other databases) does not hold
 *   every stamp back; a transaction that has written nothing yet will log after now.
 * - SQLite: now. A plain statement waits for any open transaction of the process (one
 *   connection lock, transactions.ts), so none is in flight.
 * Text, to the millisecond (trx_started is to the second: earlier, which only errs safe).
 */
async function fillStamp(db: DataSource, sqlite: boolean): Promise<string> {
  if (sqlite) {
    const [row] = await db.query(`SELECT ${sqlNow(true)} AS stamp`);
    return String(row.stamp);
  }
  const text = (expr: string) => `LEFT(DATE_FORMAT(${expr}, '%Y-%m-%d %H:%i:%s.%f'), 23)`;
  try {
    const [row] = await db.query(
      `SELECT ${text(
        `LEAST(NOW(3) - INTERVAL ${SNAPSHOT_LAG_SECONDS} SECOND, COALESCE((
           SELECT MIN(t.trx_started) FROM information_schema.INNODB_TRX t
           JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
           WHERE p.DB = DATABASE() AND t.trx_rows_modified > 0
             AND t.trx_mysql_thread_id <> CONNECTION_ID()), NOW(3)))`,
      )} AS stamp`,
    );
    return String(row.stamp);
  } catch {
    // without the PROCESS privilege: a fixed margin, longer than any write transaction
    const [row] = await db.query(
      `SELECT ${text(`NOW(3) - INTERVAL ${FALLBACK_MARGIN_SECONDS} SECOND`)} AS stamp`,
    );
    return String(row.stamp);
  }
}

/**
 * Computes the missing days (one statement per range), stores them with the stamp taken before,
 * and prunes the change log of those ranges. Returns the days computed, stored or not.
 */
async function fill(
  db: DataSource,
  sqlite: boolean,
  f: CachedFigure<FigureRow>,
  missing: string[],
): Promise<Map<string, Record<string, Value>[]>> {
  const started = Date.now();
  const stamp = await fillStamp(db, sqlite);
  const ranges = fillRanges(missing);
  const computed = await Promise.all(ranges.map(([a, b]) => f.compute(spanOf(a, b, "DAY"))));
  const found = byDay(computed.flat());
  const out = new Map<string, Record<string, Value>[]>();
  for (const day of missing) out.set(day, found.get(day) ?? []);
  // a fill slower than the pruning margin may have lost its invalidating change to another fill's pruning
  if (Date.now() - started > (PRUNE_AFTER_SECONDS * 1000) / 2) return out;

  try {
    await store(db, sqlite, f.figure, [...out], stamp);
    for (const [a, b] of ranges) await prune(db, sqlite, a, b, stamp);
  } catch (e) {
    // two fills of the same days may deadlock on MySQL; the loser's days stay missing or as the
    // winner stored them, valid or not by the same rule: the answer computed here still holds
    if (!LOST_RACE.has(codeOf(e) ?? "")) throw e;
  }
  return out;
}

const LOST_RACE = new Set(["ER_LOCK_DEADLOCK", "ER_LOCK_WAIT_TIMEOUT"]);
const codeOf = (e: unknown) =>
  ((e as { driverError?: { code?: string } })?.driverError?.code ??
    (e as { code?: string })?.code) as string | undefined;

/** Stores days' rows with their stamp, a concurrent fill's newer stamp kept. */
async function store(
  db: DataSource,
  sqlite: boolean,
  figure: string,
  entries: [string, Record<string, Value>[]][],
  stamp: string,
): Promise<void> {
  for (let i = 0; i < entries.length; i += STORE_CHUNK) {
    const chunk = entries.slice(i, i + STORE_CHUNK);
    const values = chunk.map(() => "(?, '', ?, ?, ?)").join(", ");
    const params = chunk.flatMap(([day, rows]) => [figure, day, JSON.stringify(rows), stamp]);
    // a concurrent fill's newer stamp is kept: of two valid rows, the later one stays valid longer
    await db.query(
      sqlite
        ? `INSERT INTO figure_day (figure, breakdown, day, rows_json, stamp) VALUES ${values}
           ON CONFLICT (figure, breakdown, day) DO UPDATE SET rows_json = excluded.rows_json,
             stamp = excluded.stamp WHERE excluded.stamp >= figure_day.stamp`
        : `INSERT INTO figure_day (figure, breakdown, day, rows_json, stamp) VALUES ${values}
           ON DUPLICATE KEY UPDATE rows_json = IF(VALUES(stamp) >= stamp, VALUES(rows_json), rows_json),
             stamp = GREATEST(stamp, VALUES(stamp))`,
      params,
    );
  }
}

/**
 * Deletes the log rows of days a..b older than the stamp by PRUNE_AFTER_SECONDS, and first the
 * cache rows (of any figure) that those rows make invalid, so that no invalid row becomes valid.
 */
async function prune(db: DataSource, sqlite: boolean, a: string, b: string, stamp: string) {
  const cut = sqlBefore(sqlite, PRUNE_AFTER_SECONDS);
  await db.query(
    `DELETE FROM figure_day WHERE day >= ? AND day <= ? AND EXISTS (SELECT 1 FROM figure_change c
       WHERE c.day = figure_day.day AND c.logged_at < ${cut} AND c.logged_at >= figure_day.stamp)`,
    [a, b, stamp],
  );
  await db.query(`DELETE FROM figure_change WHERE day >= ? AND day <= ? AND logged_at < ${cut}`, [
    a,
    b,
    stamp,
  ]);
}

/**
 * Day rows summed into the span's buckets: a day before the span's first day goes to '' (a
 * stock's base), a day before the first period's first day to the previous period (as
 * spanBucket does), the rest to bucketOf; rows with equal attributes in a bucket add up.
 */
function rebucket(
  days: Map<string, Record<string, Value>[]>,
  span: Span,
  f: CachedFigure<FigureRow>,
  from: string,
): FigureRow[] {
  const counts = new Set(f.counts);
  const out = new Map<string, Record<string, Value>>();
  for (const [day, rows] of days) {
    const bucket =
      day < span.previous.first ? "" : day < from ? span.previous.key : bucketOf(day, span.grain);
    for (const row of rows) {
      const attributes = Object.keys(row)
        .filter((k) => !counts.has(k))
        .sort()
        .map((k) => [k, row[k]]);
      const key = `${bucket}\u0000${JSON.stringify(attributes)}`;
      const sum = out.get(key);
      if (!sum) out.set(key, { ...row, bucket });
      else for (const c of counts) sum[c] = Number(sum[c] ?? 0) + Number(row[c] ?? 0);
    }
  }
  return [...out.values()] as FigureRow[];
}

// ---- the migrations' part ----

/** A table a department's figures read, and what places one of its rows in a day. */
export interface FigureSource {
  table: string;
  /** the time columns a figure buckets or tests by */
  columns: string[];
}

/**
 * A table whose rows change figures of other rows' days (a leader's level, for the receptions
 * by level): SQL selects of the days (`AS d`) for the row `r` (OLD or NEW), per event.
 */
export interface FigureDependency {
  table: string;
  events: ("INSERT" | "UPDATE" | "DELETE")[];
  days: (sqlite: boolean, event: "INSERT" | "UPDATE" | "DELETE", r: "OLD" | "NEW") => string;
}

const EVENTS = ["INSERT", "UPDATE", "DELETE"] as const;
const triggerName = (table: string, event: string) =>
  `fc_${table}_${event.slice(0, 3).toLowerCase()}`;

function triggerSql(
  sqlite: boolean,
  table: string,
  event: (typeof EVENTS)[number],
  selects: string[],
): string {
  const union = selects.join(" UNION ");
  const now = sqlNow(sqlite);
  // MySQL/MariaDB: a plain append. Reading figure_change inside the trigger (to log a day once
  // per statement time) made the insert a locking read under REPEATABLE READ: two writers of one
  // day took the same gap lock and then each waited to insert into it; 400 concurrent two-row
  // transactions measured 273 deadlocks that way, and none as a plain append. A bulk statement
  // therefore logs a row per written row there; the seed empties the log after its bulk load.
  // SQLite has one writer at a time, so there the day is logged once per statement time (the
  // same 'now' for every row of one statement), which keeps a bulk insert's log small.
  const once = sqlite
    ? ` AND NOT EXISTS (SELECT 1 FROM figure_change c WHERE c.day = t.d AND c.logged_at = ${now})`
    : "";
  const insert = `INSERT INTO figure_change (day, logged_at) SELECT t.d, ${now} FROM (${union}) t
    WHERE t.d IS NOT NULL${once}`;
  const name = triggerName(table, event);
  return sqlite
    ? `CREATE TRIGGER ${name} AFTER ${event} ON ${table} FOR EACH ROW BEGIN ${insert}; END`
    : `CREATE TRIGGER ${name} AFTER ${event} ON ${table} FOR EACH ROW ${insert}`;
}

const rowsOf = (event: (typeof EVENTS)[number]): ("OLD" | "NEW")[] =>
  event === "INSERT" ? ["NEW"] : event === "DELETE" ? ["OLD"] : ["OLD", "NEW"];

const figureDayColumns: TableColumnOptions[] = [
  column.string("figure", 40),
  column.string("breakdown", 20),
  column.string("day", 10),
  column.text("rows_json"),
  column.time("stamp"),
];

/** Creates the cache and its change log, and the triggers on every table the figures read. */
export async function createFigureCache(
  q: QueryRunner,
  sources: FigureSource[],
  dependencies: FigureDependency[] = [],
): Promise<void> {
  const sqlite = q.connection.options.type === "better-sqlite3";
  await q.createTable(
    new Table({
      name: "figure_day",
      columns: figureDayColumns.map((c) =>
        ["figure", "breakdown", "day"].includes(c.name) ? { ...c, isPrimary: true } : c,
      ),
    }),
  );
  await q.createTable(
    new Table({
      name: "figure_change",
      columns: [column.id(), column.string("day", 10), column.time("logged_at")],
      indices: [
        new TableIndex({ name: "idx_figure_change_day", columnNames: ["day", "logged_at"] }),
      ],
    }),
  );
  for (const s of sources)
    for (const event of EVENTS) {
      const selects = rowsOf(event).flatMap((r) =>
        s.columns.map((c) => `SELECT ${sqlDayOf(sqlite, `${r}.${c}`)} AS d`),
      );
      await q.query(triggerSql(sqlite, s.table, event, selects));
    }
  for (const d of dependencies)
    for (const event of d.events)
      await q.query(
        triggerSql(
          sqlite,
          d.table,
          event,
          rowsOf(event).map((r) => d.days(sqlite, event, r)),
        ),
      );
}

/**
 * Empties the cache and its change log, where the database has them: after a bulk load (the
 * seed), when no server fills the cache meanwhile. With no cache row left no log row matters,
 * and the next read computes every day from the records as they now are.
 */
export async function emptyFigureCache(db: DataSource): Promise<void> {
  const sqlite = isSqlite(db);
  const present: { name: string }[] = await db.query(
    sqlite
      ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'figure_change'`
      : `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = DATABASE() AND table_name = 'figure_change'`,
  );
  if (present.length === 0) return;
  for (const table of ["figure_day", "figure_change"])
    await db.query(sqlite ? `DELETE FROM ${table}` : `TRUNCATE TABLE ${table}`);
}

/** Undoes createFigureCache. */
export async function dropFigureCache(
  q: QueryRunner,
  sources: FigureSource[],
  dependencies: FigureDependency[] = [],
): Promise<void> {
  for (const s of sources)
    for (const event of EVENTS)
      await q.query(`DROP TRIGGER IF EXISTS ${triggerName(s.table, event)}`);
  for (const d of dependencies)
    for (const event of d.events)
      await q.query(`DROP TRIGGER IF EXISTS ${triggerName(d.table, event)}`);
  await q.dropTable("figure_change");
  await q.dropTable("figure_day");
}
