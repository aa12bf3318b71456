import type { QueryRunner } from "typeorm";
import type { DatabaseKind } from "../common/db/database";
import { sqlTime } from "../common/db/sql";

/** A value as the seed writes it: times as UTC text, booleans as 1 and 0, the same on both engines. */
export type SqlValue = string | number | boolean | Date | null;

/** Rows of one table, each in the order of `columns`. Table and column names are the code's, never input. */
export interface SeedBatch {
  table: string;
  columns: readonly string[];
  rows: SqlValue[][];
}

/** Both engines bind at most some tens of thousands of parameters per statement; stay well under. */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS = 1_000;
/** Rows per transaction: large enough to amortise commits, small enough to keep undo logs modest. */
const ROWS_PER_TRANSACTION = 50_000;

function value(v: SqlValue): string | number | null {
  if (v instanceof Date) return sqlTime(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}

/**
 * Writes seed batches with multi-row INSERTs of bound parameters, on one connection, committing
 * every few tens of thousands of rows. On MySQL the session skips foreign-key and unique checks
 * while it loads: the plan is consistent by construction, and the checks cost more than the rows.
 */
export class BulkWriter {
  private readonly statements = new Map<string, string>();
  private inTransaction = 0;
  written = 0;

  constructor(
    private readonly runner: QueryRunner,
    private readonly kind: DatabaseKind,
    private readonly onRows: (rows: number) => void = () => {},
  ) {}

  async open(): Promise<void> {
    if (this.kind === "mysql")
      await this.runner.query("SET SESSION foreign_key_checks = 0, unique_checks = 0");
    await this.runner.startTransaction();
  }

  async write(batch: SeedBatch): Promise<void> {
    const perStatement = Math.max(
      1,
      Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / batch.columns.length)),
    );
    for (let i = 0; i < batch.rows.length; i += perStatement) {
      const rows = batch.rows.slice(i, i + perStatement);
      const params: (string | number | null)[] = [];
      for (const row of rows) for (const v of row) params.push(value(v));
      await this.runner.query(this.insert(batch.table, batch.columns, rows.length), params);
      this.written += rows.length;
      this.inTransaction += rows.length;
      this.onRows(rows.length);
      if (this.inTransaction >= ROWS_PER_TRANSACTION) {
        await this.runner.commitTransaction();
        await this.runner.startTransaction();
        this.inTransaction = 0;
      }
    }
  }

  async close(): Promise<void> {
    await this.runner.commitTransaction();
    if (this.kind === "mysql")
      await this.runner.query("SET SESSION foreign_key_checks = 1, unique_checks = 1");
  }

  async abort(): Promise<void> {
    if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
    if (this.kind === "mysql")
      await this.runner.query("SET SESSION foreign_key_checks = 1, unique_checks = 1");
  }

  /** The INSERT for `count` rows, built once per table, columns and count (the driver caches it prepared). */
  private insert(table: string, columns: readonly string[], count: number): string {
    const key = `${table}:${columns.join(",")}:${count}`;
    let sql = this.statements.get(key);
    if (!sql) {
      const q = (name: string) => (this.kind === "mysql" ? `\`${name}\`` : `"${name}"`);
      const tuple = `(${columns.map(() => "?").join(", ")})`;
      sql = `INSERT INTO ${q(table)} (${columns.map(q).join(", ")}) VALUES ${Array.from({ length: count }, () => tuple).join(", ")}`;
      this.statements.set(key, sql);
    }
    return sql;
  }
}
