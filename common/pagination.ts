import { Directive, Field, ObjectType } from "type-graphql";
import { badInput } from "./errors";

/** Cursors are opaque to clients: base64url of a JSON array of the sort key's values. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === "string" || typeof v === "number"))
      return values;
  } catch {
    /* fall through to the error below */
  }
  throw badInput("after", "is not a cursor returned by this API");
}

export const MAX_PAGE_SIZE = 200;

/** Page size from `first`: defaults to 20, refuses what is out of range. */
export function pageSize(first: number | null | undefined, fallback = 20, max = MAX_PAGE_SIZE): number {
  if (first === undefined || first === null) return fallback;
  if (!Number.isInteger(first) || first < 0 || first > max) throw badInput("first", `must be between 0 and ${max}`);
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
