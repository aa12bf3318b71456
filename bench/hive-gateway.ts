import { setMaxListeners } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { benchRequire } from "./peers";

/**
 * Hive Gateway with Hive Router's Rust query planner, one of the gateways ours is measured
 * against (from the bench's own packages, peers.ts). It serves the same supergraph file, with
 * each subgraph's URL replaced by where the bench started it, on plain node:http like ours.
 *
 * It runs as its users run it: both of its in-flight deduplications on. Outbound (its default):
 * identical subgraph queries in flight at once share one call; the key holds the headers sent,
 * so the signed caller keeps accounts apart. Inbound (`inboundInflightRequestDeduplication`, off
 * unless asked for): identical client requests in flight share one execution, keyed by the
 * `authorization` header as its documentation shows, so that two accounts never share.
 */
export async function startHiveGateway(options: {
  supergraphSdl: string;
  subgraphUrls: Record<string, string>;
  host: string;
  /** both deduplications on (true), or both off */
  deduplicate: boolean;
  /** the header with the signed caller, which the subgraphs require and Hive Gateway passes on */
  callerHeader: string;
}) {
  const { createGatewayRuntime } = benchRequire(
    "@graphql-hive/gateway",
  ) as typeof import("@graphql-hive/gateway");
  const { unifiedGraphHandler } = benchRequire(
    "@graphql-hive/router-runtime",
  ) as typeof import("@graphql-hive/router-runtime");
  const transportEntries: Record<
    string,
    { location: string; options?: { deduplicateInflightRequests: boolean } }
  > = {};
  for (const [name, url] of Object.entries(options.subgraphUrls))
    transportEntries[name] = {
      location: url,
      ...(options.deduplicate ? {} : { options: { deduplicateInflightRequests: false } }),
    };
  // Its executor adds one abort listener per subgraph call to a shared signal; Node's warning
  // about more than ten would only clutter the bench's output.
  setMaxListeners(0);
  const runtime = createGatewayRuntime({
    supergraph: options.supergraphSdl,
    unifiedGraphHandler,
    transportEntries,
    inboundInflightRequestDeduplication: options.deduplicate
      ? { shouldIncludeHeader: (name) => name.toLowerCase() === "authorization" }
      : false,
    logging: "error",
    landingPage: false,
    graphiql: false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({
        [options.callerHeader]: request.headers.get(options.callerHeader),
      }),
    },
  });
  const server = createServer(runtime);
  // the same keep-alive as our servers (common/http.ts), so clients keep their connections alike
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host}:${port}/graphql`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.dispose();
    },
  };
}
