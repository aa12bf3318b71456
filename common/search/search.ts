import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { pageSize } from "../db/pagination";
import { badInput } from "../errors/user-errors";
import type { FullTextIndex } from "./full-text";
import { hitPage, type Scope, type SearchFilterValues } from "./hits";
import { snippet } from "./snippet";
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
 * One department's list of hits: its records holding every word of the text, the most relevant
 * of the newest first (see hits.ts). Text of punctuation alone has no words and finds nothing.
 */
export async function searchHits<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  index: FullTextIndex,
  text: string,
  first: number | null | undefined,
  options: HitOptions = {},
): Promise<T[]> {
  const limit = hitCount(first);
  const t = searchText(text);
  const clauses = searchClauses(t);
  if (options.readable === false || limit === 0) return [];
  const page = await hitPage(db, entity, index, t, clauses, { first: limit, scope: options.scope });
  return page.hits.map((h) => h.node);
}

export interface HitConnectionOptions<T> extends HitOptions {
  first?: number | null;
  after?: string | null;
  filter?: SearchFilterValues | null;
  /** counts above this are estimated; tests lower it */
  exactCountLimit?: number;
  /** each hit's text for its snippet, and what must never show in it (the record's people) */
  snippetText: (node: T) => (string | null | undefined)[];
  hidden?: (
    nodes: T[],
  ) => Promise<Map<T, (string | null | undefined)[]>> | Map<T, (string | null | undefined)[]>;
}

/**
 * One department's hits as a connection: `first` (10 unless given, at most 200) after the
 * cursor `after`, each hit with its snippet, and `totalCount` (with `totalCountIsEstimate`)
 * counted only when asked.
 */
export async function searchHitConnection<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  index: FullTextIndex,
  text: string,
  o: HitConnectionOptions<T>,
) {
  const first = pageSize(o.first, 10);
  const t = searchText(text);
  const clauses = searchClauses(t);
  const page =
    o.readable === false
      ? { hits: [], hasNextPage: false, count: async () => ({ total: 0, estimate: false }) }
      : await hitPage(db, entity, index, t, clauses, {
          first,
          after: o.after,
          filter: o.filter,
          scope: o.scope,
          exactCountLimit: o.exactCountLimit,
        });
  const nodes = page.hits.map((h) => h.node);
  const hidden = o.hidden ? await o.hidden(nodes) : new Map<T, (string | null | undefined)[]>();
  const words = clauses.map((c) => c.term);
  const edges = page.hits.map((h) => ({
    cursor: h.cursor,
    node: h.node,
    snippet: snippet(o.snippetText(h.node), words, hidden.get(h.node) ?? []),
  }));
  let counted: Promise<{ total: number; estimate: boolean }> | null = null;
  const count = () => (counted ??= page.count());
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    },
    get totalCount(): number {
      return count().then((c) => c.total) as unknown as number;
    },
    get totalCountIsEstimate(): boolean {
      return count().then((c) => c.estimate) as unknown as boolean;
    },
  };
}
