import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Figures } from "./measure";
import { round } from "./stats";
import { describeGateway, type GatewayName, type TargetName } from "./targets";

export interface WorkloadResult {
  title: string;
  role: string;
  /** every target returned the same data, without errors, for the requests compared */
  sameData: boolean;
  compared: number;
  difference: string | null;
  /** figures per target: `ours`, the other gateway (`hive` or `variant`), and `direct` where measured */
  figures: Partial<Record<TargetName, Figures>>;
  /** requests per second, ours ÷ the other gateway */
  ratio: number | null;
  /** the same workload one request at a time, targets interleaved (overhead.ts): latency is the work itself, not queueing */
  oneConnection?: Partial<Record<TargetName, Figures>>;
  /** one request at a time: p50 through each gateway minus p50 straight to the subgraph, in ms */
  overheadP50Ms?: Partial<Record<GatewayName, number>>;
  /** one request at a time: the median of (through the gateway − straight to the subgraph) over the interleaved iterations, in ms */
  overheadPairedMedianMs?: Partial<Record<GatewayName, number>>;
}

export interface GrowthPoint {
  scale: number;
  petitions: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** the same page with one connection */
  oneConnection: { p50: number; p95: number; p99: number };
}

export interface GrowthResult {
  ran: boolean;
  note: string | null;
  points: GrowthPoint[];
  /** with one connection: p50 at the largest scale ÷ p50 at the smallest */
  p50Growth: number | null;
}

export interface BenchResults {
  date: string;
  /** the command line the run was started with */
  command: string;
  quick: boolean;
  machine: Record<string, unknown>;
  settings: Record<string, unknown>;
  gateways: Record<string, string>;
  workloads: Record<string, WorkloadResult>;
  /** each gateway's highest resident memory over the whole run, in MB */
  peakRssMb: Partial<Record<GatewayName, number | null>>;
  growth: GrowthResult;
  goals: { name: string; met: boolean | null; detail: string }[];
}

export function machine(loadAtStart: number[]): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverageAtStart: loadAtStart.map((l) => round(l, 2)),
    loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)),
  };
}

/** Checks the issue's goals against the figures; null when the bench could not measure one. */
export function evaluateGoals(
  r: Omit<BenchResults, "goals">,
  other: GatewayName,
): BenchResults["goals"] {
  const ratios = Object.entries(r.workloads).map(([name, w]) => [name, w.ratio] as const);
  const worst = ratios.filter(([, v]) => v !== null).sort((a, b) => a[1]! - b[1]!)[0];
  const overhead = r.workloads.bureau?.overheadP50Ms?.ours;
  return [
    {
      name: `ours ≥ 1.0× ${other} on every workload (req/s)`,
      met: worst ? worst[1]! >= 1 : null,
      detail: worst
        ? ratios.map(([n, v]) => `${n} ${v ?? "-"}×`).join(", ")
        : "no workload measured",
    },
    {
      name: "gateway overhead over a direct subgraph call ≤ 1 ms at p50",
      met: overhead === undefined ? null : overhead <= 1,
      detail: overhead === undefined ? "the bureau workload did not run" : `${overhead} ms`,
    },
    {
      name: "page latency at ×100 within 1.5× of default data (p50, one connection)",
      met: r.growth.p50Growth === null ? null : r.growth.p50Growth <= 1.5,
      detail:
        r.growth.p50Growth === null ? (r.growth.note ?? "not measured") : `${r.growth.p50Growth}×`,
    },
  ];
}

/** results.json: the same figures as the table, per workload `rps`, `p50`, `p95`, `p99`, `errors` per target, and `ratio`. */
function toJson(r: BenchResults): unknown {
  const workloads: Record<string, unknown> = {};
  for (const [name, w] of Object.entries(r.workloads)) {
    const { figures, ...rest } = w;
    workloads[name] = { ...rest, ...figures };
  }
  return { ...r, workloads };
}

const cell = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined || Number.isNaN(v) ? "–" : v.toFixed(digits);
const mark = (met: boolean | null) => (met === null ? "not measured" : met ? "met" : "NOT met");

