import { GraphQLError } from "graphql";

/** Input that fails validation: names the field and the reason; nothing is stored. */
export function badInput(field: string, reason: string): GraphQLError {
  return new GraphQLError(`${field}: ${reason}`, {
    extensions: { code: "BAD_USER_INPUT", field, reason },
  });
}

export function notFound(what: string, id: string): GraphQLError {
  return new GraphQLError(`${what} ${id} does not exist`, {
    extensions: { code: "NOT_FOUND", what, id },
  });
}

/** Someone else changed the record since the caller read it. */
export function conflict(
  what: string,
  id: string,
  expected: number,
  actual?: number,
): GraphQLError {
  return new GraphQLError(
    `${what} ${id} was changed by someone else (version ${expected} is stale)`,
    {
      extensions: {
        code: "CONFLICT",
        what,
        id,
        expectedVersion: expected,
        ...(actual !== undefined ? { currentVersion: actual } : {}),
      },
    },
  );
}

/** A step the procedure does not allow now; `rule` says which rule. */
export function procedureViolation(rule: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "PROCEDURE_VIOLATION", rule } });
}

/** Record ids are positive integers; anything else is refused before it reaches SQL. */
export function parseId(field: string, value: string | number): number {
  const text = String(value);
  if (!/^[1-9][0-9]{0,15}$/.test(text)) throw badInput(field, "is not a valid id");
  return Number(text);
}

/** The id of an entity representation sent by the gateway, or null when it cannot be one of ours. */
export function referenceId(ref: { id?: unknown }): number | null {
  const text = String(ref.id ?? "");
  return /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : null;
}

/** A list of record ids (a filter's `ids`): each as `parseId`, at most `max` of them. */
export function parseIds(field: string, values: readonly (string | number)[], max = 200): number[] {
  if (values.length > max) throw badInput(field, `must list at most ${max} ids`);
  return values.map((v, i) => parseId(`${field}[${i}]`, v));
}
