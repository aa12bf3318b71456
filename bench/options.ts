import path from "node:path";
import { projectRoot } from "../common/config";

export type Against = "hive" | "grafbase" | "stock" | { dist: string };

/** What one `npm run bench` does; read from the command line (`npm run bench -- --quick …`). */
export interface BenchOptions {
  quick: boolean;
  database: "mysql" | "sqlite";
  /** the MySQL/MariaDB server the bench_* databases are created on */
  mysqlUrl: string;
  /** the yearbook dataset's scale (`npm run seed -- --scale N`) */
  scale: number;
  connections: number;
  /** seconds measured per run, after the warm-up */
  durationSec: number;
  warmupSec: number;
  /** how many times each gateway runs each workload, alternating A B A B … */
  rounds: number;
  /** workloads to run, by name; all unless given */
  workloads: string[] | null;
  /** run the data-growth step (page latency at ×1, ×10 and ×100) */
  growth: boolean;
  /** the scales of the data-growth step */
  growthScales: number[];
  /** run each subgraph in its own process (true) or all three in one */
  subgraphProcesses: "one" | "each";
  /** the compiled tree our gateway is started from (another build of ours can be compared) */
  oursDist: string;
  /**
   * the gateways ours is measured against, side by side in the same run: Hive Gateway and
   * Grafbase (default; Grafbase where its binary is installed), ours with @apollo/gateway's stock
   * data source (`stock`), or ours from another compiled tree (`variant`, `--against <dist dir>`)
   */
  against: Against[];
  /**
   * who the connections are: an account each (default: many users at once, where no gateway
   * may share anything between them), or one account of the workload's role for all of them
   * (one user's many tabs, which Hive Gateway's inbound deduplication can merge)
   */
  callers: "one" | "many";
  /** Hive Gateway's in-flight deduplication, inbound (keyed by account) and of subgraph calls: on, as its users run it */
  hiveDedupe: boolean;
  /** write a CPU profile of each gateway process into this folder (the figures then suffer) */
  cpuProfileDir: string | null;
  /** where RESULTS.md and results.json go */
  outDir: string;
  verbose: boolean;
}

const USAGE = `npm run bench -- [options]
  --quick                 short runs, no data-growth step (about a minute)
  --sqlite                subgraphs on SQLite files instead of MariaDB
  --mysql-url URL         MariaDB/MySQL server (default mysql://root@127.0.0.1:3306)
  --scale N               yearbook dataset scale (needs scripts/seed.ts; default 1)
  --connections N         concurrent connections per run (default 20)
  --duration S            measured seconds per run (default 10, quick 2.5)
  --warmup S              warm-up seconds before each run (default 3, quick 1)
  --rounds N              A B rounds per workload (default 3, quick 1)
  --workloads a,b         only these workloads (page, petition, report, search, bureau)
  --growth / --no-growth  page latency at ×1, ×10, ×100 (default on, off with --quick)
  --subgraphs one|each    one process for all subgraphs or one each (default each)
  --ours-dist DIR         start our gateway from another compiled tree (default dist)
  --against LIST          gateways beside ours, comma-separated: hive, grafbase, stock (ours with
                          @apollo/gateway's stock data source), or a DIR with another build of ours
                          (default hive,grafbase; grafbase only where its binary is installed)
  --callers many|one      an account per connection (default), or one account for all of them
  --hive-dedupe on|off    Hive Gateway's in-flight deduplication, inbound (keyed by account) and of
                          subgraph calls (default on, as its users run it)
  --cpu-prof DIR          write each gateway's CPU profile (.cpuprofile) into DIR
  --out DIR               where RESULTS.md and results.json go (default bench)
  --verbose               show the children's output`;

function positive(name: string, value: string | undefined, integer = true): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new Error(`${name} needs a positive ${integer ? "whole " : ""}number, got "${value}"`);
  return n;
}

export function parseOptions(argv: string[]): BenchOptions {
  const root = projectRoot();
  const quick = argv.includes("--quick");
  const o: BenchOptions = {
    quick,
    database: "mysql",
    mysqlUrl: "mysql://root@127.0.0.1:3306",
    scale: 1,
    connections: 20,
    durationSec: quick ? 2.5 : 10,
    warmupSec: quick ? 1 : 3,
    rounds: quick ? 1 : 3,
    workloads: null,
    growth: !quick,
    growthScales: [1, 10, 100],
    subgraphProcesses: "each",
    oursDist: path.join(root, "dist"),
    against: ["hive", "grafbase"],
    callers: "many",
    hiveDedupe: true,
    cpuProfileDir: null,
    outDir: path.join(root, "bench"),
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    switch (arg) {
      case "--quick":
        break;
      case "--sqlite":
        o.database = "sqlite";
        break;
      case "--mysql-url":
        o.mysqlUrl = value().replace(/\/+$/, "");
        break;
      case "--scale":
        o.scale = positive(arg, value());
        break;
      case "--connections":
        o.connections = positive(arg, value());
        break;
      case "--duration":
        o.durationSec = positive(arg, value(), false);
        break;
      case "--warmup":
        o.warmupSec = Number(value());
        if (!(o.warmupSec >= 0)) throw new Error("--warmup needs 0 or more seconds");
        break;
      case "--rounds":
        o.rounds = positive(arg, value());
        break;
      case "--workloads":
        o.workloads = value()
          .split(",")
          .map((w) => w.trim())
          .filter(Boolean);
        break;
      case "--growth":
        o.growth = true;
        break;
      case "--no-growth":
        o.growth = false;
        break;
      case "--subgraphs": {
        const v = value();
        if (v !== "one" && v !== "each") throw new Error("--subgraphs is one or each");
        o.subgraphProcesses = v;
        break;
      }
      case "--ours-dist":
        o.oursDist = path.resolve(value());
        break;
      case "--against": {
        o.against = value()
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean)
          .map((v): Against =>
            v === "hive" || v === "grafbase" || v === "stock" ? v : { dist: path.resolve(v) },
          );
        if (!o.against.length) throw new Error("--against needs at least one gateway");
        if (o.against.filter((a) => typeof a === "object").length > 1)
          throw new Error("--against takes one other build of ours at a time");
        break;
      }
      case "--callers": {
        const v = value();
        if (v !== "one" && v !== "many") throw new Error("--callers is one or many");
        o.callers = v;
        break;
      }
      case "--hive-dedupe": {
        const v = value();
        if (v !== "on" && v !== "off") throw new Error("--hive-dedupe is on or off");
        o.hiveDedupe = v === "on";
        break;
      }
      case "--cpu-prof":
        o.cpuProfileDir = path.resolve(value());
        break;
      case "--out":
        o.outDir = path.resolve(value());
        break;
      case "--verbose":
        o.verbose = true;
        break;
      case "--help":
      case "-h":
        console.log(USAGE);
        return process.exit(0);
      default:
        throw new Error(`unknown option "${arg}"\n${USAGE}`);
    }
  }
  // a run's requests carry a signed caller made when the run starts, valid for two minutes
  if (o.durationSec > 100 || o.warmupSec > 100)
    throw new Error(
      "--duration and --warmup are at most 100 seconds: split longer measurements into --rounds",
    );
  return o;
}
