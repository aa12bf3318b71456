import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../common/config";
import { track, type Child } from "./children";
import { benchPackageDir } from "./peers";
import { peakRssOf } from "./usage";

/**
 * Grafbase, a gateway written in Rust, as the third column: the `grafbase` binary of the npm
 * package `@grafbase/cli-x86_64-unknown-linux-musl` (an optional package of the bench's own, so
 * only on Linux x64), run as `grafbase dev`, its development server, with its defaults. It
 * composes the graph itself from the subgraphs' published SDL (schema/subgraphs/*.graphql, what
 * `npm run compose` wrote from the subgraphs' `_service { sdl }` and also composed into the
 * supergraph the other gateways serve), calls each subgraph where the bench started it, and
 * forwards the signed caller the bench gives each request (it cannot make our signature).
 * It needs no network beyond the subgraphs.
 */
export const GRAFBASE_PACKAGE = "@grafbase/cli-x86_64-unknown-linux-musl";

/** The binary, or null where it is not installed (another platform, or an install without it). */
export function grafbaseBinary(): string | null {
  const dir = benchPackageDir(GRAFBASE_PACKAGE);
  const binary = dir && path.join(dir, "grafbase");
  return binary && existsSync(binary) ? binary : null;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The gateway's configuration: the subgraphs, and the one header passed on to them. */
function config(subgraphUrls: Record<string, string>, callerHeader: string): string {
  const lines: string[] = [];
  for (const [name, url] of Object.entries(subgraphUrls))
    lines.push(
      `[subgraphs."${name}"]`,
      `url = ${JSON.stringify(url)}`,
      `schema_path = ${JSON.stringify(path.join(projectRoot(), "schema", "subgraphs", `${name}.graphql`))}`,
      "",
    );
  lines.push("[[headers]]", 'rule = "forward"', `name = ${JSON.stringify(callerHeader)}`, "");
  return lines.join("\n");
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"query":"{ __typename }"}',
    });
    return res.ok && ((await res.json()) as { data?: unknown }).data !== undefined;
  } catch {
    return false;
  }
}

export async function startGrafbase(options: {
  binary: string;
  subgraphUrls: Record<string, string>;
  callerHeader: string;
  host: string;
  verbose: boolean;
  startTimeoutMs?: number;
}): Promise<Child> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-grafbase-"));
  const configFile = path.join(dir, "grafbase.toml");
  writeFileSync(configFile, config(options.subgraphUrls, options.callerHeader));
  const port = await freePort(options.host);
  const url = `http://${options.host}:${port}/graphql`;
  // its own home folder, so that it reads and writes nothing of the user's
  const child = spawn(
    options.binary,
    [
      "--home",
      path.join(dir, "home"),
      "dev",
      "--config",
      configFile,
      "--listen-address",
      `${options.host}:${port}`,
    ],
    {
      stdio: ["ignore", options.verbose ? "inherit" : "ignore", "pipe"],
    },
  );
  track(child);
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4000);
    if (options.verbose) process.stderr.write(`[grafbase] ${chunk}`);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(force);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (!(await answers(url))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `grafbase dev exited (${child.exitCode ?? child.signalCode}) before it answered: ${output.trim().slice(-1000)}`,
      );
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `grafbase dev did not answer at ${url} within ${(options.startTimeoutMs ?? 60_000) / 1000} s: ${output.trim().slice(-1000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    pid: child.pid!,
    urls: { gateway: url },
    memory: async () => {
      const peak = peakRssOf(child.pid!) ?? 0;
      return { rss: peak, maxRss: peak };
    },
    stop,
  };
}
