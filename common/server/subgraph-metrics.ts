import { Counter, Gauge, Histogram } from "prom-client";
import type { ConnectionUse, StatementObserver } from "../db";
import { DURATION_BUCKETS, type PartMetrics } from "../metrics";

/**
 * What a subgraph adds to its part's metrics: SQL statements and their latency, connections in
 * use and waited for, and audit rows of unmasked personal-data reads written.
 */
export interface SubgraphMetrics {
  statement: StatementObserver;
  auditRowsWritten(rows: number): void;
  watchConnections(use: ConnectionUse): void;
}

export function subgraphMetrics(metrics: PartMetrics, department: string): SubgraphMetrics {
  const registers = [metrics.registry];
  const statements = new Counter({
    name: "db_statements_total",
    help: "SQL statements run, by department and outcome",
    labelNames: ["department", "outcome"],
    registers,
  });
  const latency = new Histogram({
    name: "db_statement_duration_seconds",
    help: "Time a SQL statement took, waiting for the connection included",
    labelNames: ["department"],
    buckets: DURATION_BUCKETS,
    registers,
  });
  const audit = new Counter({
    name: "audit_rows_written_total",
    help: "Rows recording unmasked reads of personal data",
    labelNames: ["department"],
    registers,
  });
  let use: ConnectionUse = () => ({ inUse: 0, waiting: 0 });
  new Gauge({
    name: "db_connections",
    help: "Database connections held by requests (SQLite: its one connection's lock), and requests waiting for one",
    labelNames: ["department", "state"],
    registers,
    collect() {
      const now = use();
      this.set({ department, state: "in_use" }, now.inUse);
      this.set({ department, state: "waiting" }, now.waiting);
    },
  });
  return {
    statement(seconds, failed) {
      statements.inc({ department, outcome: failed ? "error" : "ok" });
      latency.observe({ department }, seconds);
    },
    auditRowsWritten: (rows) => audit.inc({ department }, rows),
    watchConnections(connections) {
      use = connections;
    },
  };
}
