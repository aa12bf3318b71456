import "reflect-metadata";
import { loadConfig, SUBGRAPHS, type SubgraphName } from "../common/config";
import { startSystem } from "../scripts/system";
import { CHILD_STOP_GRACE_MS, serveAsChild } from "./children";

/**
 * A bench child: the subgraphs named on the command line, configured from the environment the
 * bench gives (database URLs, port 0, NODE_ENV=production), exactly as `npm start` runs them.
 */
const names = process.argv.slice(2) as SubgraphName[];
for (const name of names)
  if (!SUBGRAPHS.includes(name)) throw new Error(`unknown subgraph "${name}"`);

void serveAsChild(async () => {
  const system = await startSystem({ config: loadConfig(process.env), only: names });
  const urls: Record<string, string> = {};
  for (const name of names) urls[name] = system.subgraphs[name]!.url;
  return { urls, stop: () => system.stop(CHILD_STOP_GRACE_MS) };
});
