import { request } from "undici";
import { signToken } from "../../gateway/auth";
import { prepareDatabases, type SoakDatabases } from "../../scripts/soak/databases";
import { createSystem, PARTS, type SoakSystem } from "../../scripts/soak/system";
import { mysqlBase } from "./databases";
import type { GraphQLResponse } from "./system";

/**
 * The whole system as real processes from dist/ (built by the suite's global setup), over fresh
 * databases of the engine the suite runs on: for tests that kill, stop and restart parts.
 */
export interface ProcessSystem {
  system: SoakSystem;
  databases: SoakDatabases;
  /** posts an operation to the gateway as a caller of the role */
  query<T = any>(
    role: string,
    query: string,
    variables?: Record<string, unknown>,
    /** a connection of its own, closed after the answer: no reuse of a socket the server is closing */
    options?: { freshConnection?: boolean; requestId?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T> & { status: number }>;
  stop(): Promise<void>;
}

export async function startProcesses(env: Record<string, string> = {}): Promise<ProcessSystem> {
  const databases = await prepareDatabases(mysqlBase, false);
  const system = await createSystem(databases, { env: { DEMO_AS_OF: "off", ...env } });
  try {
    for (const part of PARTS) await system.start(part);
  } catch (e) {
    await system.stopAll();
    await databases.remove();
    throw e;
  }
  const tokens = new Map<string, string>();
  return {
    system,
    databases,
    async query(role, query, variables, options = {}) {
      let token = tokens.get(role);
      if (!token)
        tokens.set(
          role,
          (token = await signToken(system.authSecret, {
            role: role as never,
            subject: `${role}-process-test`,
            lifetime: 3600,
          })),
        );
      const res = await request(system.gatewayUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${token}`,
          ...(options.requestId ? { "x-request-id": options.requestId } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables }),
        reset: options.freshConnection === true,
      });
      return { status: res.statusCode, ...((await res.body.json()) as GraphQLResponse) };
    },
    async stop() {
      await system.stopAll();
      await databases.remove();
    },
  };
}

/** Clients that repeat `work` until stopped; what each call gave is kept for the test to judge. */
export function load<T>(
  clients: number,
  work: (client: number) => Promise<T>,
): { results: T[]; stop(): Promise<T[]> } {
  let running = true;
  const results: T[] = [];
  const loops = Array.from({ length: clients }, async (_, client) => {
    while (running) results.push(await work(client));
  });
  return {
    results,
    async stop() {
      running = false;
      await Promise.all(loops);
      return results;
    },
  };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
