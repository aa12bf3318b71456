import { existsSync } from "node:fs";
import path from "node:path";

/**
 * Configuration, read once from the environment into a typed object.
 * Nothing else in the project reads process.env.
 */
export type SubgraphName = "bureau" | "masswork" | "service-center";
export const SUBGRAPHS: readonly SubgraphName[] = ["bureau", "masswork", "service-center"];

export interface SubgraphConfig {
  name: SubgraphName;
  port: number;
  /** where the gateway reaches this subgraph */
  url: string;
  /** `sqlite:<file>`, `sqlite::memory:` or `mysql://user:pass@host:port/database` */
  databaseUrl: string;
}

export interface Config {
  host: string;
  gatewayPort: number;
  /** where subgraphs reach the gateway to check references to other departments' records */
  gatewayUrl: string;
  supergraphPath: string;
  dataDir: string;
  /** load the demo data into databases that are still empty */
  demoData: boolean;
  production: boolean;
  subgraphs: Record<SubgraphName, SubgraphConfig>;
}

const DEFAULT_PORTS: Record<SubgraphName, number> = { bureau: 4001, masswork: 4002, "service-center": 4003 };

function envKey(name: SubgraphName): string {
  return name.toUpperCase().replace(/-/g, "_");
}

function port(value: string | undefined, fallback: number, variable: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${variable} must be a port number, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = env.DATA_DIR || "data";
  const subgraphs = {} as Record<SubgraphName, SubgraphConfig>;
  for (const name of SUBGRAPHS) {
    const key = envKey(name);
    const p = port(env[`${key}_PORT`], DEFAULT_PORTS[name], `${key}_PORT`);
    subgraphs[name] = {
      name,
      port: p,
      url: env[`${key}_URL`] || `http://127.0.0.1:${p}/graphql`,
      databaseUrl: env[`${key}_DB_URL`] || `sqlite:${dataDir}/${name}.sqlite`,
    };
  }
  const gatewayPort = port(env.GATEWAY_PORT, 4000, "GATEWAY_PORT");
  return {
    host: env.HOST || "127.0.0.1",
    gatewayPort,
    gatewayUrl: env.GATEWAY_URL || `http://127.0.0.1:${gatewayPort}/graphql`,
    supergraphPath: env.SUPERGRAPH_PATH || "schema/supergraph.graphql",
    dataDir,
    demoData: (env.DEMO_DATA ?? "auto") !== "off",
    production: env.NODE_ENV === "production",
    subgraphs,
  };
}

/** The project's root folder (where package.json is), from source or from dist/ alike. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("package.json not found above " + __dirname);
    dir = up;
  }
  return dir;
}
