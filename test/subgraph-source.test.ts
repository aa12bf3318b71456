import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SubgraphBreakers } from "../gateway/breakers";
import { captureLogger } from "./support/log";
import { subgraphClient, type SubgraphClient } from "../gateway/subgraph-client";
import { SubgraphSource } from "../gateway/subgraph-source";

/**
 * The gateway's call to one subgraph, against a real socket that answers, hangs, resets or is
 * not there: timeouts, one retry of a query, never of a mutation, the breaker, and errors that
 * name the subgraph and the paths it was asked for.
 */
type Behaviour = "answer" | "hang" | "reset" | "html" | "forbidden";

let behaviour: Behaviour = "answer";
let received = 0;
let server: Server;
let url: string;
let client: SubgraphClient;
const capture = captureLogger();
const lines = {
  join: () => capture.text(),
  set length(_: number) {
    capture.lines.length = 0;
  },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    received++;
    req.resume();
    req.on("end", () => {
      if (behaviour === "hang") return;
      if (behaviour === "reset") return req.socket.destroy();
      if (behaviour === "html")
        return res
          .writeHead(502, { "content-type": "text/html" })
          .end("<html>bad gateway at 10.0.0.7:8080</html>");
      if (behaviour === "forbidden") return res.writeHead(403).end();
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ data: { towns: [{ id: "1" }] } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  client = subgraphClient();
});
afterAll(async () => {
  await client.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  behaviour = "answer";
  received = 0;
  lines.length = 0;
});

function source(
  at = url,
  breakers = new SubgraphBreakers(
    { minimumCalls: 3, failurePercent: 50, openMs: 300, windowMs: 10_000 },
    capture.logger,
  ),
) {
  return new SubgraphSource("masswork", at, client, breakers, { timeoutMs: 200 }, capture.logger);
}

const call = (s: SubgraphSource, query: string, variables?: Record<string, unknown>) =>
  s.process({
    kind: "incoming operation",
    request: { query, variables },
    context: {},
    incomingRequestContext: {},
  } as never) as Promise<any>;

const QUERY = "query { towns { id } other: leaders { id } }";
const MUTATION =
  'mutation { reportRiskItem(townId: "1", category: OTHER, description: "x") { id } }';
const ENTITIES =
  "query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Petition { riskItems { id } } } }";

describe("a subgraph call", () => {
  it("hands back the subgraph's answer", async () => {
    expect(await call(source(), QUERY)).toEqual({ data: { towns: [{ id: "1" }] } });
  });

  it("gives up after its timeout, with an error per root field naming the subgraph", async () => {
    behaviour = "hang";
    const started = Date.now();
    const answer = await call(source(), QUERY);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(answer.data).toBeUndefined();
    expect(answer.errors.map((e: any) => e.path)).toEqual([["towns"], ["other"]]);
    for (const e of answer.errors)
      expect(e.extensions).toEqual({
        code: "SUBGRAPH_UNAVAILABLE",
        serviceName: "masswork",
        retryable: true,
      });
  });

  it("sends a query once more after a reset connection, and a mutation never", async () => {
    behaviour = "reset";
    await call(source(), QUERY);
    expect(received).toBe(2);
    received = 0;
    const answer = await call(source(), MUTATION);
    expect(received).toBe(1);
    expect(answer.errors[0]).toMatchObject({
      path: ["reportRiskItem"],
      extensions: { code: "SUBGRAPH_UNAVAILABLE" },
    });
  });

  it("answers an entity fetch's failure with the path of each entity, and nothing of the raw answer", async () => {
    behaviour = "html";
    const answer = await call(source(), ENTITIES, {
      representations: [
        { __typename: "Petition", id: "1" },
        { __typename: "Petition", id: "2" },
      ],
    });
    expect(answer.errors.map((e: any) => e.path)).toEqual([
      ["_entities", 0],
      ["_entities", 1],
    ]);
    expect(JSON.stringify(answer)).not.toMatch(/html|10\.0\.0\.7|127\.0\.0\.1/);
    expect(lines.join()).toMatch(/"status":502.*bad gateway.*gave no usable answer/);
  });

  it("says FORBIDDEN when the subgraph refuses the caller", async () => {
    behaviour = "forbidden";
    const answer = await call(source(), QUERY);
    expect(answer.errors[0].extensions).toMatchObject({
      code: "FORBIDDEN",
      serviceName: "masswork",
    });
  });

  it("fails at once while its breaker is open, then lets one probe through and closes when it answers", async () => {
    const breakers = new SubgraphBreakers(
      { minimumCalls: 3, failurePercent: 50, openMs: 300, windowMs: 10_000 },
      capture.logger,
    );
    const down = source("http://127.0.0.1:9/graphql", breakers);
    for (let i = 0; i < 3; i++) await call(down, QUERY);
    expect(breakers.state("masswork")).toBe("open");
    behaviour = "hang";
    const up = source(url, breakers);
    const started = Date.now();
    const refused = await call(up, QUERY);
    expect(Date.now() - started).toBeLessThan(50);
    expect(received).toBe(0);
    expect(refused.errors[0].extensions.code).toBe("SUBGRAPH_UNAVAILABLE");
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(breakers.state("masswork")).toBe("half-open");
    behaviour = "answer";
    expect(await call(up, QUERY)).toEqual({ data: { towns: [{ id: "1" }] } });
    expect(breakers.state("masswork")).toBe("closed");
    expect(lines.join()).toMatch(/breaker open[\s\S]*breaker half-open[\s\S]*breaker closed/);
    breakers.shutdown();
  });

  it("closes an open breaker as soon as the subgraph says it is ready again, without waiting for a probe call", async () => {
    let up = false;
    const breakers = new SubgraphBreakers(
      { minimumCalls: 3, failurePercent: 50, openMs: 60_000, windowMs: 10_000, probeMs: 50 },
      capture.logger,
    );
    breakers.probeWith("masswork", async () => up);
    const down = source("http://127.0.0.1:9/graphql", breakers);
    for (let i = 0; i < 3; i++) await call(down, QUERY);
    expect(breakers.state("masswork")).toBe("open");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(breakers.state("masswork")).toBe("open");
    up = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(breakers.state("masswork")).toBe("closed");
    expect(await call(source(url, breakers), QUERY)).toEqual({ data: { towns: [{ id: "1" }] } });
    breakers.shutdown();
  });
});
