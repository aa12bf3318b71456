import { QueryFailedError } from "typeorm";

/**
 * What a failure of the database means for the client, whatever the engine said:
 * - `unavailable`: the server cannot be reached, went away, or is too busy (a retry may work);
 * - `unique`: a unique index refused a row (the client's doing, or a lost race);
 * - null: anything else (a defect: the client gets a generic error, the log the detail).
 */
export type DatabaseFailure = "unavailable" | "unique" | null;

/** Codes of mysql2, Node's sockets and SQLite that mean "the database is not there right now". */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "POOL_CLOSED",
  "ER_SERVER_SHUTDOWN",
  "ER_CON_COUNT_ERROR",
  "ER_TOO_MANY_USER_CONNECTIONS",
  "ER_LOCK_WAIT_TIMEOUT",
  "ER_LOCK_DEADLOCK",
  "ER_CANT_LOCK",
  "ER_QUERY_INTERRUPTED",
  "ER_CONNECTION_KILLED",
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_IOERR",
  "SQLITE_FULL",
  "SQLITE_CANTOPEN",
]);

function codeOf(e: unknown): string | undefined {
  if (e === null || typeof e !== "object") return undefined;
  const driver = (e as { driverError?: { code?: unknown } }).driverError;
  const code = driver?.code ?? (e as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

export function databaseFailure(e: unknown): DatabaseFailure {
  const code = codeOf(e);
  if (
    code === "ER_DUP_ENTRY" ||
    code?.startsWith("SQLITE_CONSTRAINT_UNIQUE") ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  )
    return "unique";
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith("SQLITE_IOERR")))
    return "unavailable";
  // mysql2 marks errors that ended the connection as fatal; a closed connection or pool says so in words only
  if ((e as { fatal?: unknown })?.fatal === true) return "unavailable";
  const message = e instanceof Error ? e.message : "";
  if (
    (e as Error)?.name === "CannotExecuteNotConnectedError" ||
    /connection is in closed state|pool is closed|queue limit reached|connection lost|connection is not open|not yet established|database is closed/i.test(
      message,
    )
  )
    return "unavailable";
  return null;
}

/** A unique index refused the row (the same test on SQLite and MySQL). */
export function isUniqueViolation(e: unknown): boolean {
  return e instanceof QueryFailedError && databaseFailure(e) === "unique";
}

/** The name of the unique index (MySQL) or the columns (SQLite) that refused a row, for logs and mapping. */
export function uniqueConstraintOf(e: unknown): string | null {
  const message =
    (e as { driverError?: { message?: string } })?.driverError?.message ??
    (e instanceof Error ? e.message : "");
  const mysql = /for key '([^']+)'/.exec(message);
  if (mysql) return mysql[1].replace(/^.*\./, "");
  const sqlite =
    /UNIQUE constraint failed: (.+)$/.exec(message) ??
    /PRIMARY KEY constraint failed: (.+)$/.exec(message);
  return sqlite ? sqlite[1].trim() : null;
}
