/**
 * npm run dashboard:screenshots [-- --days <n>]: brings up npm start's market (30 simulated days by default, its
 * dashboard included), opens each page in headless Chromium (lib/dashboard/browser.ts) and writes
 * docs/dashboard-{market,series,settled-series,protocol}.png, the README's pictures; then stops everything.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { readCommandLine } from "./lib/argv.js";
import { PROJECT_ROOT } from "./lib/paths.js";
import { withDashboardMarket } from "./lib/start/dashboardSession.js";

const USAGE = "usage: npm run dashboard:screenshots [-- --days <n>]";
const options = readCommandLine(process.argv.slice(2), { days: { type: "string", needs: "a whole number of days" } }, USAGE);
const days = Number(options.days ?? 30);
const out = path.join(PROJECT_ROOT, "docs");
const code = await withDashboardMarket("dashboard:screenshots", days, async ({ url, pages, browser }) => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  mkdirSync(out, { recursive: true });
  const shots: [string, string][] = [
    ["market", pages.market],
    ["series", pages.series],
    ["settled-series", pages.settledSeries],
    ["protocol", pages.protocol],
  ];
  for (const [name, hash] of shots) {
    await page.goto(`${url}?page=${name}${hash}`);
    await page.waitForSelector("body[data-painted]", { timeout: 60_000 });
    const file = path.join(out, `dashboard-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    process.stderr.write(`wrote ${path.relative(PROJECT_ROOT, file)} (${hash})\n`);
  }
  if (errors.length) throw new Error(`console errors on the pages:\n${errors.join("\n")}`);
});
process.exit(code);
