import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  DataSource,
  type DataSourceOptions,
  type Logger,
  type MixedList,
  type EntitySchema,
} from "typeorm";
import { currentRequest, silentLogger, type Logger as PartLogger } from "../log";
import { isolateTransactions, type ConnectionUse, type StatementObserver } from "./transactions";

/**
 * Counts the SQL statements a data source runs, so tests can prove that a page's cost does
 * not grow with its size. Statements and their parameters are never written anywhere:
 * parameters hold petitioners' personal data.
 */
export class StatementCounter implements Logger {
  count = 0;
  constructor(private readonly logger: PartLogger = silentLogger) {}
  logQuery(): void {
    this.count++;
    // the request's log line says how many statements it cost
    const request = currentRequest();
    if (request) request.statements++;
  }
  logQueryError(error: string | Error): void {
    // The message only: drivers may quote the statement's parameters in their own text. A
    // failure that matters to the request is logged where it is classified (subgraph-errors.ts);
    // here it is detail, such as the unique violations a concurrent registration runs again on.
    const message = typeof error === "string" ? error : error.message;
    this.logger.debug({ err: redact(message) }, "a statement failed");
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.debug(message);
  }
  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") this.logger.warn(String(message));
  }
}

/** Quoted values are cut out of driver messages before they are logged. */
export function redact(message: string): string {
  return message.replace(/'[^']*'/g, "'…'").replace(/"[^"]*"/g, '"…"');
}

export type DatabaseKind = "sqlite" | "mysql";

export interface DatabaseOptions {
  url: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  /**
   * When given, a database that cannot be reached is waited for: each failed try is logged and
   * retried with a growing pause (0.5 s doubling to 10 s), so a server started before its
   * database comes up. Without it, the first failure is thrown (scripts, tests).
   */
  waitForDatabase?: {
    log: (line: string) => void;
    maxAttempts?: number;
  };
  /** where the database's warnings and failed statements go (debug) */
  logger?: PartLogger;
  /** told of each statement's duration (metrics) */
  observe?: StatementObserver;
  /** the part whose traces show the statements (common/trace); untraced unless given */
  tracedAs?: string;
}

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("sqlite:")) return "sqlite";
  if (url.startsWith("mysql://") || url.startsWith("mariadb://")) return "mysql";
  throw new Error(
    `unsupported database URL "${url.replace(/\/\/[^@]*@/, "//…@")}": use sqlite:<file> or mysql://…`,
  );
}

function optionsFor(
  url: string,
  logger: StatementCounter,
  { entities, migrations }: DatabaseOptions,
): DataSourceOptions {
  const common = {
    entities,
    migrations,
    logger,
    logging: ["query", "error", "warn", "migration"] as const,
    synchronize: false,
    migrationsRun: false,
  };
  if (databaseKind(url) === "sqlite") {
    const file = url.slice("sqlite:".length);
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return {
      ...common,
      logging: [...common.logging],
      type: "better-sqlite3",
      database: file,
      // WAL lets readers go on while a writer commits; foreign keys are off in SQLite by default.
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma("journal_mode = WAL");
        db.pragma("foreign_keys = ON");
        db.pragma("busy_timeout = 5000");
      },
    };
  }
  const u = new URL(url.replace(/^mariadb:/, "mysql:"));
  return {
    ...common,
    logging: [...common.logging],
    type: "mysql",
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, ""),
    charset: "utf8mb4_unicode_ci",
    timezone: "Z",
    dateStrings: false,
    // a bounded wait for a free connection, then a clear error instead of a queue that grows without end
    extra: { connectionLimit: 10, queueLimit: 200, connectTimeout: 5_000 },
  };
}

export interface Database {
  dataSource: DataSource;
  kind: DatabaseKind;
  statements: StatementCounter;
  /** connections in use and requests waiting for one, now */
  connections: ConnectionUse;
  close(): Promise<void>;
}

/** Opens a subgraph's database and brings its schema up to date with its migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const statements = new StatementCounter(options.logger);
  const kind = databaseKind(options.url);
  const { dataSource, connections } = await connect(options, kind, statements);
  try {
    const ran = await dataSource.runMigrations({ transaction: "each" });
    // a schema change is worth a line in the log, every time it happens
    if (ran.length)
      options.waitForDatabase?.log(`[db] migrated: ${ran.map((m) => m.name).join(", ")}`);
  } catch (e) {
    await dataSource.destroy();
    throw e;
  }
  return {
    dataSource,
    kind,
    statements,
    connections,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

const FIRST_PAUSE_MS = 500;
const LONGEST_PAUSE_MS = 10_000;

/** Connects, waiting for the server when asked to (see `waitForDatabase`). */
async function connect(
  options: DatabaseOptions,
  kind: DatabaseKind,
  statements: StatementCounter,
): Promise<{ dataSource: DataSource; connections: ConnectionUse }> {
  const wait = options.waitForDatabase;
  for (
    let attempt = 1, pause = FIRST_PAUSE_MS;
    ;
    attempt++, pause = Math.min(pause * 2, LONGEST_PAUSE_MS)
  ) {
    try {
      if (kind === "mysql") await ensureMysqlDatabase(options.url);
      const dataSource = new DataSource(optionsFor(options.url, statements, options));
      const connections = isolateTransactions(dataSource, options.observe, options.tracedAs);
      await dataSource.initialize();
      if (attempt > 1) wait?.log(`[db] connected after ${attempt} tries`);
      return { dataSource, connections };
    } catch (e) {
      if (!wait || attempt >= (wait.maxAttempts ?? Infinity)) throw e;
      const reason = (e as { code?: string }).code ?? redact((e as Error).message);
      wait.log(
        `[db] database not reachable (${reason}), try ${attempt}; next in ${(pause / 1000).toFixed(1)} s`,
      );
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Runs `work` on a connection to the MySQL server of `url`, with no database selected. */
async function onMysqlServer(
  url: string,
  work: (name: string, query: (sql: string) => Promise<unknown>) => Promise<void>,
) {
  const u = new URL(url.replace(/^mariadb:/, "mysql:"));
  const name = u.pathname.replace(/^\//, "");
  if (!/^[A-Za-z0-9_]+$/.test(name))
    throw new Error("a MySQL database name may hold letters, digits and _ only");
  const mysql = await import("mysql2/promise");
  const conn = await mysql.createConnection({
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  });
  try {
    await work(name, (sql) => conn.query(sql));
  } finally {
    await conn.end();
  }
}

/**
 * Creates the MySQL database when the account may; a deployment whose account may not
 * (each department's own user) has it created by the administrator instead.
 */
function ensureMysqlDatabase(url: string): Promise<void> {
  return onMysqlServer(url, async (name, query) => {
    try {
      await query(
        `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== "ER_DBACCESS_DENIED_ERROR" && code !== "ER_ACCESS_DENIED_ERROR") throw e;
    }
  });
}

/** Drops a MySQL database; tests use it to start from nothing. */
export function dropMysqlDatabase(url: string): Promise<void> {
  return onMysqlServer(url, async (name, query) => {
    await query(`DROP DATABASE IF EXISTS \`${name}\``);
  });
}
