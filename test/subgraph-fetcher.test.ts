import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { graphql } from "graphql";
import gql from "graphql-tag";
import { subgraphFetcher, type ClosableFetcher } from "../gateway/fetcher";
import { WriteEpoch } from "../gateway/inflight";

/**
 * The gateway's subgraph fetcher against a small real subgraph: what it merges and shares must
 * come back to each caller exactly as if it had been sent alone.
 */
const schema = buildSubgraphSchema({
  typeDefs: gql`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Thing @key(fields: "id") {
      id: ID!
      name: String
      size(unit: String): String
    }
    type Query {
      thing(id: ID!): Thing
    }
    type Mutation {
      touch(id: ID!): Thing
    }
  `,
  resolvers: {
    Query: { thing: (_: unknown, { id }: { id: string }) => ({ id }) },
    Mutation: { touch: (_: unknown, { id }: { id: string }) => ({ id }) },
    Thing: {
      __resolveReference: (ref: { id: string }) => ref,
      name: (t: { id: string }) => {
        if (t.id === "bad") throw new Error("no such thing");
        return `thing ${t.id}`;
      },
      size: (t: { id: string }, { unit }: { unit?: string }) => `${t.id.length} ${unit ?? "m"}`,
    },
  },
});

const ENTITIES = `query Names($representations: [_Any!]!) { _entities(representations: $representations) { ... on Thing { id name } } }`;
const SIZES = `query Sizes($representations: [_Any!]!, $unit: String) { _entities(representations: $representations) { ...size } } fragment size on Thing { id size(unit: $unit) }`;

let server: Server;
let url: string;
const received: { body: any; headers: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    received.push({ body, headers: req.headers });
    // a subgraph that takes a moment, so that identical requests overlap
    await new Promise((r) => setTimeout(r, 20));
    const result = await graphql({ schema, source: body.query, variableValues: body.variables, operationName: body.operationName });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(result));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

let fetcher: ClosableFetcher;
afterEach(async () => {
  await fetcher?.close();
  received.length = 0;
});

function post(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  return fetcher(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables, operationName: /query (\w+)|mutation (\w+)/.exec(query)?.slice(1).find(Boolean) }),
  }).then(async (res) => ({ status: res.status, contentType: res.headers.get("content-type"), body: await res.json() }));
}

const things = (...ids: string[]) => ids.map((id) => ({ __typename: "Thing", id }));

describe("the subgraph fetcher", () => {
  it("sends a request and hands back status, headers and body", async () => {
    fetcher = subgraphFetcher();
    const res = await post(`query One($id: ID!) { thing(id: $id) { name } }`, { id: "7" });
    expect(res).toEqual({ status: 200, contentType: "application/json", body: { data: { thing: { name: "thing 7" } } } });
  });

  it("merges entity fetches made at once into one request, each caller getting its own part", async () => {
    fetcher = subgraphFetcher({ batchEntities: true });
    const [names, sizes, broken] = await Promise.all([
      post(ENTITIES, { representations: things("1", "2") }),
      post(SIZES, { representations: things("333"), unit: "cm" }),
      post(ENTITIES, { representations: things("3", "bad") }),
    ]);
    expect(received).toHaveLength(1);
    expect(names.body).toEqual({ data: { _entities: [{ id: "1", name: "thing 1" }, { id: "2", name: "thing 2" }] } });
    expect(sizes.body).toEqual({ data: { _entities: [{ id: "333", size: "3 cm" }] } });
    expect(broken.body.data).toEqual({ _entities: [{ id: "3", name: "thing 3" }, { id: "bad", name: null }] });
    expect(broken.body.errors).toHaveLength(1);
    expect(broken.body.errors[0]).toMatchObject({ message: "no such thing", path: ["_entities", 1, "name"] });
  });

  it("keeps fetches for different callers, and other operations, apart", async () => {
    fetcher = subgraphFetcher({ batchEntities: true });
    await Promise.all([
      post(ENTITIES, { representations: things("1") }, { "x-caller": "a" }),
      post(ENTITIES, { representations: things("2") }, { "x-caller": "b" }),
      post(`query One($id: ID!) { thing(id: $id) { name } }`, { id: "3" }, { "x-caller": "a" }),
    ]);
    expect(received).toHaveLength(3);
    expect(received.map((r) => r.headers["x-caller"]).sort()).toEqual(["a", "a", "b"]);
  });

  it.each([
    ["alone", { shareInflight: new WriteEpoch() }],
    ["over batching", { shareInflight: new WriteEpoch(), batchEntities: true }],
  ])("lets identical queries in flight share one call, each caller with its own copy (%s)", async (_, options) => {
    fetcher = subgraphFetcher(options);
    const [a, b] = await Promise.all([post(ENTITIES, { representations: things("1") }), post(ENTITIES, { representations: things("1") })]);
    expect(received).toHaveLength(1);
    expect(a.body).toEqual(b.body);
    a.body.data._entities[0].name = "changed by one caller";
    expect(b.body.data._entities[0].name).toBe("thing 1");
    await post(ENTITIES, { representations: things("1") });
    expect(received).toHaveLength(2);
  });

  it("never shares mutations or calls made with other headers", async () => {
    fetcher = subgraphFetcher({ shareInflight: new WriteEpoch(), batchEntities: true });
    const touch = `mutation Touch($id: ID!) { touch(id: $id) { id } }`;
    await Promise.all([post(touch, { id: "1" }), post(touch, { id: "1" })]);
    expect(received).toHaveLength(2);
    await Promise.all([post(ENTITIES, { representations: things("1") }, { "x-caller": "a" }), post(ENTITIES, { representations: things("1") }, { "x-caller": "b" })]);
    expect(received).toHaveLength(4);
  });

  it("never lets a read that starts after a write began join a call that started before it", async () => {
    const epoch = new WriteEpoch();
    fetcher = subgraphFetcher({ shareInflight: epoch });
    const before = post(ENTITIES, { representations: things("1") });
    epoch.advance(); // a mutation passed the gateway
    const after = post(ENTITIES, { representations: things("1") });
    await Promise.all([before, after]);
    expect(received).toHaveLength(2);
  });
});
