import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { systemClock, type Clock } from "../time/clock";
import type { SubgraphName } from "../config/config";
import { createContext, type SubgraphContext } from "./context";
import type { GraphClient } from "./graph-client";
import { openDatabase, type Database } from "../db/database";
import type { StatementObserver } from "../db/transactions";
import { operationRecordPlugin, serveHttp, type RunningServer } from "../http";
import { silentLogger, type Logger } from "../log";
import { partMetrics } from "../metrics";
import { subgraphMetrics } from "./subgraph-metrics";
import { traceRootFields } from "./traced-fields";
import { subgraphErrorFormatter } from "./subgraph-errors";
import type { SeedBatch } from "../../seed/insert";
import type { SeedPlan } from "../../seed/plan";

/** What a department's subgraph gives the common machinery: its schema, tables and demo data. */
export interface SubgraphDefinition {
  name: SubgraphName;
  /** builds the schema from the code alone: no database is needed to print or compose it */
  buildSchema(): Promise<GraphQLSchema>;
  entities: Function[];
  migrations: Function[];
  /** its rows of the synthetic dataset, table by table in an order that satisfies its foreign keys (see seed/write.ts) */
  seedRows(plan: SeedPlan): Iterable<SeedBatch>;
  /** re-indexes every searchable record (after bulk loads that bypass the per-write indexing) */
  rebuildSearchIndex?(db: DataSource): Promise<void>;
  /** folds the search indexes' recent postings into their blocks' bitmaps; run now and then while serving */
  sealSearchIndex?(db: DataSource): Promise<void>;
  /** after a bulk load, which writes around the mutations: drop or rebuild what they keep (totals) */
  afterBulkLoad?(db: DataSource): Promise<void>;
}

export interface SubgraphOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  clock?: Clock;
  /** the gateway, for checking references to other departments' records */
  graph: GraphClient;
  /** verifies the caller the gateway forwards */
  internalSecret: string;
  production?: boolean;
  /** the subgraph's log (pino): its database's retries, hidden error details, one line per request */
  logger?: Logger;
  /** how often the search indexes are sealed (`sealSearchIndex`), in ms; 0 or none: never */
  searchSealEveryMs?: number;
}

export interface RunningSubgraph extends RunningServer {
  name: SubgraphName;
  database: Database;
}

export function openSubgraphDatabase(
  def: SubgraphDefinition,
  databaseUrl: string,
  waitForDatabase?: { log: (line: string) => void },
  logger?: Logger,
  observe?: StatementObserver,
): Promise<Database> {
  return openDatabase({
    url: databaseUrl,
    entities: def.entities,
    migrations: def.migrations,
    waitForDatabase,
    logger,
    observe,
    // only a serving subgraph's statements are traced (not a script's)
    tracedAs: observe ? def.name : undefined,
  });
}

/** Opens (and migrates) the subgraph's database, then serves its schema. Port 0 picks a free one. */
export async function startSubgraph(
  def: SubgraphDefinition,
  options: SubgraphOptions,
): Promise<RunningSubgraph> {
  const logger = options.logger ?? silentLogger;
  const metrics = partMetrics(def.name);
  const own = subgraphMetrics(metrics, def.name);
  // a subgraph started before its database waits for it, saying so at each try
  const database = await openSubgraphDatabase(
    def,
    options.databaseUrl,
    { log: (line) => logger.warn(line) },
    logger,
    own.statement,
  );
  own.watchConnections(database.connections);
  try {
    const schema = traceRootFields(await def.buildSchema(), def.name);
    const clock = options.clock ?? systemClock;
    const apollo = new ApolloServer<SubgraphContext>({
      schema,
      introspection: !options.production,
      // the process stops gracefully on its own terms (scripts/start.ts): Apollo must not stop it first
      stopOnTerminationSignals: false,
      // no stack, SQL, host or driver text reaches a client, in any mode: the log keeps them
      includeStacktraceInErrorResponses: false,
      formatError: subgraphErrorFormatter(def.name, logger),
      // no schema uses cache hints, and computing them costs a tenth of a subgraph's time
      plugins: [
        operationRecordPlugin(),
        ApolloServerPluginInlineTraceDisabled(),
        ApolloServerPluginCacheControlDisabled(),
      ],
    });
    await apollo.start();
    const server = await serveHttp({
      part: def.name,
      apollo,
      port: options.port,
      host: options.host ?? "127.0.0.1",
      logger,
      metrics,
      context: async (headers, request) =>
        createContext(
          {
            db: database.dataSource,
            clock,
            graph: options.graph,
            internalSecret: options.internalSecret,
            auditRowsWritten: own.auditRowsWritten,
          },
          headers,
          request,
        ),
      // ready when its database answers and holds every migration this code expects
      ready: async () => {
        const details = { subgraph: def.name, database: database.kind };
        try {
          await database.dataSource.query("SELECT 1");
        } catch {
          return { ready: false, details: { ...details, reason: "the database does not answer" } };
        }
        if (await database.dataSource.showMigrations())
          return { ready: false, details: { ...details, reason: "migrations are pending" } };
        return { ready: true, details };
      },
    });
    const sealer = searchSealer(def, database.dataSource, options.searchSealEveryMs ?? 0, logger);
    return {
      ...server,
      name: def.name,
      database,
      stop: async (graceMs?: number) => {
        await server.stop(graceMs);
        await sealer.stop();
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/**
 * Seals the department's search indexes every `everyMs`, one run at a time; a failed run is
 * logged and the next one tries again (the recent postings stay valid meanwhile, only slower).
 */
function searchSealer(def: SubgraphDefinition, db: DataSource, everyMs: number, logger: Logger) {
  let running: Promise<void> | null = null;
  const seal = def.sealSearchIndex;
  const timer =
    seal && everyMs > 0
      ? setInterval(() => {
          running ??= seal(db)
            .catch((e: unknown) =>
              logger.warn(
                { err: e },
                `${def.name}: sealing the search index failed; will try again`,
              ),
            )
            .finally(() => (running = null));
        }, everyMs)
      : null;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
