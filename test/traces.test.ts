import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { idNumberCheckDigit } from "../common/domain";
import { tracesWanted, tracingOn } from "../common/trace";
import { captureLines } from "./support/log";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * One request, one trace: the client's `traceparent` is continued by the gateway, its plan and
 * each subgraph call, and in each subgraph by its server span, its root resolvers and its SQL
 * statements; every part's spans carry its own service name; none carries personal data.
 */
const first17 = "13102819800101666";
const PERSON = { name: "追踪测试人", idNumber: first17 + idNumberCheckDigit(first17) };
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CLIENT_SPAN = "00f067aa0ba902b7";

const CASE_VIEW = `query CaseView { petitions(first: 3) { edges { node { id title
  petitioners { name idNumber } riskItems { status } onlineMessages { title } evaluation { rating } } } } }`;

describe("traces (OpenTelemetry)", () => {
  it("are off unless OTEL_* asks for them", () => {
    expect(tracingOn()).toBe(false);
    expect(tracesWanted({})).toBe(false);
    expect(tracesWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toBe(true);
    expect(tracesWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://c:4318/v1/traces" })).toBe(
      true,
    );
    expect(tracesWanted({ OTEL_TRACES_EXPORTER: "console" })).toBe(true);
    expect(
      tracesWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SDK_DISABLED: "true" }),
    ).toBe(false);
    expect(
      tracesWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_TRACES_EXPORTER: "none" }),
    ).toBe(false);
  });

  describe("with an in-memory exporter", () => {
    let t: TestSystem;
    const exporter = new InMemorySpanExporter();
    const log = captureLines();
    beforeAll(async () => {
      t = await startTestSystem({
        traceExporter: exporter,
        env: { LOG_LEVEL: "info" },
        logDestination: log.destination,
      });
    });
    afterAll(async () => {
      await t?.stop();
      expect(tracingOn()).toBe(false);
    });

    const partOf = (s: ReadableSpan) => String(s.resource.attributes["petition.part"]);
    const serviceOf = (s: ReadableSpan) => String(s.resource.attributes["service.name"]);
    const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

    it("shows the gateway and all three subgraphs under the client's trace id, each call under its parent", async () => {
      exporter.reset();
      const res = await t.as("leader").query(CASE_VIEW, undefined, {
        traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01`,
        "x-request-id": "traced-case-view",
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.petitions.edges.length).toBeGreaterThan(0);
      const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === TRACE_ID);
      const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));

      // the gateway: its server span continues the client's, then Apollo's plan and fetches
      const gateway = spans.filter((s) => partOf(s) === "gateway");
      const server = gateway.find((s) => s.name === "query CaseView")!;
      expect(server).toBeDefined();
      expect(parentOf(server)).toBe(CLIENT_SPAN);
      expect(serviceOf(server)).toBe("petition-gateway");
      expect(server.attributes).toMatchObject({
        "graphql.operation.name": "CaseView",
        "http.response.status_code": 200,
        "petition.request_id": "traced-case-view",
      });
      expect(gateway.map((s) => s.name)).toEqual(
        expect.arrayContaining(["gateway.plan", "gateway.fetch"]),
      );

      for (const part of ["bureau", "masswork", "service-center"]) {
        const call = gateway.find((s) => s.name === `subgraph ${part}`);
        expect(call).toBeDefined();
        // the subgraph's server span is the child of the gateway's call to it
        const own = spans.filter((s) => partOf(s) === part);
        expect(own.every((s) => serviceOf(s) === `petition-${part}`)).toBe(true);
        const served = own.filter((s) => s.name.startsWith("query "));
        expect(served.length).toBeGreaterThan(0);
        for (const s of served) expect(byId.get(parentOf(s)!)?.name).toMatch(/^subgraph /);
        // under it a root resolver, and under that SQL statements named by operation and table
        const resolvers = own.filter((s) => /^Query\./.test(s.name));
        expect(resolvers.length).toBeGreaterThan(0);
        const sql = own.filter((s) => s.attributes["db.operation.name"] !== undefined);
        expect(sql.length).toBeGreaterThan(0);
        for (const s of sql) {
          // the audit of the unmasked read is written in the same unit as the read
          expect(s.name).toMatch(/^(SELECT \w+|INSERT personal_data_read|BEGIN|COMMIT|START)$/);
          // each statement sits under a resolver or the server span of the same part
          expect(partOf(byId.get(parentOf(s)!)!)).toBe(part);
        }
      }
      // the request's log line names its trace, so an operator goes from one to the other
      expect(
        log.lines.find((l) => l.requestId === "traced-case-view" && l.part === "gateway"),
      ).toMatchObject({ traceId: TRACE_ID });
    });

    it("starts a trace of its own for a request without traceparent, and never records personal data", async () => {
      exporter.reset();
      const registered = await t
        .as("bureau")
        .query(
          `mutation($input: RegisterPetitionInput!) { registerPetition(input: $input) { id } }`,
          {
            input: {
              title: "追踪测试信访事项",
              content: "关于道路修缮的诉求，请予处理。",
              category: "LAND_ACQUISITION",
              source: "COUNTY_INTAKE",
              townId: "1",
              channel: "VISIT",
              petitioners: [{ ...PERSON, phone: "13900001111" }],
            },
          },
        );
      expect(registered.errors).toBeUndefined();
      const read = await t
        .as("leader")
        .query(`query($id: ID!) { petition(id: $id) { petitioners { name idNumber phone } } }`, {
          id: registered.data.registerPetition.id,
        });
      expect(read.errors).toBeUndefined();
      // read unmasked by the client, never by the traces
      expect(read.data.petition.petitioners[0].idNumber).toBe(PERSON.idNumber);
      const spans = exporter.getFinishedSpans();
      expect(spans.length).toBeGreaterThan(0);
      const traces = new Set(spans.map((s) => s.spanContext().traceId));
      expect(traces.has(TRACE_ID)).toBe(false);
      const text = JSON.stringify(
        spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })),
      );
      for (const secret of [PERSON.name, PERSON.idNumber, "13900001111", "Bearer"])
        expect(text).not.toContain(secret);
      // SQL spans say what and where, never the statement's text
      expect(text).not.toMatch(/INSERT INTO|WHERE|VALUES/i);
    });
  });
});
