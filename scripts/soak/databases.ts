import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SUBGRAPHS, type SubgraphName } from "../../common/config";
import { startDatabaseProxy, type DatabaseProxy } from "./db-proxy";
import type { AuditRow } from "./ledger";

/**
 * The soak's own databases: SQLite files in a fresh temporary folder, or fresh `soak_<run>_*`
 * databases on the MySQL server (reached through the soak's proxy when the database is to go
 * away in the middle). Everything is removed by `remove()`, whatever happened before.
 */
export interface SoakDatabases {
  kind: "sqlite" | "mysql";
  /** the folder of the run: SQLite files and the children's logs */
  dir: string;
  /** what each subgraph is given as its *_DB_URL */
  urls: Record<SubgraphName, string>;
  proxy: DatabaseProxy | null;
  /** the bureau's personal_data_read rows about petitioners */
  auditRows(): Promise<AuditRow[]>;
  remove(): Promise<void>;
}

const dbName = (run: string, name: SubgraphName) => `soak_${run}_${name.replace(/-/g, "_")}`;

async function mysqlConnection(serverUrl: string, database?: string) {
  const u = new URL(serverUrl);
  const mysql = await import("mysql2/promise");
  return mysql.createConnection({
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database,
  });
}

function toAuditRows(
  rows: { subject: string | null; record_id: number | string; fields: string }[],
): AuditRow[] {
  return rows.map((r) => ({
    subject: r.subject,
    recordId: String(r.record_id),
    fields: r.fields.split(","),
  }));
}

const AUDIT_SQL =
  "SELECT subject, record_id, fields FROM personal_data_read WHERE entity = 'Petitioner'";

export async function prepareDatabases(
  mysqlUrl: string | null,
  withProxy: boolean,
): Promise<SoakDatabases> {
  const dir = mkdtempSync(path.join(tmpdir(), "soak-"));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (!mysqlUrl) {
    const urls = {} as Record<SubgraphName, string>;
    for (const name of SUBGRAPHS) urls[name] = `sqlite:${path.join(dir, `${name}.sqlite`)}`;
    return {
      kind: "sqlite",
      dir,
      urls,
      proxy: null,
      async auditRows() {
        const Database = (await import("better-sqlite3")).default;
        const db = new Database(urls.bureau.slice("sqlite:".length), {
          readonly: true,
          fileMustExist: true,
        });
        try {
          return toAuditRows(db.prepare(AUDIT_SQL).all() as never);
        } finally {
          db.close();
        }
      },
      remove: async () => removeDir(),
    };
  }

  const run = `${process.pid}_${randomBytes(3).toString("hex")}`;
  const server = new URL(mysqlUrl);
  let proxy: DatabaseProxy | null = null;
  try {
    // the server must answer before anything starts; the children create their databases
    await (await mysqlConnection(mysqlUrl)).end();
    if (withProxy)
      proxy = await startDatabaseProxy({
        host: server.hostname,
        port: server.port ? Number(server.port) : 3306,
      });
  } catch (e) {
    removeDir();
    throw new Error(`the MySQL server at ${server.host} does not answer: ${(e as Error).message}`);
  }
  const reach = new URL(mysqlUrl);
  if (proxy) {
    reach.hostname = "127.0.0.1";
    reach.port = String(proxy.port);
  }
  const urls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPHS)
    urls[name] = `${reach.toString().replace(/\/+$/, "")}/${dbName(run, name)}`;
  return {
    kind: "mysql",
    dir,
    urls,
    proxy,
    async auditRows() {
      const conn = await mysqlConnection(mysqlUrl, dbName(run, "bureau"));
      try {
        const [rows] = await conn.query(AUDIT_SQL);
        return toAuditRows(rows as never);
      } finally {
        await conn.end();
      }
    },
    async remove() {
      await proxy?.stop();
      try {
        const conn = await mysqlConnection(mysqlUrl);
        try {
          for (const name of SUBGRAPHS)
            await conn.query(`DROP DATABASE IF EXISTS \`${dbName(run, name)}\``);
        } finally {
          await conn.end();
        }
      } finally {
        removeDir();
      }
    },
  };
}
