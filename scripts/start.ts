import "reflect-metadata";
import { loadConfig, SUBGRAPHS, type SubgraphName } from "../common/config";
import { startSystem } from "./system";

/** `node dist/scripts/start.js [bureau|masswork|service-center|gateway …]`: all parts unless named. */
async function main() {
  const parts = process.argv.slice(2) as (SubgraphName | "gateway")[];
  for (const p of parts)
    if (p !== "gateway" && !SUBGRAPHS.includes(p as SubgraphName))
      throw new Error(`unknown part "${p}": use ${SUBGRAPHS.join(", ")} or gateway`);
  const started = Date.now();
  const config = loadConfig();
  const system = await startSystem({
    config,
    only: parts.length ? parts : undefined,
    log: (l) => console.log(l),
  });
  if (system.gateway) {
    console.log(`\nThe graph is ready at ${system.gateway.url} (${Date.now() - started} ms)`);
    if (!config.production)
      console.log(
        "Sign in for cases and figures: npm run token -- --role leader, then send Authorization: Bearer <token>",
      );
    if (config.explorer)
      console.log(`Explorer (GraphiQL, works offline): open ${system.gateway.url} in a browser`);
  }
  // not ready at once, no new connections, the requests in flight finish, then the databases close
  const shutdown = async (signal: string) => {
    console.log(
      `${signal}: stopping (requests in flight may take up to ${config.shutdownGraceMs} ms)`,
    );
    await system.stop(config.shutdownGraceMs);
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((e) => {
  console.error(`start failed: ${(e as Error).message}`);
  process.exit(1);
});
