import type { GraphQLFormattedError } from "graphql";

/**
 * What a client may be told about a failure. Errors with one of these codes were written for
 * the client (the field and the reason, the rule, the version); everything else is a defect or
 * an outage whose text may hold SQL, hosts, ports, URLs or another service's raw answer, and is
 * replaced by a generic message while the log keeps the detail.
 */
export const CLIENT_ERROR_CODES = new Set([
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "CONFLICT",
  "PROCEDURE_VIOLATION",
  "NOT_FOUND",
  "FORBIDDEN",
  "UNAUTHENTICATED",
  "SERVICE_UNAVAILABLE",
  "SUBGRAPH_UNAVAILABLE",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "PAYLOAD_TOO_LARGE",
  "BATCH_TOO_LARGE",
]);

/** Extensions a client never gets: stacks, raw answers of other services, their addresses. */
const INTERNAL_EXTENSIONS = ["stacktrace", "exception", "response", "originalError"];

/** Addresses and transport errors, in case one slips into a message written for clients. */
const INTERNAL_TEXT =
  /\b(?:https?:\/\/\S+|(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?|localhost:\d+|\[[0-9a-f:]+\]:\d+|E(?:CONNREFUSED|CONNRESET|TIMEDOUT|HOSTUNREACH|PIPE|NOTFOUND|AI_AGAIN)\b)/i;

/**
 * A validation message without the values it quotes: graphql-js repeats a refused variable's
 * whole value (a petitioner's name, ID number and phone, say) and a refused literal, and neither
 * the client, who sent them, nor the log, which must hold no personal data, needs them.
 */
export function withoutValues(message: string): string {
  let text = message;
  const variable = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value /.exec(text);
  if (variable) {
    const rest = text.slice(variable[0].length);
    const at = rest.lastIndexOf(` at "${variable[1]}`);
    const after =
      at >= 0
        ? rest.slice(at)
        : rest.slice(rest.lastIndexOf("; ") >= 0 ? rest.lastIndexOf("; ") : rest.length);
    text = `Variable "$${variable[1]}" got an invalid value${after}`;
  }
  return text
    .replace(/(cannot represent [^:;]*): [^;]*/g, "$1")
    .replace(/(Expected value of type "[^"]*"), found [^;]*/g, "$1, found another value")
    .replace(/(has invalid value|got invalid value) [^;]*/g, "$1");
}

export const GENERIC_MESSAGE =
  "internal error: the request could not be completed; it has been logged";

/**
 * The error as a client sees it: written-for-client errors keep their message, code and details
 * (less internal extensions); anything else becomes INTERNAL_SERVER_ERROR with a generic message.
 * `detail` is called with what was hidden, for the log.
 */
export function clientSafeError(
  formatted: GraphQLFormattedError,
  detail: (hidden: string) => void,
): GraphQLFormattedError {
  const code =
    typeof formatted.extensions?.code === "string" ? formatted.extensions.code : undefined;
  const extensions: Record<string, unknown> = { ...formatted.extensions };
  for (const key of INTERNAL_EXTENSIONS) delete extensions[key];
  const message = withoutValues(formatted.message);
  if (code && CLIENT_ERROR_CODES.has(code) && !INTERNAL_TEXT.test(message))
    return { ...formatted, message, extensions };
  detail(`${code ?? "no code"}: ${message}`);
  const kept: Record<string, unknown> = {
    code: code && CLIENT_ERROR_CODES.has(code) ? code : "INTERNAL_SERVER_ERROR",
  };
  if (typeof extensions.serviceName === "string") kept.serviceName = extensions.serviceName;
  return {
    message: GENERIC_MESSAGE,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: kept,
  };
}
