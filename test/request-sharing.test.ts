import type { ApolloServer, HTTPGraphQLRequest, HTTPGraphQLResponse } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import { serveHttp, type Caller, type RunningServer } from "../common";
import { writeEpochPlugin } from "../gateway";
import { requestShareKey, WriteEpoch } from "../gateway/inflight";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * Identical requests in flight at once share one execution (gateway/inflight.ts): only queries,
 * only for the same caller, within one write epoch, and each client still gets its whole answer.
 */
const QUERY = `query Page($first: Int) { petitions(first: $first) { edges { node { id title } } } }`;
const json = { "content-type": "application/json" };

function keyer(epoch = new WriteEpoch(), callers: Record<string, Caller> = {}) {
  const authenticate = async (headers: Record<string, string>): Promise<Caller> => {
    const caller = callers[headers.authorization ?? ""];
    if (!caller) throw new Error("refused");
    return caller;
  };
  const shareKey = requestShareKey(epoch, authenticate, 1000);
  return (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    shareKey({ ...json, authorization: "a", ...headers }, body, JSON.stringify(body));
}

describe("the sharing key of a client's request", () => {
  const callers: Record<string, Caller> = {
    a: { role: "bureau", subject: "staff-1" },
    a2: { role: "bureau", subject: "staff-1" },
    b: { role: "bureau", subject: "staff-2" },
    l: { role: "leader", subject: "staff-1" },
  };

  it("is given to queries and to nothing else", async () => {
    const key = keyer(new WriteEpoch(), callers);
    expect(await key({ query: QUERY, variables: { first: 5 } })).toEqual(expect.any(String));
    expect(await key({ query: `{ petitions(first: 1) { totalCount } }` })).toEqual(expect.any(String));
    expect(await key({ query: `mutation { touch }` })).toBeUndefined();
    // the operation the name picks decides, and an ambiguous document shares nothing
    const both = `query Q { a } mutation M { b }`;
    expect(await key({ query: both, operationName: "Q" })).toEqual(expect.any(String));
    expect(await key({ query: both, operationName: "M" })).toBeUndefined();
    expect(await key({ query: both })).toBeUndefined();
    expect(await key({ query: "query {" })).toBeUndefined();
    expect(await key({ extensions: { persistedQuery: { sha256Hash: "x" } } })).toBeUndefined();
    expect(await key({ query: QUERY, operationName: 7 })).toBeUndefined();
    // only what Apollo Server takes without a CSRF check
    expect(await key({ query: QUERY }, { "content-type": "text/plain; x=json" })).toBeUndefined();
    expect(await key({ query: QUERY }, { "content-type": "application/json; charset=utf-8" })).toEqual(expect.any(String));
  });

  it("moves to a new write epoch when a mutation starts and again when it has answered", async () => {
    const epoch = new WriteEpoch();
    const plugin = writeEpochPlugin(epoch);
    const hooks = async (operation: string) => {
      const listener = (await plugin.requestDidStart!({} as never))!;
      await listener.didResolveOperation!({ operation: { operation } } as never);
      return listener;
    };
    const read = await hooks("query");
    await read.willSendResponse!({} as never);
    expect(epoch.current()).toBe(0);
    const write = await hooks("mutation");
    expect(epoch.current()).toBe(1);
    await write.willSendResponse!({} as never);
    expect(epoch.current()).toBe(2);
  });

  it("tells callers apart by account, not by token, and refused callers share nothing", async () => {
    const key = keyer(new WriteEpoch(), callers);
    const body = { query: QUERY, variables: { first: 5 } };
    const mine = await key(body, { authorization: "a" });
    expect(await key(body, { authorization: "a2" })).toBe(mine);
    expect(await key(body, { authorization: "b" })).not.toBe(mine);
    expect(await key(body, { authorization: "l" })).not.toBe(mine);
    expect(await key(body, { authorization: "forged" })).toBeUndefined();
  });

  it("holds the write epoch, the body and every header the answer depends on", async () => {
    const epoch = new WriteEpoch();
    const key = keyer(epoch, callers);
    const body = { query: QUERY, variables: { first: 5 } };
    const first = await key(body);
    expect(await key({ ...body, variables: { first: 6 } })).not.toBe(first);
    for (const header of ["accept", "accept-language", "x-request-id", "content-type"])
      expect(await key(body, { [header]: "application/json; x=1" })).not.toBe(first);
    expect(await key(body, { "user-agent": "another browser" })).toBe(first);
    epoch.advance();
    expect(await key(body)).not.toBe(first);
  });
});

describe("the HTTP layer's sharing", () => {
  let server: RunningServer;
  let executions: HTTPGraphQLRequest[];
  let release: () => void;
  let gate: Promise<void>;

  beforeEach(async () => {
    executions = [];
    gate = new Promise((r) => (release = r));
    // an Apollo Server stand-in whose executions wait until the test lets them answer
    const apollo = {
      async executeHTTPGraphQLRequest({ httpGraphQLRequest }: { httpGraphQLRequest: HTTPGraphQLRequest }): Promise<HTTPGraphQLResponse> {
        const n = executions.push(httpGraphQLRequest);
        await gate;
        const headers = new HeaderMap([["content-type", "application/json"]]);
        return { status: 200, headers, body: { kind: "complete", string: JSON.stringify({ data: { n } }) } };
      },
      async stop() {},
    } as unknown as ApolloServer;
    server = await serveHttp({
      apollo,
      port: 0,
      host: "127.0.0.1",
      health: async () => ({}),
      context: async () => ({}),
      shareKey: async (headers, body) => (body.share ? `${headers["x-who"]}` : undefined),
    });
  });
  afterEach(() => server.stop());

  const post = (body: unknown, who = "a") =>
    fetch(server.url, { method: "POST", headers: { ...json, "x-who": who }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
  const settle = () => new Promise((r) => setTimeout(r, 50));

  it("runs requests with one key once while the first is in flight, and answers each in full", async () => {
    const answers = Promise.all([post({ share: 1 }), post({ share: 1 }), post({ share: 1 }), post({ share: 1 }, "b")]);
    await settle();
    expect(executions).toHaveLength(2);
    release();
    const [a1, a2, a3, b] = await answers;
    expect([a1, a2, a3].map((a) => a.status)).toEqual([200, 200, 200]);
    expect(a2.body).toEqual(a1.body);
    expect(a3.body).toEqual(a1.body);
    expect(b.body).not.toEqual(a1.body);
    // nothing is kept once answered
    await post({ share: 1 });
    expect(executions).toHaveLength(3);
  });

  it("runs requests without a key on their own", async () => {
    const answers = Promise.all([post({ share: 0 }), post({ share: 0 })]);
    await settle();
    expect(executions).toHaveLength(2);
    release();
    await answers;
  });
});

describe("sharing through the gateway", () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(() => t?.stop());

  const page = `query Page($first: Int) { petitions(first: $first) { edges { node { id title petitioners { name } town { name } } } } }`;
  const statementsOf = async (work: () => Promise<unknown>) => {
    const before = t.statements();
    await work();
    return t.statements() - before;
  };

  it("lets one account's identical reads in flight share an execution, never two accounts' reads", async () => {
    const alone = await statementsOf(() => t.as("bureau", "staff-1").query(page, { first: 10 }));
    const answers: unknown[] = [];
    const sameAccount = await statementsOf(async () => {
      answers.push(...(await Promise.all(Array.from({ length: 6 }, () => t.as("bureau", "staff-1").query(page, { first: 10 })))));
    });
    const accounts = await statementsOf(() => Promise.all(Array.from({ length: 6 }, (_, i) => t.as("bureau", `staff-${i + 10}`).query(page, { first: 10 }))));
    expect(answers.every((a) => JSON.stringify(a) === JSON.stringify(answers[0]))).toBe(true);
    expect((answers[0] as { errors?: unknown }).errors).toBeUndefined();
    expect(sameAccount).toBeLessThan(6 * alone);
    // every account's read runs, and is audited, on its own
    expect(accounts).toBe(6 * alone);
  });

  it("never shares mutations", async () => {
    const register = `mutation R($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`;
    const input = {
      title: "同一份材料的两次登记",
      content: "同时送达的两份相同材料,应各自登记。",
      channel: "LETTER",
      source: "COUNTY_INTAKE",
      category: "WAGE_ARREARS",
      townId: "1",
      petitioners: [{ name: "李某", phone: "13800138001", townId: "1" }],
    };
    const answers = await Promise.all([t.as("bureau").query(register, { input }), t.as("bureau").query(register, { input })]);
    const ids = answers.map((a) => a.data?.registerPetition?.id);
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined]);
    expect(new Set(ids).size).toBe(2);
  });
});
