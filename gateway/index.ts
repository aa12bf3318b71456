import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloGateway, type GraphQLDataSource } from "@apollo/gateway";
import type { RequestHandler } from "express";
import { signCaller, type Caller } from "../common/auth";
import { type AuthConfig, type OperationLimits } from "../common/config";
import { clientSafeError } from "../common/errors";
import { operationRecordPlugin, serveHttp, type RunningServer } from "../common/http";
import { silentLogger, type Logger, type RequestRecord } from "../common/log";
import { strictTimeScalars } from "../common/time";
import { createAuthenticator, signToken } from "./auth";
import { partMetrics } from "../common/metrics";
import { corsFor } from "./cors";
import { gatewayMetrics } from "./metrics";
import { DEFAULT_BREAKER, SubgraphBreakers, type BreakerPolicy } from "./breakers";
import { clientErrors, refusedDocuments } from "./client-errors";
import { dashboardHandler } from "./dashboard";
import { explorerHandler } from "./explorer";
import { operationLimits } from "./limits";
import { subgraphClient } from "./subgraph-client";
import { subgraphReadiness } from "./subgraph-health";
import { SubgraphSource, type SubgraphCallContext } from "./subgraph-source";
import { supergraphSource } from "./supergraph";

export interface GatewayContext extends SubgraphCallContext {
  headers: Record<string, string>;
  caller: Caller;
  /** the caller as subgraphs receive it, signed once per request */
  signedCaller: string;
  /** what the request's log line is written from */
  request: RequestRecord;
}

