import type { DataSource } from "typeorm";
import type { Clock } from "./clock";
import { Loaders } from "./loaders";
import { referenceId } from "./errors";
import type { GraphClient } from "./graph-client";

/** What every resolver of every subgraph receives. */
export interface SubgraphContext {
  db: DataSource;
  clock: Clock;
  loaders: Loaders;
  /** the request's headers, lower-cased, as the gateway forwarded them */
  headers: Record<string, string>;
  /** the rest of the graph, through the gateway */
  graph: GraphClient;
}

export function createContext(db: DataSource, clock: Clock, graph: GraphClient, headers: Record<string, string>): SubgraphContext {
  return { db, clock, graph, headers, loaders: new Loaders(db) };
}

/** A `__resolveReference` for an entity keyed by an integer `id`; unknown ids resolve to null. */
export function byReference(load: (ctx: SubgraphContext, id: number) => unknown) {
  return {
    __resolveReference(ref: { id?: unknown }, ctx: SubgraphContext) {
      const id = referenceId(ref);
      return id === null ? null : load(ctx, id);
    },
  };
}
