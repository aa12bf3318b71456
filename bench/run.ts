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
import { startGatewayProcess, startSubgraphs, type RunningGateway } from "./processes";
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
 * `npm run bench`: our gateway and Hive Gateway (or another build of ours), each in its own
 * process in front of the same subgraph processes and the same supergraph, run alternately on
 * each workload; writes bench/RESULTS.md and bench/results.json. A benchmark, not a test.
 */
function versions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [
    "@apollo/gateway",
    "@apollo/server",
    "@graphql-hive/gateway",
    "@graphql-hive/router-runtime",
  ]) {
    out[name] = "not installed";
    try {
      // from the package's entry point up to its own package.json (not every package exports that file)
      let dir = path.dirname(require.resolve(name));
      while (dir !== path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (existsSync(file)) {
          const pkg = JSON.parse(readFileSync(file, "utf8"));
          if (pkg.name === name) {
            out[name] = pkg.version;
            break;
          }
        }
        dir = path.dirname(dir);
      }
    } catch {
      // stays "not installed"
    }
  }
  return out;
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

async function benchmark(
  o: BenchOptions,
  identity: BenchIdentity,
  log: (line: string) => void,
  started: number,
  loadAtStart: number[],
) {
  const other: GatewayName = o.against === "hive" ? "hive" : "variant";
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
  try {
    const launched = await Promise.allSettled(
      (["ours", other] as GatewayName[]).map((name) =>
        startGatewayProcess(name, o, subgraphs.urls, identity),
      ),
    );
    for (const s of launched) if (s.status === "fulfilled") gateways.push(s.value);
    for (const s of launched) if (s.status === "rejected") throw s.reason;
    for (const g of gateways) {
      children.set(g.target.name, g.child);
      log(`${g.target.name}: ${g.target.url} (pid ${g.child.pid})`);
    }
    const [ours, theirs] = gateways.map((g) => g.target);
    const direct: Target = { name: "direct", url: subgraphs.urls.bureau, pid: null };
    const sample = await readSampleData(ours);
    petitions = sample.totalPetitions;
    log(
      `${petitions} petitions; ${sample.pageCursors.length} pages and ${sample.petitionIds.length} petition ids to request`,
    );

    for (const w of workloads) {
      const targets = w.direct ? [ours, theirs, direct] : [ours, theirs];
      const agreement = await checkSameData(w, sample, targets);
      log(
        `${w.name}: ${w.title}; same data on ${agreement.compared} requests: ${agreement.same ? "yes" : `NO (${agreement.detail})`}`,
      );
      const figures = await measureWorkload(ctx, w, sample, targets);
      const a = figures.get("ours")!;
      const b = figures.get(other)!;
      // Under a closed loop p50 is mostly queueing; what the gateway itself adds shows one request
      // at a time, every target interleaved (see overhead.ts).
      const alone = w.direct
        ? await measureOverhead({
            targets: [direct, ours, theirs],
            role: w.role,
            bodies: w.bodies(sample),
            warmupSec: o.warmupSec,
            durationSec: o.durationSec * o.rounds,
          })
        : null;
      const single = alone?.figures;
      if (alone)
        ctx.log(
          `  ${w.name} one request at a time, interleaved: ` +
            [direct, ours, theirs]
              .map((t) => `${t.name} p50 ${alone.figures.get(t.name)!.p50.toFixed(2)} ms`)
              .join(", ") +
            `; paired median over direct: ours ${alone.pairedMedianMs.get("ours")} ms, ${other} ${alone.pairedMedianMs.get(other)} ms`,
        );
      const one = (name: TargetName) => single?.get(name)?.p50 ?? NaN;
      results[w.name] = {
        title: w.title,
        role: w.role,
        sameData: agreement.same,
        compared: agreement.compared,
        difference: agreement.detail,
        figures: Object.fromEntries(figures),
        ratio: b.rps > 0 ? round(a.rps / b.rps, 2) : null,
        ...(single
          ? {
              oneConnection: Object.fromEntries(single),
              overheadP50Ms: {
                ours: round(one("ours") - one("direct"), 3),
                [other]: round(one(other) - one("direct"), 3),
              },
              overheadPairedMedianMs: {
                ours: alone!.pairedMedianMs.get("ours")!,
                [other]: alone!.pairedMedianMs.get(other)!,
              },
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
      against: o.against === "hive" ? "hive" : path.relative(projectRoot(), o.against.dist),
      hiveDedupe: o.hiveDedupe,
      callers: o.callers,
    },
    gateways: gatewayDescriptions(other, versions(), o.hiveDedupe),
    workloads: results,
    peakRssMb,
    growth,
  };
  const final: BenchResults = { ...partial, goals: evaluateGoals(partial, other) };
  const written = writeResults(o.outDir, final, other);
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
