import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../common/config";
import type { Child } from "./children";
import { prepareData } from "./data";
import { measureGrowth } from "./growth";
import { measureWorkload, type MeasureContext } from "./measure";
import { measureOverhead } from "./overhead";
import { megabytes, peakRssOf, procAvailable } from "./usage";
import { parseOptions, type BenchOptions } from "./options";
import { startIdentity, type BenchIdentity } from "./identity";
import { checkSameData, readSampleData } from "./probe";
import { gatewayOf, startGatewayProcess, startSubgraphs, type RunningGateway } from "./processes";
import { GRAFBASE_PACKAGE, grafbaseBinary } from "./grafbase";
import { benchPackageVersion } from "./peers";
import {
  evaluateGoals,
  gatewayDescriptions,
  machine,
  writeResults,
  type BenchResults,
  type WorkloadResult,
} from "./results";
import { round } from "./stats";
import { useIdentity, type GatewayName, type Target, type TargetName } from "./targets";
import { selectWorkloads } from "./workloads";

/**
 * `npm run bench`: our gateway beside Hive Gateway and Grafbase (or another build of ours, or
 * ours with the stock data source), each in its own process in front of the same subgraph
 * processes, run in turn on each workload; writes bench/RESULTS.md and bench/results.json.
 * A benchmark, not a test.
 */
function rootPackageVersion(name: string): string | null {
  try {
    // from the package's entry point up to its own package.json (not every package exports that file)
    let dir = path.dirname(require.resolve(name));
    while (dir !== path.dirname(dir)) {
      const file = path.join(dir, "package.json");
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, "utf8"));
        if (pkg.name === name) return pkg.version;
      }
      dir = path.dirname(dir);
    }
  } catch {
    // not installed
  }
  return null;
}

function versions(): Record<string, string | null> {
  return {
    "@apollo/gateway": rootPackageVersion("@apollo/gateway"),
    "@apollo/server": rootPackageVersion("@apollo/server"),
    "@graphql-hive/gateway": benchPackageVersion("@graphql-hive/gateway"),
    "@graphql-hive/router-runtime": benchPackageVersion("@graphql-hive/router-runtime"),
    [GRAFBASE_PACKAGE]: benchPackageVersion(GRAFBASE_PACKAGE),
  };
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const loadAtStart = os.loadavg();
  const log = (line: string) =>
    console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

  const identity = await startIdentity();
  useIdentity(identity);
  try {
    await benchmark(o, identity, log, started, loadAtStart);
  } finally {
    await identity.stop();
  }
}

/** The gateways beside ours that can run here, and why any asked for cannot. */
function otherGateways(o: BenchOptions): { others: GatewayName[]; notes: string[] } {
  const others: GatewayName[] = [];
  const notes: string[] = [];
  for (const a of o.against) {
    const g = gatewayOf(a);
    if (g === "grafbase" && !grafbaseBinary()) {
      notes.push(
        `Grafbase not measured: ${GRAFBASE_PACKAGE} is not installed in bench/node_modules (an optional package: Linux x64 only)`,
      );
      continue;
    }
    if (!others.includes(g)) others.push(g);
  }
  return { others, notes };
}

