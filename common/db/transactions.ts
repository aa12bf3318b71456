import { AsyncLocalStorage } from "node:async_hooks";
import { inSpan, SpanKind, statementSummary, tracingOn } from "../trace";
import type { DataSource, EntityManager, QueryRunner, ReplicationMode } from "typeorm";
import { BetterSqlite3QueryRunner } from "typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner";

/**
 * Transactions that never mix with other requests' statements, on both engines.
 *
 * - Every transaction runs in a scope (AsyncLocalStorage) that the code it awaits inherits.
 *   While the scope is open, a network call (`assertNoTransaction`, used by the graph client)
 *   or a statement that bypasses the transaction's own manager fails at once, loudly: the first
 *   would hold the transaction (and on MySQL a pool connection) while another department
 *   answers, the second would wait for the transaction it belongs to (SQLite) or take a second
 *   pool connection (MySQL).
 * - SQLite has one connection per database file in this process, and TypeORM's driver gives
 *   every caller the same query runner: a second transaction became a savepoint of the first,
 *   and plain statements ran inside whatever transaction was open. Here each caller gets its own
 *   runner on that connection, and one lock admits either one transaction (from BEGIN to
 *   COMMIT/ROLLBACK) or one plain statement at a time. Statements are synchronous in
 *   better-sqlite3, so the lock only ever waits for a transaction in progress, which holds no
 *   network call (above): a few milliseconds at most. Reads wait too; a separate WAL read
 *   connection would let them pass, but in-memory databases (the tests) cannot share one, and
 *   one behaviour everywhere was preferred. The lock is per data source: different databases
 *   never wait for each other.
 * - A transaction chosen as a deadlock victim (MySQL) is run again, up to three times: its work
 *   has no effect outside the database (no network inside), so running it again is safe.
 */

interface Scope {
  dataSource: DataSource;
  open: boolean;
}

const scopes = new AsyncLocalStorage<Scope>();

/** A programming error: something that must never happen inside a database transaction. */
export class TransactionMisuse extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransactionMisuse";
  }
}

/** Throws when the calling code runs inside an open transaction (e.g. before a network call). */
export function assertNoTransaction(what: string): void {
  if (scopes.getStore()?.open)
    throw new TransactionMisuse(
      `${what} inside an open database transaction: ask other departments before the transaction opens`,
    );
}

/** True while the calling code runs inside an open transaction of `dataSource` (or of any, without one). */
export function inTransaction(dataSource?: DataSource): boolean {
  const scope = scopes.getStore();
  return !!scope?.open && (dataSource === undefined || scope.dataSource === dataSource);
}

/** One transaction or one plain statement at a time; waiters are served in order. */
class ConnectionLock {
  held = false;
  readonly waiters: (() => void)[] = [];

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}

type SqliteDriver = ConstructorParameters<typeof BetterSqlite3QueryRunner>[0];

/** A runner of its own for each caller, on the one SQLite connection, admitted by the lock. */
class IsolatedSqliteQueryRunner extends BetterSqlite3QueryRunner {
  private holdsLock = false;

  constructor(
    driver: SqliteDriver,
    private readonly lock: ConnectionLock,
    statements: Map<string, unknown>,
  ) {
    super(driver);
    // prepared statements are the connection's, not the runner's: share them
    (this as unknown as { stmtCache: Map<string, unknown> }).stmtCache = statements;
  }

  override async startTransaction(
    isolationLevel?: Parameters<BetterSqlite3QueryRunner["startTransaction"]>[0],
  ): Promise<void> {
    if (!this.isTransactionActive) {
      await this.lock.acquire();
      this.holdsLock = true;
    }
    try {
      await super.startTransaction(isolationLevel);
    } catch (e) {
      this.letGo();
      throw e;
    }
  }

  override async commitTransaction(): Promise<void> {
    try {
      await super.commitTransaction();
    } finally {
      if (!this.isTransactionActive) this.letGo();
    }
  }

  override async rollbackTransaction(): Promise<void> {
    try {
      await super.rollbackTransaction();
    } catch (e) {
      // SQLite may have ended the transaction itself (e.g. on a full disk): it is over either way
      this.isTransactionActive = false;
      this.transactionDepth = 0;
      throw e;
    } finally {
      if (!this.isTransactionActive) this.letGo();
    }
  }

