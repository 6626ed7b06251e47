/**
 * npm run bench:startup: seconds from starting `npm start` (scripts/start.ts, contracts already built) to the first
 * GraphQL answer that reflects the whole scenario (the implied-risk table read from the subgraph at the chain
 * head), split by start-up step, and the peak memory of the whole process tree (Pss). Then stops it with SIGINT.
 * Writes reports/startup.json. COVER_DAYS=n shortens the scenario (default 30).
 */
import { spawn } from "node:child_process";
import { cpus } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { peakMemorySampler } from "./bench/memory.js";
import { PROJECT_ROOT } from "./lib/paths.js";

const TARGET_SECONDS = 90;
const days = Number(process.env.COVER_DAYS ?? 30);
const tsx = path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const startedAt = Date.now();
const child = spawn(process.execPath, [tsx, path.join(PROJECT_ROOT, "scripts", "start.ts"), "--days", String(days)], {
  cwd: PROJECT_ROOT,
  env: { ...process.env, COVER_START_REPORT: "1" },
  stdio: ["ignore", "pipe", "pipe"],
});
const sampler = peakMemorySampler({ total: () => child.pid });
const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? "?")));
let stderr = "";
const report = await new Promise<any>((resolve, reject) => {
  child.stderr!.on("data", (chunk) => {
    const text = chunk.toString();
    process.stderr.write(text);
    stderr += text;
    const match = /COVER_START_REPORT (\{.*\})/.exec(stderr);
    if (match) resolve(JSON.parse(match[1]));
  });
  exited.then((status) => reject(new Error(`npm start exited (${status}) before its table:\n${stderr.slice(-2000)}`)));
});
const seconds = (Date.now() - startedAt) / 1000;
const peaks = sampler.stop();
child.kill("SIGINT");
await exited;

const round = (x: number) => Math.round(x * 10) / 10;
const result = {
  secondsToQueriedTable: round(seconds),
  targetSeconds: TARGET_SECONDS,
  withinTarget: seconds <= TARGET_SECONDS,
  scenarioDays: days,
  steps: Object.fromEntries(Object.entries(report.stepSeconds as Record<string, number>).map(([k, v]) => [k, round(v)])),
  processStartupSeconds: round(seconds - report.totalSeconds),
  peakMemoryMB: { wholeTree: Math.round(peaks.total / 2 ** 20) },
  machine: { cpus: cpus().length, note: "contracts already built; 2 cores shared with other work, figures vary with load" },
};
mkdirSync(path.join(PROJECT_ROOT, "reports"), { recursive: true });
writeFileSync(path.join(PROJECT_ROOT, "reports", "startup.json"), JSON.stringify(result, null, 2) + "\n");
console.log(`\nbench:startup: ${result.secondsToQueriedTable} s to a queried table (target <= ${TARGET_SECONDS} s), peak memory ${result.peakMemoryMB.wholeTree} MB`);
for (const [step, s] of Object.entries(result.steps)) console.log(`  ${String(s).padStart(6)} s  ${step}`);
console.log("  written to reports/startup.json");
process.exit(0);
