/** Latency samples in milliseconds, kept whole so percentiles stay exact below one millisecond. */
export class Samples {
  private values = new Float64Array(4096);
  length = 0;

  add(ms: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = ms;
  }

  addAll(other: Samples): void {
    for (let i = 0; i < other.length; i++) this.add(other.values[i]);
  }

  /** p50, p95, p99 (nearest rank); null when nothing was measured */
  percentiles(): { p50: number; p95: number; p99: number } | null {
    if (!this.length) return null;
    const sorted = this.values.slice(0, this.length).sort();
    const at = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
    return { p50: at(50), p95: at(95), p99: at(99) };
  }
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
