import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from "typeorm";
import { documentTerms, hasHanForms, type SearchClause } from "./segmentation";
import { BLOCK, blockOf, emptyBits, HAN_FORMS_TOKEN, setBit, VOID } from "./blocks";

/**
 * A record table's full-text index, kept by the database's own engine: an FTS5 table on
 * SQLite, an InnoDB FULLTEXT index on MySQL/MariaDB. Both are given the same thing: the
 * record's terms (see segmentation.ts), each encoded as `q` and then three base-36 digits per
 * character. That encoding is why this works on a server with default settings: InnoDB drops
 * tokens shorter than innodb_ft_min_token_size (3) or longer than innodb_ft_max_token_size (84),
 * and most Chinese words have two characters; an encoded term is 4 to 84 characters of
 * [0-9a-z] starting with q, which no stopword does. And the engine's query syntax only ever
 * sees terms built here: the searched text reaches it encoded, never as itself.
 */

const MAX_TERM = 84;
const TERM = /^q[0-9a-z]{3,83}$/;
/** Code points below this take three base-36 digits, the first of them 0…x; the rest y and four digits. */
const SHORT = 34 * 36 * 36;

function encodeCharacter(codePoint: number): string {
  return codePoint < SHORT
    ? codePoint.toString(36).padStart(3, "0")
    : `y${(codePoint - SHORT).toString(36).padStart(4, "0")}`;
}

/** A term's encoding; a very long term keeps its first 27 or so characters. */
export function encodeTerm(term: string): string {
  let encoded = "q";
  for (const char of term) {
    const code = encodeCharacter(char.codePointAt(0)!);
    if (encoded.length + code.length > MAX_TERM) break;
    encoded += code;
  }
  return encoded;
}

/** The indexed form of a record: its encoded terms, space separated. */
export function encodeDocument(texts: readonly (string | null | undefined)[]): string {
  return documentTerms(texts.filter((t): t is string => !!t).join("\n"))
    .map(encodeTerm)
    .join(" ");
}

type Engine = "sqlite" | "mysql";

/** The block's time range, widened to hold `at` (times as stored, compared as text). */
function widen(ranges: Map<number, { first: string; last: string }>, block: number, at: string) {
  const r = ranges.get(block);
  if (!r) ranges.set(block, { first: at, last: at });
  else if (at < r.first) r.first = at;
  else if (at > r.last) r.last = at;
}
/** A posting: the token, the record's recency as stored, the record's id. */
type Posting = [string, unknown, number];

/** A time column read as text, so that it is written back to the postings exactly as stored. */
function recencyText(engine: Engine, column: string): string {
  return engine === "mysql" ? `DATE_FORMAT(${column}, '%Y-%m-%d %H:%i:%s.%f')` : column;
}

export function engineOf(db: DataSource): Engine {
  return db.options.type === "mysql" || db.options.type === "mariadb" ? "mysql" : "sqlite";
}

/** Encoded terms, checked once more: nothing else may reach the engine's query syntax. */
function terms(clause: SearchClause): { term: string; orAll: string[] } {
  const check = (t: string) => {
    const encoded = encodeTerm(t);
    if (!TERM.test(encoded)) throw new Error("a search term was not encoded");
    return encoded;
  };
  return { term: check(clause.term), orAll: clause.orAll.map(check) };
}

/**
 * The engine's query requiring every clause by the tokens a record holding it must hold: its
 * term, or for a long word its covering pairs (the record's text is checked for the word itself
 * afterwards). Only required tokens: each optional one would cost the engine its postings too.
 */
export function requiredQuery(engine: Engine, clauses: readonly SearchClause[]): string {
  const tokens = clauses.map(terms).flatMap(({ term, orAll }) => (orAll.length ? orAll : [term]));
  return engine === "sqlite"
    ? [...new Set(tokens)].map((t) => `"${t}"`).join(" AND ")
    : [...new Set(tokens)].map((t) => `+${t}`).join(" ");
}

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;
/** The time of a deleted record's mark in the recent postings. */
const GONE = "1000-01-01 00:00:00.000";
/** Rows read and written per statement when indexing many records. */
const BATCH = 500;
/** Posting rows written per statement. */
const POSTING_BATCH = 2_000;

/**
 * A token is common when a rebuild finds it in more than this share of the records (and in more
 * than COMMON_FLOOR of them): its records are found by reading the records newest first, where a
 * page fills within 2,500 records; every other token gets postings. At scale 100 (336,000
 * petitions) that leaves about 640 common tokens and 1.4 million posting rows for the petitions
 * (3.2 million for the five lists), against 26.6 million for every token; at 1% a walk would
 * read up to 5,000 records, at 5% the postings would be 13.5 million rows.
 */
export const COMMON_SHARE = 0.02;
export const COMMON_FLOOR = 1_000;

