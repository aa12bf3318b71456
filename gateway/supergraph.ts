import { silentLogger, type Logger } from "../common/log";
import { readFile, stat } from "node:fs/promises";
import type { SupergraphSdlHook } from "@apollo/gateway";
import { request } from "undici";

/**
 * Where the gateway gets its supergraph, and how it learns of a new one without a restart:
 * - a file (schema/supergraph.graphql, or SUPERGRAPH_PATH), checked every `intervalMs` for a
 *   new modification time and content;
 * - or a URL (SUPERGRAPH_URL), fetched every `intervalMs`.
 * A new supergraph is handed to @apollo/gateway's `update` (its published hook for supergraphs
 * that change): requests in flight finish on the schema they started with, new ones get the new
 * one. One that does not parse or compose is refused there, and the old one keeps serving; the
 * log says why. `changes` reports what happened, for tests and the readiness body.
 */
export interface SupergraphSourceOptions {
  path?: string;
  url?: string;
  /** the first supergraph, when the caller already has it (tests, the composed text) */
  initial?: string;
  intervalMs?: number;
  logger?: Logger;
}

export interface SupergraphStatus {
  loadedAt: string | null;
  source: string;
  /** the last new supergraph that was refused, and why */
  lastRefused: { at: string; reason: string } | null;
}

export function supergraphSource(options: SupergraphSourceOptions): {
  hook: SupergraphSdlHook;
  status: () => SupergraphStatus;
} {
  const logger = options.logger ?? silentLogger;
  const interval = options.intervalMs ?? 1_000;
  const source = options.url ?? options.path ?? "(given)";
  const status: SupergraphStatus = { loadedAt: null, source, lastRefused: null };

  const read = async (): Promise<string> => {
    if (options.url) {
      const res = await request(options.url, { headersTimeout: 5_000, bodyTimeout: 5_000 });
      if (res.statusCode !== 200) {
        await res.body.dump();
        throw new Error(`HTTP ${res.statusCode}`);
      }
      return res.body.text();
    }
    if (options.path) return readFile(options.path, "utf8");
    throw new Error("no supergraph file or URL is configured");
  };

  const hook: SupergraphSdlHook = async ({ update }) => {
    let current = options.initial ?? (await read());
    status.loadedAt = new Date().toISOString();
    let lastModified =
      options.path && !options.url
        ? ((await stat(options.path).catch(() => null))?.mtimeMs ?? 0)
        : 0;
    let checking = false;
    const check = async () => {
      if (checking) return;
      checking = true;
      try {
        if (options.path && !options.url) {
          const modified = (await stat(options.path)).mtimeMs;
          if (modified === lastModified) return;
          lastModified = modified;
        }
        const next = await read();
        if (next === current) return;
        try {
          update(next);
          current = next;
          status.loadedAt = new Date().toISOString();
          logger.info({ source }, "a new supergraph is serving");
        } catch (e) {
          status.lastRefused = {
            at: new Date().toISOString(),
            reason: (e as Error).message.slice(0, 500),
          };
          // the same refused text is not tried again until it changes
          current = next;
          logger.error(
            { source, reason: (e as Error).message },
            "a new supergraph was refused; the previous one keeps serving",
          );
        }
      } catch (e) {
        logger.warn({ source, err: (e as Error).message }, "the supergraph could not be read");
      } finally {
        checking = false;
      }
    };
    // a supergraph given as text has nowhere to change: nothing to watch
    if (!options.path && !options.url) return { supergraphSdl: current };
    const timer = setInterval(() => void check(), interval);
    timer.unref();
    return { supergraphSdl: current, cleanup: async () => clearInterval(timer) };
  };
  return { hook, status: () => ({ ...status }) };
}
