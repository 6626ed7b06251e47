/**
 * Builds the dashboard (dashboard/: TypeScript, bundled by esbuild into one minified ES module) into a folder with
 * index.html and style.css beside it: dashboard/dist by default. Nothing is fetched: the bundle holds
 * lightweight-charts and the shared maths (lib/market/risk.ts, listing.ts, handle.ts).
 */
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { PROJECT_ROOT } from "../paths.js";

export const DASHBOARD_DIR = path.join(PROJECT_ROOT, "dashboard");
export const DASHBOARD_DIST = path.join(DASHBOARD_DIR, "dist");

export interface DashboardBuild {
  dir: string;
  /** The bundle's size, raw and gzip-compressed (what a server sends with compression on). */
  jsBytes: number;
  jsGzipBytes: number;
  seconds: number;
}

export async function buildDashboard(outDir = DASHBOARD_DIST): Promise<DashboardBuild> {
  const started = performance.now();
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(DASHBOARD_DIR, "src", "main.ts")],
    outfile: path.join(outDir, "app.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  for (const file of ["index.html", "style.css"]) copyFileSync(path.join(DASHBOARD_DIR, file), path.join(outDir, file));
  const js = readFileSync(path.join(outDir, "app.js"));
  return { dir: outDir, jsBytes: js.length, jsGzipBytes: gzipSync(js, { level: 9 }).length, seconds: (performance.now() - started) / 1000 };
}
