import { existsSync } from "node:fs";
import { tracesWanted } from "../trace";
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
  /** the gateway gives up on a call to this subgraph after this long */
  timeoutMs: number;
}

/** How the gateway verifies callers' bearer tokens. */
export interface AuthConfig {
  /** HS256 secret (the default); in development a generated one under data/ when unset */
  secret: string | null;
  /** a JWKS endpoint (production): tokens signed by the identity provider's keys */
  jwksUrl: string | null;
  issuer: string | null;
  audience: string | null;
}

/** What one operation may ask of the gateway. */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** directives in an operation, its fragments' counted wherever they are spread */
  maxDirectives: number;
  /** lexical tokens in a document (names, punctuation, values; not comments): parsing stops past it */
  maxTokens: number;
  maxBodyBytes: number;
  maxBatch: number;
}

export interface Config {
  host: string;
  gatewayPort: number;
  /** where subgraphs reach the gateway to check references to other departments' records */
  gatewayUrl: string;
  supergraphPath: string;
  /** where the gateway polls for new supergraphs instead of watching the file (a schema registry, a CI artefact) */
  supergraphUrl: string | null;
  dataDir: string;
  /** load the demo data into databases that are still empty */
  demoData: boolean;
  /**
   * the demo's "today" (`DEMO_AS_OF`): with the demo data outside production, the clock runs
   * from this day (by default the data's own last day, 2017-12-31), so that its open items are a
   * normal mix of on-time and overdue; null: the real clock
   */
  demoAsOf: string | null;
  production: boolean;
  subgraphs: Record<SubgraphName, SubgraphConfig>;
  auth: AuthConfig;
  /** signs the caller identity the gateway forwards to subgraphs; generated under data/ in development */
  internalSecret: string | null;
  limits: OperationLimits;
  /** after repeated failures of a subgraph, how long the gateway's calls to it fail at once before one probe */
  breakerOpenMs: number;
  /** on SIGTERM, how long the requests in flight may take to finish */
  shutdownGraceMs: number;
  /**
   * how often each subgraph folds its search indexes' recent postings into the blocks' bitmaps
   * (common/search/blocks.ts), in milliseconds: `SEARCH_SEAL_EVERY_S` (300 unless given; off: never)
   */
  searchSealEveryMs: number;
  /**
   * the gateway serves its bundled explorer (GraphiQL) to browsers at /graphql: on unless
   * `EXPLORER=off` outside production, off unless `EXPLORER=on` in production
   */
  explorer: boolean;
  /** the gateway serves the leaders' dashboard at /dashboard and the exports at /export/ (`DASHBOARD`, on unless off) */
  dashboard: boolean;
  /** origins whose pages may call the gateway from a browser (CORS); none unless listed */
  corsOrigins: string[];
  /** pino's level for every part's log: fatal, error, warn, info, debug, trace or silent */
  logLevel: string;
  /** `json` (one object a line, for collectors) or `pretty` (for a developer's terminal) */
  logFormat: "json" | "pretty";
  /** OTEL_* asks for traces (common/trace); off, tracing costs nothing */
  traces: boolean;
}

const DEFAULT_PORTS: Record<SubgraphName, number> = {
  bureau: 4001,
  masswork: 4002,
  "service-center": 4003,
};

function envKey(name: SubgraphName): string {
  return name.toUpperCase().replace(/-/g, "_");
}

function port(value: string | undefined, fallback: number, variable: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${variable} must be a port number, got "${value}"`);
  return n;
}

function onOff(value: string | undefined, fallback: boolean, variable: string): boolean {
  if (value === undefined || value === "") return fallback;
  if (value === "on") return true;
  if (value === "off") return false;
  throw new Error(`${variable} must be "on" or "off", got "${value}"`);
}

function positive(value: string | undefined, fallback: number, variable: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${variable} must be a positive whole number, got "${value}"`);
  return n;
}

/** SEARCH_SEAL_EVERY_S: seconds, at most a day (a timer's delay is a 32-bit number of ms), or off. */
function sealEveryMs(value: string | undefined): number {
  if (value === "off") return 0;
  const seconds = positive(value, 300, "SEARCH_SEAL_EVERY_S");
  if (seconds > 86_400)
    throw new Error(`SEARCH_SEAL_EVERY_S must be at most 86400 (a day) or off, got "${value}"`);
  return seconds * 1000;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function oneOf<T extends string>(
  value: string | undefined,
  fallback: T,
  allowed: readonly T[],
  variable: string,
): T {
  if (value === undefined || value === "") return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`${variable} must be one of ${allowed.join(", ")}, got "${value}"`);
  return value as T;
}

/** `CORS_ORIGINS`: origins separated by commas or spaces, each scheme://host[:port] exactly. */
function origins(value: string | undefined): string[] {
  const list = (value ?? "").split(/[\s,]+/).filter(Boolean);
  for (const origin of list) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new Error(
        `CORS_ORIGINS holds "${origin}", which is not an origin (scheme://host[:port])`,
      );
    }
    if (parsed.origin !== origin)
      throw new Error(`CORS_ORIGINS holds "${origin}": write it as ${parsed.origin}`);
  }
  return list;
}

