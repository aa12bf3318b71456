import { writeFileSync } from "node:fs";
import os from "node:os";
import type { AuditFigures, Duplicate, Problem, WriteFigures, WriteKind } from "./ledger";
import type { SoakOptions } from "./options";
import type { KindFigures, Stats } from "./stats";

/** Everything a run found, as printed and as written with `--json`. */
export interface SoakResult {
  startedAt: string;
  options: {
    seconds: number;
    connections: number;
    database: "sqlite" | "mysql";
    restartSubgraph: string | null;
    restartDatabase: boolean;
    seed: number;
  };
  /** the one-minute load average when the clients started and when they stopped: a busy machine shows here */
  machine: { cpus: number; node: string; loadAtStart: number; loadAtEnd: number };
  clients: Record<string, number>;
  /** seconds since the clients started */
  outages: { what: string; from: number; to: number | null }[];
  requests: number;
  requestsPerSecond: number;
  byKind: Record<string, KindFigures>;
  errorsByCode: Record<string, number>;
  byHttpStatus: Record<string, number>;
  failures: { requests: number; messages: { message: string; count: number }[] };
  writes: Partial<Record<WriteKind, WriteFigures>>;
  /** by "kind what", e.g. "registration serialNo" */
  duplicates: { count: number; byWhat: Record<string, number>; first: Duplicate[] };
  problems: { count: number; first: Problem[] };
  audit: AuditFigures | null;
  verdict: { passed: boolean; reasons: string[] };
}

const countBy = (items: string[]) => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
};
/** up to three of each sort, so one sort of problem does not hide the others */
function examples<T>(items: T[], sortOf: (item: T) => string): T[] {
  const taken = new Map<string, number>();
  return items.filter((item) => {
    const n = taken.get(sortOf(item)) ?? 0;
    taken.set(sortOf(item), n + 1);
    return n < 3;
  });
}
const sorted = (m: Map<string, number>) => Object.fromEntries([...m].sort((a, b) => b[1] - a[1]));

export function buildResult(input: {
  options: SoakOptions;
  startedAt: Date;
  clientsStarted: number;
  clientsEnded: number;
  loadAtStart: number;
  loadAtEnd: number;
  clients: Record<string, number>;
  stats: Stats;
  writes: Partial<Record<WriteKind, WriteFigures>>;
  duplicates: Duplicate[];
  problems: Problem[];
  audit: AuditFigures | null;
}): SoakResult {
  const { options: o, stats } = input;
  const seconds = (input.clientsEnded - input.clientsStarted) / 1000;
  const reasons: string[] = [];
  const total = (f: keyof WriteFigures) =>
    Object.values(input.writes).reduce((s, w) => s + (w?.[f] ?? 0), 0);
  if (total("missing")) reasons.push(`${total("missing")} acknowledged writes are missing`);
  if (total("changed")) reasons.push(`${total("changed")} acknowledged writes read back changed`);
  if (total("unverified"))
    reasons.push(`${total("unverified")} acknowledged writes could not be read back`);
  if (input.duplicates.length)
    reasons.push(`${input.duplicates.length} ids, keys or serial numbers were given twice`);
  if (!input.audit) reasons.push("the audit rows could not be counted");
  else if (input.audit.missing)
    reasons.push(`${input.audit.missing} unmasked reads left no audit row`);
  const failures = stats.failureCount();
  if (failures) reasons.push(`${failures} requests failed unexpectedly`);
  const rel = (t: number | null) =>
    t === null ? null : Math.round((t - input.clientsStarted) / 100) / 10;
  return {
    startedAt: input.startedAt.toISOString(),
    options: {
      seconds: o.seconds,
      connections: o.connections,
      database: o.mysqlUrl ? "mysql" : "sqlite",
      restartSubgraph: o.restartSubgraph,
      restartDatabase: o.restartDatabase,
      seed: o.seed,
    },
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      loadAtStart: input.loadAtStart,
      loadAtEnd: input.loadAtEnd,
    },
    clients: input.clients,
    outages: stats.outages.map((x) => ({ what: x.what, from: rel(x.from)!, to: rel(x.to) })),
    requests: stats.requests,
    requestsPerSecond: Math.round((stats.requests / Math.max(seconds, 0.001)) * 10) / 10,
    byKind: stats.byKind(),
    errorsByCode: sorted(stats.codes),
    byHttpStatus: sorted(stats.statuses),
    failures: {
      requests: failures,
      messages: [...stats.failures.values()]
        .sort((a, b) => b.count - a.count)
        .slice(0, 15)
        .map(({ example, count }) => ({ message: example, count })),
    },
    writes: input.writes,
    duplicates: {
      count: input.duplicates.length,
      byWhat: countBy(input.duplicates.map((d) => `${d.kind} ${d.what}`)),
      first: examples(input.duplicates, (d) => `${d.kind} ${d.what}`),
    },
    problems: {
      count: input.problems.length,
      first: examples(input.problems, (p) => `${p.kind} ${p.problem}`),
    },
    audit: input.audit,
    verdict: { passed: reasons.length === 0, reasons },
  };
}

