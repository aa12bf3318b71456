import { readFileSync } from "node:fs";
import path from "node:path";
import { CHILD_STOP_GRACE_MS, serveAsChild } from "./children";
import { stockDataSources } from "./stock-source";

/**
 * A bench child: one gateway in its own process, so its memory and CPU are its own.
 * `gateway-main.js ours <dist dir>` starts our gateway from that compiled tree, through the same
 * `startSystem` as `npm start` (so whatever settings it gains, the bench measures);
 * `gateway-main.js stock <dist dir>` the same, with @apollo/gateway's stock data source in place
 * of ours (stock-source.ts); `gateway-main.js hive` starts Hive Gateway. All read SUPERGRAPH_PATH
 * from the environment; ours finds the subgraphs in BUREAU_URL, … like in production, Hive
 * Gateway in BENCH_SUBGRAPH_URLS (JSON), so that its process loads none of our code.
 */
interface OurSystemModule {
  startSystem(options: {
    config: unknown;
    only: string[];
    gateway?: { dataSourceForBench?: unknown };
  }): Promise<{ gateway: { url: string } | null; stop(graceMs?: number): Promise<void> }>;
}
interface OurCommonModule {
  loadConfig(env: NodeJS.ProcessEnv): unknown;
}

const [kind, dist] = process.argv.slice(2);

void serveAsChild(async () => {
  if (kind === "ours" || kind === "stock") {
    if (!dist) throw new Error(`gateway-main ${kind} needs the compiled tree to start from`);
    require("reflect-metadata");
    const { startSystem } = require(path.join(dist, "scripts", "system.js")) as OurSystemModule;
    const { loadConfig } = require(
      path.join(dist, "common", "config", "index.js"),
    ) as OurCommonModule;
    const gateway = kind === "stock" ? { dataSourceForBench: stockDataSources(dist) } : undefined;
    const system = await startSystem({
      config: loadConfig(process.env),
      only: ["gateway"],
      gateway,
    });
    return {
      urls: { gateway: system.gateway!.url },
      stop: () => system.stop(CHILD_STOP_GRACE_MS),
    };
  }
  if (kind === "hive") {
    const subgraphUrls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? "{}") as Record<
      string,
      string
    >;
    const supergraphSdl = readFileSync(process.env.SUPERGRAPH_PATH!, "utf8");
    // loaded here, so that our gateway's process holds none of Hive Gateway's code
    const { startHiveGateway } = await import("./hive-gateway");
    const hive = await startHiveGateway({
      supergraphSdl,
      subgraphUrls,
      host: process.env.HOST || "127.0.0.1",
      deduplicate: process.env.BENCH_HIVE_DEDUPE !== "off",
      callerHeader: process.env.BENCH_CALLER_HEADER!,
    });
    return { urls: { gateway: hive.url }, stop: hive.stop };
  }
  throw new Error(`unknown gateway "${kind}": use ours, stock or hive`);
});