  // the signature of the runner it overrides, which TypeORM types with `any`
  override async query(
    query: string,
    parameters?: unknown[],
    useStructuredResult = false,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<any> {
    if (this.holdsLock)
      return super
        .query(query, parameters, useStructuredResult)
        .catch((e: unknown) => Promise.reject(asError(e)));
    if (inTransaction(this.connection))
      throw new TransactionMisuse(
        "a statement outside the open transaction, from inside it: use the transaction's manager",
      );
    await this.lock.acquire();
    try {
      return await super.query(query, parameters, useStructuredResult);
    } catch (e) {
      // preparing a statement on a closed connection throws outside TypeORM's own wrapping
      throw asError(e);
    } finally {
      this.lock.release();
    }
  }

  override async release(): Promise<void> {
    // a runner released with its transaction still open (never by TypeORM's own paths) must not keep the lock
    if (this.holdsLock) {
      try {
        await super.rollbackTransaction();
      } catch {
        /* it is released either way */
      }
      this.isTransactionActive = false;
      this.transactionDepth = 0;
      this.letGo();
    }
    return super.release();
  }

  private letGo(): void {
    if (!this.holdsLock) return;
    this.holdsLock = false;
    this.lock.release();
  }
}

const DEADLOCK_CODES = new Set(["ER_LOCK_DEADLOCK", "SQLITE_BUSY"]);
const MAX_ATTEMPTS = 3;

function isDeadlock(e: unknown): boolean {
  const code =
    (e as { driverError?: { code?: string }; code?: string }).driverError?.code ??
    (e as { code?: string }).code;
  return code !== undefined && DEADLOCK_CODES.has(code);
}

/**
 * Installs the rules above on a data source before it is initialised: runs every transaction
 * (`dataSource.transaction`, `manager.transaction`) in a scope, with deadlock retries, and on
 * SQLite gives each caller its own runner behind the lock. MySQL runners come from the pool, one
 * connection each; a statement from inside a transaction that bypasses it is refused there too.
 */
export function isolateTransactions(
  dataSource: DataSource,
  observe?: StatementObserver,
  tracedAs?: string,
): ConnectionUse {
  const driver = dataSource.driver;
  const system = dataSource.options.type === "better-sqlite3" ? "sqlite" : "mariadb";
  const timed = (runner: QueryRunner) =>
    observe || tracedAs
      ? timeStatements(runner, observe, tracedAs && { part: tracedAs, system })
      : runner;
  let use: ConnectionUse;
  if (dataSource.options.type === "better-sqlite3") {
    const lock = new ConnectionLock();
    const statements = new Map<string, unknown>();
    driver.createQueryRunner = () =>
      timed(new IsolatedSqliteQueryRunner(driver as unknown as SqliteDriver, lock, statements));
    use = () => ({ inUse: lock.held ? 1 : 0, waiting: lock.waiters.length });
  } else {
    const create = driver.createQueryRunner.bind(driver);
    const pool = { inUse: 0, waiting: 0 };
    driver.createQueryRunner = (mode: ReplicationMode) =>
      timed(countConnections(guardRunner(create(mode), dataSource), pool));
    use = () => ({ ...pool });
  }

  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = (async (...args: unknown[]) => {
    if (inTransaction(dataSource))
      throw new TransactionMisuse(
        "a second transaction from inside an open one: use the transaction's manager",
      );
    for (let attempt = 1; ; attempt++) {
      const scope: Scope = { dataSource, open: true };
      try {
        return await scopes.run(scope, () => transaction(...args));
      } catch (e) {
        if (attempt < MAX_ATTEMPTS && isDeadlock(e)) continue;
        throw e;
      } finally {
        scope.open = false;
      }
    }
  }) as EntityManager["transaction"];
  return use;
}

/** Told of each statement: how long it took, and whether it failed. */
export type StatementObserver = (seconds: number, failed: boolean) => void;

/** Connections held by a request now, and requests waiting for one (SQLite: the lock). */
export type ConnectionUse = () => { inUse: number; waiting: number };

function timeStatements(
  runner: QueryRunner,
  observe: StatementObserver | undefined,
  traced: { part: string; system: string } | "" | undefined,
): QueryRunner {
  const query = runner.query.bind(runner);
  const timed = async (sql: string, parameters?: unknown[], structured?: boolean) => {
    const started = performance.now();
    try {
      const result = await query(sql, parameters, structured as never);
      observe?.((performance.now() - started) / 1000, false);
      return result;
    } catch (e) {
      observe?.((performance.now() - started) / 1000, true);
      throw e;
    }
  };
  runner.query = ((sql: string, parameters?: unknown[], structured?: boolean) => {
    if (!traced || !tracingOn()) return timed(sql, parameters, structured);
    // a span per statement: its operation and table, never its text or parameters
    const { operation, table } = statementSummary(sql);
    return inSpan(
      traced.part,
      table ? `${operation} ${table}` : operation,
      SpanKind.CLIENT,
      {
        "db.system.name": traced.system,
        "db.operation.name": operation,
        ...(table ? { "db.collection.name": table } : {}),
      },
      () => timed(sql, parameters, structured),
    );
  }) as QueryRunner["query"];
  return runner;
}

/** A pooled runner's connection, counted while it is awaited and while it is held. */
function countConnections(
  runner: QueryRunner,
  pool: { inUse: number; waiting: number },
): QueryRunner {
  const connect = runner.connect.bind(runner);
  const release = runner.release.bind(runner);
  let held = false;
  runner.connect = async () => {
    if (held) return connect();
    pool.waiting++;
    try {
      const connection = await connect();
      held = true;
      pool.inUse++;
      return connection;
    } finally {
      pool.waiting--;
    }
  };
  runner.release = async () => {
    if (held) {
      held = false;
      pool.inUse--;
    }
    return release();
  };
  return runner;
}

/** A pooled runner that refuses to serve a statement of a transaction it does not belong to. */
function guardRunner(runner: QueryRunner, dataSource: DataSource): QueryRunner {
  const query = runner.query.bind(runner);
  runner.query = ((sql: string, parameters?: unknown[], structured?: boolean) => {
    if (!runner.isTransactionActive && inTransaction(dataSource))
      return Promise.reject(
        new TransactionMisuse(
          "a statement outside the open transaction, from inside it: use the transaction's manager",
        ),
      );
    return query(sql, parameters, structured as never).catch((e: unknown) =>
      Promise.reject(asError(e)),
    );
  }) as QueryRunner["query"];
  return runner;
}

/**
 * A connection failure as an Error of this realm, with its code. The pool passes on what the
 * socket raised; where that comes from another realm (a test runner's sandbox), it is not
 * `instanceof Error` here, and GraphQL would replace it by a text without its code.
 */
function asError(e: unknown): unknown {
  if (e instanceof Error || e === null || typeof e !== "object") return e;
  const { message, ...fields } = e as { message?: unknown };
  return Object.assign(
    new Error(typeof message === "string" ? message : "database failure"),
    fields,
  );
}
