import { readFileSync } from "node:fs";
import path from "node:path";
import {
  httpGraphClient,
  internalSecretOf,
  withSecrets,
  projectRoot,
  seedIfEmpty,
  startSubgraph,
  systemClock,
  type Clock,
  type Config,
  type RunningServer,
  type RunningSubgraph,
  type SubgraphName,
} from "../common";
import { startGateway } from "../gateway";
import { SUBGRAPH_DEFINITIONS } from "./subgraphs";

export interface SystemOptions {
  config: Config;
  /** which parts to run; all of them unless given */
  only?: (SubgraphName | "gateway")[];
  clock?: Clock;
  /** the supergraph to serve; read from config.supergraphPath unless given */
  supergraphSdl?: string;
  log?: (line: string) => void;
}

export interface RunningSystem {
  gateway: RunningServer | null;
  subgraphs: Partial<Record<SubgraphName, RunningSubgraph>>;
  stop(): Promise<void>;
}

/**
 * Migrates, loads the default dataset into empty databases, and starts the subgraphs and then the
 * gateway. Port 0 in the config picks free ports; the gateway is told where each one landed.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const config = withSecrets(options.config);
  const internalSecret = internalSecretOf(config);
  const log = options.log ?? (() => {});
  const wanted = (part: SubgraphName | "gateway") => !options.only || options.only.includes(part);
  const clock = options.clock ?? systemClock;
  const subgraphs: Partial<Record<SubgraphName, RunningSubgraph>> = {};
  let gateway: RunningServer | null = null;
  let gatewayUrl = config.gatewayUrl;
  const stop = async () => {
    await gateway?.stop();
    for (const s of Object.values(subgraphs).reverse()) await s.stop();
  };
  try {
    for (const def of SUBGRAPH_DEFINITIONS) {
      if (!wanted(def.name)) continue;
      const sc = config.subgraphs[def.name];
      const running = await startSubgraph(def, {
        databaseUrl: sc.databaseUrl,
        port: sc.port,
        host: config.host,
        clock,
        production: config.production,
        internalSecret,
        graph: httpGraphClient(() => gatewayUrl, def.name),
      });
      subgraphs[def.name] = running;
      // the default dataset (written in bulk, then its search index rebuilt) goes into empty databases only
      if (config.demoData && (await seedIfEmpty(def, running.database))) log(`${def.name}: default dataset loaded (2016 and 2017)`);
      log(`${def.name}: ${running.url}`);
    }
    if (wanted("gateway")) {
      const subgraphUrls: Record<string, string> = {};
      for (const def of SUBGRAPH_DEFINITIONS) subgraphUrls[def.name] = subgraphs[def.name]?.url ?? config.subgraphs[def.name].url;
      const supergraphSdl = options.supergraphSdl ?? readFileSync(path.resolve(projectRoot(), config.supergraphPath), "utf8");
      gateway = await startGateway({
        supergraphSdl,
        subgraphUrls,
        port: config.gatewayPort,
        host: config.host,
        production: config.production,
        auth: config.auth,
        internalSecret,
        limits: config.limits,
        shareInflight: config.shareInflight,
      });
      gatewayUrl = gateway.url;
      log(`gateway: ${gateway.url}`);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { gateway, subgraphs, stop };
}
