import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import { request } from "undici";
import { type CallerRole } from "../../common/auth";
import { loadConfig, SUBGRAPHS, type SubgraphName } from "../../common/config";
import { type Clock } from "../../common/time";
import { composeSupergraph } from "../../schema/compose";
import { startSystem, type RunningSystem } from "../../scripts/system";
import { signToken } from "../../gateway/auth";
import {
  dropTestDatabases,
  TEST_AUTH_SECRET,
  TEST_INTERNAL_SECRET,
  testDatabaseUrl,
} from "./databases";

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestSystem {
  system: RunningSystem;
  gatewayUrl: string;
  /** posts an operation to the gateway */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** the same, as a caller of the given role (anonymous: no credentials) */
  as(role: CallerRole, subject?: string): { query: TestSystem["query"] };
  /** SQL statements run so far by every subgraph's database */
  statements(): number;
  stop(): Promise<void>;
}

let supergraph: Promise<string> | null = null;

/**
 * The whole system in this process, on free ports, over fresh databases (in-memory SQLite, or
 * new MySQL databases when TEST_MYSQL_URL is set), serving the supergraph composed from the code.
 */
export async function startTestSystem(
  options: {
    clock?: Clock;
    demoData?: boolean;
    env?: Record<string, string>;
    /** where the parts' log lines go (test/support/log.ts captureLines), instead of stdout */
    logDestination?: { write(line: string): void };
    /** collects the parts' spans (test/traces.test.ts) */
    traceExporter?: SpanExporter;
  } = {},
): Promise<TestSystem> {
  supergraph ??= composeSupergraph().then((c) => c.supergraphSdl);
  const env: Record<string, string> = {
    GATEWAY_PORT: "0",
    DEMO_DATA: options.demoData === false ? "off" : "auto",
    AUTH_SECRET: TEST_AUTH_SECRET,
    INTERNAL_SECRET: TEST_INTERNAL_SECRET,
    // one line per request would bury the test report; tests of the logs ask for info
    LOG_LEVEL: "warn",
    // the real date, as the tests' own dates assume (test/demo-clock.test.ts tries the demo's)
    DEMO_AS_OF: "off",
    // a seal at a random moment would add statements to the tests that count them; the search
    // tests seal when they mean to (test/search-bits.test.ts runs the timer)
    SEARCH_SEAL_EVERY_S: "off",
    ...options.env,
  };
  for (const name of SUBGRAPHS) {
    const key = name.toUpperCase().replace(/-/g, "_");
    env[`${key}_PORT`] ??= "0";
    env[`${key}_DB_URL`] ??= testDatabaseUrl(name);
  }
  const system = await startSystem({
    logDestination: options.logDestination,
    traceExporter: options.traceExporter,
    config: loadConfig(env),
    clock: options.clock,
    supergraphSdl: await supergraph,
  });
  const gatewayUrl = system.gateway!.url;
  const query: TestSystem["query"] = async (query, variables, headers = {}) => {
    // undici's request, like the subgraphs' graph client: fetch refuses some ports (6000…)
    const res = await request(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.body.json()) as GraphQLResponse;
  };
  return {
    system,
    gatewayUrl,
    query,
    as: (role, subject) => ({
      async query(q, variables, headers = {}) {
        if (role === "anonymous") return query(q, variables, headers);
        const token = await signToken(TEST_AUTH_SECRET, { role, subject: subject ?? `${role}-1` });
        return query(q, variables, { authorization: `Bearer ${token}`, ...headers });
      },
    }),
    statements: () =>
      Object.values(system.subgraphs).reduce(
        (sum, s) => sum + (s?.database.statements.count ?? 0),
        0,
      ),
    async stop() {
      await system.stop();
      await dropTestDatabases();
    },
  };
}

export function subgraphUrl(t: TestSystem, name: SubgraphName): string {
  return t.system.subgraphs[name]!.url;
}
