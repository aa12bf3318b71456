import {
  In,
  type DataSource,
  type EntityTarget,
  type ObjectLiteral,
  type SelectQueryBuilder,
} from "typeorm";

/**
 * How each engine finds a list's best hits: most relevant first, then newest, then highest id.
 * The engine's relevance (bm25 on SQLite, InnoDB's TF-IDF on MySQL) decides; the order is exact
 * on both. Every statement binds the encoded engine query as a parameter.
 */

/** Narrows the records (alias `r`) to those the caller may read. */
// any entity's query builder: the scope only adds a WHERE on its alias
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Scope = (qb: SelectQueryBuilder<any>, alias: string) => SelectQueryBuilder<any>;

export interface RankedTable {
  table: string;
  indexTable: string;
  /** the time column that orders equally relevant records */
  recency: string;
  /** the index on (recency, id) that reads the newest records first */
  recencyIndex: string;
}

interface Candidate {
  id: number;
  at: number;
  score: number;
}

const candidate = (row: Record<string, unknown>): Candidate => ({
  id: Number(row.id),
  at: new Date(row.recency as string | Date).getTime(),
  score: Number(row.score),
});

const byRank = (a: Candidate, b: Candidate) => b.score - a.score || b.at - a.at || b.id - a.id;

/**
 * Every match ordered in one statement, by the engine's relevance, then newest, then id: the
 * index table joined on `join`, matched by `match`, ranked by `rank`.
 */
function rankedInSql<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  t: RankedTable,
  sql: { join: string; match: string; rank: [string, "ASC" | "DESC"] },
  query: string,
  limit: number,
  scope: Scope,
): Promise<T[]> {
  const qb = db
    .getRepository(entity)
    .createQueryBuilder("r")
    .innerJoin(t.indexTable, "fts", sql.join)
    .where(sql.match, { fullTextQuery: query })
    .orderBy(...sql.rank);
  return scope(qb, "r")
    .addOrderBy(`r.${t.recency}`, "DESC")
    .addOrderBy("r.id", "DESC")
    .limit(limit)
    .getMany();
}

/** SQLite: FTS5 scores every match (bm25), and one statement gives the page. */
export function sqliteHits<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  t: RankedTable,
  query: string,
  limit: number,
  scope: Scope,
): Promise<T[]> {
  return rankedInSql(
    db,
    entity,
    t,
    {
      join: "fts.rowid = r.id",
      match: "fts.words MATCH :fullTextQuery",
      rank: ["fts.rank", "ASC"],
    },
    query,
    limit,
    scope,
  );
}

/**
 * How many of the best matches InnoDB is asked for first. InnoDB hands its matches over best
 * first, and reading a match costs a row lookup, so ordering every match in SQL costs one
 * lookup per match: half a second for a word in a tenth of 150,000 records on a default
 * server. Asking for the best CANDIDATES bounds that; see mysqlHits for how the order stays exact.
 */
const CANDIDATES = 1000;
const RELEVANCE = "MATCH (fts.words) AGAINST (:fullTextQuery IN BOOLEAN MODE)";
/** InnoDB's relevance is a float: scores within this fraction of each other are one score. */
const SAME_SCORE = 1e-6;

/**
 * MySQL/MariaDB, in at most four statements whatever the number of matches:
 * 1. the best CANDIDATES matches by relevance alone, as InnoDB ranks them (no row is read
 *    for the others). Fewer than that: they are all the matches, ordered here.
 * 2. the recency of the candidates that need ordering, among those the caller may read.
 * 3. when the page needs records of the lowest candidate score, a score many records share
 *    (InnoDB scores a word alike in every record that holds it as often), the newest records
 *    with that score, read newest first until the page is full: there are at least
 *    CANDIDATES minus the page of them among all records, so the walk is short.
 * 4. the page's records.
 */
export async function mysqlHits<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  t: RankedTable,
  query: string,
  limit: number,
  scope: Scope,
): Promise<T[]> {
  const best = (
    await db
      .createQueryBuilder()
      .select("fts.record_id", "id")
      .addSelect(RELEVANCE, "score")
      .from(t.indexTable, "fts")
      .where(RELEVANCE, { fullTextQuery: query })
      .limit(CANDIDATES)
      .getRawMany()
  ).map((r) => ({ id: Number(r.id), score: Number(r.score) }));
  if (best.some((c, i) => i > 0 && c.score > best[i - 1].score))
    return exactMysqlHits(db, entity, t, query, limit, scope);
  if (best.length < CANDIDATES)
    return load(db, entity, (await withRecency(db, t, best, scope)).slice(0, limit));

  const lowest = best[best.length - 1].score;
  const margin = Math.abs(lowest) * SAME_SCORE + 1e-9;
  const above = await withRecency(
    db,
    t,
    best.filter((c) => c.score > lowest + margin),
    scope,
  );
  if (above.length >= limit) return load(db, entity, above.slice(0, limit));
  const wanted = limit - above.length;
  const tied = await scope(
    db
      .createQueryBuilder()
      .select("r.id", "id")
      .addSelect(`r.${t.recency}`, "recency")
      .addSelect(RELEVANCE, "score")
      .from(t.table, "r")
      .useIndex(t.recencyIndex)
      .innerJoin(t.indexTable, "fts", "fts.record_id = r.id")
      .setParameter("fullTextQuery", query),
    "r",
  )
    .having("score BETWEEN :low AND :high", { low: lowest - margin, high: lowest + margin })
    .orderBy(`r.${t.recency}`, "DESC")
    .addOrderBy("r.id", "DESC")
    .limit(wanted)
    .getRawMany();
  // the index changed between the statements (scores move with every write): order them all
  if (tied.length < wanted) return exactMysqlHits(db, entity, t, query, limit, scope);
  return load(db, entity, [...above, ...tied.map(candidate)]);
}

/** The matches the caller may read, with their recency, in rank order. */
async function withRecency(
  db: DataSource,
  t: RankedTable,
  matches: { id: number; score: number }[],
  scope: Scope,
): Promise<Candidate[]> {
  if (!matches.length) return [];
  const rows = await scope(
    db
      .createQueryBuilder()
      .select("r.id", "id")
      .addSelect(`r.${t.recency}`, "recency")
      .from(t.table, "r")
      .where("r.id IN (:...ids)", { ids: matches.map((m) => m.id) }),
    "r",
  ).getRawMany();
  const score = new Map(matches.map((m) => [m.id, m.score]));
  return rows.map((r) => candidate({ ...r, score: score.get(Number(r.id)) })).sort(byRank);
}

/** Every match ordered in SQL: exact, at a row lookup per match. The fallback. */
function exactMysqlHits<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  t: RankedTable,
  query: string,
  limit: number,
  scope: Scope,
): Promise<T[]> {
  return rankedInSql(
    db,
    entity,
    t,
    { join: "fts.record_id = r.id", match: RELEVANCE, rank: [RELEVANCE, "DESC"] },
    query,
    limit,
    scope,
  );
}

async function load<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  page: Candidate[],
): Promise<T[]> {
  if (!page.length) return [];
  const rows = await db.getRepository(entity).findBy({ id: In(page.map((c) => c.id)) } as never);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return page.map((c) => byId.get(c.id)).filter((r): r is T => r !== undefined);
}
