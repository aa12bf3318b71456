import { ApolloServer } from "@apollo/server";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { serveHttp, type RunningServer } from "../common";
import { forwardedHeaders } from "./forward-headers";

export interface GatewayContext {
  headers: Record<string, string>;
}

export interface GatewayOptions {
  /** the composed supergraph (schema/supergraph.graphql) */
  supergraphSdl: string;
  /** where each subgraph listens, by its name in the supergraph; overrides the URLs composed in */
  subgraphUrls: Record<string, string>;
  port: number;
  host?: string;
  production?: boolean;
}

class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>["willSendRequest"]>>[0]) {
    const headers = "headers" in context && context.headers ? forwardedHeaders(context.headers) : {};
    for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
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

/** The one endpoint the front ends use: the three departments' subgraphs merged into one graph. */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new SubgraphSource({ url: options.subgraphUrls[name] ?? url }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !options.production,
    includeStacktraceInErrorResponses: !options.production,
  });
  await apollo.start();
  return serveHttp({
    apollo,
    port: options.port,
    host: options.host ?? "127.0.0.1",
    context: async (headers) => ({ headers }),
    health: async () => {
      const subgraphs = await subgraphHealth(options.subgraphUrls);
      const failing = Object.entries(subgraphs).filter(([, s]) => s !== "pass");
      if (failing.length) throw new Error(`subgraphs not healthy: ${failing.map(([n, s]) => `${n} ${s}`).join(", ")}`);
      return { gateway: "pass", subgraphs };
    },
  });
}
