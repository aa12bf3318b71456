import path from "node:path";
import {
  internalSecretOf,
  withSecrets,
  projectRoot,
  SUBGRAPHS,
  type Config,
  type SubgraphName,
} from "../common/config";
import type { RunningServer } from "../common/http";
import type { RunningSubgraph } from "../common/server";
import { createLogger } from "../common/log";
import { demoClock, systemClock, type Clock } from "../common/time";
import type { DestinationStream } from "pino";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import { startTracing } from "../common/trace";
import { startGateway, type GatewayOptions } from "../gateway";
import { DEFAULT_BREAKER } from "../gateway/breakers";

export interface SystemOptions {
  config: Config;
  /** which parts to run; all of them unless given */
  only?: (SubgraphName | "gateway")[];
  clock?: Clock;
  /** the supergraph to serve; read from config.supergraphPath unless given */
  supergraphSdl?: string;
  log?: (line: string) => void;
  /** where every part's log lines go instead of stdout (tests read them) */
  logDestination?: DestinationStream;
  /** where spans go instead of what OTEL_* configures (tests: an in-memory exporter) */
  traceExporter?: SpanExporter;
  /** the bench's one switch of the gateway (gateway/index.ts) */
  gateway?: Pick<GatewayOptions, "dataSourceForBench">;
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
  const loggerOf = (part: string) =>
    createLogger(part, {
      level: config.logLevel,
      format: config.logFormat,
      destination: options.logDestination,
    });
  const wanted = (part: SubgraphName | "gateway") => !options.only || options.only.includes(part);
  // the demo data's own clock (DEMO_AS_OF), unless a test gives one
  const clock = options.clock ?? (config.demoAsOf ? demoClock(config.demoAsOf) : systemClock);
  if (!options.clock && config.demoAsOf)
    log(`demo clock: today is ${config.demoAsOf} (DEMO_AS_OF; DEMO_AS_OF=off for the real date)`);
  const subgraphs: Partial<Record<SubgraphName, RunningSubgraph>> = {};
  let gateway: RunningServer | null = null;
  let gatewayUrl = config.gatewayUrl;
  // traces, when OTEL_* asks for them (common/trace): each part under its own service name
  const tracing = await startTracing(
    [...(wanted("gateway") ? ["gateway"] : []), ...SUBGRAPHS.filter(wanted)],
    { wanted: config.traces, exporter: options.traceExporter },
  );
  const stop = async (graceMs?: number) => {
    await gateway?.stop(graceMs);
    for (const s of Object.values(subgraphs).reverse()) await s.stop(graceMs);
    await tracing?.shutdown();
  };
  try {
    // a process that runs only the gateway never loads the subgraphs' code
    const parts = SUBGRAPHS.filter(wanted);
    const { startSubgraphPart } = parts.length
      ? await import("./subgraph-part")
      : { startSubgraphPart: null };
    for (const name of parts)
      subgraphs[name] = await startSubgraphPart!(name, {
        config,
        internalSecret,
        clock,
        gatewayUrl: () => gatewayUrl,
        log,
        logger: loggerOf(name),
      });
    if (wanted("gateway")) {
      const subgraphUrls: Record<string, string> = {};
      const subgraphTimeoutsMs: Record<string, number> = {};
      for (const name of SUBGRAPHS) {
        subgraphUrls[name] = subgraphs[name]?.url ?? config.subgraphs[name].url;
        subgraphTimeoutsMs[name] = config.subgraphs[name].timeoutMs;
      }
      gateway = await startGateway({
        // a given text is served as it is; otherwise the file (or URL) is watched for new supergraphs
        supergraph: options.supergraphSdl
          ? { sdl: options.supergraphSdl }
          : {
              path: path.resolve(projectRoot(), config.supergraphPath),
              url: config.supergraphUrl ?? undefined,
            },
        subgraphUrls,
        subgraphTimeoutsMs,
        breaker: { ...DEFAULT_BREAKER, openMs: config.breakerOpenMs },
        port: config.gatewayPort,
        host: config.host,
        production: config.production,
        auth: config.auth,
        internalSecret,
        limits: config.limits,
        explorer: config.explorer,
        // the dashboard opens on the clock's year (the demo's, in a demo), in the county's time
        dashboard: config.dashboard
          ? { defaultYear: () => new Date(clock.now().getTime() + 8 * 3600_000).getUTCFullYear() }
          : undefined,
        corsOrigins: config.corsOrigins,
        logger: loggerOf("gateway"),
        ...options.gateway,
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
