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
import { DEFAULT_BREAKER } from "../gateway/breakers";
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
  /** the gateway first, then the subgraphs, each finishing its requests in flight within `graceMs` */
  stop(graceMs?: number): Promise<void>;
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
  const stop = async (graceMs?: number) => {
    await gateway?.stop(graceMs);
    for (const s of Object.values(subgraphs).reverse()) await s.stop(graceMs);
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
      const subgraphTimeoutsMs: Record<string, number> = {};
      for (const def of SUBGRAPH_DEFINITIONS) subgraphTimeoutsMs[def.name] = config.subgraphs[def.name].timeoutMs;
      gateway = await startGateway({
        // a given text is served as it is; otherwise the file (or URL) is watched for new supergraphs
        supergraph: options.supergraphSdl
          ? { sdl: options.supergraphSdl }
          : { path: path.resolve(projectRoot(), config.supergraphPath), url: config.supergraphUrl ?? undefined },
        subgraphUrls,
        subgraphTimeoutsMs,
        breaker: { ...DEFAULT_BREAKER, openMs: config.breakerOpenMs },
        port: config.gatewayPort,
        host: config.host,
        production: config.production,
        auth: config.auth,
        internalSecret,
        limits: config.limits,
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
