import { SignJWT } from "jose";
import { startTestSystem, type TestSystem } from "./support/system";
import { TEST_AUTH_SECRET } from "./support/databases";
import { expectRefused, send, type Refusal, type Sent } from "./support/hostile";

/**
 * Transport, batching, operation limits and tokens: every hostile request is a 4xx with a code
 * and a clear message, never a 500, and stores nothing (the event loop: hostile-production.test.ts).
 */
let t: TestSystem;
beforeAll(async () => {
  t = await startTestSystem();
});
afterAll(async () => {
  await t?.stop();
});

const MUTATION = `mutation { reportRiskItem(townId: "1", category: OTHER, description: "不应保存的记录") { id } }`;
const rep = (f: (i: number) => string, n: number, sep = " ") =>
  Array.from({ length: n }, (_, i) => f(i)).join(sep);
const doubling = (n: number) =>
  `query{towns{...F0}} ${rep((i) => `fragment F${i} on Town{...F${i + 1} ...F${i + 1}}`, n)} fragment F${n} on Town{id}`;

const TRANSPORT: [string, Sent, Refusal][] = [
  [
    "an unknown operationName",
    { query: `query A { towns { id } }`, operationName: "B" },
    { status: 400, code: "OPERATION_RESOLUTION_FAILURE", says: /no operation named "B"/ },
  ],
  [
    "several operations without a name",
    { query: `query A { towns { id } } query B { towns { name } }` },
    { status: 400, code: "OPERATION_RESOLUTION_FAILURE", says: /operationName/ },
  ],
  [
    "a subscription",
    { query: `subscription { towns { id } }` },
    { status: 400, code: "OPERATION_RESOLUTION_FAILURE", says: /subscriptions/ },
  ],
  [
    "operationName not a string",
    { query: `{ towns { id } }`, operationName: 5 },
    { status: 400, code: "BAD_REQUEST" },
  ],
  [
    "a mutation by GET",
    {
      method: "GET",
      search: `?query=${encodeURIComponent(MUTATION)}`,
      headers: { "apollo-require-preflight": "1" },
    },
    { status: 405, code: "BAD_REQUEST", says: /GET/ },
  ],
  [
    "a GET without a query",
    { method: "GET", search: "?", headers: { "apollo-require-preflight": "1" } },
    { status: 400, code: "BAD_REQUEST" },
  ],
  [
    "text/plain (no preflight)",
    { raw: JSON.stringify({ query: MUTATION }), headers: { "content-type": "text/plain" } },
    { status: 400, code: "BAD_REQUEST" },
  ],
  [
    "text/plain with a preflight header",
    {
      raw: JSON.stringify({ query: MUTATION }),
      headers: { "content-type": "text/plain", "apollo-require-preflight": "1" },
    },
    { status: 400, code: "BAD_REQUEST" },
  ],
  [
    "a form post",
    {
      raw: `query=${encodeURIComponent(MUTATION)}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    },
    { status: 400, code: "BAD_REQUEST" },
  ],
  [
    "invalid JSON",
    { raw: `{"query": "{ towns { id } }"` },
    { status: 400, code: "BAD_REQUEST", says: /JSON/ },
  ],
  ["an empty body", { raw: "" }, { status: 400, code: "BAD_REQUEST" }],
  ["JSON null", { raw: "null" }, { status: 400, code: "BAD_REQUEST" }],
  ["a JSON string", { raw: `"{ towns { id } }"` }, { status: 400, code: "BAD_REQUEST" }],
  ["a JSON number", { raw: "42" }, { status: 400, code: "BAD_REQUEST" }],
  ["an object without query", { raw: `{"variables": {}}` }, { status: 400, code: "BAD_REQUEST" }],
  ["query not a string", { raw: `{"query": {"a": 1}}` }, { status: 400, code: "BAD_REQUEST" }],
  [
    "variables not an object",
    { raw: JSON.stringify({ query: `{ towns { id } }`, variables: [1, 2] }) },
    { status: 400, code: "BAD_REQUEST" },
  ],
  [
    "variables as a string",
    { raw: JSON.stringify({ query: `{ towns { id } }`, variables: "{}" }) },
    { status: 400, code: "BAD_REQUEST" },
  ],
  [
    "extensions not an object",
    { raw: JSON.stringify({ query: `{ towns { id } }`, extensions: 3 }) },
    { status: 400, code: "BAD_REQUEST" },
  ],
  [
    "an unknown persisted query",
    {
      raw: JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } },
      }),
    },
    { status: 200, code: "PERSISTED_QUERY_NOT_FOUND" },
  ],
  ["a syntax error", { query: `{ towns { id }` }, { status: 400, code: "GRAPHQL_PARSE_FAILED" }],
  [
    "an unknown field",
    { query: `{ townz { id } }` },
    { status: 400, code: "GRAPHQL_VALIDATION_FAILED" },
  ],
  [
    "a body over 100 kB",
    { raw: JSON.stringify({ query: `{ towns { id } } # ${"x".repeat(120_000)}` }) },
    { status: 413, code: "PAYLOAD_TOO_LARGE" },
  ],
  [
    "a batch of 11",
    { raw: JSON.stringify(Array.from({ length: 11 }, () => ({ query: MUTATION }))) },
    { status: 400, code: "BATCH_TOO_LARGE" },
  ],
  ["an empty batch", { raw: "[]" }, { status: 400, code: "BAD_REQUEST" }],
  ["a batch of nulls", { raw: "[null, null]" }, { status: 400, code: "BAD_REQUEST" }],
  [
    "a nested batch",
    { raw: JSON.stringify([[{ query: MUTATION }]]) },
    { status: 400, code: "BAD_REQUEST" },
  ],
];

describe("transport and batching", () => {
  test.each(TRANSPORT)("%s: a client error, nothing stored", async (_name, sent, expected) => {
    await expectRefused(t, { role: "masswork", ...sent }, expected);
  });

  test("a batch answers each member: a bad one is refused on its own", async () => {
    const res = await send(t, {
      role: "masswork",
      raw: JSON.stringify([
        { query: "{ towns { id } }" },
        { query: "{ towns { id " },
        { query: "subscription { towns { id } }" },
      ]),
    });
    // a batch holding a refused member answers 400, each member with its own answer
    expect(res.status).toBe(400);
    expect(res.body[0].data.towns.length).toBeGreaterThan(0);
    expect(res.body.map((r: any) => r.errors?.[0]?.extensions?.code)).toEqual([
      undefined,
      "GRAPHQL_PARSE_FAILED",
      "OPERATION_RESOLUTION_FAILURE",
    ]);
  });

  test.each(["PUT", "DELETE", "PATCH"])("%s is refused with 405", async (method) => {
    const res = await send(t, { method, raw: JSON.stringify({ query: MUTATION }) });
    expect(res.status).toBe(405);
  });
});

const LIMITS: [string, string, string][] = [
  ["22 doubling fragments (the 918-byte bomb)", doubling(22), "repeatedFields"],
  ["60 doubling fragments", doubling(60), "repeatedFields"],
  [
    "one fragment spread 1,000 times over nested fragments",
    `{towns{...A}} fragment A on Town{${rep(() => "...B", 30)}} fragment B on Town{${rep(() => "...C", 30)}} fragment C on Town{id}`,
    "repeatedFields",
  ],
  ["a field asked for 50 times", `{ towns { ${rep(() => "id", 50)} } }`, "repeatedFields"],
  [
    "13 levels",
    `{ petition(id: "1") { petitioners { petitions { petitioners { petitions { petitioners { petitions { petitioners { petitions { petitioners { petitions { petitioners { id } } } } } } } } } } } } }`,
    "depth",
  ],
  [
    "depth hidden in fragments",
    `{ petition(id: "1") { ...P } } fragment P on Petition { petitioners { petitions { petitioners { petitions { petitioners { petitions { petitioners { petitions { petitioners { petitions { petitioners { id } } } } } } } } } } } }`,
    "depth",
  ],
  ["31 aliases", `{ ${rep((i) => `a${i}: towns { id }`, 31)} }`, "aliases"],
  [
    "aliases hidden in a fragment spread twice",
    `{ towns { ...A ...A } } fragment A on Town { ${rep((i) => `a${i}: name`, 16)} }`,
    "aliases",
  ],
  [
    "52 directives",
    `{ ${rep((i) => `l${i}: leaders @include(if: true) { id @skip(if: false) }`, 26)} }`,
    "directives",
  ],
  [
    "a cost of 200 × 200 × 10",
    `{ petitions(first: 200) { edges { node { petitioners { petitions(first: 200) { edges { node { id visits { id } } } } } } } } }`,
    "cost",
  ],
  ["1,001 tokens", `{ towns { id } ${rep((i) => `t${i}: __typename`, 340)} }`, "tokens"],
  ["a 99 kB document of tokens", `{ ${"towns { id } ".repeat(7000)} }`, "tokens"],
];

describe("operation limits", () => {
  test.each(LIMITS)("%s is refused with 400, naming the limit", async (_name, query, limit) => {
    await expectRefused(
      t,
      { role: "integrator", query },
      {
        status: 400,
        code: limit === "tokens" ? "GRAPHQL_PARSE_FAILED" : "GRAPHQL_VALIDATION_FAILED",
        limit,
      },
    );
  });

  test("a mutation past a limit stores nothing", async () => {
    const many = rep(
      (i) =>
        `r${i}: reportRiskItem(townId: "1", category: OTHER, description: "批量写入的记录") { id }`,
      31,
    );
    await expectRefused(
      t,
      { role: "masswork", query: `mutation { ${many} }` },
      { status: 400, code: "GRAPHQL_VALIDATION_FAILED", limit: "aliases" },
    );
  });
});

const signed = (claims: Record<string, unknown>) =>
  new SignJWT({ role: "bureau", ...claims })
    .setProtectedHeader({ alg: "HS256" })
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(TEST_AUTH_SECRET));

describe("tokens", () => {
  const SUBJECTS: [string, unknown][] = [
    ["a number", 42],
    ["an empty string", ""],
    ["101 characters", "a".repeat(101)],
    ["an object", { id: "x" }],
    ["an array", ["bureau-1"]],
    ["a NUL", "bureau\u0000-1"],
    ["blanks alone", "\u200B\u3000"],
    ["a bidi override", "bureau\u202E1"],
  ];
  test.each(SUBJECTS)("a token whose sub is %s is refused with 401", async (_name, sub) => {
    const token = await signed({ sub });
    await expectRefused(
      t,
      { raw: JSON.stringify({ query: MUTATION }), headers: { authorization: `Bearer ${token}` } },
      { status: 401, code: "UNAUTHENTICATED" },
    );
  });

  test("a sub of 100 characters is taken", async () => {
    const res = await send(t, {
      query: `{ petitions(first: 1) { totalCount } }`,
      headers: { authorization: `Bearer ${await signed({ sub: "b".repeat(100) })}` },
    });
    expect(res.body.errors).toBeUndefined();
  });
});
