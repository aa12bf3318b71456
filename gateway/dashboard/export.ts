import type { IncomingMessage, ServerResponse } from "node:http";
import { CATEGORY_LABELS, CHANNEL_LABELS } from "./labels";
import { toCsv, toXlsx, type Cell, type Column, type Sheet } from "./tables";
import type { DashboardOptions } from "./settings";

/**
 * The exports: the annual report and any statistics view as CSV or as an Excel workbook, at a URL
 * an integrator fetches with a token (`Authorization: Bearer …`). The query goes through the
 * gateway's own /graphql with the caller's token, so access rules, limits, logs and audit are
 * those of any client. Refusals are the client's: 400 naming the parameter, 401, 403, 404; a
 * department that does not answer is 503; never a stack.
 */
type Format = "csv" | "xlsx";

/** the graph's answer, of the shape the query asked for */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = Record<string, any>;

class Refusal {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly parameter?: string,
  ) {}
}

const CONTENT_TYPES: Record<Format, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

const EXPORTS = ["annual-report.csv", "annual-report.xlsx", "statistics.csv", "statistics.xlsx"];

function refuse(res: ServerResponse, refusal: Refusal): void {
  const body = JSON.stringify(
    refusal.parameter
      ? { error: refusal.error, parameter: refusal.parameter }
      : { error: refusal.error },
  );
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "content-length": String(Buffer.byteLength(body)),
  };
  if (refusal.status === 401) headers["www-authenticate"] = "Bearer";
  res.writeHead(refusal.status, headers);
  res.end(body);
}

function params(search: URLSearchParams, allowed: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of search) {
    if (!allowed.includes(key))
      throw new Refusal(400, `${key}: unknown parameter (allowed: ${allowed.join(", ")})`, key);
    if (out.has(key)) throw new Refusal(400, `${key}: given more than once`, key);
    out.set(key, value);
  }
  return out;
}

function required(p: Map<string, string>, name: string, pattern: RegExp, what: string): string {
  const value = p.get(name);
  if (value === undefined || value === "")
    throw new Refusal(400, `${name}: required (${what})`, name);
  if (!pattern.test(value)) throw new Refusal(400, `${name}: must be ${what}`, name);
  return value;
}

function optional(p: Map<string, string>, name: string, values: string[]): string | undefined {
  const value = p.get(name);
  if (value === undefined || value === "") return undefined;
  if (!values.includes(value))
    throw new Refusal(400, `${name}: must be one of ${values.join(", ")}`, name);
  return value;
}

interface GraphAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

/** the variable or argument a client error names, as the export's parameter */
const PARAMETER_OF: Record<string, string> = { year: "year", from: "from", to: "to", by: "by" };

async function ask(
  req: IncomingMessage,
  options: DashboardOptions,
  query: string,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const authorization = req.headers.authorization;
  if (authorization) headers.authorization = authorization;
  const requestId = req.headers["x-request-id"];
  if (typeof requestId === "string") headers["x-request-id"] = requestId;
  let answer: GraphAnswer;
  try {
    const res = await options.post(
      options.graphqlUrl(),
      headers,
      JSON.stringify({ query, variables }),
      60_000,
    );
    answer = JSON.parse(res.text) as GraphAnswer;
  } catch (e) {
    options.logger.error({ err: e }, "an export could not ask the graph");
    throw new Refusal(503, "the graph did not answer: try again later");
  }
  const error = answer.errors?.[0];
  if (error) {
    const code = error.extensions?.code;
    if (code === "UNAUTHENTICATED")
      throw new Refusal(401, `sign in: send Authorization: Bearer <token> (${error.message})`);
    if (code === "FORBIDDEN") throw new Refusal(403, error.message);
    if (code === "BAD_USER_INPUT" || code === "BAD_REQUEST") {
      const field = String(error.extensions?.field ?? "").replace(/^filter\./, "");
      const parameter = PARAMETER_OF[field] ?? (field || undefined);
      throw new Refusal(400, error.message, parameter);
    }
    if (code === "GRAPHQL_VALIDATION_FAILED")
      throw new Refusal(501, "this graph does not serve the figures this export asks for");
    options.logger.warn({ code }, "an export's query was not fully answered");
    throw new Refusal(503, "a department's figures are not available now: try again later");
  }
  if (!answer.data) throw new Refusal(503, "the graph gave no figures: try again later");
  return answer.data;
}

