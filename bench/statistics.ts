import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot, SUBGRAPHS, type SubgraphName } from "../common/config";
import { dropDatabases, graphAsker, measureScaled, summary } from "./scaled-system";

/**
 * `npm run bench:statistics [-- --scale 100] [--rounds 40] [--sqlite]`: `statistics` for 2017 by
 * month with every series, through the gateway, one request at a time, on the default dataset
 * and on the yearbook dataset at each scale asked for (100 unless given), on MariaDB unless
 * --sqlite; the same by week and by day beside it. The whole system runs in its own process, as
 * `npm start` runs it. Writes bench/statistics-results-<engine>.md. A benchmark, not a test.
 */

const S = "values previous total";
const EVERY_SERIES = `periods { label first last }
  petitions { received { ${S} } receivedByChannel { channel received { ${S} } } accepted { ${S} }
    replied { ${S} } repliedOnTime { ${S} } overdue { values previous } onlineTransfers { ${S} } backlogAssigned { ${S} } }
  visits { cases { ${S} } persons { ${S} } firstTimeCases { ${S} } firstTimePersons { ${S} } collectiveBatches { ${S} }
    collectivePersons { ${S} } collectiveFirstTimeBatches { ${S} } collectiveFirstTimePersons { ${S} } }
  escalatedVisits { total { ${S} } municipal { ${S} } provincial { ${S} } national { ${S} } }
  forwardings { forwarded { ${S} } assigned { ${S} } answered { ${S} } answeredOnTime { ${S} } }
  timelyAcceptance { values previous overall } onTimeCompletion { values previous overall } repliedItems { ${S} }
  disputes { found { ${S} } resolved { ${S} } escalated { ${S} } }
  receptions { level cases { ${S} } persons { ${S} } } opinionDigests { ${S} }
  website { messages { ${S} } replied { ${S} } replyRate { values overall } } hotline { calls { ${S} } answered { ${S} } }
  satisfaction { values overall } participation { values overall }`;

/** What is measured: every series by month (the figure of record), by week and by day. */
const QUERIES = ["MONTH", "WEEK", "DAY", "annualReport(2017)"];
const STATISTICS = `query($by: StatisticsGrain!) { statistics(from: "2017-01-01", to: "2017-12-31", by: $by) { ${EVERY_SERIES} } }`;

const COUNTS = `{ petitions { totalCount } }`;

/** The annual report beside them: the same figure code over one YEAR bucket (and the year before). */
const REPORT = `{ annualReport(year: 2017) { year
  visits { all { count persons } firstTime { count persons } collective { count persons } collectiveFirstTime { count persons } }
  escalatedVisits { total { count } municipal { count } provincial { count } national { count } }
  onlineTransfers { count } backlogAssigned forwardings { forwarded assigned answered answeredOnTime }
  threeRates { timelyAcceptance onTimeCompletion repliedItems satisfaction participation }
  screening { found resolved escalated } countyLeaderReceptions { cases persons } opinionDigests
  website { messages replied replyRate } } }`;
const request = (by: string): [string, Record<string, unknown>] =>
  by.startsWith("annualReport") ? [REPORT, {}] : [STATISTICS, { by }];

interface Options {
  scales: number[];
  rounds: number;
  sqlite: boolean;
  mysqlUrl: string;
  /** measure databases seeded before (MariaDB `<name>_bureau` …): neither seeded nor dropped */
  reuse?: string;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    scales: [100],
    rounds: 40,
    sqlite: false,
    mysqlUrl: process.env.BENCH_MYSQL_URL ?? "mysql://root@127.0.0.1:3306",
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    if (argv[i] === "--scale") o.scales = value().split(",").map(Number);
    else if (argv[i] === "--rounds") o.rounds = Number(value());
    else if (argv[i] === "--mysql-url") o.mysqlUrl = value().replace(/\/+$/, "");
    else if (argv[i] === "--sqlite") o.sqlite = true;
    else if (argv[i] === "--reuse") o.reuse = value();
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (o.scales.some((s) => !Number.isInteger(s) || s < 1))
    throw new Error("--scale takes whole numbers, e.g. 100 or 10,100");
  if (!Number.isInteger(o.rounds) || o.rounds < 1) throw new Error("--rounds takes a whole number");
  return o;
}

/** Fresh bench databases: bench_statistics_* on the MySQL server, or files in a temporary folder. */
async function freshDatabases(o: Options, dir: string): Promise<Record<SubgraphName, string>> {
  const urls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPHS)
    urls[name] = o.sqlite
      ? `sqlite:${path.join(dir, `${name}.sqlite`)}`
      : `${o.mysqlUrl}/bench_statistics_${name.replace(/-/g, "_")}`;
  await dropDatabases(o.sqlite, dir, urls);
  return urls;
}

