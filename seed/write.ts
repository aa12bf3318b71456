import type { DataSource } from "typeorm";
import type { Database, DatabaseKind } from "../common/db/database";
import { emptyFigureCache } from "../common/db/figure-cache";
import { BulkWriter } from "./insert";
import { defaultSeedPlan, type SeedPlan } from "./plan";
import { silentProgress, type Progress } from "./progress";
import type { SubgraphDefinition } from "../common/server/subgraph";

/**
 * Writing a department's part of the seed plan into its database: the check that it is empty,
 * the reset that empties it, the bulk load itself, and the search index rebuilt after it.
 */

/** The ordinary tables of a database, without the migrations' own bookkeeping. */
async function tablesOf(db: DataSource, kind: DatabaseKind): Promise<string[]> {
  if (kind === "mysql") {
    const rows: { name: string }[] = await db.query(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'",
    );
    return rows.map((r) => r.name).filter((name) => name !== "migrations");
  }
  const rows: { name: string; sql: string | null }[] = await db.query(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
  );
  // full-text tables keep their contents in shadow tables named after them; the rebuild fills both
  const virtual = rows.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.sql ?? "")).map((r) => r.name);
  return rows
    .map((r) => r.name)
    .filter(
      (name) =>
        name !== "migrations" && !virtual.some((v) => name === v || name.startsWith(`${v}_`)),
    );
}

/** Whether any table holds a row. */
export async function databaseIsEmpty(database: Database): Promise<boolean> {
  for (const table of await tablesOf(database.dataSource, database.kind)) {
    const quoted = database.kind === "mysql" ? `\`${table}\`` : `"${table}"`;
    if ((await database.dataSource.query(`SELECT 1 AS found FROM ${quoted} LIMIT 1`)).length)
      return false;
  }
  return true;
}

/** Empties every table (the schema and its migrations stay), foreign keys suspended meanwhile. */
export async function emptyDatabase(database: Database): Promise<void> {
  const runner = database.dataSource.createQueryRunner();
  try {
    const tables = await tablesOf(database.dataSource, database.kind);
    if (database.kind === "mysql") {
      await runner.query("SET SESSION foreign_key_checks = 0");
      for (const table of tables) await runner.query(`TRUNCATE TABLE \`${table}\``);
      await runner.query("SET SESSION foreign_key_checks = 1");
      return;
    }
    await runner.query("PRAGMA foreign_keys = OFF");
    await runner.startTransaction();
    for (const table of tables) await runner.query(`DELETE FROM "${table}"`);
    if ((await runner.query("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")).length)
      await runner.query("DELETE FROM sqlite_sequence");
    await runner.commitTransaction();
    await runner.query("PRAGMA foreign_keys = ON");
  } finally {
    await runner.release();
  }
}

/** How many rows a department's part of the plan holds (to size a progress bar). */
export function countSeedRows(def: SubgraphDefinition, plan: SeedPlan): number {
  let rows = 0;
  for (const batch of def.seedRows(plan)) rows += batch.rows.length;
  return rows;
}

export interface SeedWritten {
  rows: number;
  /** seconds spent writing the rows, and then rebuilding the search index over them */
  insertSeconds: number;
  indexSeconds: number;
}

/** Writes the department's part of the plan into its (empty) database, then rebuilds its search index. */
export async function writeSeed(
  def: SubgraphDefinition,
  database: Database,
  plan: SeedPlan,
  progress: Progress = silentProgress,
): Promise<SeedWritten> {
  const started = Date.now();
  const runner = database.dataSource.createQueryRunner();
  const writer = new BulkWriter(runner, database.kind, (rows) => progress.add(rows));
  try {
    await writer.open();
    try {
      for (const batch of def.seedRows(plan)) await writer.write(batch);
      await writer.close();
    } catch (e) {
      await writer.abort();
      throw e;
    }
  } finally {
    await runner.release();
  }
  const inserted = Date.now();
  await def.rebuildSearchIndex?.(database.dataSource);
  await def.afterBulkLoad?.(database.dataSource);
  // the bulk load logged its days for the figure cache (a row per record on MySQL): nothing is
  // cached yet, so none of it matters
  await emptyFigureCache(database.dataSource);
  return {
    rows: writer.written,
    insertSeconds: (inserted - started) / 1000,
    indexSeconds: (Date.now() - inserted) / 1000,
  };
}

/** `npm start`: the default profile into a database that holds nothing yet; false when it held rows. */
export async function seedIfEmpty(
  def: SubgraphDefinition,
  database: Database,
  plan: SeedPlan = defaultSeedPlan(),
): Promise<boolean> {
  if (!(await databaseIsEmpty(database))) return false;
  await writeSeed(def, database, plan);
  return true;
}
