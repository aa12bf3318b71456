import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { badInput } from "../errors/user-errors";
import type { FullTextIndex } from "./full-text";
import type { Scope } from "./full-text-ranking";
import { searchClauses } from "./segmentation";
import { plainText } from "../text/validation";

export const MAX_SEARCH_TEXT = 200;

/** The search text as every department matches it: trimmed; blank, too long or holding controls is refused. */
export function searchText(text: string): string {
  const { text: t, visible } = plainText("text", text);
  if (!visible) throw badInput("text", "must not be blank");
  if ([...t].length > MAX_SEARCH_TEXT)
    throw badInput("text", `must be at most ${MAX_SEARCH_TEXT} characters`);
  return t;
}

/** The number of hits a department returns per list: 10 unless given, at most 50. */
export function hitCount(first: number | null | undefined): number {
  if (first === undefined || first === null) return 10;
  if (!Number.isInteger(first) || first < 0 || first > 50)
    throw badInput("first", "must be between 0 and 50");
  return first;
}

export interface HitOptions {
  /** false when the caller may not read this kind of record at all: the list stays empty */
  readable?: boolean;
  /** narrows the records (alias `r`) to those the caller may read */
  scope?: Scope;
}

/**
 * One department's list of hits: its records holding every word of the text, most relevant
 * first, then newest. Text of punctuation alone has no words and finds nothing.
 */
export function searchHits<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  index: FullTextIndex,
  text: string,
  first: number | null | undefined,
  options: HitOptions = {},
): Promise<T[]> {
  const limit = hitCount(first);
  const clauses = searchClauses(searchText(text));
  if (options.readable === false) return Promise.resolve([]);
  return index.search(db, entity, clauses, limit, options.scope);
}
