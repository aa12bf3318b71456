import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/**
 * Debian's Chromium driven by playwright-core, as the browser tests use it (a browser download
 * is not possible here: CHROMIUM_PATH or /usr/bin/chromium). `what` names the test in the
 * error a machine without Chromium gets.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export function launchChromium(
  what: string,
  extraArgs: string[] = ["--disable-quic"],
): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: ${what} needs Debian's Chromium ` +
        "(apt-get install chromium; .ci/run installs it), or CHROMIUM_PATH",
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...extraArgs,
    ],
  });
}

/**
 * The intranet in a browser context: every request to an origin other than `origin` is refused
 * and recorded in `outside`; the gateway's own go through and are recorded in `local` (blob: and
 * data: URLs, which never leave the page, pass).
 */
export async function intranetOnly(
  context: BrowserContext,
  origin: string,
): Promise<{ local: string[]; outside: string[] }> {
  const local: string[] = [];
  const outside: string[] = [];
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith("blob:") || url.startsWith("data:")) return route.continue();
    if (new URL(url).origin === origin) {
      local.push(url);
      await route.continue();
    } else {
      outside.push(url);
      await route.abort("blockedbyclient");
    }
  });
  return { local, outside };
}

/** the errors a page reports (a script's, a refused request's, the content security policy's) */
export function problemsOf(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  return problems;
}
