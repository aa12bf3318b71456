import {
  In,
  type DataSource,
  type EntityTarget,
  type ObjectLiteral,
  type SelectQueryBuilder,
} from "typeorm";
import { badInput } from "../errors/user-errors";
import { encodeCursor } from "../db/pagination";
import { sqlTime } from "../db/sql";
import { engineOf, requiredQuery, type FullTextIndex } from "./full-text";
import { normalizeText, type SearchClause } from "./segmentation";

/**
 * One department's hits for a search, a page at a time, fast whatever the number of matches.
 *
 * A record matches when its searched text (lower-cased) holds every word of the search. The
 * engine's full-text index (FTS5, InnoDB FULLTEXT) answers rare words quickly but costs time in
 * proportion to every record holding the words (村: every record), so it is used only for the
 * rarest word of a search whose matches are sparse; the other words are checked per candidate.
 * Common words are found the other way round: the records are read newest first, by the
 * recency index, and checked, and the walk ends as soon as the page is full.
 *
 * Which way is decided by a sample: the newest SAMPLE records (one statement over the recency
 * index) tell each word's share of the records. The same sample weighs the words (the rarer, the
 * more a word counts) and estimates totals beyond the exact limit.
 *
 * Relevance: the WINDOW newest matches are ranked: records holding the whole phrase first, then
 * by the words' weights times how often each occurs (saturating), then newest, then highest id;
 * matches older than the window follow newest first. Cursors carry the window's newest record,
 * so later pages rank the same window however many records arrive meanwhile.
 */

/** Records read to learn the words' shares; also the walk's budget when deciding. */
export const SAMPLE = 600;
/** The newest matches ranked by relevance. */
export const WINDOW = 50;
/**
 * What reading costs, roughly, relative to each other: a record read and checked on the walk,
 * and a match the engine's index hands over (InnoDB ranks every match it returns, whatever the
 * query asks; FTS5 does far less). The walk is taken when it reads less.
 */
const WALK_ROW = 1;
const INDEX_MATCH = { mysql: 10, sqlite: 1 };
/** A word in more than this share of the records is checked per candidate, not asked of the index. */
const COMMON = 0.3;
/** Counts are exact up to `exactCountLimit`, then estimated and flagged (tests lower it). */
export const searchSettings = { exactCountLimit: 10_000 };

/** Narrows the records (alias `r`) to those the caller may read. */
// any entity's query builder: the scope only adds a WHERE on its alias
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Scope = (qb: SelectQueryBuilder<any>, alias: string) => SelectQueryBuilder<any>;

export interface SearchFilterValues {
  from?: Date | null;
  to?: Date | null;
  townId?: string | number | null;
  category?: readonly string[] | null;
}

export interface HitPageOptions {
  first: number;
  after?: string | null;
  filter?: SearchFilterValues | null;
  scope?: Scope;
  /** counts above this are estimated (tests lower it) */
  exactCountLimit?: number;
}

export interface Hit<T> {
  node: T;
  cursor: string;
}

export interface HitPage<T> {
  hits: Hit<T>[];
  hasNextPage: boolean;
  count: () => Promise<{ total: number; estimate: boolean }>;
}

interface Found {
  id: number;
  at: string;
  score: number;
}

/** What the search asks, as checked against a record's text. */
export interface Needles {
  /** what every match holds: each word, or for a word of three or more characters its covering pairs */
  checks: string[];
  /** the words as searched: how often a record holds them ranks it */
  words: string[];
  phrase: string;
}

export function needlesOf(text: string, clauses: readonly SearchClause[]): Needles {
  const words = [...new Set(clauses.map((c) => c.term))];
  const checks = [...new Set(clauses.flatMap((c) => (c.orAll.length ? c.orAll : [c.term])))];
  // the phrase as typed: spaces between Chinese characters dropped, others kept as one space
  const phrase = normalizeText(text)
    .trim()
    .replace(/\s+/g, " ")
    .replace(/(\p{Script=Han}) (?=\p{Script=Han})/gu, "$1");
  return { checks, words, phrase };
}

