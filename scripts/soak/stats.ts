/**
 * What the clients were answered: requests, latency and error codes per kind of operation, and
 * which errors were failures. Expected codes are the procedure's own refusals, and during an
 * outage (a part killed, the database away, and a few seconds after it is back) the codes that
 * say a service is unavailable; anything else, INTERNAL_SERVER_ERROR first, is a failure.
 */
export const EXPECTED_CODES = ["PROCEDURE_VIOLATION", "CONFLICT", "BAD_USER_INPUT"];
export const OUTAGE_CODES = ["SERVICE_UNAVAILABLE", "SUBGRAPH_UNAVAILABLE"];
/** after a part answers again, outage codes are still expected this long */
const OUTAGE_GRACE_MS = 3000;

/** One answer as the client saw it. */
export interface Outcome {
  /** data without errors */
  ok: boolean;
  data: any;
  /** HTTP status, null when there was no answer */
  status: number | null;
  /** one per error: its extensions.code, or TIMEOUT / NETWORK / HTTP_<status> / NO_CODE */
  codes: string[];
  messages: string[];
  ms: number;
}

export interface Outage {
  what: string;
  from: number;
  /** null while it lasts */
  to: number | null;
}

export interface KindFigures {
  requests: number;
  errors: number;
  failures: number;
  p50: number | null;
  p99: number | null;
}

export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export class Stats {
  private latencies = new Map<string, number[]>();
  private counts = new Map<string, { requests: number; errors: number; failures: number }>();
  readonly codes = new Map<string, number>();
  readonly statuses = new Map<string, number>();
  /** unexpected errors by "kind CODE: message" (numbers blanked, so one cause counts once), with an example */
  readonly failures = new Map<string, { example: string; count: number }>();
  readonly outages: Outage[] = [];
  requests = 0;

  outageStarted(what: string): Outage {
    const outage = { what, from: Date.now(), to: null };
    this.outages.push(outage);
    return outage;
  }

  outageEnded(outage: Outage): void {
    outage.to = Date.now() + OUTAGE_GRACE_MS;
  }

  private inOutage(started: number, ended: number): boolean {
    return this.outages.some((o) => started <= (o.to ?? Infinity) && ended >= o.from);
  }

  /** Counts one answer; returns whether it was a failure. */
  record(kind: string, outcome: Outcome, started: number): boolean {
    this.requests++;
    const c = this.counts.get(kind) ?? { requests: 0, errors: 0, failures: 0 };
    this.counts.set(kind, c);
    c.requests++;
    let list = this.latencies.get(kind);
    if (!list) this.latencies.set(kind, (list = []));
    list.push(outcome.ms);
    const status = outcome.status === null ? "no answer" : String(outcome.status);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (!outcome.codes.length) return false;
    c.errors++;
    for (const code of new Set(outcome.codes))
      this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
    const outage = this.inOutage(started, started + outcome.ms);
    const unexpected = outcome.codes.findIndex(
      (code) => !EXPECTED_CODES.includes(code) && !(outage && OUTAGE_CODES.includes(code)),
    );
    if (unexpected < 0) return false;
    c.failures++;
    const message = (outcome.messages[unexpected] ?? "").replace(/\s+/g, " ").slice(0, 300);
    const example = `${kind} ${outcome.codes[unexpected]}: ${message}`;
    const key = example.replace(/\d+/g, "#");
    const seen = this.failures.get(key) ?? { example, count: 0 };
    seen.count++;
    this.failures.set(key, seen);
    return true;
  }

  byKind(): Record<string, KindFigures> {
    const out: Record<string, KindFigures> = {};
    for (const kind of [...this.counts.keys()].sort()) {
      const sorted = [...this.latencies.get(kind)!].sort((a, b) => a - b);
      const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
      out[kind] = {
        ...this.counts.get(kind)!,
        p50: round(percentile(sorted, 50)),
        p99: round(percentile(sorted, 99)),
      };
    }
    return out;
  }

  failureCount(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c.failures;
    return n;
  }
}
