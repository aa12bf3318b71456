import "reflect-metadata";
import { loadConfig } from "../common/config";
import { openSubgraphDatabase } from "../common/server";
import { SUBGRAPH_DEFINITIONS } from "./subgraphs";

/** `npm run migrate`: brings every configured database's schema up to date, then stops. */
async function main() {
  const config = loadConfig();
  for (const def of SUBGRAPH_DEFINITIONS) {
    const database = await openSubgraphDatabase(def, config.subgraphs[def.name].databaseUrl);
    await database.close();
    console.log(`${def.name}: ${database.kind} database migrated`);
  }
}

main().catch((e) => {
  console.error(`migrate failed: ${(e as Error).message}`);
  process.exit(1);
});
