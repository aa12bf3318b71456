import { request } from "undici";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * /metrics on every part, as Prometheus scrapes it: the counters move with the traffic, the
 * conventional names and units are there, and labels stay bounded (no ids, no personal data,
 * unknown operation names folded into one value).
 */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

describe("metrics", () => {
  let t: TestSystem;
  beforeAll(async () => {
    t = await startTestSystem();
  });
  afterAll(async () => {
    await t?.stop();
  });

  const scrape = async (url: string) => {
    const res = await request(url.replace(/\/graphql$/, "/metrics"));
    expect(res.statusCode).toBe(200);
    expect(String(res.headers["content-type"])).toMatch(/^text\/plain/);
    return parse(await res.body.text());
  };
  const sum = (samples: Sample[], name: string, match: Record<string, string> = {}) =>
    samples
      .filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v))
      .reduce((a, s) => a + s.value, 0);

  it("counts requests, errors, subgraph calls, statements and audit rows as they happen", async () => {
    const gatewayBefore = await scrape(t.gatewayUrl);
    const bureauBefore = await scrape(t.system.subgraphs.bureau!.url);
    await t
      .as("leader")
      .query(
        `query CaseView { petitions(first: 3) { edges { node { id petitioners { name } riskItems { status } } } } }`,
      );
    await t
      .as("bureau")
      .query(
        `mutation Bad { registerPetition(input: { title: "x", content: "太短", channel: LETTER, source: COUNTY_INTAKE, category: OTHER, petitioners: [{ name: "甲" }] }) { id } }`,
      );
    const gateway = await scrape(t.gatewayUrl);
    const bureau = await scrape(t.system.subgraphs.bureau!.url);

    const requests = (s: Sample[], labels: Record<string, string>) =>
      sum(s, "graphql_requests_total", labels);
    expect(
      requests(gateway, { operation: "CaseView", type: "query", outcome: "ok" }) -
        requests(gatewayBefore, { operation: "CaseView", type: "query", outcome: "ok" }),
    ).toBe(1);
    expect(
      sum(gateway, "graphql_errors_total", { code: "BAD_USER_INPUT" }) -
        sum(gatewayBefore, "graphql_errors_total", { code: "BAD_USER_INPUT" }),
    ).toBe(1);
    expect(
      sum(gateway, "graphql_request_duration_seconds_count", { operation: "CaseView" }),
    ).toBeGreaterThan(0);
    expect(
      sum(gateway, "gateway_subgraph_calls_total", { subgraph: "masswork", outcome: "ok" }),
    ).toBeGreaterThan(
      sum(gatewayBefore, "gateway_subgraph_calls_total", { subgraph: "masswork", outcome: "ok" }),
    );
    expect(
      sum(gateway, "gateway_subgraph_call_duration_seconds_count", { subgraph: "bureau" }),
    ).toBeGreaterThan(0);
    expect(
      gateway.find(
        (s) => s.name === "gateway_subgraph_breaker_state" && s.labels.subgraph === "bureau",
      )?.value,
    ).toBe(0);
    expect(
      sum(bureau, "db_statements_total", { department: "bureau", outcome: "ok" }),
    ).toBeGreaterThan(
      sum(bureauBefore, "db_statements_total", { department: "bureau", outcome: "ok" }),
    );
    expect(
      sum(bureau, "db_statement_duration_seconds_count", { department: "bureau" }),
    ).toBeGreaterThan(0);
    // a leader reads petitioners' names unmasked: each read is an audit row
    expect(sum(bureau, "audit_rows_written_total", { department: "bureau" })).toBeGreaterThan(
      sum(bureauBefore, "audit_rows_written_total", { department: "bureau" }),
    );
    expect(bureau.some((s) => s.name === "db_connections" && s.labels.state === "in_use")).toBe(
      true,
    );
    // every part names itself, and has the process's own metrics
    for (const samples of [gateway, bureau]) {
      expect(samples.some((s) => s.name === "process_cpu_user_seconds_total")).toBe(true);
      expect(samples.some((s) => s.name === "http_requests_in_flight")).toBe(true);
    }
    expect(gateway.every((s) => !("part" in s.labels) || s.labels.part === "gateway")).toBe(true);
  });

  it("keeps labels bounded: unknown operation names fold into one value, and no label holds an id", async () => {
    await Promise.all(
      Array.from({ length: 250 }, (_, i) => t.as("leader").query(`query Op${i}x { towns { id } }`)),
    );
    await t
      .as("leader")
      .query(`query 信访 { towns { id } }`)
      .catch(() => undefined);
    const gateway = await scrape(t.gatewayUrl);
    const operations = new Set(
      gateway.filter((s) => s.name === "graphql_requests_total").map((s) => s.labels.operation),
    );
    expect(operations.size).toBeLessThanOrEqual(201 + 2);
    expect(operations.has("other")).toBe(true);
    for (const s of gateway)
      for (const value of Object.values(s.labels)) expect(value).not.toMatch(/^\d{3,}$|XF\d{4}-/);
  });
});