// ---------- the annual report ----------

const ANNUAL = `query Export($year: Int!) { annualReport(year: $year) {
  year
  visits { all { count persons changeFromPreviousYear } firstTime { count persons changeFromPreviousYear }
    collective { count persons changeFromPreviousYear } collectiveFirstTime { count persons changeFromPreviousYear } }
  onlineTransfers { count changeFromPreviousYear }
  escalatedVisits { total { count changeFromPreviousYear } national { count changeFromPreviousYear }
    provincial { count changeFromPreviousYear } municipal { count changeFromPreviousYear } }
  backlogAssigned backlogBatches
  threeRates { timelyAcceptance onTimeCompletion repliedItems satisfaction participation }
  forwardings { forwarded assigned answered answeredOnTime }
  screening { found resolved escalated }
  countyLeaderReceptions { cases persons }
  opinionDigests
  website { messages replied replyRate } } }`;

export const ANNUAL_COLUMNS: Column[] = [
  { title: "指标", width: 18 },
  { title: "字段", width: 34 },
  { title: "数值", width: 10 },
  { title: "单位", width: 8 },
  { title: "人次", format: "int", width: 10 },
  { title: "同比变化", format: "rate", width: 10 },
];

interface YoY {
  count: number;
  persons?: number | null;
  changeFromPreviousYear?: number | null;
}

/** the annual report as rows: figure, field, value, unit, persons, change from the year before */
export function annualRows(a: Answer): Cell[][] {
  const yoy = (label: string, field: string, f: YoY, unit: string): Cell[] => [
    label,
    field,
    f.count,
    unit,
    f.persons ?? null,
    f.changeFromPreviousYear ?? null,
  ];
  const one = (label: string, field: string, value: number | null, unit: string): Cell[] => [
    label,
    field,
    value,
    unit,
    null,
    null,
  ];
  const v = a.visits;
  const e = a.escalatedVisits;
  const r = a.threeRates;
  const f = a.forwardings;
  return [
    yoy("来访", "visits.all", v.all, "件次"),
    yoy("其中初访", "visits.firstTime", v.firstTime, "件次"),
    yoy("集体访", "visits.collective", v.collective, "批次"),
    yoy("其中初次集体访", "visits.collectiveFirstTime", v.collectiveFirstTime, "批次"),
    yoy("网上信访转送", "onlineTransfers", a.onlineTransfers, "件"),
    yoy("越级访", "escalatedVisits.total", e.total, "件次"),
    yoy("进京", "escalatedVisits.national", e.national, "件次"),
    yoy("赴省", "escalatedVisits.provincial", e.provincial, "件次"),
    yoy("到市", "escalatedVisits.municipal", e.municipal, "件次"),
    one("积案交办", "backlogAssigned", a.backlogAssigned, "件"),
    one("积案批次", "backlogBatches", a.backlogBatches, "批"),
    one("及时受理率", "threeRates.timelyAcceptance", r.timelyAcceptance, "比率"),
    one("按期办结率", "threeRates.onTimeCompletion", r.onTimeCompletion, "比率"),
    one("办结", "threeRates.repliedItems", r.repliedItems, "件"),
    one("群众满意率", "threeRates.satisfaction", r.satisfaction, "比率"),
    one("参评率", "threeRates.participation", r.participation, "比率"),
    one("转送", "forwardings.forwarded", f.forwarded, "件"),
    one("交办", "forwardings.assigned", f.assigned, "件"),
    one("转送交办已答复", "forwardings.answered", f.answered, "件"),
    one("转送交办按期答复", "forwardings.answeredOnTime", f.answeredOnTime, "件"),
    one("排查矛盾隐患", "screening.found", a.screening.found, "件"),
    one("化解矛盾隐患", "screening.resolved", a.screening.resolved, "件"),
    one("矛盾隐患激化", "screening.escalated", a.screening.escalated, "件"),
    [
      "县级领导接访",
      "countyLeaderReceptions.cases",
      a.countyLeaderReceptions.cases,
      "件次",
      a.countyLeaderReceptions.persons,
      null,
    ],
    one("社情民意", "opinionDigests", a.opinionDigests, "期"),
    one("网络留言", "website.messages", a.website.messages, "条"),
    one("网络留言已回复", "website.replied", a.website.replied, "条"),
    one("网络留言回复率", "website.replyRate", a.website.replyRate, "比率"),
  ];
}

