import path from "node:path";
import type { GraphQLDataSource } from "@apollo/gateway";

/**
 * @apollo/gateway's stock data source, `RemoteGraphQLDataSource` with its default fetcher, in
 * place of our SubgraphSource (undici `dispatch`, timeouts, retry, breaker): the same gateway
 * otherwise, to measure what SubgraphSource buys (`--against stock`). It sends the same headers
 * (the forwarded ones and the signed caller), read from the compiled tree under test.
 */
interface CallContext {
  headers?: Record<string, string>;
  signedCaller?: string;
}

export function stockDataSources(
  dist: string,
): (name: string, url: string) => GraphQLDataSource<CallContext> {
  const { RemoteGraphQLDataSource } =
    require("@apollo/gateway") as typeof import("@apollo/gateway");
  const { forwardedHeaders } = require(
    path.join(dist, "gateway", "forward-headers.js"),
  ) as typeof import("../gateway/forward-headers");
  const { CALLER_HEADER } = require(path.join(dist, "common", "auth", "index.js")) as {
    CALLER_HEADER: string;
  };
  return (_name, url) =>
    new RemoteGraphQLDataSource<CallContext>({
      url,
      willSendRequest({ request, context }) {
        for (const [header, value] of Object.entries(forwardedHeaders(context.headers ?? {})))
          request.http?.headers.set(header, value);
        if (context.signedCaller) request.http?.headers.set(CALLER_HEADER, context.signedCaller);
      },
    });
}
