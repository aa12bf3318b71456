import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from "@opentelemetry/api";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";

/**
 * Traces (OpenTelemetry), off unless configured by the standard variables:
 * `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (OTLP over HTTP), or
 * `OTEL_TRACES_EXPORTER=otlp|console`; `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`
 * keeps them off. The sampler (`OTEL_TRACES_SAMPLER`, `_ARG`), limits and the exporter's headers
 * and timeout are read by the SDK itself; `OTEL_SERVICE_NAME` overrides each part's service name
 * (`petition-<part>`).
 *
 * Off, no SDK module is loaded and every helper here is one boolean test, so tracing costs nothing
 * measurable (bench/README.md). On, a request makes one trace: the gateway's server span, its plan
 * and fetches (spans @apollo/gateway makes itself), a client span per subgraph call, and under each
 * the subgraph's server span, its root resolvers and its SQL statements. W3C `traceparent` links
 * the processes, from a client's header through the gateway to the subgraphs.
 *
 * The SDK is version 2 (Node 20 runs it; its next major needs Node 22). @apollo/gateway depends on
 * version 1 of `@opentelemetry/core` and `resources`; the project takes version 2 of those two under
 * aliases (`otel-core-2`, `otel-resources-2`, package.json) so that npm keeps Apollo's copy hoisted
 * and shared, instead of nesting a copy under each of its dependents (300 more modules loaded by
 * the gateway: test/gateway-modules.test.ts).
 *
 * Spans never carry personal data: no variables, no SQL text or parameters (a statement's
 * operation and table only), no tokens; ids of requests and operation names only.
 */

const TRACER = "petition-federation";

let on = false;
const tracers = new Map<string, Tracer>();

/** whether the environment asks for traces */
export function tracesWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return false;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporter === "none") return false;
  return Boolean(
    exporter || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
  );
}

export interface Tracing {
  /** exports what is buffered and stops */
  shutdown(): Promise<void>;
}

/**
 * Starts tracing for the parts this process runs, each under its own service name, if the
 * environment asks for it (or an exporter is given: tests). The first part's provider is also the
 * global one, which @apollo/gateway's own spans use: the gateway's, when it runs here.
 */
export async function startTracing(
  parts: string[],
  options: { wanted?: boolean; env?: NodeJS.ProcessEnv; exporter?: SpanExporter } = {},
): Promise<Tracing | null> {
  const env = options.env ?? process.env;
  const wanted = options.wanted ?? tracesWanted(env);
  if (on || parts.length === 0 || (!options.exporter && !wanted)) return null;
  // loaded only when tracing is on
  const sdk = await import("@opentelemetry/sdk-trace-base");
  const { resourceFromAttributes } = await import("otel-resources-2");
  const { W3CTraceContextPropagator } = await import("otel-core-2");
  const { AsyncLocalStorageContextManager } = await import("@opentelemetry/context-async-hooks");
  const exporter = options.exporter ?? (await exporterFor(env));

  const providers = parts.map((part) => {
    const provider = new sdk.BasicTracerProvider({
      resource: resourceFromAttributes({
        "service.name": env.OTEL_SERVICE_NAME || `petition-${part}`,
        "service.namespace": "petition-federation",
        "petition.part": part,
      }),
      spanProcessors: [
        options.exporter
          ? new sdk.SimpleSpanProcessor(exporter)
          : new sdk.BatchSpanProcessor(exporter),
      ],
    });
    tracers.set(part, provider.getTracer(TRACER));
    return provider;
  });
  trace.setGlobalTracerProvider(providers[0]);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  on = true;
  return {
    async shutdown() {
      await Promise.all(providers.map((p) => p.shutdown()));
      tracers.clear();
      trace.disable();
      context.disable();
      propagation.disable();
      on = false;
    },
  };
}

async function exporterFor(env: NodeJS.ProcessEnv): Promise<SpanExporter> {
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === "console") {
    const { ConsoleSpanExporter } = await import("@opentelemetry/sdk-trace-base");
    return new ConsoleSpanExporter();
  }
  // reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT, _COMPRESSION itself
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
  return new OTLPTraceExporter();
}

/** whether spans are being recorded in this process */
export function tracingOn(): boolean {
  return on;
}

function tracerOf(part: string): Tracer {
  return tracers.get(part) ?? trace.getTracer(TRACER);
}

/**
 * Runs `next` under a server span of `part`, continuing the trace the request's `traceparent`
 * names (if any). The span ends with the answer (`end`).
 */
export function serverSpan(
  part: string,
  headers: Record<string, string | string[] | undefined>,
  name: string,
  attributes: Attributes,
  next: () => void,
): Span | null {
  if (!on) {
    next();
    return null;
  }
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracerOf(part).startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  context.with(trace.setSpan(parent, span), next);
  return span;
}

/** Runs `work` under a span of `part` (a child of the active span), ending it when `work` settles. */
export async function inSpan<T>(
  part: string,
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  work: (span: Span | null) => Promise<T>,
): Promise<T> {
  if (!on) return work(null);
  return tracerOf(part).startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await work(span);
    } catch (e) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (e as { code?: string }).code });
      throw e;
    } finally {
      span.end();
    }
  });
}

/** Adds the active trace's `traceparent` to outgoing headers. */
export function injectTraceHeaders(headers: Record<string, string>): void {
  if (on) propagation.inject(context.active(), headers);
}

/** The span the current code runs under, if tracing is on. */
export function activeSpan(): Span | undefined {
  return on ? trace.getActiveSpan() : undefined;
}

/**
 * What a span may say of a SQL statement: its operation and the first table it names, never its
 * text or parameters (a literal in it could be personal data).
 */
export function statementSummary(sql: string): { operation: string; table?: string } {
  const operation = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? "SQL";
  const table = /\b(?:from|into|update|join)\s+[`"[]?(\w+)/i.exec(sql)?.[1];
  return { operation, table };
}

export { SpanKind, SpanStatusCode, type Span };
