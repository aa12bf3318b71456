import type { Config, SubgraphName } from "../common/config";
import { httpGraphClient, startSubgraph, type RunningSubgraph } from "../common/server";
import type { Logger } from "../common/log";
import type { Clock } from "../common/time";
import { seedIfEmpty } from "../seed";
import { SUBGRAPH_DEFINITIONS } from "./subgraphs";

/**
 * Starts one department's subgraph: migrates its database, loads the default dataset into an
 * empty one, serves it. Loaded only by a process that runs a subgraph (system.ts), so that a
 * gateway's process holds none of the subgraphs' code, TypeORM, jieba or SQLite.
 */
export async function startSubgraphPart(
  name: SubgraphName,
  options: {
    config: Config;
    internalSecret: string;
    clock: Clock;
    gatewayUrl: () => string;
    log: (line: string) => void;
    logger: Logger;
  },
): Promise<RunningSubgraph> {
  const def = SUBGRAPH_DEFINITIONS.find((d) => d.name === name)!;
  const { config } = options;
  const sc = config.subgraphs[name];
  const running = await startSubgraph(def, {
    databaseUrl: sc.databaseUrl,
    port: sc.port,
    host: config.host,
    clock: options.clock,
    production: config.production,
    internalSecret: options.internalSecret,
    graph: httpGraphClient(options.gatewayUrl, name, options.logger),
    logger: options.logger,
    searchSealEveryMs: config.searchSealEveryMs,
  });
  // the default dataset (written in bulk, then its search index rebuilt) goes into empty databases only
  if (config.demoData && (await seedIfEmpty(def, running.database)))
    options.log(`${name}: default dataset loaded (2016 and 2017)`);
  options.log(`${name}: ${running.url}`);
  return running;
}
