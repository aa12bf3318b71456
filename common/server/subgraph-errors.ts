import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { clientSafeError } from "../errors/client-errors";
import { databaseFailure, uniqueConstraintOf } from "../db/database-errors";
import { redact } from "../db/database";
import { TransactionMisuse } from "../db/transactions";

/**
 * A subgraph's `formatError`: failures of the database become errors a client can act on, and
 * nothing internal leaves the subgraph (see client-errors.ts).
 * - unreachable or lost mid-request: SERVICE_UNAVAILABLE, `retryable: true`;
 * - a unique index that refused a row no check of the code foresaw: CONFLICT (try again);
 * - anything else unforeseen: a generic INTERNAL_SERVER_ERROR.
 * The log gets the detail, with quoted values cut out (they may be personal data).
 */
export function subgraphErrorFormatter(name: string, log: (line: string) => void = console.error) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const where = formatted.path ? ` at ${formatted.path.join(".")}` : "";
    const failure = databaseFailure(original);
    if (failure === "unavailable") {
      log(`[${name}] database unavailable${where}: ${redact(describe(original))}`);
      return {
        message: `the ${name} department's database is not available right now; try again shortly`,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: "SERVICE_UNAVAILABLE", serviceName: name, retryable: true },
      };
    }
    if (failure === "unique") {
      log(`[${name}] unique index ${uniqueConstraintOf(original) ?? "?"} refused a row${where}`);
      return {
        message:
          "a record with the same key was stored at the same moment; read it again and retry",
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: "CONFLICT", retryable: true },
      };
    }
    if (original instanceof TransactionMisuse)
      log(`[${name}] defect${where}: ${original.message}\n${original.stack ?? ""}`);
    return clientSafeError(formatted, (hidden) =>
      log(`[${name}] error${where}: ${redact(hidden)}`),
    );
  };
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${(e as { code?: string }).code ?? e.name}: ${e.message}`;
  return String(e);
}