/** `--reuse NAME`: the databases NAME_bureau … (MariaDB) or NAME/bureau.sqlite …, as they are. */
function reusedDatabases(o: Options): Record<SubgraphName, string> {
  const urls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPHS)
    urls[name] = o.sqlite
      ? `sqlite:${path.join(o.reuse!, `${name}.sqlite`)}`
      : `${o.mysqlUrl}/${o.reuse}_${name.replace(/-/g, "_")}`;
  return urls;
}

interface DatasetResult {
  dataset: string;
  records: string;
  perQuery: { text: string; hits: number; first: number; p50: number; p95: number }[];
  all: { p50: number; p95: number };
}

async function measure(
  url: string,
  token: string,
  rounds: number,
): Promise<Omit<DatasetResult, "dataset">> {
  const ask = graphAsker(url, token);
  const counts = await ask(COUNTS);
  const records = `${counts.petitions.totalCount} petitions`;
  const samples = new Map<string, number[]>(QUERIES.map((q) => [q, []]));
  const hits = new Map<string, number>();
  // the first request of each: what a cold start pays (and, with an empty figure cache, its fill)
  const first = new Map<string, number>();
  // warm-up: connections, query plans, the database's caches
  for (let i = 0; i < 3; i++)
    for (const by of QUERIES) {
      const started = performance.now();
      await ask(...request(by));
      if (i === 0) first.set(by, performance.now() - started);
    }
  for (let round = 0; round < rounds; round++)
    for (const by of QUERIES) {
      const started = performance.now();
      const data = await ask(...request(by));
      samples.get(by)!.push(performance.now() - started);
      hits.set(by, data.statistics?.periods.length ?? 1);
    }
  const perQuery = QUERIES.map((text) => ({
    text,
    hits: hits.get(text)!,
    first: first.get(text)!,
    ...summary(samples.get(text)!),
  }));
  return { records, perQuery, all: summary([...samples.values()].flat()) };
}

async function runDataset(
  o: Options,
  scale: number | null,
  dir: string,
): Promise<DatasetResult | string> {
  const label =
    scale === null
      ? "default dataset (as npm start loads it)"
      : `yearbook dataset, scale ${scale}${o.reuse ? ` (${o.reuse}, seeded before)` : ""}`;
  const urls = o.reuse ? reusedDatabases(o) : await freshDatabases(o, dir);
  const result = await measureScaled(
    {
      label,
      scale,
      dir,
      urls,
      seededBefore: !!o.reuse,
      sqlite: o.sqlite,
      subject: "bench-statistics",
    },
    (url, token) => measure(url, token, o.rounds),
  );
  return typeof result === "string" ? result : { dataset: label, ...result };
}

function report(o: Options, results: (DatasetResult | string)[]): string {
  const ms = (n: number) => n.toFixed(1);
  const lines = [
    "# `statistics` latency through the gateway",
    "",
    `\`npm run bench:statistics -- --scale ${o.scales.join(",")} --rounds ${o.rounds}${o.sqlite ? " --sqlite" : ""}\`, ${new Date().toISOString().slice(0, 10)};`,
    `${o.sqlite ? "SQLite" : "MariaDB"}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}.`,
    "One request at a time, as a `leader`: 2017 with every series of the three departments (about 40 series), by month (the figure of record), ISO week and day; and `annualReport(2017)` (the same figure code over the year, with the chapter left out).",
    "",
  ];
  for (const r of results) {
    if (typeof r === "string") {
      lines.push(`- ${r}`, "");
      continue;
    }
    lines.push(
      `## ${r.dataset} (${r.records})`,
      "",
      `By month: **median ${ms(r.perQuery[0]!.p50)} ms**, p95 ${ms(r.perQuery[0]!.p95)} ms`,
      "",
    );
    lines.push("| by | periods | 1st ms | p50 ms | p95 ms |", "|---|---:|---:|---:|---:|");
    for (const q of r.perQuery)
      lines.push(`| ${q.text} | ${q.hits} | ${ms(q.first)} | ${ms(q.p50)} | ${ms(q.p95)} |`);
    lines.push("");
  }
  return lines.join("\n");
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const dir = path.join(os.tmpdir(), `bench-statistics-${randomBytes(4).toString("hex")}`);
  const results: (DatasetResult | string)[] = [];
  const scales = o.reuse ? o.scales : [null, ...o.scales];
  for (const scale of scales) results.push(await runDataset(o, scale, dir));
  const text = report(o, results);
  writeFileSync(
    process.env.BENCH_OUT ??
      path.join(projectRoot(), "bench", `statistics-results-${o.sqlite ? "sqlite" : "mariadb"}.md`),
    text + "\n",
  );
  console.log("\n" + text);
}

main().catch((e) => {
  console.error(`bench:statistics failed: ${(e as Error).message}`);
  process.exit(1);
});
