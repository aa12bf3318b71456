import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pause, startProcesses, type ProcessSystem } from "./support/processes";

/**
 * Traces as an operator turns them on: every part a process of its own, configured only by the
 * standard OTEL_* variables, exporting OTLP over HTTP to a collector (here a stand-in that keeps
 * what it is sent). One request's spans arrive from the four processes under one trace id.
 */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}
interface Received {
  service: string;
  span: OtlpSpan;
}

describe("traces exported over OTLP by every part", () => {
  let p: ProcessSystem;
  let collector: Server;
  const received: Received[] = [];

  beforeAll(async () => {
    collector = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (req.url === "/v1/traces") {
          const message = JSON.parse(body) as {
            resourceSpans: {
              resource: { attributes: { key: string; value: { stringValue?: string } }[] };
              scopeSpans: { spans: OtlpSpan[] }[];
            }[];
          };
          for (const rs of message.resourceSpans) {
            const service =
              rs.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue ??
              "?";
            for (const ss of rs.scopeSpans)
              for (const span of ss.spans) received.push({ service, span });
          }
        }
        res.setHeader("content-type", "application/json");
        res.end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    const port = (collector.address() as AddressInfo).port;
    p = await startProcesses({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_BSP_SCHEDULE_DELAY: "200",
    });
  }, 240_000);

  afterAll(async () => {
    await p?.stop();
    await new Promise((resolve) => collector?.close(resolve));
  });

  it("receives the gateway's and the three departments' spans of one request under its trace id", async () => {
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const res = await p.query(
      "leader",
      `query Traced { petitions(first: 2) { edges { node { id riskItems { status } evaluation { rating } } } } }`,
      undefined,
      { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } },
    );
    expect(res.errors).toBeUndefined();
    const services = () =>
      new Set(received.filter((r) => r.span.traceId === traceId).map((r) => r.service));
    for (let waited = 0; services().size < 4 && waited < 10_000; waited += 200) await pause(200);
    expect([...services()].sort()).toEqual([
      "petition-bureau",
      "petition-gateway",
      "petition-masswork",
      "petition-service-center",
    ]);
    const mine = received.filter((r) => r.span.traceId === traceId);
    const root = mine.find(
      (r) => r.service === "petition-gateway" && r.span.name === "query Traced",
    );
    expect(root?.span.parentSpanId).toBe("b7ad6b7169203331");
    expect(mine.some((r) => r.service === "petition-bureau" && /^SELECT /.test(r.span.name))).toBe(
      true,
    );
  });
});
