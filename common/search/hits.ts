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
import { encodeTerm, engineOf, requiredQuery, type FullTextIndex } from "./full-text";
import { normalizeText, type SearchClause } from "./segmentation";

/**
 * One department's hits for a search, a page at a time, fast whatever the number of matches.
 *
 * A record matches when its searched text (lower-cased) holds every word of the search. Each
 * word must hold its tokens (the word, or for three or more characters its covering pairs; see
 * segmentation.ts), and the index tables know, per token, how common it is (full-text.ts): a
 * common token (in more than 2% of the records at the last rebuild) is listed with its count,
 * every other token has postings, its records newest first. So, per list, one statement tells
 * the tokens' counts, and the matches are found one of two ways:
 *
 * - a token of the search has postings: its postings are read newest first, each record checked
 *   for the other words (their postings first, then the text), until the page is full. At most
 *   2% of the records are read, usually a page's worth;
 * - every token is common: the records are read newest first, by the recency index, and checked;
 *   a page fills within a few thousand records unless the words rarely meet, so the walk is
 *   bounded, and when it finds too few the engine's index (FTS5, InnoDB FULLTEXT) finds the rest.
 *
 * Relevance: the WINDOW newest matches are ranked: records holding the whole phrase first, then
 * by the words' weights (the rarer in the records, the more a word counts) times how often each
 * occurs (saturating), then newest, then highest id; matches older than the window follow newest
 * first. Cursors carry the window's newest record, so later pages rank the same window however
 * many records arrive meanwhile.
 */

/** Records read to estimate a count beyond the exact limit (only when a count is asked). */
export const SAMPLE = 600;
/** The newest matches ranked by relevance. */
export const WINDOW = 50;
/**
 * What reading costs, roughly, relative to each other: a record read and checked on the walk,
 * and a match the engine's index hands over (InnoDB ranks every match it returns, whatever the
 * query asks; FTS5 does far less). The walk is taken when it reads less.
 */
const WALK_ROW = 1;
const INDEX_MATCH = { mysql: 20, sqlite: 1 };
/** The fewest and the most records one bounded walk reads before it looks again. */
const WALK_LEAST = 500;
const FIRST_ROUND = 600;
const WALK_MOST = 20_000;
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

/**
 * How the matches are found: through the postings of the rarest token that has them, by
 * walking the records newest first (down to `floor`, inclusive, when given), or through the
 * engine's index.
 */
type Way =
  | { kind: "posting"; token: string; others: string[] }
  | { kind: "walk"; floor?: Key }
  | { kind: "index"; indexed: SearchClause[] };

/** What the index tables say of the search's tokens. */
interface Stats {
  /** about how many records the date range holds */
  records: number;
  /** per token: its records (common: at the last rebuild; otherwise its postings now) */
  tokens: Map<string, { n: number; common: boolean }>;
}

const notHan = (c: SearchClause) => !/\p{Script=Han}/u.test(c.term);
/** The tokens a record holding the clause holds: the word's own, or its covering pairs'. */
const tokensOf = (c: SearchClause) => (c.orAll.length ? c.orAll : [c.term]).map(encodeTerm);

/** One statement: the common tokens' counts, and the postings of the others (in the date range). */
async function tokenStats(
  db: DataSource,
  index: FullTextIndex,
  clauses: readonly SearchClause[],
  filter: SearchFilterValues | null | undefined,
): Promise<Stats> {
  const tokens = [...new Set(clauses.flatMap(tokensOf))];
  const marks = tokens.map(() => "?").join(", ");
  const dates = dateSql(index, filter, "p");
  const inRange = dates.sql.map((d) => ` AND ${d.replace(`p.${index.recency}`, "p.at")}`).join("");
  const [rows, records] = await Promise.all([
    db.query(
      `SELECT token, records AS n, 1 AS common FROM ${index.termsTable} WHERE token IN (${marks})
       UNION ALL
       SELECT p.token, COUNT(*) AS n, 0 AS common FROM ${index.postingTable} p WHERE p.token IN (${marks})${inRange} GROUP BY p.token`,
      [...tokens, ...tokens, ...dates.params],
    ) as Promise<{ token: string; n: unknown; common: unknown }[]>,
    estimatedTotal(db, index, filter),
  ]);
  const out = new Map<string, { n: number; common: boolean }>();
  for (const t of tokens) out.set(t, { n: 0, common: false });
  for (const r of rows) out.set(r.token, { n: Number(r.n), common: Number(r.common) === 1 });
  return { records, tokens: out };
}

