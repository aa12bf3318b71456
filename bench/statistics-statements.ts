import { DataSource } from "typeorm";
import { Loaders, openDatabase, type Database } from "../common/db";
import { spanOf, yearSpan, type Span } from "../common/domain";
import * as bureau from "../subgraphs/bureau/services/period-figures";
import * as masswork from "../subgraphs/masswork/services/figures";
import * as center from "../subgraphs/service-center/services/figures";
import { SUBGRAPH_DEFINITIONS } from "../scripts/subgraphs";

/**
 * `node dist/bench/statistics-statements.js [MONTH|WEEK|DAY|YEAR] [rounds]`: each figure
 * statement of `statistics` for 2017 (or the annual report's two years) timed on its own, one at
 * a time, against the databases the configuration names (BUREAU_DB_URL …), with the engine's plan
 * when EXPLAIN=1. Finds which statement takes the time; a probe, not a test.
 */
type Probe = [string, (l: Loaders, span: Span) => Promise<unknown>];
const now = new Date("2030-01-01T00:00:00Z");
const PROBES: Record<string, Probe[]> = {
  bureau: [
    ["visits", (l, span) => bureau.visitGroups(l, { span, filter: {} })],
    ["intake", (l, span) => bureau.intakeGroups(l, { span, filter: {} })],
    ["outcomes", (l, span) => bureau.outcomeGroups(l, { span, filter: {} })],
    ["overdue", (l, span) => bureau.overdueChanges(l, { span, filter: {} }, now)],
    ["forwardings", (l, span) => bureau.forwardingGroups(l, { span, filter: {} })],
    ["backlog", (l, span) => bureau.backlogGroups(l, { span, filter: {} })],
    ["intake town=1", (l, span) => bureau.intakeGroups(l, { span, filter: { townId: 1 } })],
  ],
  masswork: [
    ["disputes", (l, span) => masswork.disputeGroups(l, { span, filter: {} })],
    ["receptions", (l, span) => masswork.receptionGroups(l, span)],
    ["digests", (l, span) => masswork.digestCounts(l, span)],
  ],
  "service-center": [
    ["messages", (l, span) => center.messageGroups(l, { span, filter: {} })],
    ["calls", (l, span) => center.callGroups(l, { span, filter: {} })],
    ["evaluations", (l, span) => center.evaluationGroups(l, { span, filter: {} })],
  ],
};

async function main() {
  const grain = process.argv[2] ?? "MONTH";
  const rounds = Number(process.argv[3] ?? 5);
  const span =
    grain === "YEAR" ? yearSpan(2017) : spanOf("2017-01-01", "2017-12-31", grain as never);
  for (const def of SUBGRAPH_DEFINITIONS) {
    const key = def.name.toUpperCase().replace(/-/g, "_");
    const url = process.env[`${key}_DB_URL`] ?? `sqlite:data/${def.name}.sqlite`;
    const db: Database = await openDatabase({
      url,
      migrations: def.migrations,
      entities: def.entities,
    } as never);
    const source: DataSource = db.dataSource;
    const sqls: string[] = [];
    const query = source.query.bind(source);
    source.query = ((sql: string, params?: unknown[]) => {
      sqls.push(sql);
      if (process.env.EXPLAIN && !sql.startsWith("EXPLAIN"))
        void query(`EXPLAIN ${sql}`, params).then((plan) =>
          console.log(sql.replace(/\s+/g, " ").slice(0, 300), "\n", plan),
        );
      return query(sql, params);
    }) as never;
    for (const [name, run] of PROBES[def.name] ?? []) {
      const times: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const started = performance.now();
        await run(new Loaders(source), span);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(
        `${def.name} ${name}: median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)})`,
      );
    }
    await db.close();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