function bodyExpr(db: DataSource, index: FullTextIndex, alias: string): string {
  const cols = index.columns.map((c) => `${alias}.${c}`);
  return engineOf(db) === "mysql"
    ? `LOWER(CONCAT_WS(' ', ${cols.join(", ")}))`
    : `lower(${cols.map((c) => `coalesce(${c}, '')`).join(` || ' ' || `)})`;
}

const has = (body: string, p: string) => `INSTR(${body}, ${p}) > 0`;
const occurrences = (db: DataSource, body: string, p: string) =>
  engineOf(db) === "mysql"
    ? `((CHAR_LENGTH(${body}) - CHAR_LENGTH(REPLACE(${body}, ${p}, ''))) / CHAR_LENGTH(${p}))`
    : `((length(${body}) - length(replace(${body}, ${p}, ''))) / length(${p}))`;

interface Sample {
  /** records read (fewer than SAMPLE: every record in the date range) */
  n: number;
  exhaustive: boolean;
  /** records holding each word */
  perWord: number[];
  /** records holding every word and passing the town and category filter */
  hits: number;
}

function filterSql(
  index: FullTextIndex,
  filter: SearchFilterValues | null | undefined,
  alias: string,
): { sql: string[]; params: unknown[] } | null {
  const sql: string[] = [];
  const params: unknown[] = [];
  if (filter?.townId != null) {
    if (!index.town) return null;
    sql.push(`${alias}.${index.town} = ?`);
    params.push(Number(filter.townId));
  }
  if (filter?.category?.length) {
    if (!index.category) return null;
    sql.push(`${alias}.${index.category} IN (${filter.category.map(() => "?").join(", ")})`);
    params.push(...filter.category);
  }
  return { sql, params };
}

function dateSql(
  index: FullTextIndex,
  filter: SearchFilterValues | null | undefined,
  alias: string,
) {
  const sql: string[] = [];
  const params: unknown[] = [];
  if (filter?.from) {
    sql.push(`${alias}.${index.recency} >= ?`);
    params.push(sqlTime(filter.from));
  }
  if (filter?.to) {
    sql.push(`${alias}.${index.recency} <= ?`);
    params.push(sqlTime(filter.to));
  }
  return { sql, params };
}

