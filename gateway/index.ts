import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from "@apollo/server/plugin/landingPage/default";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { CALLER_HEADER, serveHttp, signCaller, type AuthConfig, type Caller, type OperationLimits, type RunningServer } from "../common";
import { createAuthenticator } from "./auth";
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
}

class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>["willSendRequest"]>>[0]) {
    const headers = "headers" in context && context.headers ? forwardedHeaders(context.headers) : {};
    for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
    if ("signedCaller" in context && context.signedCaller) request.http?.headers.set(CALLER_HEADER, context.signedCaller);
  }
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
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new SubgraphSource({ url: options.subgraphUrls[name] ?? url }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !options.production,
    includeStacktraceInErrorResponses: !options.production,
    allowBatchedHttpRequests: true,
    validationRules: [operationLimits(options.limits)],
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      options.production ? ApolloServerPluginLandingPageProductionDefault({ footer: false }) : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    ],
  });
  await apollo.start();
  const authenticate = createAuthenticator(options.auth, options.internalSecret);
  return serveHttp({
    apollo,
    port: options.port,
    host: options.host ?? "127.0.0.1",
    maxBodyBytes: options.limits.maxBodyBytes,
    maxBatch: options.limits.maxBatch,
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
}
