import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startSubgraph, type RunningSubgraph } from "../common/server";
import { bureau } from "../subgraphs/bureau";
import {
  callerHeaders,
  fakeGraph,
  mysqlBase,
  TEST_INTERNAL_SECRET,
  testDatabaseUrl,
  dropTestDatabases,
} from "./support/databases";
import { startTestSystem, type GraphQLResponse, type TestSystem } from "./support/system";
import { captureLines, captureLogger } from "./support/log";
import { startDatabaseProxy, type DatabaseProxy as TcpProxy } from "../scripts/soak/db-proxy";

/** Nothing internal in what a client reads: no address, port, URL, driver text or stack. */
const INTERNAL =
  /127\.0\.0\.1|localhost|:\d{4,5}\b|https?:\/\/|ECONN|ETIMEDOUT|stack|at \w+ \(|SELECT|INSERT|sqlite|mysql|mariadb|typeorm|QueryFailed/i;

function expectNothingInternal(res: unknown) {
  expect(JSON.stringify(res)).not.toMatch(INTERNAL);
}

const PETITIONS = `{ petitions(first: 3) { edges { node { id title } } } }`;

/** The server and port of the MySQL the suite runs on, for a proxy in front of it. */
function mysqlTarget(): { host: string; port: number } {
  const u = new URL(mysqlBase!);
  return { host: u.hostname, port: Number(u.port || 3306) };
}

/** A database URL of the suite's engine whose server can be made to go away (MySQL: behind the proxy). */
function reachableThrough(proxy: TcpProxy | null, name: string): string {
  const url = testDatabaseUrl(name);
  return proxy
    ? url.replace(/\/\/([^@/]*@)?[^/]+\//, (_m, auth = "") => `//${auth}127.0.0.1:${proxy.port}/`)
    : url;
}

describe("failures, as clients and operators see them", () => {
  let t: TestSystem;
  let proxy: TcpProxy | null = null;
  const log = captureLines();
  const originalError = console.error;

  beforeAll(async () => {
    if (mysqlBase) proxy = await startDatabaseProxy(mysqlTarget());
    t = await startTestSystem({
      env: { BUREAU_DB_URL: reachableThrough(proxy, "bureau"), LOG_LEVEL: "info" },
      logDestination: log.destination,
    });
  });
  afterAll(async () => {
    console.error = originalError;
    await t?.stop();
    await proxy?.stop();
  });

  it("answers SERVICE_UNAVAILABLE, retryable, when the database is lost mid-run, and serves again when it is back", async () => {
    expect((await t.as("leader").query(PETITIONS)).data).toBeDefined();
    const db = t.system.subgraphs.bureau!.database.dataSource;
    if (proxy) await proxy.outage();
    else await db.destroy(); // SQLite: the file's connection goes away under the subgraph
    const res = await t.as("leader").query(PETITIONS);
    if (res.errors?.[0]?.extensions?.code !== "SERVICE_UNAVAILABLE") originalError(log.text());
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      retryable: true,
    });
    expect(res.errors?.[0]?.message).toMatch(/bureau department's database is not available/);
    expectNothingInternal(res);
    // a write is refused the same way, and nothing half-done remains
    const write = await t
      .as("bureau")
      .query(
        `mutation { registerPetition(input: { title: "断线时的登记", content: "数据库不可用时的登记请求。", channel: LETTER, source: COUNTY_INTAKE, category: OTHER, petitioners: [{ name: "甲" }] }) { id } }`,
      );
    if (write.errors?.[0]?.extensions?.code !== "SERVICE_UNAVAILABLE")
      originalError(JSON.stringify(write), log.text());
    expect(write.errors?.[0]?.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    expectNothingInternal(write);
    expect(log.text()).toMatch(/"part":"bureau".*the database is not available/);
    // the bureau is not ready (its database does not answer); the gateway stays ready and says so
    const bureauReady = await fetch(
      t.system.subgraphs.bureau!.url.replace(/\/graphql$/, "/health/ready"),
    );
    expect(bureauReady.status).toBe(503);
    expect(await bureauReady.json()).toMatchObject({
      status: "fail",
      reason: "the database does not answer",
    });
    const gatewayReady = await fetch(t.gatewayUrl.replace(/\/graphql$/, "/health/ready"));
    expect(gatewayReady.status).toBe(200);
    expect(((await gatewayReady.json()) as any).subgraphs.bureau.ready).toBe("not ready");
    expect(
      (await fetch(t.system.subgraphs.bureau!.url.replace(/\/graphql$/, "/health/live"))).status,
    ).toBe(200);
    if (proxy) {
      await proxy.resume();
      let back: GraphQLResponse | undefined;
      for (let i = 0; i < 20 && !back?.data?.petitions; i++)
        back = await t.as("leader").query(PETITIONS);
      expect(back?.data?.petitions.edges.length).toBe(3);
    } else {
      await db.initialize(); // the same file would be opened again by a restart
    }
  });

  it("names the department that is down, without its address, and keeps no stack or raw answer", async () => {
    const masswork = t.system.subgraphs.masswork!;
    await masswork.stop();
    const res = await t.as("leader").query(`{ towns { id name } }`);
    const error = res.errors?.[0];
    expect(error?.extensions).toMatchObject({
      code: "SUBGRAPH_UNAVAILABLE",
      serviceName: "masswork",
      retryable: true,
    });
    expectNothingInternal(res);
    // the log keeps what the client was not told
    expect(log.text()).toMatch(
      /"part":"gateway".*"subgraph":"masswork".*"code":"ECONNREFUSED".*a subgraph did not answer/,
    );
    const health = await fetch(t.gatewayUrl.replace(/\/graphql$/, "/health"));
    expectNothingInternal(await health.json());
  });
});

describe("a subgraph started before its database", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "db-wait-"));
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropTestDatabases();
  });

  it("waits for the database, saying so at each try, then serves", async () => {
    const capture = captureLogger();
    const lines = {
      filter: (test: (l: string) => boolean) =>
        capture.lines.map((l) => String(l.msg)).filter(test),
      some: (test: (l: string) => boolean) => capture.lines.some((l) => test(String(l.msg))),
    };
    let proxy: TcpProxy | null = null;
    let url: string;
    if (mysqlBase) {
      proxy = await startDatabaseProxy(mysqlTarget());
      await proxy.outage();
      url = reachableThrough(proxy, "late");
    } else {
      // SQLite: the folder of the file cannot be made yet (a file stands in its way), as on a mount not yet there
      writeFileSync(path.join(dir, "mount"), "");
      url = `sqlite:${path.join(dir, "mount", "bureau.sqlite")}`;
    }
    let running: RunningSubgraph | undefined;
    const starting = startSubgraph(bureau, {
      databaseUrl: url,
      port: 0,
      graph: fakeGraph(() => ({})),
      internalSecret: TEST_INTERNAL_SECRET,
      logger: capture.logger,
    }).then((s) => (running = s));
    await new Promise((resolve) => setTimeout(resolve, 1800));
    expect(running).toBeUndefined();
    expect(
      lines.filter((l) => /database not reachable .* try \d+; next in/.test(l)).length,
    ).toBeGreaterThanOrEqual(2);
    if (proxy) await proxy.resume();
    else rmSync(path.join(dir, "mount"));
    await starting;
    try {
      const res = await fetch(running!.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...callerHeaders("bureau") },
        body: JSON.stringify({ query: "{ petitions(first: 1) { totalCount } }" }),
      });
      expect(((await res.json()) as any).data.petitions.totalCount).toBe(0);
      expect(lines.some((l) => /connected after \d+ tries/.test(l))).toBe(true);
    } finally {
      await running?.stop();
      await proxy?.stop();
    }
  });
});
