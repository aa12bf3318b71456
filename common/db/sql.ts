import type { EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";
import { conflict } from "../errors";

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

/**
 * Writes `changes` to row `id` only while it is still at `version` (and, when given, still has
 * the `alsoWhere` columns' values), moving it to `version + 1`. Of two edits of one version
 * exactly one is stored; the other is refused with CONFLICT naming `typeName`.
 */
export async function updateAtVersion<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  typeName: string,
  id: number,
  version: number,
  changes: QueryDeepPartialEntity<T>,
  alsoWhere: Record<string, string | number> = {},
): Promise<void> {
  const update = tx
    .createQueryBuilder()
    .update(entity)
    .set({ ...changes, version: version + 1 } as QueryDeepPartialEntity<T>)
    .where("id = :id AND version = :version", { id, version });
  for (const [column, value] of Object.entries(alsoWhere))
    update.andWhere(`${column} = :${column}`, { [column]: value });
  const result = await update.execute();
  if (result.affected !== 1) throw conflict(typeName, String(id), version);
}
