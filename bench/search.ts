import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot, SUBGRAPHS, type SubgraphName } from "../common/config";
import { dropDatabases, envKey, graphAsker, measureScaled, summary } from "./scaled-system";

/**
 * `npm run bench:search [-- --scale 100] [--rounds 40] [--sqlite] [--seeded] [--lists]`: the unified search's latency
 * through the gateway, one request at a time, on the default dataset and on the yearbook dataset at
 * each scale asked for (100 unless given), on MariaDB unless --sqlite. The whole system runs in
 * its own process, as `npm start` runs it. Writes bench/search-results-<engine>.md. A benchmark, not a test.
 */

/** Rare and common words, the commonest single characters, serial numbers, phrases of 2–6 words. */
const QUERIES = [
  "拆迁",
  "拖欠工资",
  "西环教委家属楼",
  "XF2017-000042",
  "5·18",
  "村",
  "镇",
  "征地 补偿",
  "供暖",
  "量子计算机",
  "拖欠 工资 问题",
  "请求有关部门依法处理",
  "多次 向 有关部门 反映 至今 未得到解决",
];

const LISTS = [
  "petitionHits",
  "riskItemHits",
  "opinionDigestHits",
  "onlineMessageHits",
  "hotlineCallHits",
];
const searchQuery = (counts: boolean) => `query($text: String!) { search(text: $text) {
  ${LISTS.map((l) => `${l} { ${counts ? "totalCount totalCountIsEstimate " : ""}pageInfo { hasNextPage endCursor } edges { snippet node { id } } }`).join("\n  ")} } }`;
/** The first-page lists every version of the graph has had (`--lists`): to compare builds side by side. */
const LISTS_QUERY = `query($text: String!) { search(text: $text) {
  petitions { id serialNo title } riskItems { id description } opinionDigests { id title }
  onlineMessages { id title } hotlineCalls { id summary } } }`;

const COUNTS = `{ petitions { totalCount } }`;

interface Options {
  scales: number[];
  rounds: number;
  sqlite: boolean;
  mysqlUrl: string;
  /** the databases BUREAU_DB_URL, … name already hold the scale: neither seeded nor dropped */
  seeded: boolean;
  /** the old first-page lists only, no pages or counts */
  lists: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    scales: [100],
    rounds: 40,
    sqlite: false,
    mysqlUrl: process.env.BENCH_MYSQL_URL ?? "mysql://root@127.0.0.1:3306",
    seeded: false,
    lists: false,
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
    else if (argv[i] === "--seeded") o.seeded = true;
    else if (argv[i] === "--lists") o.lists = true;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (o.scales.some((s) => !Number.isInteger(s) || s < 1))
    throw new Error("--scale takes whole numbers, e.g. 100 or 10,100");
  if (!Number.isInteger(o.rounds) || o.rounds < 1) throw new Error("--rounds takes a whole number");
  if (o.seeded && o.scales.length !== 1)
    throw new Error("--seeded measures the one scale the databases hold: give one --scale");
  return o;
}

/** Fresh bench databases: bench_search_* on the MySQL server, or files in a temporary folder. */
async function freshDatabases(o: Options, dir: string): Promise<Record<SubgraphName, string>> {
  const urls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPHS)
    urls[name] = o.sqlite
      ? `sqlite:${path.join(dir, `${name}.sqlite`)}`
      : `${o.mysqlUrl}/bench_search_${name.replace(/-/g, "_")}`;
  await dropDatabases(o.sqlite, dir, urls);
  return urls;
}

/** The databases `npm start` would use (BUREAU_DB_URL, …), seeded beforehand with `npm run seed`. */
function seededDatabases(): Record<SubgraphName, string> {
  const urls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPHS) {
    const url = process.env[`${envKey(name)}_DB_URL`];
    if (!url) throw new Error(`--seeded needs ${envKey(name)}_DB_URL`);
    urls[name] = url;
  }
  return urls;
}

interface DatasetResult {
  dataset: string;
  records: string;
  perQuery: {
    text: string;
    hits: number;
    p50: number;
    p95: number;
    counts: string;
    counted: { p50: number; p95: number };
  }[];
  all: { p50: number; p95: number };
  allCounted: { p50: number; p95: number };
}