async function sample(
  db: DataSource,
  index: FullTextIndex,
  needles: Needles,
  filter: SearchFilterValues | null | undefined,
): Promise<Sample> {
  const body = bodyExpr(db, index, "r");
  const dates = dateSql(index, filter, "r");
  const filters = filterSql(index, filter, "r")!;
  const all = needles.checks.map(() => has("x.body", "?")).join(" AND ");
  const inFilter = filters.sql.length ? ` AND ${filters.sql.join(" AND ")}` : "";
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT COUNT(*) AS n, ${needles.words.map((_, i) => `SUM(CASE WHEN ${has("x.body", "?")} THEN 1 ELSE 0 END) AS w${i}`).join(", ")},
       SUM(CASE WHEN ${all} AND x.f = 1 THEN 1 ELSE 0 END) AS hits
     FROM (SELECT ${body} AS body, CASE WHEN 1 = 1${inFilter} THEN 1 ELSE 0 END AS f
           FROM ${index.table} r ${dates.sql.length ? `WHERE ${dates.sql.join(" AND ")}` : ""}
           ORDER BY r.${index.recency} DESC, r.id DESC LIMIT ${SAMPLE}) x`,
    [...needles.words, ...needles.checks, ...filters.params, ...dates.params],
  );
  const r = rows[0] ?? {};
  const n = Number(r.n ?? 0);
  return {
    n,
    exhaustive: n < SAMPLE,
    perWord: needles.words.map((_, i) => Number(r[`w${i}`] ?? 0)),
    hits: Number(r.hits ?? 0),
  };
}

/** How the matches are found: by walking the records newest first, or through the engine's index. */
type Way = { walk: true } | { walk: false; indexed: SearchClause[] };

/**
 * Walk when the sample is every record, or when the walk reads fewer records than the index would
 * hand over matches. Otherwise the index finds them, asked for every word but the very common
 * ones (a word in most records costs the engine a posting per record; such words are checked per
 * candidate instead). Letters and digits (serial numbers, 100%) always go through the index: it
 * holds them as whole words, where the text alone would find 100 in 1000.
 */
const notHan = (c: SearchClause) => !/\p{Script=Han}/u.test(c.term);

function chooseWay(
  engine: "mysql" | "sqlite",
  s: Sample,
  records: number,
  clauses: readonly SearchClause[],
  needles: Needles,
): Way {
  // letters and digits match as whole words (100 is not in 1000): only the index knows words
  if (clauses.some(notHan)) return indexedWay(s, clauses, needles);
  if (s.exhaustive) return { walk: true };
  // the walk reads WINDOW matches' worth of records; the index hands over every match
  const share = Math.max(s.hits, 0.5) / s.n;
  const walk = (WINDOW / share) * WALK_ROW;
  const indexed = share * records * INDEX_MATCH[engine];
  if (walk <= indexed) return { walk: true };
  return indexedWay(s, clauses, needles);
}

function indexedWay(s: Sample, clauses: readonly SearchClause[], needles: Needles): Way {
  const share = (c: SearchClause) => s.perWord[needles.words.indexOf(c.term)] / Math.max(1, s.n);
  const rarestFirst = [...clauses].sort((a, b) => share(a) - share(b));
  const indexed = rarestFirst.filter((c, i) => i === 0 || share(c) <= COMMON || notHan(c));
  return { walk: false, indexed };
}

/** The matching records (alias r) the caller may read, with the filter, as a query builder. */
function matchQuery<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  index: FullTextIndex,
  needles: Needles,
  way: Way,
  filter: SearchFilterValues | null | undefined,
  scope: Scope,
) {
  const engine = engineOf(db);
  const body = bodyExpr(db, index, "r");
  let qb = db.getRepository(entity).createQueryBuilder("r");
  if (!way.walk) {
    // the index's matches as a derived table: the engine reads its postings alone, no record
    const query = requiredQuery(engine, way.indexed);
    qb = qb.innerJoin(
      (sub) =>
        engine === "sqlite"
          ? sub
              .select("fts.rowid", "record_id")
              .from(index.indexTable, "fts")
              .where("fts.words MATCH :ftsQuery", { ftsQuery: query })
          : sub
              .select("fts.record_id", "record_id")
              .from(index.indexTable, "fts")
              .where("MATCH (fts.words) AGAINST (:ftsQuery IN BOOLEAN MODE)", { ftsQuery: query }),
      "fts",
      "fts.record_id = r.id",
    );
  }
  needles.checks.forEach((w, i) => {
    qb = qb.andWhere(has(body, `:c${i}`), { [`c${i}`]: w });
  });
  if (filter?.from) qb = qb.andWhere(`r.${index.recency} >= :from`, { from: sqlTime(filter.from) });
  if (filter?.to) qb = qb.andWhere(`r.${index.recency} <= :to`, { to: sqlTime(filter.to) });
  if (filter?.townId != null)
    qb = qb.andWhere(`r.${index.town} = :town`, { town: Number(filter.townId) });
  if (filter?.category?.length)
    qb = qb.andWhere(`r.${index.category} IN (:...categories)`, {
      categories: [...filter.category],
    });
  return scope(qb, "r");
}

type Key = { at: string; id: number };
const olderThan = (index: FullTextIndex, k: Key, inclusive: boolean) => ({
  sql: `(r.${index.recency} < :kat OR (r.${index.recency} = :kat AND r.id ${inclusive ? "<=" : "<"} :kid))`,
  params: { kat: k.at, kid: k.id },
});

function atOf(v: unknown): string {
  return v instanceof Date ? sqlTime(v) : String(v).replace("T", " ").replace(/Z$/, "");
}

/** Cursor: [1, topAt, topId, score, at, id] inside the ranked window; [2, "", 0, 0, at, id] after it. */
function decodeHitCursor(cursor: string) {
  const bad = () => badInput("after", "is not a cursor returned by this API");
  if (typeof cursor !== "string" || cursor.length > 300 || !/^[A-Za-z0-9_-]+$/.test(cursor))
    throw bad();
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (
    !Array.isArray(v) ||
    v.length !== 6 ||
    (v[0] !== 1 && v[0] !== 2) ||
    typeof v[1] !== "string" ||
    typeof v[4] !== "string" ||
    ![v[2], v[3], v[5]].every((x) => typeof x === "number" && Number.isFinite(x)) ||
    !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(v[4]) ||
    (v[0] === 1 && !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(v[1]))
  )
    throw bad();
  return {
    inWindow: v[0] === 1,
    top: { at: v[1] as string, id: v[2] as number },
    score: v[3] as number,
    key: { at: v[4] as string, id: v[5] as number },
  };
}

const SATURATION = 1.2;

export async function hitPage<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  index: FullTextIndex,
  text: string,
  clauses: readonly SearchClause[],
  o: HitPageOptions,
): Promise<HitPage<T>> {
  const limit = o.exactCountLimit ?? searchSettings.exactCountLimit;
  const none: HitPage<T> = {
    hits: [],
    hasNextPage: false,
    count: async () => ({ total: 0, estimate: false }),
  };
  const cursor = o.after ? decodeHitCursor(o.after) : null;
  if (!clauses.length || filterSql(index, o.filter, "r") === null) return none;
  const needles = needlesOf(text, clauses);
  const scope = o.scope ?? ((qb) => qb);
  const s = await sample(db, index, needles, o.filter);
  const way = chooseWay(
    engineOf(db),
    s,
    s.exhaustive ? s.n : await estimatedTotal(db, index, o.filter),
    clauses,
    needles,
  );
  const matches = () => matchQuery(db, entity, index, needles, way, o.filter, scope);
  const body = bodyExpr(db, index, "r");
  const idf = s.perWord.map((c) => Math.log(1 + (s.n + 1) / (c + 0.5)));
  const want = o.first + 1;

  const found: Found[] = [];
  let topKey: Key | null = cursor?.inWindow ? cursor.top : null;
  if (!cursor || cursor.inWindow) {
    // the window: the WINDOW newest matches at or below its top, ranked
    let qb = matches()
      .select("r.id", "id")
      .addSelect(`r.${index.recency}`, "at")
      .addSelect(`CASE WHEN ${has(body, ":phrase")} THEN 1 ELSE 0 END`, "phrase")
      .setParameter("phrase", needles.phrase);
    needles.words.forEach((w, i) => {
      qb = qb.setParameter(`w${i}`, w);
      qb = qb.addSelect(occurrences(db, body, `:w${i}`), `tf${i}`);
    });
    if (topKey) {
      const o2 = olderThan(index, topKey, true);
      qb = qb.andWhere(o2.sql, o2.params);
    }
    const rows = await qb
      .orderBy(`r.${index.recency}`, "DESC")
      .addOrderBy("r.id", "DESC")
      .limit(WINDOW)
      .getRawMany();
    const ranked = rows
      .map((r) => {
        let score = Number(r.phrase) * 1000;
        needles.words.forEach((_, i) => {
          const tf = Number(r[`tf${i}`]) || 0;
          score += (idf[i] * tf * (SATURATION + 1)) / (tf + SATURATION);
        });
        return { id: Number(r.id), at: atOf(r.at), score: Math.round(score * 1e6) / 1e6 };
      })
      .sort((a, b) => b.score - a.score || cmpKey(b, a));
    if (!topKey && ranked.length) {
      const newest = ranked.reduce((m, r) => (cmpKey(r, m) > 0 ? r : m));
      topKey = { at: newest.at, id: newest.id };
    }
    let from = 0;
    if (cursor?.inWindow) {
      const c = cursor;
      from = ranked.findIndex(
        (r) => r.score < c.score || (r.score === c.score && cmpKey(r, c.key) < 0),
      );
      if (from < 0) from = ranked.length;
    }
    found.push(...ranked.slice(from, from + want));
    if (found.length < want && rows.length === WINDOW) {
      const lowest = ranked.reduce((m, r) => (cmpKey(r, m) < 0 ? r : m));
      found.push(...(await older(lowest, want - found.length)));
    }
  } else {
    found.push(...(await older(cursor.key, want)));
  }

  async function older(k: Key, n: number): Promise<Found[]> {
    const o2 = olderThan(index, k, false);
    const rows = await matches()
      .select("r.id", "id")
      .addSelect(`r.${index.recency}`, "at")
      .andWhere(o2.sql, o2.params)
      .orderBy(`r.${index.recency}`, "DESC")
      .addOrderBy("r.id", "DESC")
      .limit(n)
      .getRawMany();
    return rows.map((r) => ({ id: Number(r.id), at: atOf(r.at), score: -1 }));
  }

  const page = found.slice(0, o.first);
  const nodes = await load(db, entity, page);
  const top = topKey;
  const hits = page
    .map((f) => ({ f, node: nodes.get(f.id) }))
    .filter((x): x is { f: Found; node: T } => x.node !== undefined)
    .map(({ f, node }) => ({
      node,
      cursor: encodeCursor(
        f.score >= 0 && top ? [1, top.at, top.id, f.score, f.at, f.id] : [2, "", 0, 0, f.at, f.id],
      ),
    }));

  const count = async () => {
    let counting = way;
    if (!s.exhaustive) {
      const records = await estimatedTotal(db, index, o.filter);
      const expected = (s.hits / s.n) * records;
      if (expected >= 2 * limit) return { total: Math.round(expected), estimate: true };
      // counting reads every match through the index, or every record on a walk
      if (records * WALK_ROW > Math.max(expected, 1) * INDEX_MATCH[engineOf(db)])
        counting = indexedWay(s, clauses, needles);
    }
    const counted = matchQuery(db, entity, index, needles, counting, o.filter, scope)
      .select("1", "one")
      .limit(limit + 1);
    const rows = await db
      .createQueryBuilder()
      .select("COUNT(*)", "n")
      .from(`(${counted.getQuery()})`, "m")
      .setParameters(counted.getParameters())
      .getRawOne();
    const n = Number(rows?.n ?? 0);
    if (n <= limit) return { total: n, estimate: false };
    // more than the limit: the sample's estimate, at least what was counted
    const records = s.exhaustive ? s.n : await estimatedTotal(db, index, o.filter);
    return { total: Math.max(n, Math.round((s.hits / s.n) * records)), estimate: true };
  };
  return { hits, hasNextPage: found.length > o.first, count };
}

function cmpKey(a: Key, b: Key): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id;
}

/**
 * About how many records the date range holds, remembered for a minute: it only scales
 * estimates. MySQL's table statistics (no dates: an upper bound), SQLite's count.
 */
const totals = new Map<string, { at: number; n: Promise<number> }>();
function estimatedTotal(
  db: DataSource,
  index: FullTextIndex,
  filter: SearchFilterValues | null | undefined,
): Promise<number> {
  const mysql = engineOf(db) === "mysql";
  const dates = mysql ? { sql: [], params: [] } : dateSql(index, filter, "r");
  const key = `${String(db.options.database)}|${index.table}|${dates.params.join("|")}`;
  const known = totals.get(key);
  if (known && Date.now() - known.at < 60_000) return known.n;
  const n = (
    mysql
      ? db.query(
          "SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
          [index.table],
        )
      : db.query(
          `SELECT COUNT(*) AS n FROM ${index.table} r ${dates.sql.length ? `WHERE ${dates.sql.join(" AND ")}` : ""}`,
          dates.params,
        )
  ).then((rows: { n: unknown }[]) => Number(rows[0]?.n ?? 0));
  totals.set(key, { at: Date.now(), n });
  n.catch(() => totals.delete(key));
  return n;
}

async function load<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  page: Found[],
): Promise<Map<number, T>> {
  if (!page.length) return new Map();
  const rows = await db.getRepository(entity).findBy({ id: In(page.map((c) => c.id)) } as never);
  return new Map(rows.map((r) => [Number(r.id), r]));
}
