/**
 * A bounded memo for pure functions of a string: operation texts repeat (clients send the same
 * few queries, and query plans are cached), so each is parsed once. Past the limit it starts
 * over, so unique texts sent on purpose cost memory only up to the limit.
 */
export function memo<V>(compute: (key: string) => V, limit = 2000): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      value = compute(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, value);
    }
    return value as V;
  };
}