const pad = (s: unknown, n: number) => String(s).padEnd(n);
const lpad = (s: unknown, n: number) => String(s ?? "-").padStart(n);

export function printResult(r: SoakResult, log: (line: string) => void): void {
  const o = r.options;
  log("");
  log(
    `soak: ${o.database}, ${o.connections} clients for ${o.seconds} s${o.restartSubgraph ? `, ${o.restartSubgraph} killed and restarted` : ""}${o.restartDatabase ? ", database away and back" : ""} (seed ${o.seed})`,
  );
  log(
    `machine: ${r.machine.cpus} CPUs, Node ${r.machine.node}, load average ${r.machine.loadAtStart} at the start, ${r.machine.loadAtEnd} at the end`,
  );
  log(
    `clients: ${Object.entries(r.clients)
      .map(([role, n]) => `${n} ${role}`)
      .join(", ")}`,
  );
  for (const x of r.outages)
    log(`outage: ${x.what} from ${x.from} s to ${x.to ?? "the end"} s (with grace)`);
  log(`requests: ${r.requests} (${r.requestsPerSecond}/s)`);
  log("");
  log(
    `${pad("operation", 28)}${lpad("requests", 9)}${lpad("errors", 8)}${lpad("failed", 8)}${lpad("p50 ms", 9)}${lpad("p99 ms", 9)}`,
  );
  for (const [kind, k] of Object.entries(r.byKind))
    log(
      `${pad(kind, 28)}${lpad(k.requests, 9)}${lpad(k.errors, 8)}${lpad(k.failures, 8)}${lpad(k.p50, 9)}${lpad(k.p99, 9)}`,
    );
  log("");
  log(
    `errors by code: ${
      Object.entries(r.errorsByCode)
        .map(([c, n]) => `${c} ${n}`)
        .join(", ") || "none"
    }`,
  );
  log(
    `answers by HTTP status: ${Object.entries(r.byHttpStatus)
      .map(([c, n]) => `${c} ${n}`)
      .join(", ")}`,
  );
  if (r.failures.requests) {
    log(
      `unexpected failures: ${r.failures.requests} requests; by cause (numbers aside), with one example each:`,
    );
    for (const f of r.failures.messages) log(`  ${lpad(f.count, 6)} × ${f.message}`);
  }
  log("");
  // checked: the records acknowledged writes named; a write answered with two ids names two
  log(
    `${pad("writes", 14)}${lpad("acknowledged", 13)}${lpad("checked", 9)}${lpad("read back", 11)}${lpad("missing", 9)}${lpad("changed", 9)}${lpad("unread", 8)}`,
  );
  const row = (name: string, w: WriteFigures) =>
    log(
      `${pad(name, 14)}${lpad(w.acknowledged, 13)}${lpad(w.checked, 9)}${lpad(w.readBack, 11)}${lpad(w.missing, 9)}${lpad(w.changed, 9)}${lpad(w.unverified, 8)}`,
    );
  const all: WriteFigures = {
    acknowledged: 0,
    checked: 0,
    readBack: 0,
    missing: 0,
    changed: 0,
    unverified: 0,
  };
  for (const [kind, w] of Object.entries(r.writes)) {
    row(kind, w!);
    for (const f of Object.keys(all) as (keyof WriteFigures)[]) all[f] += w![f];
  }
  row("all", all);
  log(
    `duplicates found: ${r.duplicates.count}${
      r.duplicates.count
        ? ` (${Object.entries(r.duplicates.byWhat)
            .map(([w, n]) => `${n} ${w}`)
            .join(", ")})`
        : ""
    }`,
  );
  for (const d of r.duplicates.first)
    log(`  ${d.kind} ${d.what} ${d.value} given to ${d.to.join(" and ")}`);
  for (const p of r.problems.first)
    log(
      `  ${p.problem}: ${p.kind} ${p.id} (${p.ref}): ${p.detail.length > 160 ? `${p.detail.slice(0, 160)}…` : p.detail}`,
    );
  if (r.audit)
    log(
      `audited reads: ${r.audit.reads}, audit rows: ${r.audit.rows}, missing: ${r.audit.missing}, extra: ${r.audit.extra}`,
    );
  log("");
  log(
    r.verdict.passed
      ? "PASSED: every acknowledged write read back, nothing given twice, every unmasked read audited"
      : `FAILED: ${r.verdict.reasons.join("; ")}`,
  );
}

export function writeJson(file: string, r: SoakResult): void {
  writeFileSync(file, JSON.stringify(r, null, 2) + "\n");
}
