import { performance } from "node:perf_hooks";
import { Agent, request } from "undici";
import { hasGraphQLErrors } from "./load";
import type { Figures } from "./measure";
import { round, Samples } from "./stats";
import { headersFor, type Target, type TargetName } from "./targets";
import type { CallerRole } from "../common/auth";

/**
 * What a gateway adds to one request, measured one request at a time and interleaved: each
 * iteration sends the same request to every target in turn (the order rotating from one
 * iteration to the next), over one keep-alive connection per target. Every target is measured
 * under the same conditions at the same moments, so a busy second on the machine, or a pause in
 * a subgraph, weighs on all of them alike instead of on whichever ran then; with separate runs
 * per target the difference of two p50s moves by a few tenths of a millisecond from run to run.
 */
export interface OverheadSpec {
  targets: Target[];
  role: CallerRole;
  /** request bodies, sent in turn */
  bodies: string[];
  warmupSec: number;
  durationSec: number;
}

export interface OverheadResult {
  /** per target: latency of its requests (rps: requests ÷ the time spent waiting on that target) */
  figures: Map<TargetName, Figures>;
  /** per target: the median over iterations of (its latency − the first target's latency), in ms */
  pairedMedianMs: Map<TargetName, number>;
}

export async function measureOverhead(spec: OverheadSpec): Promise<OverheadResult> {
  const dispatcher = new Agent({ connections: 1, pipelining: 1, keepAliveTimeout: 60_000 });
  const headers = new Map<TargetName, Record<string, string>>();
  for (const t of spec.targets) headers.set(t.name, await headersFor(t, spec.role));
  const send = async (
    target: Target,
    body: string,
  ): Promise<{ ms: number; error: string | null }> => {
    const start = performance.now();
    try {
      const res = await request(target.url, {
        method: "POST",
        headers: headers.get(target.name),
        body,
        dispatcher,
      });
      const text = await res.body.text();
      const ms = performance.now() - start;
      const failed = res.statusCode !== 200 || hasGraphQLErrors(text);
      return { ms, error: failed ? `${res.statusCode}: ${text.slice(0, 300)}` : null };
    } catch (e) {
      return { ms: performance.now() - start, error: (e as Error).message };
    }
  };

  const run = async (seconds: number, record: boolean) => {
    const latencies = new Map(spec.targets.map((t) => [t.name, new Samples()]));
    const differences = new Map(spec.targets.map((t) => [t.name, [] as number[]]));
    const waited = new Map(spec.targets.map((t) => [t.name, 0]));
    const errors = new Map(
      spec.targets.map((t) => [t.name, { count: 0, first: null as string | null }]),
    );
    const until = performance.now() + seconds * 1000;
    for (let i = 0; performance.now() < until; i++) {
      const body = spec.bodies[i % spec.bodies.length];
      const times = new Map<TargetName, number>();
      for (let k = 0; k < spec.targets.length; k++) {
        const target = spec.targets[(i + k) % spec.targets.length];
        const { ms, error } = await send(target, body);
        times.set(target.name, ms);
        if (!record) continue;
        latencies.get(target.name)!.add(ms);
        waited.set(target.name, waited.get(target.name)! + ms);
        if (error) {
          const e = errors.get(target.name)!;
          e.count++;
          e.first ??= error;
        }
      }
      const base = times.get(spec.targets[0].name)!;
      for (const t of spec.targets) differences.get(t.name)!.push(times.get(t.name)! - base);
    }
    return { latencies, differences, waited, errors };
  };

  try {
    if (spec.warmupSec > 0) await run(spec.warmupSec, false);
    const measured = await run(spec.durationSec, true);
    const figures = new Map<TargetName, Figures>();
    const pairedMedianMs = new Map<TargetName, number>();
    for (const t of spec.targets) {
      const samples = measured.latencies.get(t.name)!;
      const p = samples.percentiles() ?? { p50: NaN, p95: NaN, p99: NaN };
      const e = measured.errors.get(t.name)!;
      const waitedSec = measured.waited.get(t.name)! / 1000;
      figures.set(t.name, {
        rps: waitedSec > 0 ? round(samples.length / waitedSec, 1) : 0,
        p50: round(p.p50, 3),
        p95: round(p.p95, 3),
        p99: round(p.p99, 3),
        errors: e.count,
        requests: samples.length,
        roundsRps: [],
        peakRssMb: null,
        cpuMsPerRequest: null,
        subgraphCpuMsPerRequest: null,
        firstError: e.first,
      });
      const d = [...measured.differences.get(t.name)!].sort((a, b) => a - b);
      pairedMedianMs.set(t.name, round(d.length ? d[d.length >> 1] : NaN, 3));
    }
    return { figures, pairedMedianMs };
  } finally {
    await dispatcher.close();
  }
}
