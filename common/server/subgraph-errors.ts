import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { clientSafeError } from "../errors/client-errors";
import { databaseFailure, uniqueConstraintOf } from "../db/database-errors";
import { redact } from "../db/database";
import { silentLogger, type Logger } from "../log";
import { TransactionMisuse } from "../db/transactions";

/**
 * A subgraph's `formatError`: failures of the database become errors a client can act on, and
 * nothing internal leaves the subgraph (see client-errors.ts).
 * - unreachable or lost mid-request: SERVICE_UNAVAILABLE, `retryable: true`;
 * - a unique index that refused a row no check of the code foresaw: CONFLICT (try again);
 * - anything else unforeseen: a generic INTERNAL_SERVER_ERROR.
 * The log gets the detail, with quoted values cut out (they may be personal data).
 */
export function subgraphErrorFormatter(name: string, logger: Logger = silentLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const failure = databaseFailure(original);
    if (failure === "unavailable") {
      logger.warn(
        { path: formatted.path, err: redact(describe(original)) },
        "the database is not available",
      );
      return {
        message: `the ${name} department's database is not available right now; try again shortly`,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: "SERVICE_UNAVAILABLE", serviceName: name, retryable: true },
      };
    }
    if (failure === "unique") {
      logger.warn(
        { path: formatted.path, index: uniqueConstraintOf(original) },
        "a unique index refused a row no check foresaw",
      );
      return {
        message:
          "a record with the same key was stored at the same moment; read it again and retry",
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: "CONFLICT", retryable: true },
      };
    }
    if (original instanceof TransactionMisuse)
      logger.error({ path: formatted.path, err: original }, "defect");
    return clientSafeError(formatted, (hidden) =>
      logger.error(
        { path: formatted.path, error: redact(hidden) },
        "an error the client was not told",
      ),
    );
  };
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${(e as { code?: string }).code ?? e.name}: ${e.message}`;
  return String(e);
}
