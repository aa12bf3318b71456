import { fork, type ChildProcess } from "node:child_process";

/** What a child tells the bench over IPC. */
export type ChildMessage =
  | { type: "ready"; urls: Record<string, string> }
  | { type: "failed"; message: string }
  | { type: "memory"; rss: number; maxRss: number };

export interface Child {
  pid: number;
  /** what the child serves, by name (a gateway: `gateway`; subgraphs: their names) */
  urls: Record<string, string>;
  /** resident memory now and at its peak, in bytes, as the child itself reports it */
  memory(): Promise<{ rss: number; maxRss: number }>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let cleanupInstalled = false;

/** Children never outlive the bench, even when it fails or is interrupted. */
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on("exit", () => {
    for (const child of running) child.kill("SIGKILL");
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      for (const child of running) child.kill("SIGTERM");
      process.exit(130);
    });
}

/** Keeps a child the bench started (a Node child, or a peer gateway's binary) from outliving it. */
export function track(child: ChildProcess): void {
  installCleanup();
  running.add(child);
  child.once("exit", () => running.delete(child));
}

/**
 * Starts a compiled bench entry point (`dist/bench/*.js`) as its own Node process and waits
 * for its "ready" message. The child's stdout is shown only when verbose; its stderr always.
 */
export function startChild(options: {
  label: string;
  script: string;
  args?: string[];
  env: Record<string, string>;
  verbose: boolean;
  /** options for the child's Node itself (e.g. --cpu-prof) */
  nodeArgs?: string[];
  startTimeoutMs?: number;
}): Promise<Child> {
  const child = fork(options.script, options.args ?? [], {
    env: { ...process.env, ...options.env },
    execArgv: options.nodeArgs ?? [],
    stdio: ["ignore", options.verbose ? "inherit" : "ignore", "pipe", "ipc"],
  });
  track(child);
  child.stderr?.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n"))
      if (line.trim()) process.stderr.write(`[${options.label}] ${line}\n`);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  return new Promise<Child>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `${options.label} did not start within ${(options.startTimeoutMs ?? 120_000) / 1000} s`,
        ),
      );
    }, options.startTimeoutMs ?? 120_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${options.label} exited (code ${code}) before it was ready`));
    };
    child.once("exit", onExit);
    child.on("message", (message: ChildMessage) => {
      if (message.type === "failed") {
        clearTimeout(timer);
        child.off("exit", onExit);
        child.kill("SIGKILL");
        reject(new Error(`${options.label} failed to start: ${message.message}`));
      }
      if (message.type !== "ready") return;
      clearTimeout(timer);
      child.off("exit", onExit);
      resolve({
        pid: child.pid!,
        urls: message.urls,
        memory: () =>
          new Promise((done) => {
            const listener = (m: ChildMessage) => {
              if (m.type !== "memory") return;
              child.off("message", listener);
              done({ rss: m.rss, maxRss: m.maxRss });
            };
            child.on("message", listener);
            child.send({ type: "memory" });
          }),
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGTERM");
            const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
            await exited;
            clearTimeout(force);
          }
        },
      });
    });
  });
}

/**
 * How long a child's system has to finish what is in flight when the bench stops it: short, as
 * the bench has stopped sending, so that the child exits (writing its CPU profile, with
 * --cpu-prof) well before the bench's own 10 s kill.
 */
export const CHILD_STOP_GRACE_MS = 2_000;

/**
 * The child's side: report ready (or failed), answer memory questions, and stop cleanly on
 * SIGTERM or when the bench goes away.
 */
export async function serveAsChild(
  start: () => Promise<{ urls: Record<string, string>; stop(): Promise<void> }>,
): Promise<void> {
  let stopping = false;
  let stop: (() => Promise<void>) | null = null;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await stop?.();
    } finally {
      process.exit(0);
    }
  };
  process.once("SIGTERM", () => void shutdown());
  process.once("disconnect", () => void shutdown());
  process.on("message", (message: { type?: string }) => {
    if (message?.type !== "memory") return;
    process.send?.({
      type: "memory",
      rss: process.memoryUsage.rss(),
      maxRss: process.resourceUsage().maxRSS * 1024,
    } satisfies ChildMessage);
  });
  try {
    const started = await start();
    stop = started.stop;
    process.send?.({ type: "ready", urls: started.urls } satisfies ChildMessage);
  } catch (e) {
    process.send?.({
      type: "failed",
      message: (e as Error).stack ?? String(e),
    } satisfies ChildMessage);
    process.exit(1);
  }
}
