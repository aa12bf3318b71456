import type { ApolloServerPlugin } from "@apollo/server";
import type { Experimental_DidResolveQueryPlanCallback } from "@apollo/gateway";
import type { FetchNode, PlanNode, QueryPlan } from "@apollo/query-planner";
import type { Fetcher, FetcherResponse } from "@apollo/utils.fetcher";
import { callKey, subgraphCall, type SubgraphCallContext } from "./subgraph-source";

/**
 * A query's first subgraph calls, started as soon as the request is validated instead of when
 * the gateway's execution reaches them. Between the two, @apollo/gateway builds the operation
 * context, checks the variables, finds the cached plan and prepares its execution: about a
 * third of what the gateway adds to a request, spent while the subgraph could already be working.
 *
 * The plan's root fetches (those that need no earlier answer) depend only on the operation
 * text, the client's variables and the caller, so once a plan has been seen for a text, the
 * same calls are known for every later request of that text. They start from the request's
 * own context, after Apollo Server has parsed and validated the operation (every limit has
 * held) and the caller is authenticated, and only for queries. The execution then takes, for
 * each call it makes, the early one that is identical to the byte (same subgraph, headers and
 * body; see `subgraphCall`), or makes its own. An early call belongs to its request alone: it
 * is never shared with another request beyond what inflight.ts shares, and is dropped with the
 * request when unused. A new supergraph forgets every plan.
 */
interface RootFetch {
  url: string;
  operation: string;
  operationName: string | undefined;
  variableUsages: string[];
}

/** The fetches the execution starts with: they read nothing from another fetch's answer. */
export function rootFetches(node: PlanNode | undefined): FetchNode[] {
  if (!node) return [];
  switch (node.kind) {
    case "Fetch":
      return node.requires || node.operationKind !== "query" ? [] : [node];
    case "Parallel":
      return node.nodes.flatMap(rootFetches);
    case "Sequence":
      return rootFetches(node.nodes[0]);
    default:
      // Flatten reads earlier answers; Condition and Defer decide at execution time
      return [];
  }
}

/** The variables the gateway sends with a fetch: the client's, for the names the fetch uses, in that order. */
function fetchVariables(fetch: RootFetch, provided: Record<string, unknown> | undefined): Record<string, unknown> {
  const variables: Record<string, unknown> = Object.create(null);
  for (const name of fetch.variableUsages)
    if (provided && Object.prototype.hasOwnProperty.call(provided, name) && typeof provided[name] !== "undefined") variables[name] = provided[name];
  return variables;
}

const requestKey = (operationName: string | null | undefined, query: string) => `${operationName ?? ""}\u0000${query}`;

export interface EarlyFetches {
  /** for ApolloGateway's `experimental_didResolveQueryPlan`: learns each text's root fetches */
  learn: Experimental_DidResolveQueryPlanCallback;
  /** for a new supergraph: plans may differ */
  forget(): void;
  /** the Apollo Server plugin that starts them */
  plugin: ApolloServerPlugin<SubgraphCallContext>;
}

export function earlyFetches(fetcher: Fetcher, limit = 2000): EarlyFetches {
  let plans = new Map<string, RootFetch[]>();
  const learn: Experimental_DidResolveQueryPlanCallback = ({ queryPlan, serviceMap, requestContext }) => {
    const { query, operationName } = requestContext.request;
    if (!query) return;
    const key = requestKey(operationName, query);
    if (plans.has(key)) return;
    const fetches: RootFetch[] = [];
    for (const fetch of rootFetches((queryPlan as QueryPlan).node as PlanNode | undefined)) {
      const url = (serviceMap[fetch.serviceName] as { url?: string } | undefined)?.url;
      if (!url) return; // a subgraph this gateway cannot call early: learn nothing for this text
      fetches.push({ url, operation: fetch.operation, operationName: fetch.operationName, variableUsages: fetch.variableUsages ?? [] });
    }
    if (plans.size >= limit) plans = new Map();
    plans.set(key, fetches);
  };

  const plugin: ApolloServerPlugin<SubgraphCallContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation, contextValue }) {
          if (operation?.operation !== "query" || !request.query) return;
          const fetches = plans.get(requestKey(request.operationName, request.query));
          if (!fetches?.length) return;
          const early = (contextValue.early ??= new Map<string, Promise<FetcherResponse>>());
          for (const fetch of fetches) {
            const call = subgraphCall({ query: fetch.operation, variables: fetchVariables(fetch, request.variables), operationName: fetch.operationName }, contextValue);
            const started = fetcher(fetch.url, { method: "POST", headers: call.headers, body: call.body });
            // an unused early call fails quietly; the execution that takes it sees its failure
            started.catch(() => undefined);
            early.set(callKey(fetch.url, call), started);
          }
          // undici writes a request on a reused keep-alive connection in the event loop's check
          // phase (it first lets the socket report a close the server may have sent); without
          // this one turn, the calls would leave only when the whole execution has been prepared
          await new Promise<void>((resolve) => setImmediate(resolve));
        },
      };
    },
  };

  return { learn, forget: () => (plans = new Map()), plugin };
}
