import { badInput } from "./errors";

export const MAX_SEARCH_TEXT = 200;

/** The search text as every department matches it: trimmed, bounded, refused when too long. */
export function searchText(text: string): string {
  const t = text.trim();
  if ([...t].length > MAX_SEARCH_TEXT) throw badInput("text", `must be at most ${MAX_SEARCH_TEXT} characters`);
  return t;
}

/** A LIKE pattern that matches `text` literally anywhere; use with ESCAPE '\\'. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The number of hits a department returns per list: 10 unless given, at most 50. */
export function hitCount(first: number | null | undefined): number {
  if (first === undefined || first === null) return 10;
  if (!Number.isInteger(first) || first < 0 || first > 50) throw badInput("first", "must be between 0 and 50");
  return first;
}
