import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, readFileSync, type WriteStream } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { projectRoot, SUBGRAPHS, type SubgraphName } from "../../common/config";
import type { SoakDatabases } from "./databases";

export type Part = SubgraphName | "gateway";
export const PARTS: readonly Part[] = [...SUBGRAPHS, "gateway"];

/**
 * The whole system as real child processes, each `node dist/scripts/start.js <part>` configured
 * by its environment alone, as an operator would run it: free ports chosen up front (so a part
 * restarted later comes back where the others expect it), the run's own secrets, fresh databases
 * with the default dataset. Children never outlive the soak (see `killAll`).
 */
export interface SoakSystem {
  gatewayUrl: string;
  authSecret: string;
  start(part: Part): Promise<void>;
  /** SIGKILL: no goodbye, as a crash or an OOM kill */
  kill(part: Part): void;
  /** another signal (SIGTERM: the orchestrator's polite stop); resolves when the part has exited */
  signal(part: Part, signal: NodeJS.Signals): Promise<number | string | null>;
  /** where each part listens */
  url(part: Part): string;
  stopAll(): Promise<void>;
  /** the last lines a part wrote (stdout and stderr) */
  logTail(part: Part, lines?: number): string;
}

/** the compiled start script, whether this module runs compiled or from source (tests) */
const START_SCRIPT = path.join(projectRoot(), "dist", "scripts", "start.js");
const envKey = (name: SubgraphName) => name.toUpperCase().replace(/-/g, "_");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
let cleanupInstalled = false;

/** The last resort: whatever way the soak ends, its children end with it. */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
}

function installExitCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on("exit", killAll);
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

export interface SystemOptions {
  /** every line the parts write, on stderr too */
  verbose?: boolean;
  /** more configuration for every part (SUPERGRAPH_PATH, SHUTDOWN_GRACE_MS, …) */
  env?: Record<string, string>;
}

export async function createSystem(
  databases: SoakDatabases,
  options: SystemOptions = {},
): Promise<SoakSystem> {
  const verbose = options.verbose ?? false;
  installExitCleanup();
  const ports = {} as Record<Part, number>;
  for (const part of PARTS) ports[part] = await freePort();
  const url = (part: Part) => `http://127.0.0.1:${ports[part]}/graphql`;
  const authSecret = randomBytes(32).toString("base64url");
  const env: Record<string, string> = {
    NODE_ENV: "development",
    HOST: "127.0.0.1",
    DATA_DIR: databases.dir,
    DEMO_DATA: "auto",
    AUTH_SECRET: authSecret,
    INTERNAL_SECRET: randomBytes(32).toString("base64url"),
    GATEWAY_PORT: String(ports.gateway),
    GATEWAY_URL: url("gateway"),
    ...options.env,
  };
  for (const name of SUBGRAPHS) {
    env[`${envKey(name)}_PORT`] = String(ports[name]);
    env[`${envKey(name)}_URL`] = url(name);
    env[`${envKey(name)}_DB_URL`] = databases.urls[name];
  }
  const children = new Map<Part, ChildProcess>();
  const logs = new Map<Part, WriteStream>();
  const logFile = (part: Part) => path.join(databases.dir, `${part}.log`);

  const start = async (part: Part) => {
    let log = logs.get(part);
    if (!log) logs.set(part, (log = createWriteStream(logFile(part), { flags: "a" })));
    log.write(`--- started ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, [START_SCRIPT, part], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    children.set(part, child);
    const exited = new Promise<number | string | null>((resolve) =>
      child.once("exit", (code, signal) => resolve(code ?? signal)),
    );
    child.once("exit", () => running.delete(child));
    for (const stream of [child.stdout!, child.stderr!])
      stream.on("data", (chunk: Buffer) => {
        log!.write(chunk);
        if (verbose)
          for (const line of chunk.toString("utf8").split("\n"))
            if (line.trim()) process.stderr.write(`[${part}] ${line}\n`);
      });
    const health = url(part).replace(/\/graphql$/, "/health");
    const deadline = Date.now() + 180_000;
    let gone: number | string | null | undefined;
    void exited.then((code) => (gone = code));
    while (!(await answers(health))) {
      if (gone !== undefined)
        throw new Error(`${part} exited (${gone}) before it answered:\n${tail(part)}`);
      if (Date.now() > deadline)
        throw new Error(`${part} did not answer within 180 s:\n${tail(part)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const tail = (part: Part, lines = 15) => {
    try {
      return readFileSync(logFile(part), "utf8")
        .trimEnd()
        .split("\n")
        .slice(-lines)
        .map((l) => `  [${part}] ${l}`)
        .join("\n");
    } catch {
      return `  [${part}] (no output)`;
    }
  };

  return {
    gatewayUrl: url("gateway"),
    authSecret,
    start,
    kill(part) {
      children.get(part)?.kill("SIGKILL");
    },
    async signal(part, signal) {
      const child = children.get(part);
      if (!child || child.exitCode !== null || child.signalCode !== null)
        return child?.exitCode ?? child?.signalCode ?? null;
      const exited = new Promise<number | string | null>((resolve) =>
        child.once("exit", (code, sig) => resolve(code ?? sig)),
      );
      child.kill(signal);
      return exited;
    },
    url,
    async stopAll() {
      await Promise.all(
        [...children.values()].map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((r) => child.once("exit", r));
          child.kill("SIGTERM");
          const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
          await exited;
          clearTimeout(force);
        }),
      );
      await Promise.all([...logs.values()].map((l) => new Promise((r) => l.end(r))));
    },
    logTail: tail,
  };
}
