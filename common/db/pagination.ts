import { Directive, Field, ObjectType } from "type-graphql";
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from "typeorm";
import { badInput } from "../errors/user-errors";
import { sqlTime } from "./sql";

/** Cursors are opaque to clients: base64url of a JSON array of the sort key's values. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/** far longer than any cursor this API hands out: not decoded at all */
const LONGEST_CURSOR = 200;

const notOurs = () => badInput("after", "is not a cursor returned by this API");

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  if (
    typeof cursor !== "string" ||
    cursor.length > LONGEST_CURSOR ||
    !/^[A-Za-z0-9_-]+$/.test(cursor)
  )
    throw notOurs();
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => typeof v === "string" || typeof v === "number")
    )
      return values;
  } catch {
    /* fall through to the error below */
  }
  throw notOurs();
}

/** A record id read from a cursor: a positive whole number as ids are, or the cursor is refused. */
export function cursorId(value: unknown): number {
  if (
    typeof value !== "number" ||
    !Number.isSafeInteger(value) ||
    value < 1 ||
    value > Number.MAX_SAFE_INTEGER
  )
    throw notOurs();
  return value;
}

/** A time read from a cursor, as `sqlTime` writes it (`2017-03-01 09:30:00.000`, UTC): a real moment, or the cursor is refused. */
export function cursorTime(value: unknown): string {
  const match =
    typeof value === "string"
      ? /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3})$/.exec(value)
      : null;
  if (!match) throw notOurs();
  const iso = `${(value as string).replace(" ", "T")}Z`;
  const at = new Date(iso);
  // Date rolls 2017-02-30 over into March: a real moment reads back the same
  if (Number.isNaN(at.getTime()) || at.toISOString() !== iso) throw notOurs();
  return value as string;
}

export const MAX_PAGE_SIZE = 200;

/** Page size from `first`: defaults to 20, refuses what is out of range. */
export function pageSize(
  first: number | null | undefined,
  fallback = 20,
  max = MAX_PAGE_SIZE,
): number {
  if (first === undefined || first === null) return fallback;
  if (!Number.isInteger(first) || first < 0 || first > max)
    throw badInput("first", `must be between 0 and ${max}`);
  return first;
}

/** Relay's page information; any subgraph may return it. */
@ObjectType()
@Directive("@shareable")
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/**
 * A connection from one page's rows, fetched as `first + 1` so that the extra row tells whether
 * a next page exists: each row's cursor from `cursorOf`, and `totalCount` counted only when a
 * client selects it (the getter is read by the field's resolver alone, and counting a large
 * table costs more than the page).
 */
export function connectionOf<T>(
  rows: T[],
  first: number,
  cursorOf: (node: T) => (string | number)[],
  count: () => Promise<number>,
) {
  const edges = rows
    .slice(0, first)
    .map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  let counted: Promise<number> | null = null;
  return {
    edges,
    get totalCount(): number {
      counted ??= count();
      return counted as unknown as number;
    },
    pageInfo: {
      hasNextPage: rows.length > first,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    },
  };
}

/** How a list is ordered for keyset pagination: a sort key, then the id, both one way. */
export interface Keyset<T> {
  /** the sort key's column and the id's, with the query's alias (the code's, never input) */
  columns: [string, string];
  direction: "ASC" | "DESC";
  /** the sort key of a row, as its cursor holds it */
  key: (row: T) => [string | number, number];
  /** the sort key read back from a cursor, checked (`cursorTime`, or the caller's own check) */
  first: (value: unknown) => string | number;
}

/** The keyset of a list ordered by a time column and then the id, newest first unless told. */
export function byTime<T extends { id: number }>(
  alias: string,
  column: string,
  timeOf: (row: T) => Date,
  direction: "ASC" | "DESC" = "DESC",
): Keyset<T> {
  return {
    columns: [`${alias}.${column}`, `${alias}.id`],
    direction,
    key: (row) => [sqlTime(timeOf(row)), row.id],
    first: cursorTime,
  };
}

/**
 * One page of a list by keyset on (key, id): a deep page costs what the first does, one
 * statement whatever the page size, and one more for `totalCount` only when a client selects
 * it. `query` builds the same filtered query afresh each time it is called; `count` replaces
 * the count of that query where a list keeps a cheaper total (the bureau's unfiltered petitions).
 */
export async function keysetPage<T extends ObjectLiteral>(
  query: () => SelectQueryBuilder<T>,
  keyset: Keyset<T>,
  first: number,
  after: string | null | undefined,
  count: () => Promise<number> = () => query().getCount(),
) {
  const q = query();
  const [key, id] = keyset.columns;
  if (after) {
    const [rawKey, rawId] = decodeCursor(after, 2);
    const cKey = keyset.first(rawKey);
    const cId = cursorId(rawId);
    const past = keyset.direction === "DESC" ? "<" : ">";
    q.andWhere(
      new Brackets((b) =>
        b
          .where(`${key} ${past} :cKey`, { cKey })
          .orWhere(
            new Brackets((c) =>
              c.where(`${key} = :cKey`, { cKey }).andWhere(`${id} ${past} :cId`, { cId }),
            ),
          ),
      ),
    );
  }
  const rows =
    first === 0
      ? []
      : await q
          .orderBy(key, keyset.direction)
          .addOrderBy(id, keyset.direction)
          .limit(first + 1)
          .getMany();
  return connectionOf(rows, first, keyset.key, count);
}
