import { Counter, Gauge, Histogram } from "prom-client";
import { DURATION_BUCKETS, type PartMetrics } from "../common/metrics";
import type { SubgraphBreakers } from "./breakers";

/**
 * What the gateway adds to its metrics: calls to each subgraph by outcome, with their latency,
 * and each subgraph's breaker (0 closed, 1 half-open, 2 open).
 */
export function gatewayMetrics(
  metrics: PartMetrics,
  breakers: SubgraphBreakers,
  subgraphs: string[],
) {
  const registers = [metrics.registry];
  const calls = new Counter({
    name: "gateway_subgraph_calls_total",
    help: "Calls from the gateway to a subgraph, by outcome (ok, or the code the call's fields got)",
    labelNames: ["subgraph", "outcome"],
    registers,
  });
  const latency = new Histogram({
    name: "gateway_subgraph_call_duration_seconds",
    help: "Time a call to a subgraph took, its retry included",
    labelNames: ["subgraph"],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const STATE = { closed: 0, "half-open": 1, open: 2 } as const;
  new Gauge({
    name: "gateway_subgraph_breaker_state",
    help: "A subgraph's circuit breaker: 0 closed, 1 half-open (one probe), 2 open (calls fail at once)",
    labelNames: ["subgraph"],
    registers,
    collect() {
      for (const subgraph of subgraphs) this.set({ subgraph }, STATE[breakers.state(subgraph)]);
    },
  });
  return {
    call(subgraph: string, seconds: number, outcome: string) {
      calls.inc({ subgraph, outcome });
      latency.observe({ subgraph }, seconds);
    },
  };
}
