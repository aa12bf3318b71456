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
import {
  andInto,
  bitsFrom,
  BLOCK,
  blockOf,
  countBits,
  HAN_FORMS_TOKEN,
  hasBit,
  idsOf,
  VOID,
} from "./blocks";
import { normalizeText, type SearchClause } from "./segmentation";

/**
 * One department's hits for a search, a page at a time, fast whatever the number of matches.
 *
 * A record matches when its searched text (lower-cased) holds every word of the search. Each
 * word must hold its tokens (the word, or for three or more characters its covering pairs; see
 * segmentation.ts), and the index tables know, per token, how common it is (full-text.ts): a
 * common token (in more than 2% of the records at the last rebuild) is listed with its count,
 * every other token has postings, its records newest first. So, per list, one statement tells
 * the tokens' counts, and the matches are found one of three ways:
 *
 * - a token of the search has postings: its postings are read newest first, each record checked
 *   for the other words (their postings first, then the text), until the page is full. At most
 *   2% of the records are read, usually a page's worth;
 * - every token is common, one token: the records are read newest first, by the recency index,
 *   and checked (the walk); the token's count says a page fills within 2,500 records;
 * - every token is common, several: the tokens' block bitmaps (blocks.ts) are intersected, and
 *   the records holding them all checked newest block first, with those written since their
 *   block was sealed (the recent postings); or the walk, where the words meet densely.
 *
 * Letters and digits whose every token is common go to the engine's index (FTS5, InnoDB
 * FULLTEXT), which alone knows whole words. Counts: see exactCountIn and countByBits.
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
 * The newest blocks, whose bitmaps tell how densely the words meet; and the blocks whose bitmaps
 * are read at a time (blocks.ts): 256 blocks (a million records) of 3 tokens are 384 KB.
 */
const FIRST_BLOCKS = 8;
const MORE_BLOCKS = 256;
/** Where the words meet in more than this share of the newest blocks' records, the walk is cheaper. */
const DENSE = 0.1;
/** Candidate records checked per statement. */
const CHECKED_AT_ONCE = 2_000;
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
  /** none: the caller may read every record */
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

