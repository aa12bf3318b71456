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
  /** figures per target: `ours`, each other gateway, and `direct` where measured */
  figures: Partial<Record<TargetName, Figures>>;
  /** requests per second, ours ÷ each other gateway */
  ratios: Partial<Record<GatewayName, number | null>>;
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
  /** the gateways measured beside ours, in the order of the tables */
  others: GatewayName[];
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

/** The peer the goals compare ours with: the Rust one when it ran, else Hive Gateway; none in a run of our own builds. */
function reference(r: Omit<BenchResults, "goals">): GatewayName | undefined {
  return r.others.includes("grafbase")
    ? "grafbase"
    : r.others.includes("hive")
      ? "hive"
      : undefined;
}

/** Checks the issue's goals against the figures; null when the bench could not measure one. */
export function evaluateGoals(r: Omit<BenchResults, "goals">): BenchResults["goals"] {
  const other = reference(r);
  const ratios = Object.entries(r.workloads).map(
    ([name, w]) => [name, other ? (w.ratios[other] ?? null) : null] as const,
  );
  const worst = ratios.filter(([, v]) => v !== null).sort((a, b) => a[1]! - b[1]!)[0];
  const overhead = r.workloads.bureau?.overheadP50Ms?.ours;
  return [
    {
      name: `ours ≥ 1.0× ${other ?? "a peer gateway (none ran)"} on every workload (req/s, ${r.settings.callers === "many" ? "an account per connection" : "one account"})`,
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

/** results.json: the same figures as the tables, per workload and target `rps`, `p50`, `p95`, `p99`, `errors`, CPU, and `ratios`. */
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

function toMarkdown(r: BenchResults): string {
  const s = r.settings;
  const m = r.machine;
  const gateways: GatewayName[] = ["ours", ...r.others];
  const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  const rule = (n: number) => `|---|${Array.from({ length: n - 1 }, () => "---:").join("|")}|`;
  const lines = [
    "# Gateway benchmark results",
    "",
    `Written by \`${r.command}\` on ${r.date}${r.quick ? " (quick run: short, noisy figures)" : ""}.`,
    "",
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; load average ${(m.loadAverageAtStart as number[]).join(" ")} at start, ${(m.loadAverageAtEnd as number[]).join(" ")} at the end`,
    `- Data: ${s.dataset} at scale ${s.scale} (${s.petitions} petitions) on ${s.database}${s.dataNote ? `; ${s.dataNote}` : ""}`,
    `- Load: autocannon closed loop, ${s.connections} connections, ${s.warmupSec} s warm-up + ${s.durationSec} s measured per run, ${s.rounds} round(s) per gateway, the order turning by one gateway each round`,
    `- Callers: ${s.callers === "many" ? "each connection its own account of the workload's role (many users: no gateway may share an execution or a subgraph call between two connections)" : "every connection the same account of the workload's role (one user: identical requests in flight may share where a gateway does that)"}`,
    `- Gateways, each in its own process, over the same subgraph processes (${s.subgraphProcesses}):`,
    ...gateways.map((g) => `  - ${r.gateways[g]}`),
    ...((s.notes as string[] | undefined) ?? []).map((n) => `- ${n}`),
    "",
    "Requests per second (all rounds), and ours ÷ each other gateway:",
    "",
    row([
      "workload",
      ...gateways.map((g) => `${g} req/s`),
      ...r.others.map((g) => `ours ÷ ${g}`),
      "same data",
    ]),
    rule(1 + gateways.length + r.others.length + 1),
  ];
  for (const [name, w] of Object.entries(r.workloads))
    lines.push(
      row([
        `${name}: ${w.title}`,
        ...gateways.map((g) => cell(w.figures[g]?.rps, 1)),
        ...r.others.map((g) => cell(w.ratios[g])),
        w.sameData ? "yes" : `NO: ${w.difference}`,
      ]),
    );
  lines.push(
    "",
    "CPU time per request (ms) of each gateway's process, and of the three subgraph processes together while that gateway ran; latency p50 / p99 (ms); errors:",
    "",
    row([
      "workload",
      ...gateways.map((g) => `${g} CPU`),
      ...gateways.map((g) => `subgraphs under ${g}`),
      ...gateways.map((g) => `${g} p50 / p99`),
      "errors",
    ]),
    rule(1 + gateways.length * 3 + 1),
  );
  for (const [name, w] of Object.entries(r.workloads))
    lines.push(
      row([
        name,
        ...gateways.map((g) => cell(w.figures[g]?.cpuMsPerRequest)),
        ...gateways.map((g) => cell(w.figures[g]?.subgraphCpuMsPerRequest)),
        ...gateways.map((g) => `${cell(w.figures[g]?.p50)} / ${cell(w.figures[g]?.p99)}`),
        gateways.map((g) => `${g} ${w.figures[g]?.errors ?? "–"}`).join(", "),
      ]),
    );
  const bureau = r.workloads.bureau;
  if (bureau?.figures.direct && bureau.oneConnection) {
    const d = bureau.figures.direct;
    const one = bureau.oneConnection;
    lines.push(
      "",
      `Straight to the bureau subgraph, ${s.connections} connections: ${cell(d.rps, 1)} req/s, p50 / p95 / p99 ${cell(d.p50)} / ${cell(d.p95)} / ${cell(d.p99)} ms.`,
      "",
      "The gateway's own overhead on the bureau page, one request at a time, the direct call and every gateway interleaved (overhead = p50 through the gateway − p50 straight to the subgraph; paired = median over iterations of the same difference):",
      "",
      row(["target", "p50 / p95 / p99 ms", "requests", "overhead at p50 ms", "paired overhead ms"]),
      rule(5),
      row([
        "direct",
        `${cell(one.direct?.p50)} / ${cell(one.direct?.p95)} / ${cell(one.direct?.p99)}`,
        one.direct?.requests ?? "–",
        "–",
        "–",
      ]),
      ...gateways.map((g) =>
        row([
          g,
          `${cell(one[g]?.p50)} / ${cell(one[g]?.p95)} / ${cell(one[g]?.p99)}`,
          one[g]?.requests ?? "–",
          cell(bureau.overheadP50Ms?.[g]),
          cell(bureau.overheadPairedMedianMs?.[g]),
        ]),
      ),
    );
  }
  lines.push(
    "",
    "Peak resident memory per gateway process (MB), whole run and per workload:",
    "",
    row(["", "whole run", ...Object.keys(r.workloads)]),
    rule(2 + Object.keys(r.workloads).length),
  );
  for (const g of gateways)
    lines.push(
      row([
        g,
        cell(r.peakRssMb[g], 1),
        ...Object.values(r.workloads).map((w) => cell(w.figures[g]?.peakRssMb, 1)),
      ]),
    );
  lines.push(
    "",
    "Requests per second of each round, in the order the rounds ran (how steady the machine was):",
    "",
  );
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

export function writeResults(outDir: string, r: BenchResults): { markdown: string; json: string } {
  mkdirSync(outDir, { recursive: true });
  const markdown = path.join(outDir, "RESULTS.md");
  const json = path.join(outDir, "results.json");
  writeFileSync(markdown, toMarkdown(r));
  writeFileSync(json, JSON.stringify(toJson(r), null, 2) + "\n");
  return { markdown, json };
}

/** What each gateway is, with the versions that ran. */
export function gatewayDescriptions(
  gateways: GatewayName[],
  versions: Record<string, string | null>,
  hiveDedupe: boolean,
): Record<string, string> {
  const v = (name: string) => `${name} ${versions[name] ?? "not installed"}`;
  const out: Record<string, string> = {};
  for (const g of gateways)
    out[g] =
      g === "ours" || g === "stock"
        ? `${describeGateway(g)}: ${v("@apollo/gateway")}, ${v("@apollo/server")}; NODE_ENV=production`
        : g === "hive"
          ? `${describeGateway(g)}: ${v("@graphql-hive/gateway")}, ${v("@graphql-hive/router-runtime")}; in-flight deduplication ${hiveDedupe ? "on, inbound (keyed by the authorization header) and of subgraph calls" : "off"}; NODE_ENV=production`
          : g === "grafbase"
            ? `${describeGateway(g)}: ${v("@grafbase/cli-x86_64-unknown-linux-musl")}, its defaults, the graph composed from schema/subgraphs/*.graphql, the signed caller forwarded`
            : describeGateway(g);
  return out;
}
