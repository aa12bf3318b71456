import { createHash } from "node:crypto";
import { Table, type DataSource, type EntityManager } from "typeorm";
import { databaseFailure } from "./database-errors";
import { badInput } from "../errors/user-errors";
import { column } from "./migration";
import { sqlTime } from "./sql";

/** The table every subgraph's first migration creates to remember idempotency keys. */
export function idempotencyTable(): Table {
  return new Table({
    name: "idempotency_key",
    columns: [
      { ...column.string("idem_key", 100), isPrimary: true },
      column.string("operation", 50),
      column.string("request_hash", 64),
      column.int("result_id"),
      column.time("created_at"),
    ],
  });
}

function stableJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value ?? null);
}

/**
 * Runs a creating mutation once per key, inside the caller's transaction: the same key with
 * the same input returns the first result's id and creates nothing; with another input it
 * is refused. Two concurrent first uses collide on the key's primary key, and one fails
 * (`createOnce` runs that one again, and it then finds the key).
 */
export async function once(
  tx: EntityManager,
  key: string | null | undefined,
  operation: string,
  input: unknown,
  create: () => Promise<number>,
  now: Date,
): Promise<number> {
  if (key === null || key === undefined) return create();
  if (key.length < 8 || key.length > 100)
    throw badInput("idempotencyKey", "must be 8 to 100 characters");
  const hash = createHash("sha256")
    .update(`${operation}\n${stableJson(input)}`)
    .digest("hex");
  const rows: { request_hash: string; result_id: number }[] = await tx.query(
    "SELECT request_hash, result_id FROM idempotency_key WHERE idem_key = ?",
    [key],
  );
  if (rows.length) {
    if (rows[0].request_hash !== hash)
      throw badInput("idempotencyKey", "was already used with a different input");
    return Number(rows[0].result_id);
  }
  const id = await create();
  await tx.query(
    "INSERT INTO idempotency_key (idem_key, operation, request_hash, result_id, created_at) VALUES (?, ?, ?, ?, ?)",
    [key, operation, hash, id, sqlTime(now)],
  );
  return id;
}

/** Attempts of a creating transaction that a unique index refused (see `createOnce`). */
const UNIQUE_ATTEMPTS = 3;

/**
 * A creating mutation in a transaction of its own, once per idempotency key. When a unique index
 * refuses a row, another request stored the same key, or a row this one checked for, at the
 * same moment: the transaction is run again from the start (on MySQL with a fresh snapshot),
 * and then finds the key (answering with the first request's id) or the row (answering with
 * the check's own error). Every sender of one key gets the same id.
 */
export async function createOnce(
  db: DataSource,
  key: string | null | undefined,
  operation: string,
  input: unknown,
  now: Date,
  create: (tx: EntityManager) => Promise<number>,
  /** the transaction's first statements, before anything is read (e.g. `holdRow` of the record it adds to) */
  first?: (tx: EntityManager) => Promise<void>,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        await first?.(tx);
        return once(tx, key, operation, input, () => create(tx), now);
      });
    } catch (e) {
      if (attempt < UNIQUE_ATTEMPTS && databaseFailure(e) === "unique") continue;
      throw e;
    }
  }
}
