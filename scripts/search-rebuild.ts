import "reflect-metadata";
import { loadConfig, SUBGRAPHS, type SubgraphName } from "../common/config";
import { openSubgraphDatabase } from "../common/server";
import { SUBGRAPH_DEFINITIONS } from "./subgraphs";

/**
 * `npm run search:rebuild [bureau|masswork|service-center …]`: indexes every searchable record
 * again, after data was loaded past the mutations (imports, bulk loads). Each department's
 * database comes from the same settings as `npm start`; every department unless named.
 */
async function main() {
  const names = process.argv.slice(2) as SubgraphName[];
  for (const n of names)
    if (!SUBGRAPHS.includes(n))
      throw new Error(`unknown subgraph "${n}": use ${SUBGRAPHS.join(", ")}`);
  const config = loadConfig();
  for (const def of SUBGRAPH_DEFINITIONS) {
    if (names.length && !names.includes(def.name)) continue;
    if (!def.rebuildSearchIndex) continue;
    const database = await openSubgraphDatabase(def, config.subgraphs[def.name].databaseUrl);
    try {
      const started = Date.now();
      await def.rebuildSearchIndex(database.dataSource);
      console.log(
        `${def.name}: search index rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      await database.close();
    }
  }
}

main().catch((e) => {
  console.error(`search:rebuild failed: ${(e as Error).message}`);
  process.exit(1);
});
