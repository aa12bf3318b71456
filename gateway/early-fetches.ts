import type { ApolloServerPlugin } from "@apollo/server";
import type { Experimental_DidResolveQueryPlanCallback } from "@apollo/gateway";
import type { FetchNode, PlanNode, QueryPlan } from "@apollo/query-planner";
import type { Fetcher, FetcherResponse } from "@apollo/utils.fetcher";
import { getVariableValues } from "graphql/execution/values";
import type { GraphQLSchema, VariableDefinitionNode } from "graphql";
import { isPlainObject } from "../common";
import { isJsonRequest } from "./inflight";
import { MAX_MEMO_KEY } from "./memo";
import { callKey, subgraphCall, type SubgraphCallContext } from "./subgraph-source";

/**
 * A query's first subgraph calls, started as soon as the request is read instead of when the
 * gateway's execution reaches them. Between the two, Apollo Server runs its request pipeline
 * and @apollo/gateway builds the operation context, checks the variables, finds the cached plan
 * and prepares its execution: about half of what the gateway adds to a request, spent while the
 * subgraph could already be working.
 *
 * The plan's root fetches (those that need no earlier answer) depend only on the operation
 * text, the client's variables and the caller, so once a plan has been seen for a text, the
 * same calls are known for every later request of that text. They start when the request has
 * been read and its caller authenticated, for texts whose plan is known: such a text has been
 * parsed and validated against this same supergraph before, and validation depends on the
 * text alone (the operation limits count a `first` given as a variable at the largest page),
 * so every limit holds; a plan has root fetches only for queries. The execution then takes, for
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

/** What is known of a text once it has run: its root fetches, and how to check its variables. */
interface Plan {
  fetches: RootFetch[];
  /** the API schema the gateway checks variables against */
  schema: GraphQLSchema;
  variableDefinitions: readonly VariableDefinitionNode[];
}

const requestKey = (operationName: string | null | undefined, query: string) => `${operationName ?? ""}\u0000${query}`;

export interface EarlyFetches {
  /** for ApolloGateway's `experimental_didResolveQueryPlan`: learns each text's root fetches */
  learn: Experimental_DidResolveQueryPlanCallback;
  /** for a new supergraph: plans may differ */
  forget(): void;
  /** for serveHttp's `beforeExecute`: starts a request's root calls when its text's plan is known */
  start(headers: Record<string, string>, body: Record<string, unknown>): Promise<void>;
  /** the calls started for the request with these headers, for its context */
  startedFor(headers: Record<string, string>): Map<string, Promise<FetcherResponse>> | undefined;
  /** counts calls its execution did not take (each one a subgraph read made twice) */
  plugin: ApolloServerPlugin<SubgraphCallContext>;
  /** calls started early, and those their execution did not take, since the start */
  stats(): { started: number; untaken: number };
}


/**
 * @param callContext the signed caller of a request's headers, as its context will hold it;
 *   undefined when the caller cannot be authenticated (the request then starts nothing)
 */
export function earlyFetches(fetcher: Fetcher, callContext: (headers: Record<string, string>) => Promise<SubgraphCallContext | undefined>, limit = 2000): EarlyFetches {
  let plans = new Map<string, Plan>();
  const started = new WeakMap<Record<string, string>, Map<string, Promise<FetcherResponse>>>();
  const counts = { started: 0, untaken: 0 };

  const learn: Experimental_DidResolveQueryPlanCallback = ({ queryPlan, serviceMap, requestContext, operationContext }) => {
    const { query, operationName } = requestContext.request;
    if (!query || query.length > MAX_MEMO_KEY) return;
    const key = requestKey(operationName, query);
    if (plans.has(key)) return;
    const fetches: RootFetch[] = [];
    for (const fetch of rootFetches((queryPlan as QueryPlan).node as PlanNode | undefined)) {
      const url = (serviceMap[fetch.serviceName] as { url?: string } | undefined)?.url;
      if (!url) return; // a subgraph this gateway cannot call early: learn nothing for this text
      fetches.push({ url, operation: fetch.operation, operationName: fetch.operationName, variableUsages: fetch.variableUsages ?? [] });
    }
    if (plans.size >= limit) plans = new Map();
    plans.set(key, { fetches, schema: operationContext.schema, variableDefinitions: operationContext.operation.variableDefinitions ?? [] });
  };

  async function start(headers: Record<string, string>, body: Record<string, unknown>): Promise<void> {
    const { query, operationName, variables } = body;
    // only what Apollo Server takes as it is: a JSON POST of a text, an optional name and
    // variables object, and nothing else (persisted queries and other extensions run their course)
    if (typeof query !== "string" || (operationName != null && typeof operationName !== "string")) return;
    if (variables != null && !isPlainObject(variables)) return;
    if (body.extensions !== undefined || !isJsonRequest(headers)) return;
    const plan = plans.get(requestKey(operationName, query));
    if (!plan?.fetches.length) return;
    // the variables must pass the check the gateway makes before executing (types, required
    // ones, values hidden from the API), or nothing leaves early
    if (getVariableValues(plan.schema, plan.variableDefinitions, variables ?? {}).errors) return;
    const context = await callContext(headers);
    if (!context) return;
    const calls = new Map<string, Promise<FetcherResponse>>();
    for (const fetch of plan.fetches) {
      const call = subgraphCall({ query: fetch.operation, variables: fetchVariables(fetch, variables ?? undefined), operationName: fetch.operationName }, context);
      const answer = fetcher(fetch.url, { method: "POST", headers: call.headers, body: call.body });
      // an unused early call fails quietly; the execution that takes it sees its failure
      answer.catch(() => undefined);
      calls.set(callKey(fetch.url, call), answer);
    }
    started.set(headers, calls);
    counts.started += calls.size;
    // undici writes a request on a reused keep-alive connection in the event loop's check phase
    // (it first lets the socket report a close the server may have sent); without this one
    // turn, the calls would leave only when the whole execution has been prepared
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  const plugin: ApolloServerPlugin<SubgraphCallContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          const left = contextValue.early?.size ?? 0;
          if (!left) return;
          // expected only for requests refused after their calls left; otherwise a call built
          // differently from the execution's (a header added per call, for instance)
          if (counts.untaken % 1000 === 0) console.warn(`[gateway] ${left} early subgraph call(s) not taken by their execution (${counts.untaken + left} so far)`);
          counts.untaken += left;
        },
      };
    },
  };

  return { learn, forget: () => (plans = new Map()), start, startedFor: (headers) => started.get(headers), plugin, stats: () => ({ ...counts }) };
}
