import { randomBytes } from "node:crypto";
import { CALLER_HEADER, signCaller, type CallerRole } from "../../common/auth";
import { dropMysqlDatabase } from "../../common/db";

/**
 * Where a test's databases live: a fresh in-memory SQLite database by default, or a fresh
 * MySQL database on the server of TEST_MYSQL_URL (e.g. mysql://root@127.0.0.1:3306), dropped
 * again by `dropTestDatabases`.
 */
const created: string[] = [];

export const mysqlBase = process.env.TEST_MYSQL_URL?.replace(/\/+$/, "") || null;

export function testDatabaseUrl(name: string): string {
  if (!mysqlBase) return "sqlite::memory:";
  const url = `${mysqlBase}/t_${name.replace(/[^a-z0-9]/gi, "_")}_${randomBytes(4).toString("hex")}`;
  created.push(url);
  return url;
}

export async function dropTestDatabases(): Promise<void> {
  while (created.length) await dropMysqlDatabase(created.pop()!);
}

/** A graph client for a subgraph tested alone: answers from a table of canned replies. */
export function fakeGraph(answer: (query: string, variables?: Record<string, unknown>) => unknown) {
  return {
    request: async <T>(query: string, variables?: Record<string, unknown>) =>
      answer(query, variables) as T,
  };
}

/** The secret test subgraphs and gateways share, so a test can speak to a subgraph as the gateway would. */
export const TEST_INTERNAL_SECRET = randomBytes(32).toString("base64url");
export const TEST_AUTH_SECRET = randomBytes(32).toString("base64url");

/** Headers that make a direct request look as if the gateway forwarded it for this caller. */
export function callerHeaders(
  role: CallerRole,
  subject: string | null = role === "anonymous" ? null : `${role}-1`,
): Record<string, string> {
  return { [CALLER_HEADER]: signCaller({ role, subject }, TEST_INTERNAL_SECRET) };
}