/** The number of records above which a token is common, for a table of `records`. */
export function commonAbove(records: number): number {
  return Math.max(COMMON_FLOOR, Math.floor(records * COMMON_SHARE));
}

export interface FullTextIndexSpec {
  /** the record table, keyed by an integer `id` */
  table: string;
  /** the columns searched, in the order their text is indexed; never personal data */
  columns: string[];
  /** the time column that orders equally relevant records, newest first */
  recency: string;
  /** the record table's index on (recency, id) */
  recencyIndex: string;
  /** the town column the search's town filter applies to; records without one never pass it */
  town?: string;
  /** the category column the search's category filter applies to, likewise */
  category?: string;
}

export class FullTextIndex {
  readonly table: string;
  readonly columns: readonly string[];
  readonly recency: string;
  readonly recencyIndex: string;
  readonly town?: string;
  readonly category?: string;
  /** the index table, next to the record table */
  readonly indexTable: string;
  /** the common tokens and how many records held each at the last rebuild */
  readonly termsTable: string;
  /** every other token's records, newest first: (token, recency, record id) */
  readonly postingTable: string;
  /** the common tokens' bitmaps per block of record ids, as the block was last sealed (blocks.ts) */
  readonly bitsTable: string;
  /** each sealed block's oldest and newest recency, as it was sealed */
  readonly blockTable: string;
  /** the common tokens' postings of the records written since their block was sealed */
  readonly recentTable: string;
  /** a row while a rebuild is under way, with the time it started; empty otherwise (MySQL; see rebuild) */
  readonly stateTable: string;
  /** the records written while a rebuild is under way, indexed again before it ends (MySQL) */
  readonly dirtyTable: string;
  /** whether `refresh` notes its records for a rebuild under way (not the rebuild's own copy) */
  private readonly notesForRebuild: boolean;

  constructor(
    private readonly spec: FullTextIndexSpec,
    /** the rebuild's copy (`_next`) of the index tables, which it fills beside the live ones */
    suffix = "",
  ) {
    for (const name of [
      spec.table,
      spec.recency,
      spec.recencyIndex,
      ...spec.columns,
      ...(spec.town ? [spec.town] : []),
      ...(spec.category ? [spec.category] : []),
    ])
      if (!IDENTIFIER.test(name)) throw new Error(`not a plain SQL name: ${name}`);
    ({
      table: this.table,
      columns: this.columns,
      recency: this.recency,
      recencyIndex: this.recencyIndex,
      town: this.town,
      category: this.category,
    } = spec);
    this.indexTable = `${spec.table}_search${suffix}`;
    this.termsTable = `${spec.table}_search_terms${suffix}`;
    this.postingTable = `${spec.table}_search_posting${suffix}`;
    this.bitsTable = `${spec.table}_search_bits${suffix}`;
    this.blockTable = `${spec.table}_search_block${suffix}`;
    this.recentTable = `${spec.table}_search_recent${suffix}`;
    this.stateTable = `${spec.table}_search_state`;
    this.dirtyTable = `${spec.table}_search_dirty`;
    this.notesForRebuild = suffix === "";
  }

  /** The index's tables, each of them renamed as one when a rebuild swaps its copy in. */
  private get tables(): string[] {
    return [
      this.indexTable,
      this.termsTable,
      this.postingTable,
      this.bitsTable,
      this.blockTable,
      this.recentTable,
    ];
  }

  private keyColumn(engine: Engine): string {
    return engine === "sqlite" ? "rowid" : "record_id";
  }

  /** Creates the index table and indexes the records already stored: for a migration's `up`. */
  async create(q: QueryRunner): Promise<void> {
    if (engineOf(q.connection) === "sqlite") {
      // the ascii tokenizer splits on spaces; encoded terms hold nothing else to split on
      await q.query(
        `CREATE VIRTUAL TABLE ${this.indexTable} USING fts5(words, tokenize = 'ascii')`,
      );
    } else {
      await q.query(
        `CREATE TABLE ${this.indexTable} (record_id INT NOT NULL PRIMARY KEY, words MEDIUMTEXT NOT NULL, FULLTEXT KEY ft_${this.table} (words))
         ENGINE = InnoDB DEFAULT CHARSET = ascii`,
      );
    }
    await this.indexAll(q.manager);
  }

