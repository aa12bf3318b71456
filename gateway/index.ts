import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloGateway } from "@apollo/gateway";
import { serveHttp, signCaller, strictTimeScalars, type AuthConfig, type Caller, type OperationLimits, type RunningServer } from "../common";
import { createAuthenticator, type Authenticate } from "./auth";
import { subgraphFetcher } from "./fetcher";
import { requestShareKey, WriteEpoch } from "./inflight";
import { SubgraphSource, type SubgraphCallContext } from "./subgraph-source";
import { earlyFetches } from "./early-fetches";
import { operationLimits } from "./limits";
import { clientErrors, refusedDocuments } from "./client-errors";

export interface GatewayContext extends SubgraphCallContext {
  headers: Record<string, string>;
  caller: Caller;
  /** the caller as subgraphs receive it, signed once per request */
  signedCaller: string;
}

export interface GatewayOptions {
  /** the composed supergraph (schema/supergraph.graphql) */
  supergraphSdl: string;
  /** where each subgraph listens, by its name in the supergraph; overrides the URLs composed in */
  subgraphUrls: Record<string, string>;
  port: number;
  host?: string;
  production?: boolean;
  auth: AuthConfig;
  /** signs the caller for the subgraphs */
  internalSecret: string;
  limits: OperationLimits;
  /** share identical queries in flight, requests and subgraph calls (one gateway replica only: see inflight.ts) */
  shareInflight?: boolean;
}

/** Moves the write epoch when a mutation starts and again when it has answered. */
export function writeEpochPlugin(epoch: WriteEpoch): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let writes = false;
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== "mutation") return;
          writes = true;
          epoch.advance();
        },
        async willSendResponse() {
          if (writes) epoch.advance();
        },
      };
    },
  };
}

/**
 * Something worked out once per request, however many times it is asked for (sharing key,
 * early calls, context): keyed by the request's headers object, which the HTTP layer hands to
 * each of them.
 */
function perRequest<T>(work: (headers: Record<string, string>) => T): (headers: Record<string, string>) => T {
  const done = new WeakMap<Record<string, string>, T>();
  return (headers) => {
    if (done.has(headers)) return done.get(headers)!;
    const value = work(headers);
    done.set(headers, value);
    return value;
  };
}

/**
 * The signed caller for the subgraphs, made once per account and reused for a minute: it is
 * valid for two (common/caller.ts), so a reused one still outlives any request that carries it.
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

/** Subgraph health, as the gateway's own /health reports it. */
async function subgraphHealth(urls: Record<string, string>): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const res = await fetch(url.replace(/\/graphql$/, "/health"), { signal: AbortSignal.timeout(2000) });
        return [name, res.ok ? "pass" : `fail (${res.status})`] as const;
      } catch (e) {
        return [name, `fail (${(e as Error).message})`] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * The one endpoint the front ends use: the three departments' subgraphs merged into one graph.
 * It authenticates the caller, refuses oversized operations, and hands the subgraphs the caller
 * signed; the subgraphs decide what that caller may do.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const epoch = new WriteEpoch();
  const share = options.shareInflight !== false;
  // one client for every subgraph: keep-alive connections, entity fetches of a turn merged,
  // identical queries in flight shared within a write epoch
  const fetcher = subgraphFetcher({ batchEntities: true, shareInflight: share ? epoch : undefined });
  const authenticate: Authenticate = perRequest(createAuthenticator(options.auth, options.internalSecret));
  const sign = signedCallers(options.internalSecret);
  // one signed caller per request: its early calls and its execution must send the same one
  const signedCallerOf = perRequest(async (headers) => sign(await authenticate(headers)));
  // a query's first subgraph calls start once it is read, before the execution reaches them
  const early = earlyFetches(fetcher, async (headers) => {
    try {
      return { headers, signedCaller: await signedCallerOf(headers) };
    } catch {
      return undefined;
    }
  });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    experimental_didResolveQueryPlan: early.learn,
    buildService: ({ name, url }) => {
      const at = options.subgraphUrls[name] ?? url;
      if (!at) throw new Error(`the supergraph gives no URL for subgraph ${name}, and none is configured`);
      return new SubgraphSource(at, fetcher);
    },
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    early.forget();
    // the supergraph's DateTime and Date read as strictly as the subgraphs' (common/scalars.ts)
    strictTimeScalars(apiSchema);
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !options.production,
    includeStacktraceInErrorResponses: !options.production,
    // no "Did you mean …" naming the schema's fields and types in production
    hideSchemaDetailsFromClientErrors: options.production === true,
    allowBatchedHttpRequests: true,
    validationRules: [refusedDocuments, operationLimits(options.limits)],
    // twenty errors tell a client what is wrong; more only cost time to build
    validationOptions: { maxErrors: 20 },
    // a document past the token limit is refused while it is parsed, before any rule walks it
    parseOptions: { maxTokens: options.limits.maxTokens },
    plugins: [
      clientErrors({ production: options.production === true, maxTokens: options.limits.maxTokens }),
      writeEpochPlugin(epoch),
      early.plugin,
      ApolloServerPluginInlineTraceDisabled(),
      // answers are per caller and never cached by HTTP caches: no cache policy to compute
      ApolloServerPluginCacheControlDisabled(),
      // nothing is reported to Apollo's services, even with APOLLO_KEY set: reporting would also
      // ask every subgraph call for a trace
      ApolloServerPluginUsageReportingDisabled(),
      // production serves no page at all: the graph is for the front ends, not for browsing
      options.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    ],
  });
  await apollo.start();
  const server = await serveHttp({
    apollo,
    port: options.port,
    host: options.host ?? "127.0.0.1",
    maxBodyBytes: options.limits.maxBodyBytes,
    maxBatch: options.limits.maxBatch,
    shareKey: share ? requestShareKey(epoch, authenticate, options.limits.maxTokens) : undefined,
    beforeExecute: early.start,
    context: async (headers) => {
      const caller = await authenticate(headers);
      return { headers, caller, signedCaller: await signedCallerOf(headers), early: early.startedFor(headers) };
    },
    health: async () => {
      const subgraphs = await subgraphHealth(options.subgraphUrls);
      const failing = Object.entries(subgraphs).filter(([, s]) => s !== "pass");
      if (failing.length) throw new Error(`subgraphs not healthy: ${failing.map(([n, s]) => `${n} ${s}`).join(", ")}`);
      return { gateway: "pass", subgraphs, earlyCalls: early.stats() };
    },
  });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      await fetcher.close();
    },
  };
}