/** A clause's records, at most: its rarest token's. */
function clauseRecords(st: Stats, c: SearchClause): number {
  return Math.min(...tokensOf(c).map((t) => st.tokens.get(t)!.n));
}

/**
 * The postings of the rarest token that has them; the other tokens with postings are checked
 * there too, before the record is read. Letters and digits (serial numbers, 100%) match as whole
 * words, which only the tokens know (the text alone would find 100 in 1000): when such a word's
 * tokens are all common, the engine's index is asked for it.
 */
function chooseWay(st: Stats, clauses: readonly SearchClause[]): Way {
  const posted = [...new Set(clauses.flatMap(tokensOf))]
    .filter((t) => !st.tokens.get(t)!.common)
    .sort((a, b) => st.tokens.get(a)!.n - st.tokens.get(b)!.n);
  const wholeWordsUnposted = clauses.some(
    (c) => notHan(c) && tokensOf(c).every((t) => st.tokens.get(t)!.common),
  );
  if (posted.length && !wholeWordsUnposted)
    return { kind: "posting", token: posted[0], others: posted.slice(1) };
  if (wholeWordsUnposted) return indexedWay(st, clauses);
  return { kind: "walk" };
}

/** The engine's index, asked for the rarest clause and every other not held by most records. */
function indexedWay(st: Stats, clauses: readonly SearchClause[]): Way {
  const share = (c: SearchClause) => clauseRecords(st, c) / Math.max(1, st.records);
  const rarestFirst = [...clauses].sort((a, b) => share(a) - share(b));
  const indexed = rarestFirst.filter((c, i) => i === 0 || share(c) <= COMMON || notHan(c));
  return { kind: "index", indexed };
}