  /** For a migration's `down`. */
  async drop(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${this.indexTable}`);
  }

  /**
   * Creates the common tokens' table and the postings, filled from the records stored: for a
   * migration's `up`. Tokens are the index's encoded terms: [0-9a-z] and at most 84 characters.
   */
  async createPostings(q: QueryRunner): Promise<void> {
    const mysql = engineOf(q.connection) === "mysql";
    const token = mysql ? "VARCHAR(84) CHARACTER SET ascii COLLATE ascii_bin" : "TEXT";
    const at = mysql ? "DATETIME(3)" : "DATETIME";
    const tail = mysql ? " ENGINE = InnoDB" : " WITHOUT ROWID";
    await q.query(
      `CREATE TABLE ${this.termsTable} (token ${token} NOT NULL PRIMARY KEY, records INT NOT NULL)${tail}`,
    );
    await q.query(
      `CREATE TABLE ${this.postingTable} (token ${token} NOT NULL, at ${at} NOT NULL, record_id INT NOT NULL,
         PRIMARY KEY (token, at, record_id))${tail}`,
    );
    await q.query(
      `CREATE INDEX idx_${this.table}_posting_record ON ${this.postingTable} (record_id)`,
    );
    // the bitmaps' tables come with a later migration (createBits), which seals every block
    await this.postAll(q.manager, false);
  }

  /** For a migration's `down`. */
  async dropPostings(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${this.postingTable}`);
    await q.query(`DROP TABLE ${this.termsTable}`);
  }

  /**
   * Creates the common tokens' block bitmaps, the blocks' time ranges and the recent postings,
   * and seals every block of the records stored (the common tokens as the last rebuild listed
   * them): for a migration's `up`, after `createPostings`.
   */
  async createBits(q: QueryRunner): Promise<void> {
    const mysql = engineOf(q.connection) === "mysql";
    const token = mysql ? "VARCHAR(84) CHARACTER SET ascii COLLATE ascii_bin" : "TEXT";
    const at = mysql ? "DATETIME(3)" : "DATETIME";
    const tail = mysql ? " ENGINE = InnoDB" : " WITHOUT ROWID";
    await q.query(
      `CREATE TABLE ${this.bitsTable} (token ${token} NOT NULL, block INT NOT NULL, bits BLOB NOT NULL,
         PRIMARY KEY (token, block))${tail}`,
    );
    // a token's bitmaps side by side (a search reads them all: 82 of 512 bytes for the
    // petitions at scale 100, three pages), and by block for sealing
    await q.query(`CREATE INDEX idx_${this.table}_bits_block ON ${this.bitsTable} (block)`);
    await q.query(
      `CREATE TABLE ${this.blockTable} (block INT NOT NULL PRIMARY KEY, first_at ${at} NOT NULL, last_at ${at} NOT NULL)${tail}`,
    );
    await q.query(
      `CREATE TABLE ${this.recentTable} (token ${token} NOT NULL, at ${at} NOT NULL, record_id INT NOT NULL,
         PRIMARY KEY (token, at, record_id))${tail}`,
    );
    await q.query(
      `CREATE INDEX idx_${this.table}_recent_record ON ${this.recentTable} (record_id)`,
    );
    const [{ top }] = await q.query(`SELECT MAX(id) AS top FROM ${this.table}`);
    const common = await this.commonTokens(q.manager);
    const marked: Posting[] = [];
    for (let block = 0; block <= blockOf(Number(top ?? 0)); block++)
      for (const r of await this.sealBlock(q.manager, block, common))
        if (this.hasHanForms(this.texts(r)))
          marked.push([HAN_FORMS_TOKEN, r.recency, Number(r.id)]);
    // the records stored before, whose postings did not mark them yet (all of them, afresh)
    await q.query(`DELETE FROM ${this.postingTable} WHERE token = ?`, [HAN_FORMS_TOKEN]);
    await this.writePostings(q.manager, this.postingTable, marked);
  }

  /** For a migration's `down`. */
  async dropBits(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${this.recentTable}`);
    await q.query(`DROP TABLE ${this.blockTable}`);
    await q.query(`DROP TABLE ${this.bitsTable}`);
  }

  /**
   * Creates the rebuild's state (a row while one is under way, none now) and the table of
   * records written during one: for a migration's `up`. Only MySQL uses them (see rebuild);
   * SQLite has them too, so that both engines' schemas are the same.
   */
  async createRebuildLog(q: QueryRunner): Promise<void> {
    const mysql = engineOf(q.connection) === "mysql";
    const tail = mysql ? " ENGINE = InnoDB" : "";
    await q.query(
      `CREATE TABLE ${this.stateTable} (id INT NOT NULL PRIMARY KEY, started_at ${mysql ? "DATETIME(3)" : "DATETIME"} NOT NULL)${tail}`,
    );
    await q.query(`CREATE TABLE ${this.dirtyTable} (record_id INT NOT NULL PRIMARY KEY)${tail}`);
  }

  /** For a migration's `down`. */
  async dropRebuildLog(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${this.dirtyTable}`);
    await q.query(`DROP TABLE ${this.stateTable}`);
  }

  /**
   * Counts every token's records, keeps the common ones with their counts and their block
   * bitmaps, and writes the postings of all the others; the tables are empty before. One read of
   * the records: a token's record ids are kept until it proves common, then turned into bits.
   * The postings are then written token by token, oldest first, in the order of their primary
   * key: each insert appends to the tree, where records in id order would scatter them (measured
   * at scale 100: several times faster).
   */
  private async postAll(manager: EntityManager, bits = true): Promise<void> {
    const engine = engineOf(manager.connection);
    const [{ n }] = await manager.query(`SELECT COUNT(*) AS n FROM ${this.table}`);
    const above = commonAbove(Number(n));
    const counts = new Map<string, number>();
    const lists = new Map<string, number[]>();
    const bitmaps = new Map<string, Map<number, Uint8Array>>();
    const ranges = new Map<number, { first: string; last: string }>();
    const at = new Map<number, string>();
    const mark = (token: string, id: number) => {
      let blocks = bitmaps.get(token);
      if (!blocks) bitmaps.set(token, (blocks = new Map()));
      const block = blockOf(id);
      let bits = blocks.get(block);
      if (!bits) blocks.set(block, (bits = emptyBits()));
      setBit(bits, id);
    };
    await this.eachBatch(manager, engine, (rows) => {
      for (const r of rows) {
        const id = Number(r.id);
        const recency = String(r.recency);
        at.set(id, recency);
        widen(ranges, blockOf(id), recency);
        for (const t of this.terms(r)) {
          const c = (counts.get(t) ?? 0) + 1;
          counts.set(t, c);
          if (c > above) {
            const list = lists.get(t);
            if (list) {
              for (const old of list) mark(t, old);
              lists.delete(t);
            }
            mark(t, id);
            continue;
          }
          const list = lists.get(t);
          if (list) list.push(id);
          else lists.set(t, [id]);
        }
      }
    });
    const common = [...counts].filter(([, c]) => c > above);
    for (let i = 0; i < common.length; i += BATCH) {
      const part = common.slice(i, i + BATCH);
      await manager.query(
        `INSERT INTO ${this.termsTable} (token, records) VALUES ${part.map(() => "(?, ?)").join(", ")}`,
        part.flat(),
      );
    }
    if (bits) await this.writeBlocks(manager, ranges, bitmaps);
    bitmaps.clear();
    const older = (a: number, b: number) => {
      const x = at.get(a)!;
      const y = at.get(b)!;
      return x < y ? -1 : x > y ? 1 : a - b;
    };
    let pending: Posting[] = [];
    for (const token of [...lists.keys()].sort()) {
      for (const id of lists.get(token)!.sort(older)) pending.push([token, at.get(id)!, id]);
      lists.delete(token);
      if (pending.length >= POSTING_BATCH * 10) {
        await this.writePostings(manager, this.postingTable, pending);
        pending = [];
      }
    }
    await this.writePostings(manager, this.postingTable, pending);
  }

  /** Writes the blocks' time ranges and their common tokens' bitmaps (the rows of these blocks are gone before). */
  private async writeBlocks(
    manager: EntityManager,
    ranges: Map<number, { first: string; last: string }>,
    bitmaps: Map<string, Map<number, Uint8Array>>,
  ): Promise<void> {
    const blocks = [...ranges];
    for (let i = 0; i < blocks.length; i += BATCH) {
      const part = blocks.slice(i, i + BATCH);
      await manager.query(
        `INSERT INTO ${this.blockTable} (block, first_at, last_at) VALUES ${part.map(() => "(?, ?, ?)").join(", ")}`,
        part.flatMap(([block, r]) => [block, r.first, r.last]),
      );
    }
    const rows: [number, string, Buffer][] = [];
    for (const [token, byBlock] of bitmaps)
      for (const [block, bits] of byBlock) rows.push([block, token, Buffer.from(bits)]);
    rows.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] - b[0]));
    for (let i = 0; i < rows.length; i += BATCH) {
      const part = rows.slice(i, i + BATCH);
      await manager.query(
        `INSERT INTO ${this.bitsTable} (block, token, bits) VALUES ${part.map(() => "(?, ?, ?)").join(", ")}`,
        part.flat(),
      );
    }
  }

  /** The common tokens, as the last rebuild listed them. */
  private async commonTokens(manager: EntityManager): Promise<Set<string>> {
    const rows: { token: string }[] = await manager.query(`SELECT token FROM ${this.termsTable}`);
    return new Set(rows.map((r) => r.token));
  }

  /**
   * Folds the recent postings into the blocks' bitmaps: each block with recent postings is read
   * again whole and its bitmaps and time range written anew, and its recent postings go, in one
   * transaction per block. On MySQL the block's records are read with shared locks, so a writer
   * of one of them either committed before (and is read) or waits until the block is sealed (and
   * posts anew). Searches are right before, during and after; sealing keeps them fast, as the
   * recent postings otherwise grow with every write. On MySQL it first ends a rebuild that was
   * killed or failed (clearRebuildLeftovers). Returns the blocks sealed.
   */
  async seal(db: DataSource): Promise<number> {
    const engine = engineOf(db);
    if (engine === "mysql") await this.clearRebuildLeftovers(db);
    const rows: { block: unknown }[] = await db.query(
      `SELECT DISTINCT ${engine === "mysql" ? `record_id DIV ${BLOCK}` : `record_id / ${BLOCK}`} AS block FROM ${this.recentTable}`,
    );
    let sealed = 0;
    for (const { block } of rows)
      await db.transaction(async (tx) => {
        // read with the block, in its transaction: a rebuild may have swapped in new tables
        const common = await this.commonTokens(tx);
        // none: never rebuilt, or a rebuild under way (SQLite): nothing to fold
        if (!common.size) return;
        await this.sealBlock(tx, Number(block), common);
        sealed++;
      });
    return sealed;
  }

  /** Seals one block; returns its records as read. */
  private async sealBlock(
    manager: EntityManager,
    block: number,
    common: Set<string>,
  ): Promise<Record<string, unknown>[]> {
    const engine = engineOf(manager.connection);
    const range = [block * BLOCK, (block + 1) * BLOCK];
    const records: Record<string, unknown>[] = await manager.query(
      `SELECT id, ${recencyText(engine, this.recency)} AS recency, ${this.columns.join(", ")} FROM ${this.table}
       WHERE id >= ? AND id < ?${engine === "mysql" ? " LOCK IN SHARE MODE" : ""}`,
      range,
    );
    const ranges = new Map<number, { first: string; last: string }>();
    const bitmaps = new Map<string, Map<number, Uint8Array>>();
    for (const r of records) {
      const id = Number(r.id);
      widen(ranges, block, String(r.recency));
      for (const t of this.terms(r)) {
        if (!common.has(t)) continue;
        let bits = bitmaps.get(t)?.get(block);
        if (!bits) bitmaps.set(t, new Map([[block, (bits = emptyBits())]]));
        setBit(bits, id);
      }
    }
    await manager.query(`DELETE FROM ${this.bitsTable} WHERE block = ?`, [block]);
    await manager.query(`DELETE FROM ${this.blockTable} WHERE block = ?`, [block]);
    await manager.query(
      `DELETE FROM ${this.recentTable} WHERE record_id >= ? AND record_id < ?`,
      range,
    );
    await this.writeBlocks(manager, ranges, bitmaps);
    return records;
  }

  /** Every stored record, a batch at a time in id order, with its recency as text. */
  private async eachBatch(
    manager: EntityManager,
    engine: Engine,
    each: (rows: Record<string, unknown>[]) => void | Promise<void>,
  ): Promise<void> {
    for (let after = 0; ;) {
      const rows: Record<string, unknown>[] = await manager.query(
        `SELECT id, ${recencyText(engine, this.recency)} AS recency, ${this.columns.join(", ")} FROM ${this.table} WHERE id > ? ORDER BY id LIMIT ${BATCH * 4}`,
        [after],
      );
      if (!rows.length) return;
      await each(rows);
      after = Number(rows[rows.length - 1].id);
    }
  }

  /**
   * Indexes the records as they are stored now, or removes them from the index when they are
   * gone. Call it with the transaction that wrote them: the index commits with the records.
   */
  async refresh(manager: EntityManager, records: readonly number[]): Promise<void> {
    const ids = [...new Set(records)];
    if (!ids.length) return;
    const engine = engineOf(manager.connection);
    if (engine === "mysql" && this.notesForRebuild) await this.noteForRebuild(manager, ids);
    const key = this.keyColumn(engine);
    const marks = ids.map(() => "?").join(", ");
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT id, ${recencyText(engine, this.recency)} AS recency, ${this.columns.join(", ")} FROM ${this.table} WHERE id IN (${marks})`,
      [...ids],
    );
    const found = new Set(rows.map((r) => Number(r.id)));
    const gone = ids.filter((id) => !found.has(id));
    if (gone.length)
      await manager.query(
        `DELETE FROM ${this.indexTable} WHERE ${key} IN (${gone.map(() => "?").join(", ")})`,
        gone,
      );
    await this.write(manager, engine, rows);
    // the postings are written again whole: the recency or the text may have changed. Only the
    // records that have postings are cleared, found by a plain (non-locking) read first: on MySQL
    // a DELETE that finds nothing still locks the gap where the rows would be, the end of the
    // record index for a new record, and two writers of new records then each waited to insert
    // into the gap the other held (a deadlock; test/search-postings.test.ts).
    for (const table of [this.postingTable, this.recentTable]) {
      const posted: { id: unknown }[] = await manager.query(
        `SELECT DISTINCT record_id AS id FROM ${table} WHERE record_id IN (${marks})`,
        [...ids],
      );
      if (posted.length)
        await manager.query(
          `DELETE FROM ${table} WHERE record_id IN (${posted.map(() => "?").join(", ")})`,
          posted.map((p) => Number(p.id)),
        );
    }
    const documents = rows.map((r) => ({ r, terms: this.terms(r) }));
    const all = [...new Set(documents.flatMap((d) => d.terms))];
    // the common tokens, as the last rebuild left them: read only, so writers never wait on a row here
    const common = new Set<string>();
    for (let i = 0; i < all.length; i += BATCH) {
      const part = all.slice(i, i + BATCH);
      const found: { token: string }[] = await manager.query(
        `SELECT token FROM ${this.termsTable} WHERE token IN (${part.map(() => "?").join(", ")})`,
        part,
      );
      for (const f of found) common.add(f.token);
    }
    // every token is posted: the others for good, the common ones until the record's block is
    // sealed again (its bitmaps may still say what the record held before)
    const posting = (keep: (t: string) => boolean) =>
      documents.flatMap(({ r, terms }) =>
        terms.filter(keep).map((t) => [t, r.recency, Number(r.id)] as Posting),
      );
    await this.writePostings(
      manager,
      this.postingTable,
      posting((t) => !common.has(t)),
    );
    await this.writePostings(manager, this.recentTable, [
      ...posting((t) => common.has(t)),
      // each record's bits are void until its block is sealed again (a deleted one's too)
      ...ids.map((id): Posting => {
        const r = rows.find((row) => Number(row.id) === id);
        return [VOID, r ? r.recency : GONE, id];
      }),
    ]);
  }

  /** A record's encoded terms, each once. */
  private terms(r: Record<string, unknown>): string[] {
    const texts = this.texts(r);
    const doc = encodeDocument(texts);
    const terms = doc ? [...new Set(doc.split(" "))] : [];
    if (this.hasHanForms(texts)) terms.push(HAN_FORMS_TOKEN);
    return terms;
  }

  /** The record's searched columns' texts, in the index's order. */
  private texts(r: Record<string, unknown>): (string | null)[] {
    return this.columns.map((c) => (r[c] == null ? null : String(r[c])));
  }

  private hasHanForms(texts: (string | null)[]): boolean {
    return texts.some((t) => t !== null && hasHanForms(t));
  }

  private async writePostings(
    manager: EntityManager,
    table: string,
    postings: Posting[],
  ): Promise<void> {
    for (let i = 0; i < postings.length; i += POSTING_BATCH) {
      const part = postings.slice(i, i + POSTING_BATCH);
      await manager.query(
        `INSERT INTO ${table} (token, at, record_id) VALUES ${part.map(() => "(?, ?, ?)").join(", ")}`,
        part.flat(),
      );
    }
  }

  private async write(
    manager: EntityManager,
    engine: Engine,
    rows: Record<string, unknown>[],
  ): Promise<void> {
    if (!rows.length) return;
    const values = rows.flatMap((r) => [Number(r.id), encodeDocument(this.texts(r))]);
    const tuples = rows.map(() => "(?, ?)").join(", ");
    const verb = engine === "sqlite" ? "INSERT OR REPLACE INTO" : "REPLACE INTO";
    await manager.query(
      `${verb} ${this.indexTable} (${this.keyColumn(engine)}, words) VALUES ${tuples}`,
      values,
    );
  }

  /** Indexes every stored record, a batch at a time in id order. */
  private async indexAll(manager: EntityManager): Promise<void> {
    const engine = engineOf(manager.connection);
    for (let after = 0; ;) {
      const rows: Record<string, unknown>[] = await manager.query(
        `SELECT id, ${this.columns.join(", ")} FROM ${this.table} WHERE id > ? ORDER BY id LIMIT ${BATCH}`,
        [after],
      );
      if (!rows.length) return;
      await this.write(manager, engine, rows);
      after = Number(rows[rows.length - 1].id);
    }
  }

  /**
   * Indexes every record again, after bulk loads that wrote records without indexing them, while
   * the subgraph serves. On SQLite one transaction: writers wait for it, searches see the old
   * index or the new one. On MySQL the index is built into a copy of its tables from one snapshot
   * of the records, then swapped in by one RENAME TABLE; the records written meanwhile are noted
   * by their writers (`noteForRebuild`) and indexed again, into the copy before the swap and into
   * the live tables after it, so none is lost. Searches use the old index until the swap and the
   * new one after; a record written in the moment before the swap is found a moment after it.
   */
  async rebuild(db: DataSource): Promise<void> {
    if (engineOf(db) === "sqlite") {
      await db.transaction(async (tx) => {
        await tx.query(`DELETE FROM ${this.indexTable}`);
        await tx.query(`DELETE FROM ${this.termsTable}`);
        await tx.query(`DELETE FROM ${this.postingTable}`);
        for (const table of [this.bitsTable, this.blockTable, this.recentTable])
          await tx.query(`DELETE FROM ${table}`);
        await this.indexAll(tx);
        await this.postAll(tx);
      });
      return;
    }
    await this.holdingRebuildLock(db, async (session) => {
      if (!session)
        throw new Error(`a rebuild of ${this.table}'s search index is already under way`);
      await this.rebuildCopy(db, session);
    });
  }

  /**
   * Runs `work` holding this index's rebuild lock (MySQL's GET_LOCK, on a connection of its own
   * that `work` is given), or with null when another process or connection holds it: one
   * rebuild at a time, and a seal clears a rebuild's leftovers only while none runs.
   */
  private async holdingRebuildLock<T>(
    db: DataSource,
    work: (session: QueryRunner | null) => Promise<T>,
  ): Promise<T> {
    const session = db.createQueryRunner();
    const name = `search_rebuild:${this.table}`;
    try {
      const [{ got }] = await session.query("SELECT GET_LOCK(?, 0) AS got", [name]);
      if (Number(got) !== 1) return await work(null);
      try {
        return await work(session);
      } finally {
        await session.query("SELECT RELEASE_LOCK(?)", [name]);
      }
    } finally {
      await session.release();
    }
  }

  /** The MySQL rebuild (see rebuild), on the session that holds the rebuild lock. */
  private async rebuildCopy(db: DataSource, session: QueryRunner): Promise<void> {
    const next = new FullTextIndex(this.spec, "_next");
    const old = new FullTextIndex(this.spec, "_old");
    // what a rebuild cut short left is dropped, and the copy made afresh
    await session.query(`DROP TABLE IF EXISTS ${[...next.tables, ...old.tables].join(", ")}`);
    for (const [i, live] of this.tables.entries())
      await session.query(`CREATE TABLE ${next.tables[i]} LIKE ${live}`);
    // from here on writers note their records. The state's row waits for the writers that
    // read the state before (they hold where it goes shared until they commit), so every record
    // is either in the snapshot below or noted
    await db.transaction(async (tx) => {
      await tx.query(`DELETE FROM ${this.dirtyTable}`);
      await tx.query(
        `INSERT INTO ${this.stateTable} (id, started_at) VALUES (1, NOW(3))
         ON DUPLICATE KEY UPDATE started_at = VALUES(started_at)`,
      );
    });
    try {
      // one snapshot of the records for the words and the postings alike
      await db.transaction("REPEATABLE READ", async (tx) => {
        await next.indexAll(tx);
        await next.postAll(tx);
      });
      await this.catchUp(db, next, BATCH);
      await this.swap(session, old, next);
    } catch (e) {
      // not swapped: the live tables are as the writers left them. The notes go into them again
      // all the same (harmless), in case the swap happened and only its answer was lost
      await this.endRebuild(db);
      throw e;
    }
    // swapped: what was noted since the copy last caught up goes into the live tables now
    await this.endRebuild(db);
    await session.query(`DROP TABLE ${old.tables.join(", ")}`);
  }

  /**
   * Swaps the copy in for all six tables at once. RENAME TABLE waits for every transaction that
   * used a live table, and the statements after it wait behind it: each try waits 2 s at most
   * (`lock_wait_timeout`), so writers are never held longer, and tries again after a pause.
   */
  private async swap(session: QueryRunner, old: FullTextIndex, next: FullTextIndex) {
    const rename = `RENAME TABLE ${this.tables
      .map((live, i) => `${live} TO ${old.tables[i]}, ${next.tables[i]} TO ${live}`)
      .join(", ")}`;
    await session.query("SET SESSION lock_wait_timeout = 2");
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await session.query(rename);
        } catch (e) {
          // ER_LOCK_WAIT_TIMEOUT
          if ((e as { errno?: number }).errno !== 1205 || attempt >= 30) throw e;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    } finally {
      await session.query("SET SESSION lock_wait_timeout = DEFAULT");
    }
  }

  /**
   * Ends a rebuild: the state's row goes (waiting for the writers that saw it: whatever they
   * noted is there now), then every noted record is indexed into the live tables.
   */
  private async endRebuild(db: DataSource): Promise<void> {
    await db.query(`DELETE FROM ${this.stateTable} WHERE id = 1`);
    await this.catchUp(db, this, 1);
  }

  /**
   * On MySQL, what a rebuild that was killed or failed after its swap left: its state's row
   * (every write would go on noting its records) or notes not yet indexed. Cleared while no
   * rebuild runs; one plain read when there is nothing.
   */
  private async clearRebuildLeftovers(db: DataSource): Promise<void> {
    const [{ leftover }]: { leftover: unknown }[] = await db.query(
      `SELECT EXISTS (SELECT 1 FROM ${this.stateTable}) OR EXISTS (SELECT 1 FROM ${this.dirtyTable}) AS leftover`,
    );
    if (!Number(leftover)) return;
    await this.holdingRebuildLock(db, async (session) => {
      if (session) await this.endRebuild(db);
    });
  }

  /**
   * On MySQL, inside the writer's transaction: while a rebuild is under way, notes the records
   * for it to index again. The state's row (or, with none, the place it would take) is read
   * with a shared lock, held until the writer commits, so a rebuild starting or ending waits
   * for the writers that read it before.
   */
  private async noteForRebuild(manager: EntityManager, ids: number[]): Promise<void> {
    const state: unknown[] = await manager.query(
      `SELECT id FROM ${this.stateTable} WHERE id = 1 LOCK IN SHARE MODE`,
    );
    if (!state.length) return;
    await manager.query(
      `INSERT IGNORE INTO ${this.dirtyTable} (record_id) VALUES ${ids.map(() => "(?)").join(", ")}`,
      ids,
    );
  }

  /**
   * Indexes the noted records again into `into` (the rebuild's copy, or the live tables), a batch
   * at a time, until a batch holds fewer than `until` records. Each batch first locks its records
   * shared, so a writer of one of them has committed before (and is read) or waits until the
   * batch is done (and notes it again): a note goes only once its record is indexed as it is.
   */
  private async catchUp(db: DataSource, into: FullTextIndex, until: number): Promise<void> {
    for (;;) {
      const rows: { id: unknown }[] = await db.query(
        `SELECT record_id AS id FROM ${this.dirtyTable} ORDER BY record_id LIMIT ${BATCH}`,
      );
      const ids = rows.map((r) => Number(r.id));
      if (ids.length) {
        const marks = ids.map(() => "?").join(", ");
        await db.transaction("REPEATABLE READ", async (tx) => {
          await tx.query(
            `SELECT id FROM ${this.table} WHERE id IN (${marks}) LOCK IN SHARE MODE`,
            ids,
          );
          await into.refresh(tx, ids);
          await tx.query(`DELETE FROM ${this.dirtyTable} WHERE record_id IN (${marks})`, ids);
        });
      }
      if (ids.length < until) return;
    }
  }

  /**
   * The ids of the records whose indexed terms hold every clause's required tokens, as the
   * index alone answers (the search checks the words on the records themselves).
   */
  async indexedIds(db: DataSource, clauses: readonly SearchClause[]): Promise<number[]> {
    if (!clauses.length) return [];
    const engine = engineOf(db);
    const rows: { id: unknown }[] = await db.query(
      engine === "sqlite"
        ? `SELECT rowid AS id FROM ${this.indexTable} WHERE words MATCH ? ORDER BY rowid`
        : `SELECT record_id AS id FROM ${this.indexTable} WHERE MATCH (words) AGAINST (? IN BOOLEAN MODE) ORDER BY record_id`,
      [requiredQuery(engine, clauses)],
    );
    return rows.map((r) => Number(r.id));
  }
}

