import type { Child } from "./children";
import type { BenchIdentity } from "./identity";
import { runLoad } from "./load";
import { cpuTimeMs, megabytes, procAvailable, sampleRss } from "./usage";
import type { BenchOptions } from "./options";
import { round, Samples } from "./stats";
import { headersFor, type Target, type TargetName } from "./targets";
import type { SampleData, Workload } from "./workloads";

/** One target's figures for one workload, over all its rounds. */
export interface Figures {
  /** requests per second over all measured rounds */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  requests: number;
  /** requests per second of each round, to show how steady the machine was */
  roundsRps: number[];
  /** highest resident memory of the serving process during the runs (null: not sampled) */
  peakRssMb: number | null;
  /** CPU time the gateway process spent per request (null: not measured) */
  cpuMsPerRequest: number | null;
  /** CPU time all subgraph processes together spent per request */
  subgraphCpuMsPerRequest: number | null;
  firstError: string | null;
}

export interface MeasureContext {
  options: BenchOptions;
  /** the child process behind each gateway target, for memory where /proc is missing */
  children: Map<TargetName, Child>;
  /** the subgraphs' processes, whose CPU time is counted too */
  subgraphPids: number[];
  identity: BenchIdentity;
  log(line: string): void;
}

function cpuOf(pids: number[]): number | null {
  let total = 0;
  for (const pid of pids) {
    const ms = cpuTimeMs(pid);
    if (ms === null) return null;
    total += ms;
  }
  return total;
}

async function peakDuring<T>(
  ctx: MeasureContext,
  target: Target,
  work: () => Promise<T>,
): Promise<{ result: T; peak: number | null }> {
  if (target.pid === null) return { result: await work(), peak: null };
  if (procAvailable()) {
    const sampler = sampleRss(target.pid);
    const result = await work();
    return { result, peak: sampler.stop() };
  }
  const result = await work();
  const child = ctx.children.get(target.name);
  return { result, peak: child ? (await child.memory()).maxRss : null };
}

/**
 * Runs a workload against each target in turn, round after round, each run a warm-up and then a
 * measured closed loop, and merges every round's latencies per target. The order turns by one
 * target each round (A B C, B C A, C A B …): whichever runs first meets subgraphs that have just
 * been idle, so no target may always be first.
 */
export async function measureWorkload(
  ctx: MeasureContext,
  workload: Workload,
  sample: SampleData,
  targets: Target[],
): Promise<Map<TargetName, Figures>> {
  const o = ctx.options;
  const bodies = workload.bodies(sample);
  type Totals = {
    latencies: Samples;
    requests: number;
    seconds: number;
    errors: number;
    rounds: number[];
    peak: number | null;
    firstError: string | null;
    cpu: number | null;
    subgraphCpu: number | null;
  };
  const merged = new Map<TargetName, Totals>();
  for (const t of targets)
    merged.set(t.name, {
      latencies: new Samples(),
      requests: 0,
      seconds: 0,
      errors: 0,
      rounds: [],
      peak: null,
      firstError: null,
      cpu: 0,
      subgraphCpu: 0,
    });
  const add = (sum: number | null, before: number | null, after: number | null) =>
    sum === null || before === null || after === null ? null : sum + after - before;

  for (let r = 1; r <= o.rounds; r++) {
    const order = targets.map((_, i) => targets[(i + r - 1) % targets.length]);
    for (const target of order) {
      const connectionHeaders =
        o.callers === "many"
          ? await Promise.all(
              Array.from({ length: o.connections }, (_, i) =>
                headersFor(target, workload.role, i + 1),
              ),
            )
          : undefined;
      const spec = {
        url: target.url,
        headers: await headersFor(target, workload.role),
        connectionHeaders,
        bodies,
        connections: o.connections,
      };
      if (o.warmupSec > 0) await runLoad({ ...spec, durationSec: o.warmupSec });
      const cpuBefore = target.pid === null ? null : cpuTimeMs(target.pid);
      const subgraphsBefore = cpuOf(ctx.subgraphPids);
      const { result, peak } = await peakDuring(ctx, target, () =>
        runLoad({ ...spec, durationSec: o.durationSec }),
      );
      const cpuAfter = target.pid === null ? null : cpuTimeMs(target.pid);
      const subgraphsAfter = cpuOf(ctx.subgraphPids);
      const m = merged.get(target.name)!;
      m.cpu = add(m.cpu, cpuBefore, cpuAfter);
      m.subgraphCpu = add(m.subgraphCpu, subgraphsBefore, subgraphsAfter);
      const perRequest = (before: number | null, after: number | null) =>
        before === null || after === null || !result.requests
          ? "-"
          : ((after - before) / result.requests).toFixed(2);
      m.latencies.addAll(result.latencies);
      m.requests += result.requests;
      m.seconds += result.durationSec;
      m.errors += result.errors;
      m.rounds.push(round(result.rps, 1));
      m.firstError ??= result.firstError;
      if (peak !== null && (m.peak === null || peak > m.peak)) m.peak = peak;
      const p = result.latencies.percentiles();
      ctx.log(
        `  ${workload.name} round ${r} ${target.name.padEnd(7)}${String(o.connections).padStart(3)} conn ${result.rps.toFixed(1).padStart(8)} req/s  p50 ${p ? p.p50.toFixed(2) : "-"} ms  p99 ${p ? p.p99.toFixed(2) : "-"} ms` +
          `  cpu ms/req: gateway ${perRequest(cpuBefore, cpuAfter)}, subgraphs ${perRequest(subgraphsBefore, subgraphsAfter)}` +
          (result.errors ? `  ${result.errors} errors (${result.firstError})` : ""),
      );
    }
  }

  const figures = new Map<TargetName, Figures>();
  for (const [name, m] of merged) {
    const p = m.latencies.percentiles() ?? { p50: NaN, p95: NaN, p99: NaN };
    figures.set(name, {
      rps: round(m.requests / m.seconds, 1),
      p50: round(p.p50, 3),
      p95: round(p.p95, 3),
      p99: round(p.p99, 3),
      errors: m.errors,
      requests: m.requests,
      roundsRps: m.rounds,
      peakRssMb: megabytes(m.peak),
      cpuMsPerRequest: m.cpu === null || !m.requests ? null : round(m.cpu / m.requests, 3),
      subgraphCpuMsPerRequest:
        m.subgraphCpu === null || !m.requests ? null : round(m.subgraphCpu / m.requests, 3),
      firstError: m.firstError,
    });
  }
  return figures;
}
