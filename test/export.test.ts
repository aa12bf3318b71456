import { Workbook } from "exceljs";
import { request } from "undici";
import { signToken } from "../gateway/auth";
import { TEST_AUTH_SECRET } from "./support/databases";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * The exports an integrator fetches with a token (gateway/dashboard/export.ts): the annual report
 * and statistics as CSV and as a workbook, equal to what the graph answers; refusals as the
 * client's errors; and the development sign-in, which production does not have.
 */
let t: TestSystem;
let origin: string;
let leader: string;

beforeAll(async () => {
  t = await startTestSystem();
  origin = new URL(t.gatewayUrl).origin;
  leader = await signToken(TEST_AUTH_SECRET, { role: "leader", subject: "leader-1" });
});
afterAll(async () => {
  await t?.stop();
});

async function get(path: string, token: string | null = leader) {
  const res = await request(`${origin}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, body };
}

/** a CSV of plain cells (the exports' labels hold no comma or quote) */
function csvRows(body: Buffer): string[][] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = body.subarray(3).toString("utf8");
  expect(text.endsWith("\r\n")).toBe(true);
  return text
    .slice(0, -2)
    .split("\r\n")
    .map((line) => line.split(","));
}

const num = (cell: string) => (cell === "" ? null : Number(cell));

async function workbook(body: Buffer): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

const ANNUAL = `{ annualReport(year: 2017) {
  visits { all { count persons changeFromPreviousYear } firstTime { count persons changeFromPreviousYear }
    collective { count persons changeFromPreviousYear } collectiveFirstTime { count persons changeFromPreviousYear } }
  onlineTransfers { count changeFromPreviousYear }
  escalatedVisits { total { count changeFromPreviousYear } national { count changeFromPreviousYear }
    provincial { count changeFromPreviousYear } municipal { count changeFromPreviousYear } }
  backlogAssigned backlogBatches
  threeRates { timelyAcceptance onTimeCompletion repliedItems satisfaction participation }
  forwardings { forwarded assigned answered answeredOnTime }
  screening { found resolved escalated } countyLeaderReceptions { cases persons } opinionDigests
  website { messages replied replyRate } } }`;

/** a figure of the report by its field path (`visits.all`), as the export names it */
function figure(report: any, field: string): any {
  return field.split(".").reduce((o, k) => o?.[k], report);
}

describe("GET /export/annual-report", () => {
  let report: any;
  beforeAll(async () => {
    const res = await t.as("integrator").query(ANNUAL);
    expect(res.errors).toBeUndefined();
    report = res.data.annualReport;
  });

  test("CSV: UTF-8 with BOM, the header, every figure equal to the graph's and the yearbook's", async () => {
    const res = await get("/export/annual-report.csv?year=2017");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe(
      'attachment; filename="annual-report-2017.csv"',
    );
    expect(res.headers["cache-control"]).toBe("no-store");
    const [header, ...rows] = csvRows(res.body);
    expect(header).toEqual(["指标", "字段", "数值", "单位", "人次", "同比变化"]);
    expect(rows.length).toBeGreaterThanOrEqual(28);
    for (const [, field, value, , persons, change] of rows) {
      const f = figure(report, field);
      expect(f).not.toBeUndefined();
      if (typeof f === "object" && f !== null && "count" in f) {
        expect(num(value)).toBe(f.count);
        expect(num(persons)).toBe(f.persons ?? null);
        expect(num(change)).toBe(f.changeFromPreviousYear ?? null);
      } else if (field === "countyLeaderReceptions.cases") {
        expect([num(value), num(persons)]).toEqual([
          report.countyLeaderReceptions.cases,
          report.countyLeaderReceptions.persons,
        ]);
      } else {
        expect(num(value)).toBe(f);
      }
    }
    const row = (field: string) => rows.find((r) => r[1] === field)!;
    // the yearbook (DOMAIN.md)
    expect(row("visits.all").slice(0, 6)).toEqual([
      "来访",
      "visits.all",
      "1451",
      "件次",
      "8498",
      expect.stringMatching(/^0\.127/),
    ]);
    expect(row("visits.collective")[2]).toBe("310");
    expect(row("visits.collective")[4]).toBe("6361");
    expect(row("escalatedVisits.total")[2]).toBe("210");
    expect(row("escalatedVisits.national")[2]).toBe("65");
    expect(row("onlineTransfers")[2]).toBe("203");
    expect(row("screening.found")[2]).toBe("225");
    expect(row("screening.resolved")[2]).toBe("175");
    expect(row("countyLeaderReceptions.cases").slice(2, 5)).toEqual(["56", "件次", "1067"]);
    expect(row("website.messages")[2]).toBe("2000");
    expect(row("backlogAssigned")[2]).toBe("76");
    expect(row("opinionDigests")[2]).toBe("60");
  });

  test("xlsx: a valid workbook with the same rows, rates as percentages", async () => {
    const csv = csvRows((await get("/export/annual-report.csv?year=2017")).body).slice(1);
    const res = await get("/export/annual-report.xlsx?year=2017");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const wb = await workbook(res.body);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe("2017年度统计");
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      "指标",
      "字段",
      "数值",
      "单位",
      "人次",
      "同比变化",
    ]);
    expect(ws.rowCount).toBe(csv.length + 1);
    csv.forEach((r, i) => {
      const cells = (ws.getRow(i + 2).values as unknown[]).slice(1);
      expect([cells[0], cells[1], cells[2] ?? null, cells[3]]).toEqual([
        r[0],
        r[1],
        num(r[2]),
        r[3],
      ]);
    });
    expect(ws.getColumn(6).numFmt).toBe("0.0%");
  });

  test.each([
    ["no year", "", "year"],
    ["a bad year", "?year=17x", "year"],
    ["a year before the records", "?year=1900", "year"],
    ["an unknown parameter", "?year=2017&town=1", "town"],
  ])("400 on %s, naming the parameter, no stack", async (_name, query, parameter) => {
    const res = await get(`/export/annual-report.csv${query}`);
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body.toString("utf8"));
    expect(body.parameter).toBe(parameter);
    expect(body.error).toMatch(new RegExp(`^${parameter}`));
    expect(res.body.toString("utf8")).not.toMatch(/ {4}at |\.ts:|\.js:/);
  });

  test("401 without a token or with a forged one, 403 for a citizen", async () => {
    const none = await get("/export/annual-report.xlsx?year=2017", null);
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toBe("Bearer");
    const forged = await get("/export/annual-report.csv?year=2017", "e30.e30.x");
    expect(forged.status).toBe(401);
    const citizen = await signToken(TEST_AUTH_SECRET, { role: "public", subject: "c-1" });
    const refused = await get("/export/annual-report.csv?year=2017", citizen);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body.toString("utf8")).error).toBeTruthy();
  });

  test("404 for an unknown export, 405 for a POST", async () => {
    expect((await get("/export/annual-report.pdf?year=2017")).status).toBe(404);
    const post = await request(`${origin}/export/annual-report.csv?year=2017`, { method: "POST" });
    await post.body.dump();
    expect(post.statusCode).toBe(405);
  });
});

describe("GET /export/statistics", () => {
  const STATS = `query($filter: StatisticsFilterInput) { statistics(from: "2017-01-01", to: "2017-12-31", by: MONTH, filter: $filter) {
    periods { label } petitions { received { values total } } visits { cases { values total } persons { total } }
    timelyAcceptance { values overall } byTown: petitionsBy(breakdown: TOWN) { key received { total } } } }`;

  test("CSV by month: a row a month, 上期 and 合计, equal to the graph and summing to the report", async () => {
    const graph = (await t.as("leader").query(STATS)).data.statistics;
    const res = await get("/export/statistics.csv?from=2017-01-01&to=2017-12-31&by=MONTH");
    expect(res.status).toBe(200);
    const [header, ...rows] = csvRows(res.body);
    expect(header.slice(0, 6)).toEqual(["期间", "起", "止", "收到信访事项", "受理", "办结"]);
    expect(rows.map((r) => r[0])).toEqual([
      ...graph.periods.map((p: any) => p.label),
      "上期",
      "合计",
    ]);
    const col = (title: string) => header.indexOf(title);
    const months = rows.slice(0, 12);
    expect(months.map((r) => num(r[col("收到信访事项")]))).toEqual(graph.petitions.received.values);
    expect(months.map((r) => num(r[col("来访件次")]))).toEqual(graph.visits.cases.values);
    expect(months.map((r) => num(r[col("及时受理率")]))).toEqual(graph.timelyAcceptance.values);
    const total = rows[13];
    expect(num(total[col("来访件次")])).toBe(1451);
    expect(num(total[col("来访人次")])).toBe(8498);
    expect(num(total[col("集体访批次")])).toBe(310);
    expect(num(total[col("收到信访事项")])).toBe(graph.petitions.received.total);
  });

  test("a town filter and a breakdown: the town's figures, the breakdown's rows", async () => {
    const graph = (await t.as("leader").query(STATS)).data.statistics;
    const town = graph.byTown.find((r: any) => r.key && r.received.total > 0);
    const filtered = (await t.as("leader").query(STATS, { filter: { townId: town.key } })).data
      .statistics;
    const res = await get(
      `/export/statistics.csv?from=2017-01-01&to=2017-12-31&by=MONTH&townId=${town.key}`,
    );
    const [header, ...rows] = csvRows(res.body);
    expect(num(rows[13][header.indexOf("收到信访事项")])).toBe(filtered.petitions.received.total);
    expect(filtered.petitions.received.total).toBe(town.received.total);
    expect(filtered.petitions.received.total).toBeLessThan(graph.petitions.received.total);

    const byTown = await get("/export/statistics.csv?from=2017-01-01&to=2017-12-31&breakdown=TOWN");
    const [bh, ...brows] = csvRows(byTown.body);
    expect(bh.slice(0, 3)).toEqual(["镇", "键", "收到信访事项"]);
    expect(brows.find((r) => r[1] === town.key)?.[2]).toBe(String(town.received.total));
  });

  test("xlsx: the periods and every breakdown, one sheet each", async () => {
    const res = await get("/export/statistics.xlsx?from=2017-01-01&to=2017-03-31&by=WEEK");
    expect(res.status).toBe(200);
    const wb = await workbook(res.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "按期间",
      "按镇",
      "按类别",
      "按渠道",
      "按责任单位",
    ]);
    expect(wb.worksheets[0].getCell("A2").value).toMatch(/^2016-W52|^2017-W01/);
  });

  test.each([
    ["no from", "?to=2017-12-31", "from"],
    ["a bad day", "?from=2017-02-30&to=2017-12-31", "from"],
    ["a bad grain", "?from=2017-01-01&to=2017-12-31&by=YEAR", "by"],
    ["a bad category", "?from=2017-01-01&to=2017-12-31&category=CATS", "category"],
    ["a bad town", "?from=2017-01-01&to=2017-12-31&townId=x", "townId"],
  ])("400 on %s, naming the parameter", async (_name, query, parameter) => {
    const res = await get(`/export/statistics.csv${query}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString("utf8")).parameter).toBe(parameter);
  });

  test("several integrators at once get the same file", async () => {
    const files = await Promise.all(
      Array.from({ length: 4 }, () => get("/export/statistics.csv?from=2017-01-01&to=2017-06-30")),
    );
    expect(files.every((f) => f.status === 200)).toBe(true);
    expect(new Set(files.map((f) => f.body.toString("hex"))).size).toBe(1);
  });
});