function toMarkdown(r: BenchResults, other: GatewayName): string {
  const s = r.settings;
  const m = r.machine;
  const lines = [
    "# Gateway benchmark results",
    "",
    `Written by \`${r.command}\` on ${r.date}${r.quick ? " (quick run: short, noisy figures)" : ""}.`,
    "",
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; load average ${(m.loadAverageAtStart as number[]).join(" ")} at start, ${(m.loadAverageAtEnd as number[]).join(" ")} at the end`,
    `- Data: ${s.dataset} at scale ${s.scale} (${s.petitions} petitions) on ${s.database}${s.dataNote ? `; ${s.dataNote}` : ""}`,
    `- Load: autocannon closed loop, ${s.connections} connections, ${s.warmupSec} s warm-up + ${s.durationSec} s measured per run, ${s.rounds} round(s) per gateway, alternating`,
    `- Callers: ${s.callers === "many" ? "each connection its own account of the workload's role (many users: no two connections' requests can share an execution or a subgraph call)" : "every connection the same account of the workload's role (one user: identical requests in flight may share, in both gateways)"}`,
    `- Gateways, each in its own process with NODE_ENV=production, over the same subgraph processes (${s.subgraphProcesses}) and the same supergraph file: ${Object.values(r.gateways).join("; ")}`,
    "",
    `| workload | ours req/s | ${other} req/s | ratio | ours p50 / p95 / p99 ms | ${other} p50 / p95 / p99 ms | errors ours / ${other} | gateway CPU ms/req ours / ${other} | same data |`,
    "|---|---:|---:|---:|---|---|---|---|---|",
  ];
  for (const [name, w] of Object.entries(r.workloads)) {
    const a = w.figures.ours;
    const b = w.figures[other];
    const lat = (f?: Figures) => (f ? `${cell(f.p50)} / ${cell(f.p95)} / ${cell(f.p99)}` : "–");
    lines.push(
      `| ${name}: ${w.title} | ${cell(a?.rps, 1)} | ${cell(b?.rps, 1)} | ${cell(w.ratio)} | ${lat(a)} | ${lat(b)} | ${a?.errors ?? "–"} / ${b?.errors ?? "–"} | ${cell(a?.cpuMsPerRequest)} / ${cell(b?.cpuMsPerRequest)} | ${w.sameData ? "yes" : `NO: ${w.difference}`} |`,
    );
  }
  const bureau = r.workloads.bureau;
  if (bureau?.figures.direct && bureau.oneConnection) {
    const d = bureau.figures.direct;
    const one = bureau.oneConnection;
    const lat = (f?: Figures) =>
      f ? `${cell(f.p50)} / ${cell(f.p95)} / ${cell(f.p99)} ms (${f.requests} requests)` : "–";
    lines.push(
      "",
      `Straight to the bureau subgraph, ${s.connections} connections: ${cell(d.rps, 1)} req/s, p50 / p95 / p99 ${cell(d.p50)} / ${cell(d.p95)} / ${cell(d.p99)} ms.`,
      "",
      `The gateway's own overhead, one request at a time with the three targets interleaved (p50 / p95 / p99): direct ${lat(one.direct)}; ours ${lat(one.ours)}; ${other} ${lat(one[other])}. ` +
        `Overhead at p50: ours ${cell(bureau.overheadP50Ms?.ours)} ms, ${other} ${cell(bureau.overheadP50Ms?.[other])} ms ` +
        `(median of the paired differences: ours ${cell(bureau.overheadPairedMedianMs?.ours)} ms, ${other} ${cell(bureau.overheadPairedMedianMs?.[other])} ms).`,
    );
  }
  lines.push(
    "",
    "Peak resident memory per gateway process (MB), whole run and per workload:",
    "",
    `| | whole run | ${Object.keys(r.workloads).join(" | ")} |`,
    `|---|---:|${Object.keys(r.workloads)
      .map(() => "---:")
      .join("|")}|`,
  );
  for (const g of ["ours", other] as GatewayName[])
    lines.push(
      `| ${g} | ${cell(r.peakRssMb[g], 1)} | ${Object.values(r.workloads)
        .map((w) => cell(w.figures[g]?.peakRssMb, 1))
        .join(" | ")} |`,
    );
  lines.push("", "Requests per second of each round (how steady the machine was):", "");
  for (const [name, w] of Object.entries(r.workloads))
    lines.push(
      `- ${name}: ${Object.entries(w.figures)
        .map(([t, f]) => `${t} ${f!.roundsRps.join(", ")}`)
        .join("; ")}`,
    );
  lines.push("", "## Page latency as the data grows (ours)", "");
  if (r.growth.ran) {
    lines.push(
      `| scale | petitions | req/s (${s.connections} conn) | p50 / p95 / p99 ms (${s.connections} conn) | p50 / p95 / p99 ms (1 conn) | errors |`,
      "|---:|---:|---:|---|---|---:|",
    );
    for (const p of r.growth.points)
      lines.push(
        `| ×${p.scale} | ${p.petitions} | ${cell(p.rps, 1)} | ${cell(p.p50)} / ${cell(p.p95)} / ${cell(p.p99)} | ${cell(p.oneConnection.p50)} / ${cell(p.oneConnection.p95)} / ${cell(p.oneConnection.p99)} | ${p.errors} |`,
      );
    lines.push(
      "",
      `With one connection, p50 at the largest scale ÷ p50 at the smallest: ${cell(r.growth.p50Growth)}×`,
    );
  } else {
    lines.push(`Not measured: ${r.growth.note}.`);
  }
  lines.push("", "## Goals", "");
  for (const g of r.goals) lines.push(`- ${g.name}: **${mark(g.met)}** (${g.detail})`);
  lines.push("");
  return lines.join("\n");
}

export function writeResults(
  outDir: string,
  r: BenchResults,
  other: GatewayName,
): { markdown: string; json: string } {
  mkdirSync(outDir, { recursive: true });
  const markdown = path.join(outDir, "RESULTS.md");
  const json = path.join(outDir, "results.json");
  writeFileSync(markdown, toMarkdown(r, other));
  writeFileSync(json, JSON.stringify(toJson(r), null, 2) + "\n");
  return { markdown, json };
}

export function gatewayDescriptions(
  other: GatewayName,
  versions: Record<string, string>,
  hiveDedupe: boolean,
): Record<string, string> {
  return {
    ours: `${describeGateway("ours")}: @apollo/gateway ${versions["@apollo/gateway"]}, @apollo/server ${versions["@apollo/server"]}`,
    [other]:
      other === "hive"
        ? `${describeGateway("hive")}: @graphql-hive/gateway ${versions["@graphql-hive/gateway"]}, @graphql-hive/router-runtime ${versions["@graphql-hive/router-runtime"]}, in-flight deduplication ${hiveDedupe ? "on (its default)" : "off"}`
        : describeGateway(other),
  };
}
