/**
 * npm run bench:startup: seconds from starting `npm start` (scripts/start.ts, contracts already built) to the first
 * GraphQL answer that reflects the whole scenario (the implied-risk table read from the subgraph at the chain
 * head), split by start-up step, with the CPU seconds of each part (chain, scenario driver, graph-node, Postgres), how
 * far graph-node had indexed when the scenario ended, the load average, and the peak memory of the whole process
 * tree (Pss). Then stops it with SIGINT.
 * Writes reports/startup.json. COVER_DAYS=n shortens the scenario (default 30).
 */
import { spawn } from "node:child_process";
import { cpus } from "node:os";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { peakMemorySampler, processTree } from "./bench/memory.js";
import { PROJECT_ROOT } from "./lib/paths.js";

const TARGET_SECONDS = 45;
// The machine is shared: the load average (1, 5, 15 min) before and after the run goes in the report.
const loadBefore = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
const days = Number(process.env.COVER_DAYS ?? 30);
const startedAt = Date.now();
// As package.json runs it: node with tsx as a loader, one process (under tsx's CLI a relaying parent SIGKILLs a busy start.ts 30 ms after a signal, skipping its cleanup).
const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "scripts", "start.ts"), "--days", String(days)], {
  cwd: PROJECT_ROOT,
  env: { ...process.env, COVER_START_REPORT: "1" },
  stdio: ["ignore", "pipe", "pipe"],
});
const sampler = peakMemorySampler({ total: () => child.pid });

// CPU seconds by part (less at the mercy of the machine's load than wall-clock seconds): each process of the tree's
// utime + stime, the largest seen per pid, sampled every 250 ms until the table.
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const cpuByPid = new Map<number, { part: string; ticks: number }>();
const partOf = (pid: number): string => {
  let command = "";
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "other";
  }
  if (/hardhat.* node --hostname/.test(command)) return "hardhat node";
  if (/\bgnd dev\b/.test(command)) return "graph-node";
  if (/postgres/.test(command)) return "postgres";
  if (/scripts\/start\.ts/.test(command)) return "npm start (scenario driver)";
  return "other";
};
const sampleCpu = () => {
  for (const pid of processTree(child.pid!)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = Number(fields[11]) + Number(fields[12]);
      const known = cpuByPid.get(pid) ?? { part: partOf(pid), ticks: 0 };
      known.ticks = Math.max(known.ticks, ticks);
      cpuByPid.set(pid, known);
    } catch {
      // gone meanwhile
    }
  }
};
const cpuTimer = setInterval(sampleCpu, 250);
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
clearInterval(cpuTimer);
sampleCpu();
const cpuSeconds: Record<string, number> = {};
for (const { part, ticks } of cpuByPid.values()) cpuSeconds[part] = (cpuSeconds[part] ?? 0) + ticks / TICKS_PER_SECOND;
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
  scenario: report.scenario ?? null,
  // graph-node follows the chain while the scenario runs: when it started, and how far it was when the scenario ended.
  indexing: report.indexing ? { ...report.indexing, graphNodeStartedAt: report.indexing.graphNodeStartedAt === null ? null : round(report.indexing.graphNodeStartedAt) } : null,
  loadAverage: { before: loadBefore, after: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number) },
  cpuSeconds: Object.fromEntries(Object.entries(cpuSeconds).sort().map(([k, v]) => [k, round(v)])),
  peakMemoryMB: { wholeTree: Math.round(peaks.total / 2 ** 20) },
  machine: { cpus: cpus().length, note: "contracts already built; 2 cores shared with other work, figures vary with load" },
};
mkdirSync(path.join(PROJECT_ROOT, "reports"), { recursive: true });
writeFileSync(path.join(PROJECT_ROOT, "reports", "startup.json"), JSON.stringify(result, null, 2) + "\n");
console.log(`\nbench:startup: ${result.secondsToQueriedTable} s to a queried table (target <= ${TARGET_SECONDS} s), peak memory ${result.peakMemoryMB.wholeTree} MB, load ${loadBefore.join(" ")} before`);
for (const [step, s] of Object.entries(result.steps)) console.log(`  ${String(s).padStart(6)} s  ${step}`);
console.log(`  CPU seconds: ${Object.entries(result.cpuSeconds).map(([k, v]) => `${k} ${v}`).join(", ")}`);
if (result.indexing) console.log(`  graph-node started at ${result.indexing.graphNodeStartedAt} s; had indexed block ${result.indexing.indexedWhenScenarioEnded} of ${result.indexing.head} when the scenario ended`);
console.log("  written to reports/startup.json");
process.exit(0);
