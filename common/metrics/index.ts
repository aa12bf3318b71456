/** Prometheus metrics of every part (prom-client), served at /metrics. */
export * from "./metrics";