/** The record's key columns as the way reads them: the postings' own copies on that way. */
function keyColumns(index: FullTextIndex, way: Way) {
  return way.kind === "posting"
    ? { at: "p.at", id: "p.record_id" }
    : { at: `r.${index.recency}`, id: "r.id" };
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
  const key = keyColumns(index, way);
  let qb: SelectQueryBuilder<T>;
  if (way.kind === "posting") {
    // the postings first, newest first by their primary key; the record for each that passes
    qb = db
      .createQueryBuilder()
      .from(index.postingTable, "p")
      .innerJoin(entity as Function, "r", "r.id = p.record_id")
      .where("p.token = :postingToken", { postingToken: way.token }) as never;
    way.others.forEach((t, i) => {
      qb = qb.andWhere(
        `EXISTS (SELECT 1 FROM ${index.postingTable} p${i} WHERE p${i}.token = :other${i} AND p${i}.at = p.at AND p${i}.record_id = p.record_id)`,
        { [`other${i}`]: t },
      );
    });
  } else {
    qb = db.getRepository(entity).createQueryBuilder("r");
  }
  if (way.kind === "index") {
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
  if (way.kind === "walk" && way.floor) {
    // the floor and the records after it; the first condition alone bounds the index range
    qb = qb.andWhere(
      `(${key.at} >= :floorat AND (${key.at} > :floorat OR ${key.id} >= :floorid))`,
      { floorat: way.floor.at, floorid: way.floor.id },
    );
  }
  needles.checks.forEach((w, i) => {
    qb = qb.andWhere(has(body, `:c${i}`), { [`c${i}`]: w });
  });
  if (filter?.from) qb = qb.andWhere(`${key.at} >= :from`, { from: sqlTime(filter.from) });
  if (filter?.to) qb = qb.andWhere(`${key.at} <= :to`, { to: sqlTime(filter.to) });
  if (filter?.townId != null)
    qb = qb.andWhere(`r.${index.town} = :town`, { town: Number(filter.townId) });
  if (filter?.category?.length)
    qb = qb.andWhere(`r.${index.category} IN (:...categories)`, {
      categories: [...filter.category],
    });
  return { qb: scope(qb, "r"), key };
}

type Key = { at: string; id: number };
const olderThan = (key: { at: string; id: string }, k: Key, inclusive: boolean, name = "k") => ({
  // the first condition alone bounds the index range, which the engines read from the OR less well
  sql: `(${key.at} <= :${name}at AND (${key.at} < :${name}at OR ${key.id} ${inclusive ? "<=" : "<"} :${name}id))`,
  params: { [`${name}at`]: k.at, [`${name}id`]: k.id },
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
  const engine = engineOf(db);
  const st = await tokenStats(db, index, clauses, o.filter);
  const way = chooseWay(st, clauses);
  const body = bodyExpr(db, index, "r");
  // each word weighs the more, the fewer records hold it
  const idf = needles.words.map((w) => {
    const clause = clauses.find((c) => c.term === w)!;
    return Math.log(1 + (st.records + 1) / (clauseRecords(st, clause) + 0.5));
  });
  const want = o.first + 1;

  type Select = (
    qb: SelectQueryBuilder<T>,
    key: { at: string; id: string },
  ) => SelectQueryBuilder<T>;
  /** The n newest matches of one way (older than `below`), one statement. */
  const run = (w: Way, below: Key | null, inclusive: boolean, n: number, select: Select) => {
    const { qb, key } = matchQuery(db, entity, index, needles, w, o.filter, scope);
    let q = select(qb, key);
    if (below) {
      const c = olderThan(key, below, inclusive);
      q = q.andWhere(c.sql, c.params);
    }
    return q.orderBy(key.at, "DESC").addOrderBy(key.id, "DESC").limit(n).getRawMany();
  };
  /**
   * The n newest matches older than `below`. A walk reads a bounded number of records at a time
   * (the words' rarest share tells how many a page needs); when it finds too few, the words
   * rarely meet, and the engine's index finds the rest once that costs less than walking on.
   */
  async function newest(n: number, below: Key | null, inclusive: boolean, select: Select) {
    if (way.kind !== "walk") return run(way, below, inclusive, n, select);
    // one word of one token: its count tells how far the walk goes, no bound needed
    if (needles.checks.length === 1) return run(way, below, inclusive, n, select);
    const share = Math.max(
      1 / Math.max(1, st.records),
      Math.min(...clauses.map((c) => clauseRecords(st, c))) / Math.max(1, st.records),
    );
    // the first round reads at most the newest FIRST_ROUND records: enough for words that often
    // meet, and a cheap sign of words that rarely do (征地 补偿), which then go to the index
    let budget = Math.min(FIRST_ROUND, bounded((2 * n) / share));
    const out: Record<string, unknown>[] = [];
    for (let round = 0; ; round++) {
      const floor = await floorKey(below, inclusive, budget);
      const rows = await run(
        { kind: "walk", floor: floor ?? undefined },
        below,
        inclusive,
        n - out.length,
        select,
      );
      out.push(...rows);
      if (out.length >= n || !floor) return out;
      below = floor;
      inclusive = false;
      const found = Math.max(rows.length, 0.5) / budget;
      const walking = ((n - out.length) / found) * WALK_ROW;
      const indexed = found * st.records * INDEX_MATCH[engine];
      if (round >= 2 || indexed < walking)
        return [
          ...out,
          ...(await run(indexedWay(st, clauses), below, false, n - out.length, select)),
        ];
      budget = bounded((2 * (n - out.length)) / found);
    }
  }
  const bounded = (records: number) =>
    Math.round(Math.min(WALK_MOST, Math.max(WALK_LEAST, records)));
  /** The key of the budget-th newest record in the date range older than `below`, by the recency index alone. */
  async function floorKey(below: Key | null, inclusive: boolean, budget: number) {
    const key = { at: `r.${index.recency}`, id: "r.id" };
    let qb = db
      .createQueryBuilder()
      .from(index.table, "r")
      .select(key.at, "at")
      .addSelect(key.id, "id");
    if (o.filter?.from) qb = qb.andWhere(`${key.at} >= :from`, { from: sqlTime(o.filter.from) });
    if (o.filter?.to) qb = qb.andWhere(`${key.at} <= :to`, { to: sqlTime(o.filter.to) });
    if (below) {
      const c = olderThan(key, below, inclusive);
      qb = qb.andWhere(c.sql, c.params);
    }
    const row = await qb
      .orderBy(key.at, "DESC")
      .addOrderBy(key.id, "DESC")
      .offset(budget - 1)
      .limit(1)
      .getRawOne();
    return row ? { at: atOf(row.at), id: Number(row.id) } : null;
  }

  const found: Found[] = [];
  let topKey: Key | null = cursor?.inWindow ? cursor.top : null;
  if (!cursor || cursor.inWindow) {
    // the window: the WINDOW newest matches at or below its top, ranked
    const rows = await newest(WINDOW, topKey, true, (qb, key) => {
      let q = qb
        .select("r.id", "id")
        .addSelect(key.at, "at")
        .addSelect(`CASE WHEN ${has(body, ":phrase")} THEN 1 ELSE 0 END`, "phrase")
        .setParameter("phrase", needles.phrase);
      needles.words.forEach((w, i) => {
        q = q.setParameter(`w${i}`, w);
        q = q.addSelect(occurrences(db, body, `:w${i}`), `tf${i}`);
      });
      return q;
    });
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
      const newestHit = ranked.reduce((m, r) => (cmpKey(r, m) > 0 ? r : m));
      topKey = { at: newestHit.at, id: newestHit.id };
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
    const rows = await newest(n, k, false, (qb, key) =>
      qb.select("r.id", "id").addSelect(key.at, "at"),
    );
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

  /** The matches one way finds, counted up to the limit and one more. */
  async function countOf(w: Way): Promise<number> {
    const counted = matchQuery(db, entity, index, needles, w, o.filter, scope)
      .qb.select("1", "one")
      .limit(limit + 1);
    const row = await db
      .createQueryBuilder()
      .select("COUNT(*)", "n")
      .from(`(${counted.getQuery()})`, "m")
      .setParameters(counted.getParameters())
      .getRawOne();
    return Number(row?.n ?? 0);
  }

  const count = async () => {
    if (way.kind === "posting") {
      // at most the rarest token's records are read: its postings are few
      const n = await countOf(way);
      if (n <= limit) return { total: n, estimate: false };
      const s = await sample(db, index, needles, o.filter);
      return {
        total: Math.max(n, Math.round((s.hits / Math.max(1, s.n)) * st.records)),
        estimate: true,
      };
    }
    // every token common: the newest records tell the share of matches
    const s = await sample(db, index, needles, o.filter);
    const records = s.exhaustive ? s.n : st.records;
    let counting: Way = way.kind === "index" ? way : { kind: "walk" };
    if (!s.exhaustive) {
      const expected = (s.hits / s.n) * records;
      if (expected >= 2 * limit) return { total: Math.round(expected), estimate: true };
      // counting reads every match through the index, or every record on a walk
      if (records * WALK_ROW > Math.max(expected, 1) * INDEX_MATCH[engine])
        counting = indexedWay(st, clauses);
    }
    const n = await countOf(counting);
    if (n <= limit) return { total: n, estimate: false };
    // more than the limit: the sample's estimate, at least what was counted
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