async function annualReport(
  req: IncomingMessage,
  search: URLSearchParams,
  options: DashboardOptions,
): Promise<{ sheets: Sheet[]; name: string; title: string }> {
  const p = params(search, ["year"]);
  const year = Number(required(p, "year", /^\d{4}$/, "a year of four digits, e.g. 2017"));
  const data = await ask(req, options, ANNUAL, { year });
  const a = data.annualReport as Answer;
  // a department that did not answer leaves its figures null: no half a report
  if (!a.screening || !a.countyLeaderReceptions || a.opinionDigests === null || !a.website)
    throw new Refusal(503, "a department's figures are not available now: try again later");
  return {
    name: `annual-report-${year}`,
    title: `${year}年信访工作年度统计`,
    sheets: [{ name: `${year}年度统计`, columns: ANNUAL_COLUMNS, rows: annualRows(a) }],
  };
}

// ---------- statistics ----------

const S = "{ values previous total }";
const R = "{ values previous overall }";
const STATISTICS = `query Export($from: Date!, $to: Date!, $by: StatisticsGrain!, $filter: StatisticsFilterInput) {
  statistics(from: $from, to: $to, by: $by, filter: $filter) {
    periods { label first last }
    petitions { received ${S} accepted ${S} replied ${S} repliedOnTime ${S} overdue { values previous }
      onlineTransfers ${S} backlogAssigned ${S} receivedByChannel { channel received ${S} } }
    visits { cases ${S} persons ${S} firstTimeCases ${S} firstTimePersons ${S}
      collectiveBatches ${S} collectivePersons ${S} collectiveFirstTimeBatches ${S} collectiveFirstTimePersons ${S} }
    escalatedVisits { total ${S} national ${S} provincial ${S} municipal ${S} }
    forwardings { forwarded ${S} assigned ${S} answered ${S} answeredOnTime ${S} }
    timelyAcceptance ${R} onTimeCompletion ${R} repliedItems ${S}
    disputes { found ${S} resolved ${S} escalated ${S} }
    receptions { level cases ${S} persons ${S} }
    opinionDigests ${S}
    website { messages ${S} replied ${S} replyRate ${R} }
    hotline { calls ${S} answered ${S} }
    satisfaction ${R} participation ${R}
    byTown: petitionsBy(breakdown: TOWN) { key town { name } received { total } accepted { total } replied { total } visits { total } visitors { total } }
    byCategory: petitionsBy(breakdown: CATEGORY) { key received { total } accepted { total } replied { total } visits { total } visitors { total } }
    byChannel: petitionsBy(breakdown: CHANNEL) { key received { total } accepted { total } replied { total } visits { total } visitors { total } }
    byUnit: petitionsBy(breakdown: UNIT) { key received { total } accepted { total } replied { total } visits { total } visitors { total } }
  } }`;

interface Series {
  values: (number | null)[];
  previous?: number | null;
  total?: number;
  overall?: number | null;
}

/** a column of the statistics: its title and where its series is in the answer */
interface SeriesColumn extends Column {
  series: (s: Answer) => Series | null | undefined;
  /** a stock (open and overdue): its total is its last value */
  stock?: boolean;
}

const LEVELS: Record<string, string> = { COUNTY: "县级", TOWN: "镇级", VILLAGE: "村级" };