/**
 * Seals each of these indexes (FullTextIndex.seal), every one even when one fails: the first
 * failure is thrown after the others had their turn.
 */
export async function sealEach(db: DataSource, indexes: readonly FullTextIndex[]): Promise<void> {
  const failures: unknown[] = [];
  for (const index of indexes) await index.seal(db).catch((e: unknown) => failures.push(e));
  if (failures.length) throw failures[0];
}

/** A migration doing `up` and `down` to each of these indexes in turn. */
function perIndexMigration(
  name: string,
  indexes: readonly FullTextIndex[],
  up: (index: FullTextIndex, q: QueryRunner) => Promise<void>,
  down: (index: FullTextIndex, q: QueryRunner) => Promise<void>,
): new () => MigrationInterface {
  return class SearchMigration implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      for (const index of indexes) await up(index, q);
    }

    async down(q: QueryRunner): Promise<void> {
      for (const index of indexes) await down(index, q);
    }
  };
}

/** A migration that adds the common tokens' table and the postings to these indexes, filled from the records stored. */
export const searchPostingsMigration = (name: string, indexes: readonly FullTextIndex[]) =>
  perIndexMigration(
    name,
    indexes,
    (index, q) => index.createPostings(q),
    (index, q) => index.dropPostings(q),
  );

/** A migration that adds the common tokens' block bitmaps to these indexes, sealed from the records stored. */
export const searchBitsMigration = (name: string, indexes: readonly FullTextIndex[]) =>
  perIndexMigration(
    name,
    indexes,
    (index, q) => index.createBits(q),
    (index, q) => index.dropBits(q),
  );

/** A migration that creates these full-text indexes, filled with the records already stored, and drops them on the way down. */
export const searchIndexMigration = (name: string, indexes: readonly FullTextIndex[]) =>
  perIndexMigration(
    name,
    indexes,
    (index, q) => index.create(q),
    (index, q) => index.drop(q),
  );

/** A migration that adds the tables a rebuild under way uses to note the records written meanwhile. */
export const searchRebuildLogMigration = (name: string, indexes: readonly FullTextIndex[]) =>
  perIndexMigration(
    name,
    indexes,
    (index, q) => index.createRebuildLog(q),
    (index, q) => index.dropRebuildLog(q),
  );
