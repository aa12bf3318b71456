import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { projectRoot, SUBGRAPHS, type SubgraphName } from "../common/config";
import { dropMysqlDatabase } from "../common/db";
import { signToken } from "../gateway/auth";

/**
 * What the benches over a scaled dataset (bench/search.ts, bench/statistics.ts) share: the
 * whole system started as `npm start` starts it, stopped, percentiles of the samples, and the
 * databases dropped afterwards.
 */
/** Drops what a scaled bench created: its SQLite folder, or its databases on the MySQL server. */
export async function dropDatabases(
  sqlite: boolean,
  dir: string,
  urls: Record<SubgraphName, string>,
): Promise<void> {
  if (sqlite) rmSync(dir, { recursive: true, force: true });
  else for (const name of SUBGRAPHS) await dropMysqlDatabase(urls[name]);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The median and the 95th percentile of a term's or query's samples. */
export function summary(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** `npm start` in a child process; resolves with the gateway's URL once the graph is ready. */
export function startSystem(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(projectRoot(), "dist", "scripts", "start.js")], {
    cwd: projectRoot(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /The graph is ready at (\S+)/.exec(output);
      if (ready) resolve({ child, url: ready[1] });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) =>
      reject(new Error(`the system exited (${code}) before it was ready:\n${output.slice(-2000)}`)),
    );
  });
}

export function stopSystem(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** A subgraph's name as its environment variables spell it (BUREAU_DB_URL, SERVICE_CENTER_PORT). */
export const envKey = (name: SubgraphName) => name.toUpperCase().replace(/-/g, "_");

/** Asks the graph as the token's caller; a GraphQL error stops the bench. */
export function graphAsker(url: string, token: string) {
  return async (query: string, variables: Record<string, unknown> = {}): Promise<any> => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
}

export interface ScaledRun {
  label: string;
  /** null: the default dataset, as `npm start` loads it */
  scale: number | null;
  dir: string;
  urls: Record<SubgraphName, string>;
  /** the databases were seeded before the bench: neither seeded nor dropped by it */
  seededBefore: boolean;
  sqlite: boolean;
  /** the leader account the bench signs in as */
  subject: string;
}

/**
 * One dataset measured: seeded at its scale (unless seeded before), the whole system started on
 * it, `measure` run as a leader, the system stopped and the databases dropped. A string when
 * nothing could be measured.
 */
export async function measureScaled<T>(
  run: ScaledRun,
  measure: (url: string, token: string) => Promise<T>,
): Promise<T | string> {
  const authSecret = randomBytes(32).toString("base64url");
  const env: Record<string, string> = {
    GATEWAY_PORT: "0",
    DATA_DIR: run.dir,
    AUTH_SECRET: authSecret,
    INTERNAL_SECRET: randomBytes(32).toString("base64url"),
    DEMO_DATA: run.scale === null ? "auto" : "off",
  };
  for (const name of SUBGRAPHS) {
    env[`${envKey(name)}_DB_URL`] = run.urls[name];
    env[`${envKey(name)}_PORT`] = "0";
  }
  if (run.scale !== null && !run.seededBefore) {
    const seed = path.join(projectRoot(), "dist", "scripts", "seed.js");
    if (!existsSync(seed))
      return `${run.label}: not measured: there is no seed command yet (scripts/seed.ts); run again once it is in the tree`;
    const started = Date.now();
    console.log(`${run.label}: seeding …`);
    await promisify(execFile)(process.execPath, [seed, "--scale", String(run.scale), "--reset"], {
      cwd: projectRoot(),
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    console.log(
      `${run.label}: seeded and indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const { child, url } = await startSystem(env);
  try {
    const token = await signToken(authSecret, { role: "leader", subject: run.subject });
    console.log(`${run.label}: measuring …`);
    return await measure(url, token);
  } finally {
    await stopSystem(child);
    if (!run.seededBefore) await dropDatabases(run.sqlite, run.dir, run.urls);
  }
}