function statisticsColumns(s: Answer): SeriesColumn[] {
  const int = (title: string, series: SeriesColumn["series"]): SeriesColumn => ({
    title,
    format: "int",
    series,
  });
  const rate = (title: string, series: SeriesColumn["series"]): SeriesColumn => ({
    title,
    format: "rate",
    series,
  });
  const columns: SeriesColumn[] = [
    int("收到信访事项", (x) => x.petitions.received),
    int("受理", (x) => x.petitions.accepted),
    int("办结", (x) => x.petitions.replied),
    int("按期办结", (x) => x.petitions.repliedOnTime),
    { ...int("期末逾期未办", (x) => x.petitions.overdue), stock: true },
    int("网上信访转送", (x) => x.petitions.onlineTransfers),
    int("积案交办", (x) => x.petitions.backlogAssigned),
    int("来访件次", (x) => x.visits.cases),
    int("来访人次", (x) => x.visits.persons),
    int("初访件次", (x) => x.visits.firstTimeCases),
    int("初访人次", (x) => x.visits.firstTimePersons),
    int("集体访批次", (x) => x.visits.collectiveBatches),
    int("集体访人次", (x) => x.visits.collectivePersons),
    int("初次集体访批次", (x) => x.visits.collectiveFirstTimeBatches),
    int("初次集体访人次", (x) => x.visits.collectiveFirstTimePersons),
    int("越级访", (x) => x.escalatedVisits.total),
    int("进京", (x) => x.escalatedVisits.national),
    int("赴省", (x) => x.escalatedVisits.provincial),
    int("到市", (x) => x.escalatedVisits.municipal),
    int("转送", (x) => x.forwardings.forwarded),
    int("交办", (x) => x.forwardings.assigned),
    int("转送交办已答复", (x) => x.forwardings.answered),
    int("转送交办按期答复", (x) => x.forwardings.answeredOnTime),
    rate("及时受理率", (x) => x.timelyAcceptance),
    rate("按期办结率", (x) => x.onTimeCompletion),
    rate("群众满意率", (x) => x.satisfaction),
    rate("参评率", (x) => x.participation),
    int("排查矛盾隐患", (x) => x.disputes?.found),
    int("化解矛盾隐患", (x) => x.disputes?.resolved),
    int("矛盾隐患激化", (x) => x.disputes?.escalated),
    int("网络留言", (x) => x.website?.messages),
    int("网络留言已回复", (x) => x.website?.replied),
    rate("网络留言回复率", (x) => x.website?.replyRate),
    int("热线来电", (x) => x.hotline?.calls),
    int("热线已答复", (x) => x.hotline?.answered),
    int("社情民意", (x) => x.opinionDigests),
  ];
  for (const c of (s.petitions.receivedByChannel ?? []) as { channel: string }[])
    columns.push(
      int(
        `收到·${CHANNEL_LABELS[c.channel] ?? c.channel}`,
        (x) =>
          (x.petitions.receivedByChannel as { channel: string; received: Series }[]).find(
            (y) => y.channel === c.channel,
          )?.received,
      ),
    );
  for (const r of (s.receptions ?? []) as { level: string }[]) {
    const level = LEVELS[r.level] ?? r.level;
    const of = (x: Answer) =>
      (x.receptions as { level: string; cases: Series; persons: Series }[]).find(
        (y) => y.level === r.level,
      );
    columns.push(int(`${level}领导接访件次`, (x) => of(x)?.cases));
    columns.push(int(`${level}领导接访人次`, (x) => of(x)?.persons));
  }
  return columns;
}

function totalOf(series: Series, stock: boolean | undefined): number | null {
  if (stock) return series.values.length ? (series.values[series.values.length - 1] ?? null) : null;
  if (series.total !== undefined) return series.total;
  return series.overall ?? null;
}

/** one row a period, then the period before the first (上期) and the whole range (合计) */
export function statisticsSheet(s: Answer): Sheet {
  const columns = statisticsColumns(s);
  const periods = s.periods as { label: string; first: string; last: string }[];
  const rows: Cell[][] = periods.map((p, i) => [
    p.label,
    p.first,
    p.last,
    ...columns.map((c) => c.series(s)?.values[i] ?? null),
  ]);
  rows.push(["上期", null, null, ...columns.map((c) => c.series(s)?.previous ?? null)]);
  rows.push([
    "合计",
    periods[0]?.first ?? null,
    periods[periods.length - 1]?.last ?? null,
    ...columns.map((c) => {
      const series = c.series(s);
      return series ? totalOf(series, c.stock) : null;
    }),
  ]);
  return {
    name: "按期间",
    columns: [
      { title: "期间", width: 12 },
      { title: "起", width: 12 },
      { title: "止", width: 12 },
      ...columns.map(({ title, format }) => ({
        title,
        format,
        width: Math.max(8, title.length * 2),
      })),
    ],
    rows,
  };
}

const BREAKDOWNS: Record<string, { field: string; sheet: string; title: string }> = {
  TOWN: { field: "byTown", sheet: "按镇", title: "镇" },
  CATEGORY: { field: "byCategory", sheet: "按类别", title: "类别" },
  CHANNEL: { field: "byChannel", sheet: "按渠道", title: "渠道" },
  UNIT: { field: "byUnit", sheet: "按责任单位", title: "责任单位" },
};

