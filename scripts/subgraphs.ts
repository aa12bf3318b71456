import type { SubgraphDefinition } from "../common/server";
import { bureau } from "../subgraphs/bureau";
import { masswork } from "../subgraphs/masswork";
import { serviceCenter } from "../subgraphs/service-center";

/** The departments' subgraphs, in the order they start. */
export const SUBGRAPH_DEFINITIONS: SubgraphDefinition[] = [bureau, masswork, serviceCenter];
