import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * A part's Prometheus metrics (prom-client), served at /metrics: the conventional names and
 * units, and labels that never carry ids or personal data. Every part has a registry of its own
 * (the tests run all four parts in one process), with `part` as a default label and Node's
 * process metrics.
 */
export interface PartMetrics {
  registry: Registry;
  /** GraphQL requests by operation, type and outcome */
  requests: Counter<"operation" | "type" | "outcome">;
  duration: Histogram<"operation" | "type">;
  /** errors answered, by code */
  errors: Counter<"code">;
  inFlight: Gauge;
  /** an operation's name as a label: known shapes only, and at most MAX_OPERATIONS of them */
  operationLabel(name: string | undefined): string;
}

/** Distinct operation names kept as labels; the ones after fold into "other". */
const MAX_OPERATIONS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Request durations, in seconds: from a millisecond to ten seconds. */
export const DURATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export function partMetrics(part: string): PartMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ part });
  collectDefaultMetrics({ register: registry });
  const seen = new Set<string>();
  return {
    registry,
    requests: new Counter({
      name: "graphql_requests_total",
      help: "GraphQL requests answered, by operation name and type and by outcome (ok, refused, error, cut)",
      labelNames: ["operation", "type", "outcome"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "graphql_request_duration_seconds",
      help: "Time from a request's arrival to its answer",
      labelNames: ["operation", "type"],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    }),
    errors: new Counter({
      name: "graphql_errors_total",
      help: "Errors answered to clients, by code",
      labelNames: ["code"],
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: "http_requests_in_flight",
      help: "Requests being answered now",
      registers: [registry],
    }),
    operationLabel(name) {
      if (!name || name === "anonymous") return "anonymous";
      if (!OPERATION_NAME.test(name)) return "other";
      if (seen.has(name)) return name;
      if (seen.size >= MAX_OPERATIONS) return "other";
      seen.add(name);
      return name;
    },
  };
}
