import { openSubgraphDatabase, type SubgraphDefinition } from "../common/server";
import { bureau } from "../subgraphs/bureau";
import { BureauPetitionSourceCall1734000000000 } from "../subgraphs/bureau/migrations/1734000000000-petition-source-call";
import { serviceCenter } from "../subgraphs/service-center";
import { ServiceCenterMessageTown1733300000000 } from "../subgraphs/service-center/migrations/1733300000000-message-town";
import { dropTestDatabases, testDatabaseUrl } from "./support/databases";

/**
 * The petition's hotline call (bureau) and the message's town (service center): each migration
 * undoes over the rows it finds, and runs again, with the call's unique index back in force.
 */

type Db = Awaited<ReturnType<typeof openSubgraphDatabase>>;

/** Undoes `name` and every migration after it, newest first; returns how many. */
async function undoSince(db: Db, definition: SubgraphDefinition, name: string): Promise<number> {
  const since =
    definition.migrations.length - definition.migrations.findIndex((m) => m.name === name);
  // TypeORM turns SQLite's foreign keys off inside the transaction, where SQLite ignores it
  const sqlite = db.dataSource.options.type === "better-sqlite3";
  if (sqlite) await db.dataSource.query("PRAGMA foreign_keys = OFF");
  for (let i = 0; i < since; i++) await db.dataSource.undoLastMigration({ transaction: "each" });
  if (sqlite) await db.dataSource.query("PRAGMA foreign_keys = ON");
  return since;
}

const columnsOf = async (db: Db, table: string) =>
  Object.keys((await db.dataSource.query(`SELECT * FROM ${table}`))[0]);

describe("the hotline and website migrations", () => {
  afterAll(async () => {
    await dropTestDatabases();
  });

  it("bureau: source_call_id undoes and comes back unique", async () => {
    const db = await openSubgraphDatabase(bureau, testDatabaseUrl("hl_bureau"));
    try {
      const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
      const petition = (id: number, callId: number | null) =>
        q(
          `INSERT INTO petition (id, serial_no, title, content, channel, source, category, status,
             first_time, collective, headcount, received_at, acceptance_deadline, source_call_id, version)
           VALUES (?, ?, '标题', '内容内容内容', 'PHONE', 'COUNTY_INTAKE', 'OTHER', 'REGISTERED', 1, 0, 1,
             '2017-01-02 01:00:00.000', '2017-01-17 01:00:00.000', ?, 1)`,
          [id, `XF2017-00000${id}`, callId],
        );
      await petition(1, 7);
      await petition(2, null);
      await expect(petition(3, 7)).rejects.toThrow();
      const since = await undoSince(db, bureau, BureauPetitionSourceCall1734000000000.name);
      expect(await columnsOf(db, "petition")).not.toContain("source_call_id");
      expect(await db.dataSource.runMigrations({ transaction: "each" })).toHaveLength(since);
      expect(await columnsOf(db, "petition")).toContain("source_call_id");
      await q("UPDATE petition SET source_call_id = 7 WHERE id = 1");
      await expect(q("UPDATE petition SET source_call_id = 7 WHERE id = 2")).rejects.toThrow();
    } finally {
      await db.close();
    }
  });

  it("service center: a message's town undoes and comes back", async () => {
    const db = await openSubgraphDatabase(serviceCenter, testDatabaseUrl("hl_sc"));
    try {
      const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
      await q(
        `INSERT INTO online_message (id, title, content, category, posted_at, town_id)
         VALUES (1, '标题', '内容内容内容', 'OTHER', '2017-01-02 01:00:00.000', 3)`,
      );
      const since = await undoSince(db, serviceCenter, ServiceCenterMessageTown1733300000000.name);
      expect(await columnsOf(db, "online_message")).not.toContain("town_id");
      expect(await db.dataSource.runMigrations({ transaction: "each" })).toHaveLength(since);
      const [row] = await q("SELECT id, title, town_id FROM online_message");
      expect([Number(row.id), row.title, row.town_id]).toEqual([1, "标题", null]);
    } finally {
      await db.close();
    }
  });
});