export function breakdownSheet(s: Answer, breakdown: string): Sheet {
  const b = BREAKDOWNS[breakdown];
  const name = (row: Answer): string | null => {
    if (breakdown === "TOWN") return row.town?.name ?? row.key;
    if (breakdown === "CATEGORY") return CATEGORY_LABELS[row.key] ?? row.key;
    if (breakdown === "CHANNEL") return CHANNEL_LABELS[row.key] ?? row.key;
    return row.key;
  };
  return {
    name: b.sheet,
    columns: [
      { title: b.title, width: 16 },
      { title: "键", width: 24 },
      { title: "收到信访事项", format: "int" },
      { title: "受理", format: "int" },
      { title: "办结", format: "int" },
      { title: "来访件次", format: "int" },
      { title: "来访人次", format: "int" },
    ],
    rows: (s[b.field] as Answer[]).map((row) => [
      name(row) ?? "（未记录）",
      row.key ?? null,
      row.received.total,
      row.accepted.total,
      row.replied.total,
      row.visits.total,
      row.visitors.total,
    ]),
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

async function statistics(
  req: IncomingMessage,
  search: URLSearchParams,
  options: DashboardOptions,
  format: Format,
): Promise<{ sheets: Sheet[]; name: string; title: string }> {
  const p = params(search, [
    "from",
    "to",
    "by",
    "townId",
    "category",
    "channel",
    "unit",
    "breakdown",
  ]);
  const from = required(p, "from", DAY, "a day, YYYY-MM-DD");
  const to = required(p, "to", DAY, "a day, YYYY-MM-DD");
  const by = optional(p, "by", ["MONTH", "WEEK", "DAY"]) ?? "MONTH";
  const breakdown = optional(p, "breakdown", Object.keys(BREAKDOWNS));
  if (breakdown && format === "xlsx")
    throw new Refusal(
      400,
      "breakdown: a workbook holds every breakdown; it is for CSV",
      "breakdown",
    );
  const filter: Record<string, string> = {};
  const townId = p.get("townId");
  if (townId) {
    if (!/^\d{1,12}$/.test(townId)) throw new Refusal(400, "townId: must be a town's id", "townId");
    filter.townId = townId;
  }
  const category = optional(p, "category", Object.keys(CATEGORY_LABELS));
  if (category) filter.category = category;
  const channel = optional(p, "channel", Object.keys(CHANNEL_LABELS));
  if (channel) filter.channel = channel;
  const unit = p.get("unit");
  if (unit) {
    if ([...unit].length > 100) throw new Refusal(400, "unit: at most 100 characters", "unit");
    filter.unit = unit;
  }
  const data = await ask(req, options, STATISTICS, { from, to, by, filter });
  const s = data.statistics as Answer;
  const sheets = breakdown
    ? [breakdownSheet(s, breakdown)]
    : [statisticsSheet(s), ...Object.keys(BREAKDOWNS).map((b) => breakdownSheet(s, b))];
  const suffix = breakdown ? `-${breakdown.toLowerCase()}` : "";
  return {
    name: `statistics-${from}-${to}-${by.toLowerCase()}${suffix}`,
    title: `信访工作统计 ${from} 至 ${to}`,
    sheets,
  };
}

export async function serveExport(
  req: IncomingMessage,
  res: ServerResponse,
  options: DashboardOptions,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://gateway");
  const file = url.pathname.slice("/export/".length);
  try {
    if (!EXPORTS.includes(file))
      throw new Refusal(404, `no such export: use /export/${EXPORTS.join(", /export/")}`);
    const [what, ext] = file.split(".");
    const format = ext as Format;
    const made =
      what === "annual-report"
        ? await annualReport(req, url.searchParams, options)
        : await statistics(req, url.searchParams, options, format);
    const body = format === "csv" ? toCsv(made.sheets[0]) : await toXlsx(made.sheets, made.title);
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[format],
      "content-disposition": `attachment; filename="${made.name}.${format}"`,
      "content-length": String(body.length),
      // the figures are the caller's: no shared cache keeps them
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch (e) {
    if (e instanceof Refusal) return refuse(res, e);
    options.logger.error({ err: e }, "an export failed");
    refuse(res, new Refusal(500, "the export failed"));
  }
}