/** The date range on a postings table (alias p, its copy of the recency `at`), as " AND …" conditions. */
function postingDates(index: FullTextIndex, filter: SearchFilterValues | null | undefined) {
  const dates = dateSql(index, filter, "p");
  return {
    sql: dates.sql.map((d) => ` AND ${d.replace(`p.${index.recency}`, "p.at")}`).join(""),
    params: dates.params,
  };
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
  | { kind: "walk" }
  | { kind: "bits"; tokens: string[] }
  | { kind: "ids"; ids: number[] }
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
  const dates = postingDates(index, filter);
  const [rows, records] = await Promise.all([
    db.query(
      `SELECT token, records AS n, 1 AS common FROM ${index.termsTable} WHERE token IN (${marks})
       UNION ALL
       SELECT p.token, COUNT(*) AS n, 0 AS common FROM ${index.postingTable} p WHERE p.token IN (${marks})${dates.sql} GROUP BY p.token`,
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
 * tokens are all common, the engine's index is asked for it. Every token common: the block
 * bitmaps for several, the walk for one.
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
  const tokens = [...new Set(clauses.flatMap(tokensOf))];
  return tokens.length > 1 ? { kind: "bits", tokens } : { kind: "walk" };
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
    if (way.kind === "ids")
      qb = way.ids.length
        ? qb.where("r.id IN (:...candidates)", { candidates: way.ids })
        : qb.where("1 = 0");
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
  /** The n newest matches older than `below`. */
  function newest(n: number, below: Key | null, inclusive: boolean, select: Select) {
    return way.kind === "bits"
      ? newestByBits(way.tokens, n, below, inclusive, select)
      : run(way, below, inclusive, n, select);
  }

  /**
   * Every token common, several of them: the records written since their block was sealed are
   * found by their recent postings, the others by the blocks' bitmaps, intersected in memory
   * newest block first, each block's records that hold every token then checked as on any way,
   * until the n newest matches are newer than every block left. Where the words meet in more
   * than a tenth of the newest blocks' records, reading the records newest first is cheaper.
   */
  async function newestByBits(
    tokens: string[],
    n: number,
    below: Key | null,
    inclusive: boolean,
    select: Select,
  ) {
    const view = await bitsView(db, index, tokens, o.filter);
    const all = view.blocks.filter((b) => !below || b.first <= below.at);
    const newestBlocks = all.slice(0, FIRST_BLOCKS);
    const set = newestBlocks.reduce((sum, b) => sum + countBits(view.bits.get(b.block)!), 0);
    if (newestBlocks.length && set >= DENSE * newestBlocks.length * BLOCK)
      return run({ kind: "walk" }, below, inclusive, n, select);

    const out = new Map<number, { row: Record<string, unknown>; key: Key }>();
    const take = (rows: Record<string, unknown>[]) => {
      for (const row of rows)
        out.set(Number(row.id), { row, key: { at: atOf(row.at), id: Number(row.id) } });
    };
    const newestFirst = () => [...out.values()].sort((x, y) => cmpKey(y.key, x.key));
    const check = async (ids: number[]) => {
      for (let i = 0; i < ids.length; i += CHECKED_AT_ONCE)
        take(
          await run(
            { kind: "ids", ids: ids.slice(i, i + CHECKED_AT_ONCE) },
            below,
            inclusive,
            n,
            select,
          ),
        );
    };
    // the records written since their block was sealed first: few, and their times are known
    await check(
      view.recent
        .filter((r) => !below || cmpKey(r, below) < 0 || (inclusive && cmpKey(r, below) === 0))
        .map((r) => r.id),
    );
    let ids: number[] = [];
    for (let j = 0; j < all.length; j++) {
      const top = newestFirst();
      if (!ids.length && top.length >= n && top[n - 1].key.at > all[j].last) break;
      ids.push(...idsOf(all[j].block, view.bits.get(all[j].block)!));
      if (j + 1 < all.length && ids.length < 2 * n) continue;
      await check(ids);
      ids = [];
    }
    return newestFirst()
      .slice(0, n)
      .map((x) => x.row);
  }

  /** How many of these records match, checked on their text (and the filter and scope), a chunk per statement. */
  async function checkedCount(ids: number[]) {
    let n = 0;
    for (let i = 0; i < ids.length; i += CHECKED_AT_ONCE) {
      const row = await matchQuery(
        db,
        entity,
        index,
        needles,
        { kind: "ids", ids: ids.slice(i, i + CHECKED_AT_ONCE) },
        o.filter,
        scope,
      )
        .qb.select("COUNT(*)", "n")
        .getRawOne();
      n += Number(row?.n ?? 0);
    }
    return n;
  }

  /**
   * How many records match, when every token is common: the blocks' bitmaps say which records
   * may (and the recent postings); up to the exact limit they are all checked, a chunk per
   * statement; beyond it the newest of them tell the share that matches, and only when that
   * share puts the count under the limit (and there are at most three times as many) are they
   * all checked.
   */
  async function countByBits(tokens: string[]) {
    const view = await bitsView(db, index, tokens, o.filter);
    const all = view.blocks;
    const bits = view.bits;
    let candidates = view.recent.length;
    for (const b of bits.values()) candidates += countBits(b);
    const ids = new Set(view.recent.map((r) => r.id));
    if (candidates > limit) {
      // the newest candidates tell the share that matches: far beyond the limit, that is the count
      const sampled = new Set(ids);
      for (const b of all) {
        if (sampled.size >= SAMPLE) break;
        for (const id of idsOf(b.block, bits.get(b.block)!)) sampled.add(id);
      }
      const share = (await checkedCount([...sampled])) / Math.max(1, sampled.size);
      const total = Math.round(share * candidates);
      if (total > limit || candidates > 3 * limit) return { total, estimate: true };
    }
    for (const b of all) for (const id of idsOf(b.block, bits.get(b.block)!)) ids.add(id);
    return { total: await checkedCount([...ids]), estimate: false };
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
    if (
      !o.scope &&
      !o.filter?.townId &&
      !o.filter?.category?.length &&
      clauses.every(exactClause)
    ) {
      // one read transaction (see bitsView: a seal between the reads could hide a record)
      const exact = await db.transaction((tx) => exactCountIn(tx, index, st, clauses, o.filter));
      if (exact)
        return { total: exact.total + (await checkedCount(exact.marked)), estimate: false };
    }
    if (way.kind === "posting" || way.kind === "index") {
      // the postings: at most the rarest token's records are read, its postings are few; the
      // engine's index: letters and digits whose every token is common (serial numbers' years)
      const n = await countOf(way);
      if (n <= limit) return { total: n, estimate: false };
      const s = await sample(db, index, needles, o.filter);
      return {
        total: Math.max(n, Math.round((s.hits / Math.max(1, s.n)) * st.records)),
        estimate: true,
      };
    }
    // every token common: the blocks' bitmaps
    return countByBits([...new Set(clauses.flatMap(tokensOf))]);
  };
  return { hits, hasNextPage: found.length > o.first, count };
}

/** A clause whose tokens tell exactly which records hold it: a Chinese word of one or two characters. */
const exactClause = (c: SearchClause) => /^\p{Script=Han}{1,2}$/u.test(c.term);

/**
 * The exact number of records holding every word, read from the index tables alone, when the
 * tokens are the words (exactClause) and nothing but dates narrows them: a posted token's
 * postings, a common token's bitmaps (void for the records written since their block was
 * sealed, marked in the recent postings) and recent postings. No record is read, so a count of
 * a word in 330,000 records costs what one in 300 does.
 */
async function exactCountIn(
  db: Queryable,
  index: FullTextIndex,
  st: Stats,
  clauses: readonly SearchClause[],
  filter: SearchFilterValues | null | undefined,
): Promise<{ total: number; marked: number[] } | null> {
  const tokens = [...new Set(clauses.flatMap(tokensOf))];
  const posted = tokens
    .filter((t) => !st.tokens.get(t)!.common)
    .sort((a, b) => st.tokens.get(a)!.n - st.tokens.get(b)!.n);
  const common = tokens.filter((t) => st.tokens.get(t)!.common);
  const dates = postingDates(index, filter);
  /** a token's records in the date range, from a postings table */
  const holders = async (table: string, token: string, dated: boolean) =>
    (
      (await db.query(
        `SELECT p.record_id AS id FROM ${table} p WHERE p.token = ?${dated ? dates.sql : ""}`,
        [token, ...(dated ? dates.params : [])],
      )) as { id: unknown }[]
    ).map((r) => Number(r.id));
  // the records whose text holds forms that normalizing makes Chinese are checked on their text
  const formsCommon: unknown[] = await db.query(
    `SELECT 1 AS one FROM ${index.termsTable} WHERE token = ?`,
    [HAN_FORMS_TOKEN],
  );
  if (formsCommon.length) return null;
  const marked = new Set(await holders(index.postingTable, HAN_FORMS_TOKEN, false));
  const superseded = new Set(common.length ? await holders(index.recentTable, VOID, false) : []);
  const recent = new Map<string, Set<number>>();
  for (const t of common) recent.set(t, new Set(await holders(index.recentTable, t, false)));
  /** whether the record holds the common token: its recent postings, else its block's bitmap */
  const bitsOf = new Map<string, Map<number, Uint8Array>>();
  const holds = (t: string, id: number) =>
    recent.get(t)!.has(id) || (!superseded.has(id) && hasBit(bitsOf.get(t)?.get(blockOf(id)), id));
  const readBits = async (blocks: number[]) => {
    for (const t of common) {
      const byBlock = new Map<number, Uint8Array>();
      for (let i = 0; i < blocks.length; i += MORE_BLOCKS)
        for (const [b, bits] of await andedBits(db, index, [t], blocks.slice(i, i + MORE_BLOCKS)))
          byBlock.set(b, bits);
      bitsOf.set(t, byBlock);
    }
  };

  if (posted.length) {
    // the rarest posted token's records in the range, each checked for the other tokens
    let ids = await holders(index.postingTable, posted[0], true);
    for (const t of posted.slice(1)) {
      const others = new Set(await holders(index.postingTable, t, false));
      ids = ids.filter((id) => others.has(id));
    }
    await readBits([...new Set(ids.map(blockOf))]);
    ids = ids.filter((id) => common.every((t) => holds(t, id)));
    return {
      total: ids.filter((id) => !marked.has(id)).length,
      marked: ids.filter((id) => marked.has(id)),
    };
  }

  // every token common: the sealed blocks' intersected bitmaps, less the records written since
  // (their recent postings count them) and the marked ones; a block only partly in the date
  // range has its records' times read
  const blocks = await sealedBlocks(db, index, filter);
  const from = filter?.from ? sqlTime(filter.from) : null;
  const to = filter?.to ? sqlTime(filter.to) : null;
  const apart = new Map<number, number[]>();
  for (const id of new Set([...superseded, ...marked])) {
    const list = apart.get(blockOf(id));
    if (list) list.push(id);
    else apart.set(blockOf(id), [id]);
  }
  let total = 0;
  const partly: number[] = [];
  const candidates = new Set<number>();
  for (let i = 0; i < blocks.length; i += MORE_BLOCKS) {
    const part = blocks.slice(i, i + MORE_BLOCKS);
    const anded = await andedBits(
      db,
      index,
      common,
      part.map((b) => b.block),
    );
    for (const b of part) {
      const bits = anded.get(b.block)!;
      const whole = (!from || b.first >= from) && (!to || b.last <= to);
      for (const id of apart.get(b.block) ?? [])
        if (hasBit(bits, id)) {
          if (whole) total--;
          if (marked.has(id) && !superseded.has(id)) candidates.add(id);
        }
      if (whole) total += countBits(bits);
      else
        for (const id of idsOf(b.block, bits))
          if (!superseded.has(id) && !marked.has(id)) partly.push(id);
    }
  }
  for (let i = 0; i < partly.length; i += CHECKED_AT_ONCE) {
    const chunk = partly.slice(i, i + CHECKED_AT_ONCE);
    const d = dateSql(index, filter, "r");
    const [row] = await db.query(
      `SELECT COUNT(*) AS n FROM ${index.table} r WHERE r.id IN (${chunk.map(() => "?").join(", ")}) AND ${d.sql.join(" AND ")}`,
      [...chunk, ...d.params],
    );
    total += Number(row?.n ?? 0);
  }
  const [first, ...rest] = common;
  for (const id of await holders(index.recentTable, first, true))
    if (rest.every((t) => recent.get(t)!.has(id))) {
      if (marked.has(id)) candidates.add(id);
      else total++;
    }
  return { total, marked: [...candidates] };
}

/**
 * What the index tables say of these tokens at one moment, in one read transaction: the sealed
 * blocks of the date range, their bitmaps intersected, and the records with recent postings of
 * every token (newest first). A seal commits a block's new bitmaps and drops its recent postings
 * at once; read in separate statements, a record could be in neither (test/search-bits.test.ts).
 */
async function bitsView(
  db: DataSource,
  index: FullTextIndex,
  tokens: readonly string[],
  filter: SearchFilterValues | null | undefined,
) {
  return db.transaction(async (tx) => {
    const blocks = await sealedBlocks(tx, index, filter);
    const bits = new Map<number, Uint8Array>();
    for (let i = 0; i < blocks.length; i += MORE_BLOCKS)
      for (const [block, anded] of await andedBits(
        tx,
        index,
        tokens,
        blocks.slice(i, i + MORE_BLOCKS).map((b) => b.block),
      ))
        bits.set(block, anded);
    const dates = postingDates(index, filter);
    const rows: { id: unknown; at: unknown }[] = await tx.query(
      `SELECT p.record_id AS id, p.at AS at FROM ${index.recentTable} p WHERE p.token = ?${tokens
        .slice(1)
        .map(
          (_, i) =>
            ` AND EXISTS (SELECT 1 FROM ${index.recentTable} p${i} WHERE p${i}.token = ? AND p${i}.at = p.at AND p${i}.record_id = p.record_id)`,
        )
        .join("")}${dates.sql} ORDER BY p.at DESC, p.record_id DESC`,
      [...tokens, ...dates.params],
    );
    const recent = rows.map((r) => ({ id: Number(r.id), at: atOf(r.at) }));
    return { blocks, bits, recent };
  });
}

interface SealedBlock {
  block: number;
  first: string;
  last: string;
}

/** A data source, or a transaction's manager: what runs a statement. */
type Queryable = Pick<DataSource, "query">;

/** The sealed blocks that may hold records of the date range, the newest first. */
async function sealedBlocks(
  db: Queryable,
  index: FullTextIndex,
  filter: SearchFilterValues | null | undefined,
): Promise<SealedBlock[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter?.from) {
    where.push("last_at >= ?");
    params.push(sqlTime(filter.from));
  }
  if (filter?.to) {
    where.push("first_at <= ?");
    params.push(sqlTime(filter.to));
  }
  const rows: { block: unknown; first: unknown; last: unknown }[] = await db.query(
    `SELECT block, first_at AS first, last_at AS last FROM ${index.blockTable}${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`,
    params,
  );
  return rows
    .map((r) => ({ block: Number(r.block), first: atOf(r.first), last: atOf(r.last) }))
    .sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : b.block - a.block));
}

/** Per block, the records holding every token as the block was sealed: the tokens' bitmaps intersected. */
async function andedBits(
  db: Queryable,
  index: FullTextIndex,
  tokens: readonly string[],
  blocks: readonly number[],
): Promise<Map<number, Uint8Array>> {
  const out = new Map<number, Uint8Array>();
  if (!blocks.length) return out;
  const rows: { block: unknown; bits: unknown }[] = await db.query(
    `SELECT block, bits FROM ${index.bitsTable} WHERE block IN (${blocks.map(() => "?").join(", ")}) AND token IN (${tokens.map(() => "?").join(", ")})`,
    [...blocks, ...tokens],
  );
  const seen = new Map<number, number>();
  for (const r of rows) {
    const block = Number(r.block);
    const bits = bitsFrom(r.bits);
    const anded = out.get(block);
    if (anded) andInto(anded, bits);
    else out.set(block, bits);
    seen.set(block, (seen.get(block) ?? 0) + 1);
  }
  // a block without some token's bitmap holds no record with every token
  for (const block of blocks)
    if ((seen.get(block) ?? 0) < tokens.length) out.set(block, bitsFrom(null));
  return out;
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