/** The default dataset's last day: the yearbook's year ends there. */
export const DEMO_DATA_END = "2017-12-31";
/** The default dataset's first record's day (county time; test/demo-clock.test.ts reads it from the data). */
export const DEMO_DATA_START = "2016-01-01";
/**
 * The latest demo day allowed: a month past the data's end, where its open items are as late as
 * an office would see them after a month; later, every open item would be far overdue, and the
 * moved clock only moves time, not the data.
 */
export const DEMO_AS_OF_LAST = "2018-01-31";

function demoAsOf(env: NodeJS.ProcessEnv, production: boolean): string | null {
  const value = env.DEMO_AS_OF?.trim();
  if (value === "off" || (env.DEMO_DATA ?? "auto") === "off") return null;
  if (production) {
    if (value)
      throw new Error("DEMO_AS_OF moves the clock for a demo: it is refused in production");
    return null;
  }
  if (!value) return DEMO_DATA_END;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00+08:00`)))
    throw new Error(`DEMO_AS_OF must be a day (YYYY-MM-DD) or off, got "${value}"`);
  // the days compare as text: both are YYYY-MM-DD
  if (value < DEMO_DATA_START || value > DEMO_AS_OF_LAST)
    throw new Error(
      `DEMO_AS_OF must be a day the demo data covers, ${DEMO_DATA_START} to ${DEMO_AS_OF_LAST} ` +
        `(its records run ${DEMO_DATA_START} to ${DEMO_DATA_END}; the clock moves, the data does not), ` +
        `or off for the real date; got "${value}"`,
    );
  return value;
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
      timeoutMs: positive(env[`${key}_TIMEOUT_MS`], 10_000, `${key}_TIMEOUT_MS`),
    };
  }
  const gatewayPort = port(env.GATEWAY_PORT, 4000, "GATEWAY_PORT");
  const production = env.NODE_ENV === "production";
  return {
    host: env.HOST || "127.0.0.1",
    gatewayPort,
    gatewayUrl: env.GATEWAY_URL || `http://127.0.0.1:${gatewayPort}/graphql`,
    supergraphPath: env.SUPERGRAPH_PATH || "schema/supergraph.graphql",
    supergraphUrl: env.SUPERGRAPH_URL || null,
    dataDir,
    demoData: (env.DEMO_DATA ?? "auto") !== "off",
    demoAsOf: demoAsOf(env, production),
    production,
    subgraphs,
    auth: {
      secret: env.AUTH_SECRET || null,
      jwksUrl: env.AUTH_JWKS_URL || null,
      issuer: env.AUTH_ISSUER || null,
      audience: env.AUTH_AUDIENCE || null,
    },
    internalSecret: env.INTERNAL_SECRET || null,
    limits: {
      maxDepth: positive(env.GATEWAY_MAX_DEPTH, 12, "GATEWAY_MAX_DEPTH"),
      maxAliases: positive(env.GATEWAY_MAX_ALIASES, 30, "GATEWAY_MAX_ALIASES"),
      maxCost: positive(env.GATEWAY_MAX_COST, 50_000, "GATEWAY_MAX_COST"),
      maxDirectives: positive(env.GATEWAY_MAX_DIRECTIVES, 50, "GATEWAY_MAX_DIRECTIVES"),
      maxTokens: positive(env.GATEWAY_MAX_TOKENS, 1000, "GATEWAY_MAX_TOKENS"),
      maxBodyBytes: positive(env.GATEWAY_MAX_BODY_BYTES, 100_000, "GATEWAY_MAX_BODY_BYTES"),
      maxBatch: positive(env.GATEWAY_MAX_BATCH, 10, "GATEWAY_MAX_BATCH"),
    },
    breakerOpenMs: positive(env.GATEWAY_BREAKER_OPEN_MS, 5_000, "GATEWAY_BREAKER_OPEN_MS"),
    shutdownGraceMs: positive(env.SHUTDOWN_GRACE_MS, 10_000, "SHUTDOWN_GRACE_MS"),
    searchSealEveryMs: sealEveryMs(env.SEARCH_SEAL_EVERY_S),
    explorer: onOff(env.EXPLORER, !production, "EXPLORER"),
    dashboard: onOff(env.DASHBOARD, true, "DASHBOARD"),
    corsOrigins: origins(env.CORS_ORIGINS),
    logLevel: oneOf(
      env.LOG_LEVEL,
      env.NODE_ENV === "test" ? "warn" : "info",
      LOG_LEVELS,
      "LOG_LEVEL",
    ),
    logFormat: oneOf(env.LOG_FORMAT, "json", ["json", "pretty"] as const, "LOG_FORMAT"),
    traces: tracesWanted(env),
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
