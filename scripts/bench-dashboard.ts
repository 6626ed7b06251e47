/**
 * npm run bench:dashboard [-- --days <n>] [--runs <n>]: the dashboard's speed in headless Chromium against npm
 * start's market (30 simulated days by default): for the market, series (the most traded live one) and protocol
 * pages, the seconds from navigation to the page fully rendered (every figure in place and its charts painted, two
 * animation frames after the data arrived) and to its first chart, the median over --runs fresh pages (default 5);
 * and the bytes of JavaScript shipped (raw and gzip). Writes reports/dashboard.json.
 */
import { cpus, loadavg } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { readCommandLine } from "./lib/argv.js";
import { buildDashboard } from "./lib/dashboard/build.js";
import { PROJECT_ROOT } from "./lib/paths.js";
import { withDashboardMarket } from "./lib/start/dashboardSession.js";

const TARGETS = { marketPageSeconds: 1.5, seriesPageSeconds: 1.5, jsGzipBytes: 250 * 1024 };
const USAGE = "usage: npm run bench:dashboard [-- --days <n>] [--runs <n>]";
const options = readCommandLine(process.argv.slice(2), { days: { type: "string", needs: "a whole number of days" }, runs: { type: "string", needs: "a number of runs" } }, USAGE);
const days = Number(options.days ?? 30);
const runs = Number(options.runs ?? 5);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number) => Math.round(x * 1000) / 1000;

const code = await withDashboardMarket("bench:dashboard", days, async ({ market: m, url, pages, browser }) => {
  const built = await buildDashboard();
  const counts = await m.gnd.query(
    `query($id: ID!, $sid: String!) { series(id: $id) { swapCount } candles(first: 1000, where: { series: $sid, interval: Hour }) { id } market(id: "1") { seriesCount } }`,
    { id: pages.series.split("/")[2], sid: pages.series.split("/")[2] }
  );
  const loadBefore = loadavg()[0];
  const measured: Record<string, { rendered: number[]; firstChart: number[] }> = {};
  for (const [name, hash] of [
    ["market", pages.market],
    ["series", pages.series],
    ["protocol", pages.protocol],
  ] as const) {
    measured[name] = { rendered: [], firstChart: [] };
    for (let i = 0; i <= runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${url}${hash}`);
      await page.waitForSelector("body[data-painted]", { timeout: 60_000 });
      const t = await page.evaluate(() => ({
        painted: (window as any).__paintedAt as number,
        firstChart: ((window as any).__firstChartAt ?? null) as number | null,
        state: document.body.dataset.state,
      }));
      await context.close();
      if (t.state !== "ready" || errors.length) throw new Error(`${name} page: state ${t.state}, errors ${errors.join("; ")}`);
      if (i === 0) continue; // the first load warms graph-node's and the server's caches
      measured[name].rendered.push(t.painted / 1000);
      if (t.firstChart !== null) measured[name].firstChart.push(t.firstChart / 1000);
    }
  }
  const report = {
    marketPageSeconds: round(median(measured.market.rendered)),
    seriesPageSeconds: round(median(measured.series.rendered)),
    protocolPageSeconds: round(median(measured.protocol.rendered)),
    firstChartSeconds: {
      series: round(median(measured.series.firstChart)),
      protocol: round(median(measured.protocol.firstChart)),
    },
    jsBytes: built.jsBytes,
    jsGzipBytes: built.jsGzipBytes,
    targets: TARGETS,
    withinTarget: median(measured.market.rendered) <= TARGETS.marketPageSeconds && median(measured.series.rendered) <= TARGETS.seriesPageSeconds && built.jsGzipBytes <= TARGETS.jsGzipBytes,
    runs,
    samples: Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, v.rendered.map(round)])),
    scenarioDays: days,
    pages: { ...pages, seriesCount: counts.market.seriesCount, seriesSwaps: counts.series.swapCount, seriesHourlyCandles: counts.candles.length },
    method:
      "headless Chromium (Debian's, via playwright-core), 1400x900, a fresh context per run (no cache), median of the runs after one warm-up; seconds from navigation start to two animation frames after the page's data was in place",
    machine: {
      cpus: cpus().length,
      loadAverage1m: { before: round(loadBefore), after: round(loadavg()[0]) },
      note: "2 cores shared with other work (the market's chain, Postgres and graph-node run beside the browser); figures vary with load",
    },
  };
  mkdirSync(path.join(PROJECT_ROOT, "reports"), { recursive: true });
  writeFileSync(path.join(PROJECT_ROOT, "reports", "dashboard.json"), JSON.stringify(report, null, 2) + "\n");
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
});
process.exit(code);
