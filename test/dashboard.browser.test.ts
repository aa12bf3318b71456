import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Workbook } from "exceljs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { signToken } from "../gateway/auth";
import { intranetOnly, launchChromium, problemsOf } from "./support/browser";
import { TEST_AUTH_SECRET } from "./support/databases";
import { startTestSystem, type TestSystem } from "./support/system";

/**
 * The leaders' dashboard in a real browser (Debian's Chromium, playwright-core), as on the
 * intranet: every request to another origin is refused and recorded. It signs in with a
 * development role and with a pasted token, shows the 2017 yearbook's figures, draws its charts
 * (their canvas has pixels), a click on a town filters the figures, and the export buttons
 * download a workbook and a CSV that are read back. Screenshots go to artifacts/dashboard/ (not
 * committed).
 */
const SHOTS = path.resolve(__dirname, "..", "artifacts", "dashboard");

let t: TestSystem;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let origin: string;
/** requests the page made to any other host (refused), and to the gateway */
let outside: string[];
let local: string[];
/** errors the page reported */
let problems: string[];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestSystem();
  origin = new URL(t.gatewayUrl).origin;
  browser = await launchChromium("the dashboard's browser test");
  context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
  });
  ({ local, outside } = await intranetOnly(context, origin));
  page = await context.newPage();
  problems = problemsOf(page);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.stop();
});

const shot = (name: string) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** the page has finished loading the figures for what is picked */
async function ready() {
  await page.waitForFunction(
    () => (globalThis as any).document.body.getAttribute("data-state") !== "loading",
  );
  expect(await page.getAttribute("body", "data-state")).toBe("ready");
}

const value = (figure: string) => page.locator(`[data-figure="${figure}"] .value`).innerText();
const sub = (figure: string) => page.locator(`[data-figure="${figure}"] .sub`).innerText();

/** pixels of a chart's canvas that are not background: 0 when nothing was drawn */
function inkOf(selector: string): Promise<number> {
  return page
    .locator(`${selector} canvas`)
    .first()
    .evaluate((canvas: any) => {
      const ctx = canvas.getContext("2d");
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let ink = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        if (a > 0 && (r < 240 || g < 240 || b < 240)) ink++;
      }
      return ink;
    });
}

