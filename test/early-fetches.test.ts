import type { FetchNode, PlanNode } from "@apollo/query-planner";
import type { Fetcher, FetcherRequestInit } from "@apollo/utils.fetcher";
import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { earlyFetches, rootFetches, type EarlyFetches } from "../gateway/early-fetches";
import { BufferedResponse, ResponseHeaders } from "../gateway/fetch-response";
import { SubgraphSource, type SubgraphCallContext } from "../gateway/subgraph-source";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * A query's root subgraph calls start once the request is read (gateway/early-fetches.ts);
 * the execution must then take exactly those calls, and never make one twice.
 */
const fetchNode = (serviceName: string, over: Record<string, unknown> = {}) =>
  ({ kind: "Fetch", serviceName, operation: `query Op__${serviceName}__0{a}`, operationName: `Op__${serviceName}__0`, operationKind: "query", variableUsages: [], ...over }) as PlanNode;

describe("the root fetches of a plan", () => {
  it("are the fetches that need no earlier answer, in queries only", () => {
    const names = (node: PlanNode) => rootFetches(node).map((f) => f.serviceName);
    expect(names(fetchNode("bureau"))).toEqual(["bureau"]);
    expect(names({ kind: "Parallel", nodes: [fetchNode("bureau"), fetchNode("masswork")] })).toEqual(["bureau", "masswork"]);
    expect(names({ kind: "Sequence", nodes: [fetchNode("bureau"), { kind: "Flatten", path: ["a"], node: fetchNode("masswork") }] })).toEqual(["bureau"]);
    expect(names({ kind: "Sequence", nodes: [{ kind: "Parallel", nodes: [fetchNode("bureau"), fetchNode("service-center")] }, fetchNode("masswork")] })).toEqual(["bureau", "service-center"]);
    expect(names({ kind: "Flatten", path: ["a"], node: fetchNode("masswork") })).toEqual([]);
    expect(names(fetchNode("bureau", { requires: [{ kind: "InlineFragment", selections: [] }] }))).toEqual([]);
    expect(names(fetchNode("bureau", { operationKind: "mutation" }))).toEqual([]);
  });
});

describe("early calls", () => {
  const URL = "http://bureau.test/graphql";
  const QUERY = `query Page($first: Int, $unused: String) { petitions(first: $first) { id } }`;
  const root = fetchNode("bureau", { operation: "query Page__bureau__0($first:Int){petitions(first:$first){id}}", operationName: "Page__bureau__0", variableUsages: ["first"] }) as FetchNode;
  const plan = { kind: "QueryPlan", node: root };
  let calls: { url: string; init: FetcherRequestInit }[];
  let fetcher: Fetcher;

  beforeEach(() => {
    calls = [];
    fetcher = async (url, init = {}) => {
      calls.push({ url, init });
      return new BufferedResponse(url, 200, new ResponseHeaders({ "content-type": "application/json" }), { text: JSON.stringify({ data: { petitions: [{ id: String(calls.length) }] } }) });
    };
  });

  const clientHeaders = (caller = "v1.signed.caller"): Record<string, string> => ({
    "content-type": "application/json",
    "accept-language": "zh",
    authorization: "Bearer secret",
    "x-test-caller": caller,
  });
  const make = () => earlyFetches(fetcher, async (headers) => (headers["x-test-caller"] === "refused" ? undefined : { headers, signedCaller: headers["x-test-caller"] }));
  const body = (variables: unknown, over: Record<string, unknown> = {}) => ({ query: QUERY, operationName: "Page", variables, ...over });
  const schema = buildSchema(`type Query { petitions(first: Int): [P] } type P { id: ID }`);
  const operation = parse(QUERY).definitions[0] as OperationDefinitionNode;
  const learn = (early: EarlyFetches) =>
    early.learn({
      queryPlan: plan,
      serviceMap: { bureau: { url: URL } },
      requestContext: { request: { query: QUERY, operationName: "Page" } },
      operationContext: { schema, operation },
    } as never);
  // the request's context, as the gateway makes it, and what its execution sends
  const contextOf = (early: EarlyFetches, headers: Record<string, string>): SubgraphCallContext => ({ headers, signedCaller: headers["x-test-caller"], early: early.startedFor(headers) });
  const execute = (ctx: SubgraphCallContext, variables: Record<string, unknown>) =>
    new SubgraphSource("bureau", URL, fetcher).process({
      kind: "incoming operation",
      request: { query: root.operation, variables, operationName: root.operationName },
      context: ctx,
    } as never);

  it("start nothing for a text whose plan is not known yet", async () => {
    const early = make();
    await early.start(clientHeaders(), body({ first: 5 }));
    expect(calls).toHaveLength(0);
  });

  it("start nothing for what Apollo Server might refuse or treat otherwise, nor for a caller who is refused", async () => {
    const early = make();
    learn(early);
    await early.start({ ...clientHeaders(), "content-type": "text/plain" }, body({ first: 5 }));
    await early.start({ ...clientHeaders(), "content-type": "text/plain; a=application/json" }, body({ first: 5 }));
    await early.start(clientHeaders(), body({ first: 5 }, { extensions: { persistedQuery: { version: 1, sha256Hash: "x" } } }));
    await early.start(clientHeaders(), body("first=5"));
    await early.start(clientHeaders(), body({ first: 5 }, { operationName: 3 }));
    await early.start(clientHeaders(), body({ first: 5 }, { operationName: "Other" }));
    await early.start(clientHeaders("refused"), body({ first: 5 }));
    // variables the gateway would refuse before executing
    await early.start(clientHeaders(), body({ first: "five" }));
    await early.start(clientHeaders(), body({ first: 5, unused: 7 }));
    expect(calls).toHaveLength(0);
  });

  it("start the plan's root call with the request's variables and caller, and the execution takes it", async () => {
    const early = make();
    learn(early);
    const headers = clientHeaders();
    await early.start(headers, body({ first: 5, unused: "x" }));
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe(URL);
    expect(JSON.parse(calls[0].init.body as string)).toEqual({ query: root.operation, variables: { first: 5 }, operationName: "Page__bureau__0" });
    // the client's token stays at the gateway; the signed caller and forwarded headers go
    expect(calls[0].init.headers).toEqual({ "content-type": "application/json", "accept-language": "zh", "x-caller": "v1.signed.caller" });
    const ctx = contextOf(early, headers);
    const answer = await execute(ctx, { first: 5 });
    expect(calls).toHaveLength(1);
    expect(answer.data).toEqual({ petitions: [{ id: "1" }] });
    // taken once: a second identical call in the same request goes out on its own
    await execute(ctx, { first: 5 });
    expect(calls).toHaveLength(2);
  });

  it("are never taken by a call that differs, nor by another request", async () => {
    const early = make();
    learn(early);
    const headers = clientHeaders();
    await early.start(headers, body({ first: 5 }));
    await execute(contextOf(early, headers), { first: 6 });
    await execute(contextOf(early, clientHeaders("v1.another.caller")), { first: 5 });
    await execute(contextOf(early, clientHeaders()), { first: 5 });
    expect(calls).toHaveLength(4);
    early.forget();
    await early.start(clientHeaders(), body({ first: 5 }));
    expect(calls).toHaveLength(4);
  });
});

