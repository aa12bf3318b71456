/**
 * Seeded randomness for the synthetic dataset: the same seed gives the same numbers on every
 * machine, so every department derives the same plan without asking another for it.
 */
export type Random = () => number;

/** A small, fast, seedable generator (mulberry32). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed named after what it is for (FNV-1a), so independent parts draw independent streams. */
export function namedSeed(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** A whole number in [min, max], both ends included. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function weighted<T>(random: Random, weights: readonly (readonly [T, number])[]): T {
  let r = random() * weights.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of weights) if ((r -= w) < 0) return value;
  return weights[weights.length - 1][0];
}

/** Fisher–Yates, in place. */
export function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** `count` distinct indexes of 0…n-1, in ascending order. */
export function sampleIndexes(random: Random, n: number, count: number): number[] {
  if (count > n) throw new Error(`cannot choose ${count} of ${n}`);
  const chosen = new Set<number>();
  // Floyd's algorithm: exactly `count` draws, whatever the ratio
  for (let j = n - count; j < n; j++) {
    const t = Math.floor(random() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

/**
 * Splits `total` into `count` whole parts, each within [min, max], spread like the weights
 * `weight()` draws: exact totals (a yearbook's persons) with a plausible spread of sizes.
 */
export function splitTotal(
  random: Random,
  count: number,
  total: number,
  min: number,
  max: number,
  weight: () => number,
): number[] {
  if (count === 0) {
    if (total !== 0) throw new Error(`cannot split ${total} into no parts`);
    return [];
  }
  if (total < count * min || total > count * max)
    throw new Error(`cannot split ${total} into ${count} parts of ${min}…${max}`);
  const parts = new Array<number>(count).fill(min);
  const weights = Array.from({ length: count }, weight);
  const sum = weights.reduce((s, w) => s + w, 0) || 1;
  const extra = total - count * min;
  let left = extra;
  for (let i = 0; i < count; i++) {
    const add = Math.min(max - min, Math.floor((extra * weights[i]) / sum));
    parts[i] += add;
    left -= add;
  }
  // what rounding left over goes one by one to parts that still have room
  for (let i = Math.floor(random() * count); left > 0; i = (i + 1) % count) {
    if (parts[i] < max) {
      parts[i]++;
      left--;
    }
  }
  return parts;
}