describe("the dashboard's development sign-in", () => {
  test("mints a token for a role outside production; the token reads the report", async () => {
    const res = await request(`${origin}/dashboard/dev-token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "integrator" }),
    });
    expect(res.statusCode).toBe(200);
    const { token, role } = (await res.body.json()) as { token: string; role: string };
    expect(role).toBe("integrator");
    const csv = await get("/export/annual-report.csv?year=2017", token);
    expect(csv.status).toBe(200);
  });

  test("refuses an unknown role and a body that is not JSON", async () => {
    const bad = await request(`${origin}/dashboard/dev-token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "root" }),
    });
    expect(bad.statusCode).toBe(400);
    expect(((await bad.body.json()) as { parameter: string }).parameter).toBe("role");
    const form = await request(`${origin}/dashboard/dev-token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "role=admin",
    });
    await form.body.dump();
    expect(form.statusCode).toBe(415);
  });
});

describe("in production", () => {
  let p: TestSystem;
  beforeAll(async () => {
    p = await startTestSystem({
      demoData: false,
      env: { NODE_ENV: "production", AUTH_JWKS_URL: "http://127.0.0.1:9/jwks.json" },
    });
  });
  afterAll(async () => {
    await p?.stop();
  });

  test("the development sign-in does not exist, the dashboard offers no role", async () => {
    const at = new URL(p.gatewayUrl).origin;
    const res = await request(`${at}/dashboard/dev-token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "admin" }),
    });
    expect(res.statusCode).toBe(404);
    expect(await res.body.text()).not.toMatch(/token/i);
    const page = await request(`${at}/dashboard`);
    expect(page.statusCode).toBe(200);
    const html = await page.body.text();
    expect(html).toContain('"devRoles":null');
    expect(html).not.toContain("dev-token");
  });

  test("an export without a token is 401", async () => {
    const res = await request(`${new URL(p.gatewayUrl).origin}/export/annual-report.csv?year=2017`);
    await res.body.dump();
    expect(res.statusCode).toBe(401);
  });
});
