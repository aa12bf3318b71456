import type { SubgraphDefinition } from "../common";
import { bureau } from "../subgraphs/bureau";

/** The departments' subgraphs, in the order they start. */
export const SUBGRAPH_DEFINITIONS: SubgraphDefinition[] = [bureau];
