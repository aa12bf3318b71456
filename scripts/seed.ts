import "reflect-metadata";
import { loadConfig, type Config, type SubgraphName } from "../common/config";
import { type Database } from "../common/db";
import { openSubgraphDatabase } from "../common/server";
import {
  countSeedRows,
  databaseIsEmpty,
  defaultSeedPlan,
  emptyDatabase,
  planSeed,
  progressBar,
  silentProgress,
  writeSeed,
  type Progress,
  type SeedWritten,
} from "../seed";
import { SUBGRAPH_DEFINITIONS } from "./subgraphs";

/**
 * `npm run seed -- [--scale N] [--reset]`: writes the synthetic dataset (2016 and 2017, the
 * yearbook's figures at scale 1) into the databases the configuration names, the same ones
 * `npm start` uses. It refuses databases that hold records unless --reset empties them first.
 */
export interface SeedOptions {
  scale: number;
  reset: boolean;
  /** a progress bar; none unless given */
  progress?: (total: number) => Progress;
}

export interface SeedReport extends SeedWritten {
  subgraph: SubgraphName;
  kind: Database["kind"];
}

export function parseSeedArgs(args: string[]): { scale: number; reset: boolean } {
  let scale = 1;
  let reset = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--reset") reset = true;
    else if (arg === "--scale" || arg.startsWith("--scale=")) {
      const text = arg.includes("=") ? arg.slice("--scale=".length) : args[++i];
      scale = Number(text);
      if (!Number.isInteger(scale) || scale < 1 || scale > 500)
        throw new Error(`--scale takes a whole number from 1 to 500, got "${text ?? ""}"`);
    } else throw new Error(`unknown argument "${arg}": use --scale N and --reset`);
  }
  return { scale, reset };
}

/**
 * The rows a scale will write, for the progress bar. Counting a large plan's rows costs as much
 * as making them; they grow linearly with the scale (the network and the rota stay fixed), so
 * the plans of scale 1 and 2 tell the count of any scale within a percent or so.
 */
export function expectedRows(def: (typeof SUBGRAPH_DEFINITIONS)[number], scale: number): number {
  const one = countSeedRows(def, defaultSeedPlan());
  return scale === 1 ? one : one + (scale - 1) * (countSeedRows(def, planSeed(2)) - one);
}

export async function seedDatabases(config: Config, options: SeedOptions): Promise<SeedReport[]> {
  const opened: { def: (typeof SUBGRAPH_DEFINITIONS)[number]; database: Database }[] = [];
  try {
    for (const def of SUBGRAPH_DEFINITIONS)
      opened.push({
        def,
        database: await openSubgraphDatabase(def, config.subgraphs[def.name].databaseUrl),
      });
    // check every database before writing any, so a refusal leaves all of them as they were
    const full: string[] = [];
    for (const { def, database } of opened)
      if (!(await databaseIsEmpty(database))) full.push(def.name);
    if (full.length && !options.reset)
      throw new Error(
        `the ${full.join(", ")} database${full.length > 1 ? "s hold" : " holds"} records already: run with --reset to empty ${full.length > 1 ? "them" : "it"} first`,
      );
    for (const { database } of opened) if (options.reset) await emptyDatabase(database);

    const plan = planSeed(options.scale);
    const total = options.progress
      ? opened.reduce((sum, { def }) => sum + expectedRows(def, options.scale), 0)
      : 0;
    const progress = options.progress?.(total) ?? silentProgress;
    const reports: SeedReport[] = [];
    for (const { def, database } of opened) {
      progress.label(def.name);
      reports.push({
        subgraph: def.name,
        kind: database.kind,
        ...(await writeSeed(def, database, plan, progress)),
      });
    }
    progress.finish();
    return reports;
  } finally {
    for (const { database } of opened) await database.close();
  }
}

async function main() {
  const { scale, reset } = parseSeedArgs(process.argv.slice(2));
  const started = Date.now();
  const reports = await seedDatabases(loadConfig(), {
    scale,
    reset,
    progress: process.stderr.isTTY ? (total) => progressBar(total) : undefined,
  });
  const rate = (rows: number, seconds: number) =>
    Math.round(rows / Math.max(seconds, 0.001)).toLocaleString("en");
  for (const r of reports)
    console.log(
      `${r.subgraph}: ${r.rows.toLocaleString("en")} rows into ${r.kind} in ${r.insertSeconds.toFixed(1)} s (${rate(r.rows, r.insertSeconds)} rows/s), search index rebuilt in ${r.indexSeconds.toFixed(1)} s`,
    );
  const rows = reports.reduce((s, r) => s + r.rows, 0);
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `seeded scale ${scale}: ${rows.toLocaleString("en")} rows in ${seconds.toFixed(1)} s (${rate(rows, seconds)} rows/s overall, search indexes included)`,
  );
}

if (require.main === module)
  main().catch((e) => {
    console.error(`seed failed: ${(e as Error).message}`);
    process.exit(1);
  });
