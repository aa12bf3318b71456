import type { EntityManager } from "typeorm";

/**
 * A time as both engines compare it: the UTC text form TypeORM writes into SQLite, which
 * MySQL also reads as a DATETIME. Raw SQL parameters go through this, never a Date.
 */
export function sqlTime(at: Date): string {
  return at.toISOString().replace("T", " ").replace("Z", "");
}

/**
 * Holds a record's row until the transaction ends, as the transaction's first statement, so
 * that the transactions changing what depends on that record (its visits, say) run one after
 * the other, and each reads what the previous one committed: on MySQL a locking read taken
 * before the transaction's snapshot is made; on SQLite nothing to do, since the connection's
 * lock already runs transactions one at a time (transactions.ts). `table` is the code's, never input.
 */
export async function holdRow(tx: EntityManager, table: string, id: number): Promise<void> {
  if (tx.connection.options.type === "mysql")
    await tx.query(`SELECT id FROM ${table} WHERE id = ? FOR UPDATE`, [id]);
}
