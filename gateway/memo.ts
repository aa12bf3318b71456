/** keys longer than this are computed every time and never kept */
export const MAX_MEMO_KEY = 20_000;

/**
 * A bounded memo for pure functions of a string: operation texts repeat (clients send the same
 * few queries, and query plans are cached), so each is parsed once. Past the limit it starts
 * over, and long keys are not kept, so unique texts sent on purpose cost at most about
 * limit × MAX_MEMO_KEY characters.
 */
export function memo<V>(compute: (key: string) => V, limit = 2000): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    if (key.length > MAX_MEMO_KEY) return compute(key);
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      value = compute(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, value);
    }
    return value as V;
  };
}
