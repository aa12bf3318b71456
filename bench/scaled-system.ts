import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { projectRoot, SUBGRAPHS, type SubgraphName } from "../common/config";
import { dropMysqlDatabase } from "../common/db";

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
