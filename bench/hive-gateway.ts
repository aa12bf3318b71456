import { setMaxListeners } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createGatewayRuntime } from "@graphql-hive/gateway";
import { unifiedGraphHandler } from "@graphql-hive/router-runtime";

/**
 * Hive Gateway with Hive Router's Rust query planner, the gateway ours is measured against
 * (a dev dependency used by the bench only). It serves the same supergraph file, with each
 * subgraph's URL replaced by where the bench started it, on plain node:http like ours.
 */
export async function startHiveGateway(options: {
  supergraphSdl: string;
  subgraphUrls: Record<string, string>;
  host: string;
  /** Hive Gateway shares one subgraph answer among identical queries in flight at once (its default) */
  deduplicate: boolean;
  /** the header with the signed caller, which the subgraphs require and Hive Gateway passes on */
  callerHeader: string;
}) {
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
  // the same keep-alive as our servers (common/server/http.ts), so clients keep their connections alike
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
