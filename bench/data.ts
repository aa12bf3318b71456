import { execFile } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { projectRoot, SUBGRAPHS, type SubgraphName } from "../common/config";
import { dropMysqlDatabase } from "../common/db";
import type { BenchOptions } from "./options";

/**
 * The bench's own databases (bench_* on MariaDB, or data/bench/*.sqlite), filled with the
 * yearbook dataset at a given scale by `scripts/seed`, or with the demo data while that
 * script is not in the tree yet.
 */
export interface PreparedData {
  databaseUrls: Record<SubgraphName, string>;
  dataset: "yearbook" | "demo";
  scale: number;
  /** DEMO_DATA for the subgraphs: the demo data is loaded by them on start */
  demoData: "auto" | "off";
  note: string | null;
}

export function envKey(name: SubgraphName): string {
  return name.toUpperCase().replace(/-/g, "_");
}

export function benchDatabaseUrls(o: BenchOptions): Record<SubgraphName, string> {
  const urls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPHS)
    urls[name] =
      o.database === "mysql"
        ? `${o.mysqlUrl}/bench_${name.replace(/-/g, "_")}`
        : `sqlite:${path.join(projectRoot(), "data", "bench", `${name}.sqlite`)}`;
  return urls;
}

/** The compiled seed script, when the tree has one. */
export function seedScript(): string | null {
  const script = path.join(projectRoot(), "dist", "scripts", "seed.js");
  return existsSync(script) ? script : null;
}

export const SEEDING_UNAVAILABLE =
  "seeding is not available yet (no scripts/seed.ts in this tree): the demo data (scale 1) is used";

async function emptyDatabases(urls: Record<SubgraphName, string>): Promise<void> {
  for (const url of Object.values(urls)) {
    if (url.startsWith("sqlite:")) {
      const file = url.slice("sqlite:".length);
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    } else {
      await dropMysqlDatabase(url);
    }
  }
}

/** Empties the bench databases and fills them at `scale`. */
export async function prepareData(
  o: BenchOptions,
  scale: number,
  log: (line: string) => void,
): Promise<PreparedData> {
  const databaseUrls = benchDatabaseUrls(o);
  const script = seedScript();
  if (!script) {
    await emptyDatabases(databaseUrls);
    return {
      databaseUrls,
      dataset: "demo",
      scale: 1,
      demoData: "auto",
      note:
        scale === 1 ? SEEDING_UNAVAILABLE : `scale ${scale} asked for, but ${SEEDING_UNAVAILABLE}`,
    };
  }
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    DEMO_DATA: "off",
  };
  for (const name of SUBGRAPHS) env[`${envKey(name)}_DB_URL`] = databaseUrls[name];
  const started = Date.now();
  log(`seeding the yearbook dataset at scale ${scale} …`);
  await promisify(execFile)(process.execPath, [script, "--scale", String(scale), "--reset"], {
    cwd: projectRoot(),
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { databaseUrls, dataset: "yearbook", scale, demoData: "off", note: null };
}