async function measure(
  url: string,
  token: string,
  rounds: number,
  lists: boolean,
): Promise<Omit<DatasetResult, "dataset">> {
  const SEARCH = lists ? LISTS_QUERY : searchQuery(false);
  const SEARCH_COUNTED = lists ? LISTS_QUERY : searchQuery(true);
  const ask = graphAsker(url, token);
  const stored = await ask(COUNTS);
  const records = `${stored.petitions.totalCount} petitions`;
  const samples = new Map<string, number[]>(QUERIES.map((q) => [q, []]));
  const countedSamples = new Map<string, number[]>(QUERIES.map((q) => [q, []]));
  const hits = new Map<string, number>();
  const counts = new Map<string, string>();
  // warm-up: connections, query plans, the segmenter's dictionary, the database's caches
  for (let i = 0; i < 3; i++)
    for (const text of QUERIES) {
      await ask(SEARCH, { text });
      await ask(SEARCH_COUNTED, { text });
    }
  for (let round = 0; round < rounds; round++)
    for (const text of QUERIES) {
      let started = performance.now();
      const data = await ask(SEARCH, { text });
      samples.get(text)!.push(performance.now() - started);
      hits.set(
        text,
        Object.values(data.search as Record<string, any>).reduce(
          (n, list) => n + (Array.isArray(list) ? list.length : (list?.edges?.length ?? 0)),
          0,
        ),
      );
      started = performance.now();
      const counted = await ask(SEARCH_COUNTED, { text });
      countedSamples.get(text)!.push(performance.now() - started);
      counts.set(
        text,
        LISTS.map((l) => {
          const c = lists ? null : counted.search[l];
          return c ? `${c.totalCount}${c.totalCountIsEstimate ? "~" : ""}` : "–";
        }).join(" / "),
      );
    }
  const perQuery = QUERIES.map((text) => ({
    text,
    hits: hits.get(text)!,
    ...summary(samples.get(text)!),
    counts: counts.get(text)!,
    counted: summary(countedSamples.get(text)!),
  }));
  return {
    records,
    perQuery,
    all: summary([...samples.values()].flat()),
    allCounted: summary([...countedSamples.values()].flat()),
  };
}

async function runDataset(
  o: Options,
  scale: number | null,
  dir: string,
): Promise<DatasetResult | string> {
  const label =
    scale === null ? "default dataset (as npm start loads it)" : `yearbook dataset, scale ${scale}`;
  const urls = o.seeded ? seededDatabases() : await freshDatabases(o, dir);
  const result = await measureScaled(
    { label, scale, dir, urls, seededBefore: o.seeded, sqlite: o.sqlite, subject: "bench-search" },
    (url, token) => measure(url, token, o.rounds, o.lists),
  );
  return typeof result === "string" ? result : { dataset: label, ...result };
}

function report(o: Options, results: (DatasetResult | string)[]): string {
  const ms = (n: number) => n.toFixed(1);
  const lines = [
    "# Unified search latency through the gateway",
    "",
    `\`npm run bench:search -- --scale ${o.scales.join(",")} --rounds ${o.rounds}${o.sqlite ? " --sqlite" : ""}${o.seeded ? " --seeded" : ""}${o.lists ? " --lists" : ""}\`, ${new Date().toISOString().slice(0, 10)};`,
    `${o.sqlite ? "SQLite (FTS5)" : "MariaDB (InnoDB FULLTEXT, default settings)"}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version};`,
    `load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end (other work on the machine inflates the figures).`,
    "One request at a time, as a `leader`: all five hit lists (`petitionHits` … `hotlineCallHits`), 10 hits each with",
    "their snippets; then the same with `totalCount` and `totalCountIsEstimate` (counts: petitions / dispute items /",
    "digests / messages / calls, `~` an estimate).",
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
      `All queries: **p50 ${ms(r.all.p50)} ms, p95 ${ms(r.all.p95)} ms**; with counts p50 ${ms(r.allCounted.p50)} ms, p95 ${ms(r.allCounted.p95)} ms`,
      "",
    );
    lines.push(
      "| text | hits | p50 ms | p95 ms | counts | with counts p50 ms | p95 ms |",
      "|---|---:|---:|---:|---|---:|---:|",
    );
    for (const q of r.perQuery)
      lines.push(
        `| ${q.text} | ${q.hits} | ${ms(q.p50)} | ${ms(q.p95)} | ${q.counts} | ${ms(q.counted.p50)} | ${ms(q.counted.p95)} |`,
      );
    lines.push("");
  }
  return lines.join("\n");
}

const loadAtStart = os.loadavg()[0];

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const dir = path.join(os.tmpdir(), `bench-search-${randomBytes(4).toString("hex")}`);
  const results: (DatasetResult | string)[] = [];
  for (const scale of o.seeded ? o.scales : [null, ...o.scales])
    results.push(await runDataset(o, scale, dir));
  const text = report(o, results);
  writeFileSync(
    path.join(
      projectRoot(),
      "bench",
      `search-results-${o.sqlite ? "sqlite" : "mariadb"}${o.lists ? "-lists" : ""}.md`,
    ),
    text + "\n",
  );
  console.log("\n" + text);
}

main().catch((e) => {
  console.error(`bench:search failed: ${(e as Error).message}`);
  process.exit(1);
});
