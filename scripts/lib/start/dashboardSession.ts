/**
 * One run of the dashboard against npm start's market, for the scripts that look at it (the screenshots and the
 * benchmark): brings the market up in a temporary deployments directory (its dashboard included), picks the sample
 * pages, opens headless Chromium, runs `work`, then closes the browser, stops everything and removes the directory
 * whatever happened. Returns the process exit code: 0, or 1 with the failure on stderr under the script's name.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { LocalMarket } from "./localMarket.js";
import { launchChromium } from "../dashboard/browser.js";
import { samplePages, type SamplePages } from "../dashboard/samplePages.js";

type Running = Awaited<ReturnType<LocalMarket["bringUp"]>>;

export interface DashboardSession {
  market: Running;
  /** The dashboard's address (the local market always serves one in demo mode). */
  url: string;
  pages: SamplePages;
  browser: Browser;
}

export async function withDashboardMarket(script: string, days: number, work: (session: DashboardSession) => Promise<void>): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `cover-${script.replace(/[^a-z]+/gi, "-")}-`));
  const local = new LocalMarket({ demo: true, json: false, days }, { deploymentsDir: dir });
  try {
    const market = await local.bringUp();
    if (!market.dashboard) throw new Error("the local market came up without its dashboard");
    const pages = await samplePages(market.gnd.query);
    const browser = await launchChromium();
    try {
      await work({ market, url: market.dashboard.url, pages, browser });
    } finally {
      await browser.close();
    }
    return 0;
  } catch (error) {
    process.stderr.write(`${script} failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await local.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}