describe("the dashboard in Chromium, with no way out of the intranet", () => {
  test("loads from the gateway alone and asks to sign in", async () => {
    const res = await page.goto(`${origin}/dashboard?year=2017`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()["content-security-policy"]).toContain("default-src 'none'");
    await page.locator("#token-input").waitFor();
    await page.locator("#dev-role").waitFor();
    await page.waitForLoadState("networkidle");
    await shot("1-sign-in");
    expect(outside).toEqual([]);
    expect(local.some((u) => /\/dashboard\/assets\/echarts\.min\.js\?v=/.test(u))).toBe(true);
    expect(problems).toEqual([]);
  });

  test("signs in with a development role and shows the 2017 yearbook's figures", async () => {
    await page.selectOption("#dev-role", "leader");
    await page.click("#dev-signin");
    await page.locator("#cards [data-figure]").first().waitFor();
    await ready();
    await expect(page.locator("#who").innerText()).resolves.toBe("角色：leader");
    await expect(value("visits.all")).resolves.toBe("1451");
    await expect(sub("visits.all")).resolves.toContain("8498 人次");
    await expect(sub("visits.all")).resolves.toContain("同比上升 12.7%");
    await expect(value("visits.firstTime")).resolves.toBe("354");
    await expect(sub("visits.firstTime")).resolves.toContain("1832 人次");
    await expect(value("visits.collective")).resolves.toBe("310");
    await expect(sub("visits.collective")).resolves.toContain("6361 人次");
    await expect(sub("visits.collective")).resolves.toContain("同比上升 11.1%");
    await expect(value("escalatedVisits.total")).resolves.toBe("210");
    await expect(sub("escalatedVisits.total")).resolves.toContain("进京 65 · 赴省 41 · 到市 104");
    await expect(value("onlineTransfers")).resolves.toBe("203");
    await expect(value("screening.found")).resolves.toBe("225");
    await expect(sub("screening.found")).resolves.toContain("化解 175 · 激化 0");
    await expect(value("website.messages")).resolves.toBe("2000");
    // the overdue list: serial numbers and days late, no person's name
    const overdue = page.locator("#overdue tr");
    expect(await overdue.count()).toBeGreaterThan(1);
    await expect(page.locator("#overdue td.days").first().innerText()).resolves.toMatch(/^\d+$/);
    await shot("2-signed-in-2017");
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("draws its charts: the canvas of the trends and of the towns is not blank", async () => {
    for (const chart of [
      "#trend-channel",
      "#trend-visits",
      "#trend-rates",
      "#town-chart",
      "#category-chart",
    ]) {
      await page.locator(`${chart} canvas`).first().waitFor();
      expect(await inkOf(chart)).toBeGreaterThan(500);
    }
  });

  test("a click on a town filters the figures, and clearing it brings them back", async () => {
    const before = await value("petitions.received");
    const town = page.locator("#town-table [data-town-id]").first();
    const name = await town.innerText();
    const count = Number(
      await page.locator("#town-table tr").first().locator("td.num").innerText(),
    );
    await town.click();
    await page.locator("#clear-town").waitFor();
    await ready();
    await expect(page.locator("#clear-town").innerText()).resolves.toContain(name);
    const after = await value("petitions.received");
    expect(after).not.toBe(before);
    expect(Number(after)).toBe(count);
    expect(Number(await value("visits.all"))).toBeLessThan(1451);
    await shot("3-town-filter");
    await page.click("#clear-town");
    await ready();
    await expect(value("petitions.received")).resolves.toBe(before);
    expect(problems).toEqual([]);
  });

  test("a month: its days in the trends, the change from the month before", async () => {
    await page.selectOption("#month", "3");
    await ready();
    await expect(
      page.locator('[data-figure="petitions.received"] .card-title').innerText(),
    ).resolves.toContain("2017年3月");
    await expect(sub("petitions.received")).resolves.toMatch(/环比(上升|下降|持平)/);
    expect(await inkOf("#trend-visits")).toBeGreaterThan(500);
    await shot("4-march");
    await page.selectOption("#month", "0");
    await ready();
    await expect(value("visits.all")).resolves.toBe("1451");
    expect(problems).toEqual([]);
  });

  test("exports: the annual report as a workbook, the statistics as CSV", async () => {
    const [xlsx] = await Promise.all([
      page.waitForEvent("download"),
      page.click("#export-annual-xlsx"),
    ]);
    expect(xlsx.suggestedFilename()).toBe("annual-report-2017.xlsx");
    const xlsxPath = path.join(SHOTS, "annual-report-2017.xlsx");
    await xlsx.saveAs(xlsxPath);
    const wb = new Workbook();
    await wb.xlsx.readFile(xlsxPath);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe("指标");
    const visits = (ws.getRow(2).values as unknown[]).slice(1, 5);
    expect(visits).toEqual(["来访", "visits.all", 1451, "件次"]);

    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.click("#export-stats-csv"),
    ]);
    expect(csv.suggestedFilename()).toBe("statistics-2017-01-01-2017-12-31-month.csv");
    const csvPath = path.join(SHOTS, "statistics-2017.csv");
    await csv.saveAs(csvPath);
    const text = readFileSync(csvPath, "utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split("\r\n")[0]).toMatch(/^期间,起,止,收到信访事项,受理,办结,/);
    await shot("5-exported");
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("signs out, and in again with a pasted token", async () => {
    await page.click("#signout");
    await page.locator("#token-input").waitFor();
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.length)).toBe(0);
    const token = await signToken(TEST_AUTH_SECRET, {
      role: "integrator",
      subject: "integrator-1",
    });
    await page.fill("#token-input", `Bearer ${token}`);
    await page.click("#token-signin");
    await page.locator("#cards [data-figure]").first().waitFor();
    await ready();
    await expect(page.locator("#who").innerText()).resolves.toBe("角色：integrator");
    await expect(value("visits.all")).resolves.toBe("1451");
    await shot("6-pasted-token");
    // a token that is not valid sends the visitor back to sign in, saying why
    await page.evaluate(() =>
      (globalThis as any).sessionStorage.setItem("petition-dashboard-token", "e30.e30.x"),
    );
    await page.reload();
    await page.locator("#signin-error").getByText("令牌无效").waitFor();
    expect(outside).toEqual([]);
    expect(
      local.every((u) =>
        /^\/(graphql|dashboard(\/dev-token)?|dashboard\/assets\/[\w.-]+|export\/[\w.-]+)$/.test(
          new URL(u).pathname,
        ),
      ),
    ).toBe(true);
  });
});
