import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from "typeorm";
import { documentTerms, type SearchClause } from "./segmentation";

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
/** Rows read and written per statement when indexing many records. */
const BATCH = 500;

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

  constructor(spec: FullTextIndexSpec) {
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
    this.indexTable = `${spec.table}_search`;
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
   * Indexes the records as they are stored now, or removes them from the index when they are
   * gone. Call it with the transaction that wrote them: the index commits with the records.
   */
  async refresh(manager: EntityManager, ids: readonly number[]): Promise<void> {
    if (!ids.length) return;
    const engine = engineOf(manager.connection);
    const key = this.keyColumn(engine);
    const marks = ids.map(() => "?").join(", ");
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT id, ${this.columns.join(", ")} FROM ${this.table} WHERE id IN (${marks})`,
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
  }

  private async write(
    manager: EntityManager,
    engine: Engine,
    rows: Record<string, unknown>[],
  ): Promise<void> {
    if (!rows.length) return;
    const values = rows.flatMap((r) => [
      Number(r.id),
      encodeDocument(this.columns.map((c) => (r[c] == null ? null : String(r[c])))),
    ]);
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
   * Indexes every record again, after bulk loads that wrote records without indexing them.
   * On SQLite one transaction: searches see the old index or the new one. On MySQL the index
   * is emptied by TRUNCATE (deleted rows would otherwise linger in InnoDB's full-text index
   * until OPTIMIZE), which commits by itself: searches meanwhile find what is indexed so far.
   */
  async rebuild(db: DataSource): Promise<void> {
    if (engineOf(db) === "sqlite") {
      await db.transaction(async (tx) => {
        await tx.query(`DELETE FROM ${this.indexTable}`);
        await this.indexAll(tx);
      });
      return;
    }
    await db.query(`TRUNCATE TABLE ${this.indexTable}`);
    await db.transaction((tx) => this.indexAll(tx));
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

/** A migration that creates these full-text indexes, filled with the records already stored, and drops them on the way down. */
export function searchIndexMigration(
  name: string,
  indexes: readonly FullTextIndex[],
): new () => MigrationInterface {
  return class SearchIndexMigration implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      for (const index of indexes) await index.create(q);
    }

    async down(q: QueryRunner): Promise<void> {
      for (const index of indexes) await index.drop(q);
    }
  };
}