export interface GatewayOptions {
  /**
   * The composed supergraph: a fixed text, or a file or URL that is watched for new ones
   * (supergraph.ts). A file or URL wins over the text, which is then only the first one.
   */
  supergraph: { sdl?: string; path?: string; url?: string; intervalMs?: number };
  /** where each subgraph listens, by its name in the supergraph; overrides the URLs composed in */
  subgraphUrls: Record<string, string>;
  /** a call to a subgraph that has not answered in this time fails; by subgraph name (10 s unless given) */
  subgraphTimeoutsMs?: Record<string, number>;
  breaker?: BreakerPolicy;
  port: number;
  host?: string;
  production?: boolean;
  auth: AuthConfig;
  /** signs the caller for the subgraphs */
  internalSecret: string;
  limits: OperationLimits;
  /** serve the bundled explorer to browsers at /graphql (gateway/explorer); introspection with it */
  explorer?: boolean;
  /**
   * serve the leaders' dashboard at /dashboard and the exports at /export/ (gateway/dashboard);
   * `defaultYear` is the year the dashboard opens on
   */
  dashboard?: { defaultYear: () => number };
  /** origins whose pages may call the graph (CORS); none unless given */
  corsOrigins?: string[];
  logger?: Logger;
  /**
   * Bench only: builds each subgraph's data source instead of SubgraphSource, so that the bench
   * can measure what SubgraphSource buys over @apollo/gateway's stock one (bench/stock-source.ts).
   */
  dataSourceForBench?: (name: string, url: string) => GraphQLDataSource<GatewayContext>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** the issuer and audience a token must carry, where the gateway checks them */
function claims(auth: AuthConfig): { issuer: string | null; audience: string | null } {
  return { issuer: auth.issuer, audience: auth.audience };
}

/**
 * The signed caller for the subgraphs, made once per account and reused for a minute: it is
 * valid for two (common/auth/caller.ts), so a reused one still outlives any request that carries it.
 */
function signedCallers(secret: string): (caller: Caller) => string {
  const REUSE_MS = 60_000;
  const made = new Map<string, { value: string; until: number }>();
  return (caller) => {
    const key = `${caller.role}\u0000${caller.subject ?? ""}`;
    const now = Date.now();
    const hit = made.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = signCaller(caller, secret, now);
    if (made.size >= 10_000) made.clear();
    made.set(key, { value, until: now + REUSE_MS });
    return value;
  };
}

/** Each subgraph's readiness as the gateway sees it: its breaker, and its own /health/ready. */
async function subgraphStates(
  urls: Record<string, string>,
  breakers: SubgraphBreakers,
): Promise<Record<string, { ready: string; breaker: string }>> {
  const entries = await Promise.all(
    Object.entries(urls).map(
      async ([name, url]) =>
        [name, { ready: await subgraphReadiness(url), breaker: breakers.state(name) }] as const,
    ),
  );
  return Object.fromEntries(entries);
}

/**
 * The one endpoint the front ends use: the three departments' subgraphs merged into one graph.
 * It authenticates the caller, refuses oversized operations, hands the subgraphs the caller
 * signed (the subgraphs decide what that caller may do), and keeps answering what the others
 * own when one department is down.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger;
  const client = subgraphClient();
  const breakers = new SubgraphBreakers(options.breaker ?? DEFAULT_BREAKER, logger);
  const metrics = partMetrics("gateway");
  const own = gatewayMetrics(metrics, breakers, Object.keys(options.subgraphUrls));
  const authenticate = createAuthenticator(options.auth, options.internalSecret);
  const sign = signedCallers(options.internalSecret);
  const supergraph = supergraphSource({
    path: options.supergraph.path,
    url: options.supergraph.url,
    initial: options.supergraph.path || options.supergraph.url ? undefined : options.supergraph.sdl,
    intervalMs: options.supergraph.intervalMs,
    logger,
  });
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.hook,
    buildService: ({ name, url }) => {
      const at = options.subgraphUrls[name] ?? url;
      if (!at)
        throw new Error(`the supergraph gives no URL for subgraph ${name}, and none is configured`);
      if (options.dataSourceForBench) return options.dataSourceForBench(name, at);
      breakers.probeWith(name, async () => (await subgraphReadiness(at)) === "ready");
      return new SubgraphSource(
        name,
        at,
        client,
        breakers,
        {
          timeoutMs: options.subgraphTimeoutsMs?.[name] ?? DEFAULT_TIMEOUT_MS,
          observe: (seconds, outcome) => own.call(name, seconds, outcome),
        },
        logger,
      );
    },
  });
  // the supergraph's DateTime and Date read as strictly as the subgraphs' (common/time/scalars.ts)
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => strictTimeScalars(apiSchema));
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // the explorer's docs and completion read the schema by introspection
    introspection: !options.production || options.explorer === true,
    // the process stops gracefully on its own terms (scripts/start.ts): Apollo must not stop it first
    stopOnTerminationSignals: false,
    // no stack, subgraph address or raw subgraph answer reaches a client, in any mode
    includeStacktraceInErrorResponses: false,
    formatError: (formatted) =>
      clientSafeError(formatted, (hidden) =>
        logger.error({ path: formatted.path, error: hidden }, "an error the client was not told"),
      ),
    // no "Did you mean …" naming the schema's fields and types in production
    hideSchemaDetailsFromClientErrors: options.production === true,
    allowBatchedHttpRequests: true,
    validationRules: [refusedDocuments, operationLimits(options.limits)],
    // twenty errors tell a client what is wrong; more only cost time to build
    validationOptions: { maxErrors: 20 },
    // a document past the token limit is refused while it is parsed, before any rule walks it
    parseOptions: { maxTokens: options.limits.maxTokens },
    plugins: [
      operationRecordPlugin(),
      clientErrors({
        production: options.production === true,
        maxTokens: options.limits.maxTokens,
      }),
      ApolloServerPluginInlineTraceDisabled(),
      // answers are per caller and never cached by HTTP caches: no cache policy to compute
      ApolloServerPluginCacheControlDisabled(),
      // nothing is reported to Apollo's services, even with APOLLO_KEY set: reporting would also
      // ask every subgraph call for a trace
      ApolloServerPluginUsageReportingDisabled(),
      // Apollo's page loads Sandbox from Apollo's servers; browsers get the bundled explorer instead
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  // what answers before the graph, in order
  const middleware: RequestHandler[] = [];
  const crossOrigin = corsFor(options.corsOrigins ?? []);
  if (crossOrigin) middleware.push(crossOrigin);
  if (options.explorer) {
    // the bundled explorer's page and assets (gateway/explorer), for browsers at /graphql
    const explorer = explorerHandler({
      tokenCommand: options.production ? null : "npm run -s token -- --role leader",
    });
    middleware.push((req, res, next) => void (explorer(req, res) || next()));
  }
  // set once the server listens: the exports run their query through the gateway's own /graphql
  let ownUrl = "";
  if (options.dashboard) {
    const secret = options.auth.secret;
    const dashboard = dashboardHandler({
      // development only: in production there is no such endpoint, and tokens come from the
      // identity provider
      devToken:
        options.production || !secret
          ? null
          : (role) =>
              signToken(secret, { role, subject: `${role}-dashboard`, ...claims(options.auth) }),
      graphqlUrl: () => ownUrl,
      post: (url, headers, body, timeoutMs) => client.post(url, headers, body, timeoutMs),
      defaultYear: options.dashboard.defaultYear,
      logger,
    });
    middleware.push((req, res, next) => void (dashboard(req, res) || next()));
  }
  const server = await serveHttp({
    part: "gateway",
    apollo,
    port: options.port,
    host: options.host ?? "127.0.0.1",
    maxBodyBytes: options.limits.maxBodyBytes,
    maxBatch: options.limits.maxBatch,
    before: middleware,
    logger,
    metrics,
    context: async (headers, request) => {
      const caller = await authenticate(headers);
      request.caller = { role: caller.role, account: caller.subject };
      return { headers, caller, signedCaller: sign(caller), request };
    },
    // ready once a supergraph is loaded: one department down leaves the others' answers, so it
    // does not make the gateway unready; the body says how each one is, for monitoring
    ready: async () => {
      const status = supergraph.status();
      return {
        ready: status.loadedAt !== null,
        details: {
          gateway: "pass",
          supergraph: status,
          subgraphs: await subgraphStates(options.subgraphUrls, breakers),
        },
      };
    },
  });
  // the gateway calls itself on the loopback address when it listens on every address
  ownUrl = server.url.replace("//localhost:", "//127.0.0.1:");
  return {
    ...server,
    stop: async (graceMs?: number) => {
      await server.stop(graceMs);
      breakers.shutdown();
      await client.close();
    },
  };
}