describe("early calls through the gateway", () => {
  let t: TestSystem;
  beforeAll(async () => {
    // without in-flight sharing, an early call the execution failed to take would run twice
    t = await startTestSystem({ env: { GATEWAY_SHARE_INFLIGHT: "off" } });
  });
  const earlyCalls = async () => ((await (await fetch(t.gatewayUrl.replace(/\/graphql$/, "/health"))).json()) as { earlyCalls: { started: number; untaken: number } }).earlyCalls;
  afterAll(() => t?.stop());

  const page = `query Early($first: Int) { petitions(first: $first) { totalCount edges { node { id title petitioners { name } town { name } } } } }`;
  const statementsOf = async (work: () => Promise<unknown>) => {
    const before = t.statements();
    const result = await work();
    return { result, statements: t.statements() - before };
  };

  it("answer as the execution would, with no subgraph call made twice", async () => {
    // the same fields under another name first, so that one-time work (the kept total) is done
    await t.as("bureau").query(page.replace("query Early", "query Warm"), { first: 4 });
    const first = await statementsOf(() => t.as("bureau").query(page, { first: 4 }));
    expect(await earlyCalls()).toEqual({ started: 0, untaken: 0 });
    const again = await statementsOf(() => t.as("bureau").query(page, { first: 4 }));
    expect(first.result).toMatchObject({ data: { petitions: { edges: expect.any(Array) } } });
    expect(again.result).toEqual(first.result);
    expect(again.statements).toBe(first.statements);
    expect(await earlyCalls()).toEqual({ started: 1, untaken: 0 });
    const other = await statementsOf(() => t.as("bureau").query(page, { first: 2 }));
    expect((other.result as any).data.petitions.edges).toEqual((first.result as any).data.petitions.edges.slice(0, 2));
    expect(other.statements).toBe(first.statements);
    // another caller of a learned text gets what that caller gets without early calls
    const fresh = await t.as("integrator").query(page.replace("query Early", "query Fresh"), { first: 4 });
    const learned = await t.as("integrator").query(page, { first: 4 });
    expect(learned).toEqual(fresh);
    expect(JSON.stringify(learned)).not.toEqual(JSON.stringify(first.result));
    // variables the gateway refuses: the same refusal, and nothing reaches a subgraph
    const before = await earlyCalls();
    const wrong = await statementsOf(() => t.as("bureau").query(page, { first: "many" }));
    expect((wrong.result as any).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect((wrong.result as any).data).toBeUndefined();
    expect(wrong.statements).toBe(0);
    expect(await earlyCalls()).toEqual(before);
    expect((await earlyCalls()).untaken).toBe(0);
  });
});