async function benchmark(
  o: BenchOptions,
  identity: BenchIdentity,
  log: (line: string) => void,
  started: number,
  loadAtStart: number[],
) {
  const { others, notes } = otherGateways(o);
  for (const n of notes) log(n);
  if (!others.length) throw new Error("no gateway to measure ours against");
  const workloads = selectWorkloads(o.workloads);
  const data = await prepareData(o, o.scale, log);
  if (data.note) log(data.note);
  const subgraphs = await startSubgraphs(o, data, identity);
  log(
    `subgraphs: ${Object.entries(subgraphs.urls)
      .map(([n, u]) => `${n} ${u}`)
      .join(", ")}`,
  );
  const gateways: RunningGateway[] = [];
  const results: Record<string, WorkloadResult> = {};
  let petitions = 0;
  const peakRssMb: BenchResults["peakRssMb"] = {};
  const children = new Map<TargetName, Child>();
  const ctx: MeasureContext = {
    options: o,
    children,
    subgraphPids: subgraphs.children.map((c) => c.pid),
    identity,
    log,
  };
  const names: GatewayName[] = ["ours", ...others];
  try {
    const launched = await Promise.allSettled(
      names.map((name) => startGatewayProcess(name, o, subgraphs.urls, identity)),
    );
    for (const s of launched) if (s.status === "fulfilled") gateways.push(s.value);
    for (const s of launched) if (s.status === "rejected") throw s.reason;
    for (const g of gateways) {
      children.set(g.target.name, g.child);
      log(`${g.target.name}: ${g.target.url} (pid ${g.child.pid})`);
    }
    const target = (name: GatewayName) => gateways.find((g) => g.target.name === name)!.target;
    const ours = target("ours");
    const peers = others.map(target);
    const direct: Target = { name: "direct", url: subgraphs.urls.bureau, pid: null };
    const sample = await readSampleData(ours);
    petitions = sample.totalPetitions;
    log(
      `${petitions} petitions; ${sample.pageCursors.length} pages and ${sample.petitionIds.length} petition ids to request; ${o.callers === "many" ? "an account per connection" : "one account for every connection"}`,
    );

    for (const w of workloads) {
      const targets = [ours, ...peers, ...(w.direct ? [direct] : [])];
      const agreement = await checkSameData(w, sample, targets);
      log(
        `${w.name}: ${w.title}; same data on ${agreement.compared} requests: ${agreement.same ? "yes" : `NO (${agreement.detail})`}`,
      );
      const figures = await measureWorkload(ctx, w, sample, targets);
      const a = figures.get("ours")!;
      const ratios = Object.fromEntries(
        others.map((n) => [
          n,
          figures.get(n)!.rps > 0 ? round(a.rps / figures.get(n)!.rps, 2) : null,
        ]),
      );
      log(`  ${w.name}: ` + others.map((n) => `ours ÷ ${n} ${ratios[n] ?? "-"}`).join(", "));
      // Under a closed loop p50 is mostly queueing; what the gateway itself adds shows one request
      // at a time, every target interleaved (see overhead.ts).
      const alone = w.direct
        ? await measureOverhead({
            targets: [direct, ours, ...peers],
            role: w.role,
            bodies: w.bodies(sample),
            warmupSec: o.warmupSec,
            durationSec: o.durationSec * o.rounds,
          })
        : null;
      if (alone)
        log(
          `  ${w.name} one request at a time, interleaved: ` +
            [direct, ours, ...peers]
              .map((t) => `${t.name} p50 ${alone.figures.get(t.name)!.p50.toFixed(2)} ms`)
              .join(", ") +
            `; paired median over direct: ${names.map((n) => `${n} ${alone.pairedMedianMs.get(n)} ms`).join(", ")}`,
        );
      const one = (name: TargetName) => alone?.figures.get(name)?.p50 ?? NaN;
      results[w.name] = {
        title: w.title,
        role: w.role,
        sameData: agreement.same,
        compared: agreement.compared,
        difference: agreement.detail,
        figures: Object.fromEntries(figures),
        ratios,
        ...(alone
          ? {
              oneConnection: Object.fromEntries(alone.figures),
              overheadP50Ms: Object.fromEntries(
                names.map((n) => [n, round(one(n) - one("direct"), 3)]),
              ),
              overheadPairedMedianMs: Object.fromEntries(
                names.map((n) => [n, alone.pairedMedianMs.get(n)!]),
              ),
            }
          : {}),
      };
    }
    for (const g of gateways) {
      const peak = procAvailable() ? peakRssOf(g.child.pid) : (await g.child.memory()).maxRss;
      peakRssMb[g.target.name as GatewayName] = megabytes(peak);
    }
  } finally {
    for (const g of gateways) await g.child.stop();
    await subgraphs.stop();
  }

  const growth = await measureGrowth(ctx);
  const partial: Omit<BenchResults, "goals"> = {
    date: new Date().toISOString(),
    others,
    command: [
      "npm run bench",
      ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : []),
    ].join(" "),
    quick: o.quick,
    machine: machine(loadAtStart),
    settings: {
      database:
        o.database === "mysql"
          ? `MariaDB/MySQL (${o.mysqlUrl.replace(/\/\/[^@]*@/, "//")})`
          : "SQLite files",
      dataset: data.dataset,
      scale: data.scale,
      petitions,
      dataNote: data.note,
      connections: o.connections,
      durationSec: o.durationSec,
      warmupSec: o.warmupSec,
      rounds: o.rounds,
      subgraphProcesses:
        o.subgraphProcesses === "each"
          ? "one process per subgraph"
          : "one process for all subgraphs",
      oursDist: path.relative(projectRoot(), o.oursDist) || ".",
      against: o.against.map((a) =>
        typeof a === "object" ? path.relative(projectRoot(), a.dist) : a,
      ),
      hiveDedupe: o.hiveDedupe,
      callers: o.callers,
      notes,
    },
    gateways: gatewayDescriptions(names, versions(), o.hiveDedupe),
    workloads: results,
    peakRssMb,
    growth,
  };
  const final: BenchResults = { ...partial, goals: evaluateGoals(partial) };
  const written = writeResults(o.outDir, final);
  for (const g of final.goals)
    log(
      `goal: ${g.name}: ${g.met === null ? "not measured" : g.met ? "met" : "NOT met"} (${g.detail})`,
    );
  log(
    `wrote ${path.relative(process.cwd(), written.markdown)} and ${path.relative(process.cwd(), written.json)} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`bench failed: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
