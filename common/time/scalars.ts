import { GraphQLScalarType, Kind, type GraphQLSchema, type ValueNode } from "graphql";

/**
 * The two time scalars of the graph, strict: a value is a string in the one format the
 * contract names, a real day of the calendar, and a year the county's records can hold.
 * Anything else (a number, a boolean, 2017-02-30, a time without its offset) is refused with
 * the reason, which the gateway returns naming the argument or variable.
 */
export const FIRST_YEAR = 1990;
export const LAST_YEAR = 2099;

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** longer than any time written in the format: not looked at further */
const LONGEST = 40;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Year, month and day as written, refused unless they are a day of the calendar in the years allowed. */
function checkDay(text: string, y: string, m: string, d: string): void {
  const [year, month, day] = [Number(y), Number(m), Number(d)];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month))
    throw new TypeError(`${text} is not a day of the calendar`);
  if (year < FIRST_YEAR || year > LAST_YEAR)
    throw new TypeError(`must lie in the years ${FIRST_YEAR} to ${LAST_YEAR}`);
}

/** A DateTime as clients send it: `2017-03-01T09:30:00+08:00` or `…Z`, seconds and offset required. */
export function parseDateTime(value: unknown): Date {
  const example = "such as 2017-03-01T09:30:00+08:00";
  if (typeof value !== "string")
    throw new TypeError(
      `must be a string ${example}, not a ${value === null ? "null" : typeof value}`,
    );
  const match = value.length <= LONGEST ? DATE_TIME.exec(value) : null;
  if (!match) throw new TypeError(`must be a date and time with its offset from UTC, ${example}`);
  const [, y, mo, d, h, mi, s, , , oh, om] = match;
  checkDay(value.slice(0, 10), y, mo, d);
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    throw new TypeError(`${value.slice(11, 19)} is not a time of day`);
  if (oh !== undefined && (Number(oh) > 14 || Number(om) > 59))
    throw new TypeError(`${value.slice(19)} is not an offset from UTC`);
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    throw new TypeError(`must be a date and time with its offset from UTC, ${example}`);
  return at;
}

/** A Date as clients send it: `2017-03-01`; the result is UTC midnight of that day. */
export function parseDate(value: unknown): Date {
  const example = "such as 2017-03-01";
  if (typeof value !== "string")
    throw new TypeError(
      `must be a string ${example}, not a ${value === null ? "null" : typeof value}`,
    );
  const match = value.length <= LONGEST ? DATE.exec(value) : null;
  if (!match) throw new TypeError(`must be a day written as YYYY-MM-DD, ${example}`);
  checkDay(value, match[1], match[2], match[3]);
  return new Date(`${value}T00:00:00Z`);
}

function literal(parse: (value: unknown) => Date) {
  return (node: ValueNode): Date => {
    if (node.kind !== Kind.STRING)
      throw new TypeError(
        `must be a string, not ${node.kind === Kind.INT || node.kind === Kind.FLOAT ? "a number" : `a ${node.kind.toLowerCase()}`}`,
      );
    return parse(node.value);
  };
}

function validTime(value: unknown, name: string): Date {
  const at =
    value instanceof Date
      ? value
      : typeof value === "string" || typeof value === "number"
        ? new Date(value)
        : new Date(NaN);
  if (Number.isNaN(at.getTime())) throw new TypeError(`${name} cannot represent ${String(value)}`);
  return at;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: `A moment, written as RFC 3339 with its offset from UTC, such as 2017-03-01T09:30:00+08:00 or 2017-03-01T01:30:00Z; years ${FIRST_YEAR} to ${LAST_YEAR}.`,
  serialize: (value) => validTime(value, "DateTime").toISOString(),
  parseValue: parseDateTime,
  parseLiteral: literal(parseDateTime),
});

export const DateScalar = new GraphQLScalarType<Date, string>({
  name: "Date",
  description: `A calendar day, written YYYY-MM-DD, such as 2017-03-01; years ${FIRST_YEAR} to ${LAST_YEAR}.`,
  serialize: (value) =>
    typeof value === "string" && DATE.test(value)
      ? value
      : validTime(value, "Date").toISOString().slice(0, 10),
  parseValue: parseDate,
  parseLiteral: literal(parseDate),
});

/**
 * Gives the time scalars of a schema built from SDL (the gateway's, from the supergraph) the
 * same strict reading as the subgraphs', so a malformed time is refused at the gateway, naming
 * the argument or variable, before any subgraph is asked.
 */
export function strictTimeScalars(schema: GraphQLSchema): void {
  for (const scalar of [DateTimeScalar, DateScalar]) {
    const type = schema.getType(scalar.name);
    if (!(type instanceof GraphQLScalarType)) continue;
    type.parseValue = scalar.parseValue;
    type.parseLiteral = scalar.parseLiteral;
  }
}
