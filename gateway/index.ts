import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from "@apollo/server/plugin/landingPage/default";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { CALLER_HEADER, serveHttp, signCaller, type AuthConfig, type Caller, type OperationLimits, type RunningServer } from "../common";
import { createAuthenticator } from "./auth";
import { subgraphFetcher } from "./fetcher";
import { requestShareKey, WriteEpoch } from "./inflight";
import { forwardedHeaders } from "./forward-headers";
import { operationLimits } from "./limits";

export interface GatewayContext {
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

class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>["willSendRequest"]>>[0]) {
    const headers = "headers" in context && context.headers ? forwardedHeaders(context.headers) : {};
    for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
    if ("signedCaller" in context && context.signedCaller) request.http?.headers.set(CALLER_HEADER, context.signedCaller);
  }
}

/** Moves the write epoch when a mutation starts and again when it has answered. */
function writeEpochPlugin(epoch: WriteEpoch): ApolloServerPlugin<GatewayContext> {
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
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new SubgraphSource({ url: options.subgraphUrls[name] ?? url, fetcher }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !options.production,
    includeStacktraceInErrorResponses: !options.production,
    allowBatchedHttpRequests: true,
    validationRules: [operationLimits(options.limits)],
    plugins: [
      writeEpochPlugin(epoch),
      ApolloServerPluginInlineTraceDisabled(),
      options.production ? ApolloServerPluginLandingPageProductionDefault({ footer: false }) : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    ],
  });
  await apollo.start();
  const authenticate = createAuthenticator(options.auth, options.internalSecret);
  const server = await serveHttp({
    apollo,
    port: options.port,
    host: options.host ?? "127.0.0.1",
    maxBodyBytes: options.limits.maxBodyBytes,
    maxBatch: options.limits.maxBatch,
    shareKey: share ? requestShareKey(epoch, authenticate) : undefined,
    context: async (headers) => {
      const caller = await authenticate(headers);
      return { headers, caller, signedCaller: signCaller(caller, options.internalSecret) };
    },
    health: async () => {
      const subgraphs = await subgraphHealth(options.subgraphUrls);
      const failing = Object.entries(subgraphs).filter(([, s]) => s !== "pass");
      if (failing.length) throw new Error(`subgraphs not healthy: ${failing.map(([n, s]) => `${n} ${s}`).join(", ")}`);
      return { gateway: "pass", subgraphs };
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
