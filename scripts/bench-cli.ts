/**
 * npm run bench:cli [-- --days <n>] [--runs <n>] [--baseline <bin>]: the `cover` CLI's speed against npm start's
 * market (30 simulated days by default, indexed: `risk` reads the subgraph). Runs the installed bin (package.json's
 * `bin`, with this Node, as a shell would: no npx, no npm) --runs times (default 7) for `--help`, `series`,
 * `positions`, `quote buy <the first live series> 100` and `risk`, and `node -e 0` as the floor, in rounds (one of
 * each per round, after a warm-up round) so that each sees the same load; prints the medians and writes
 * reports/cli.json: { help: { median }, reads: { <command>: { median } }, floor: { median } } in seconds, with min, max
 * and the samples. --baseline <bin> times another bin (e.g. main's) in the same rounds, reported beside.
 */
import { spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readCommandLine } from "./lib/argv.js";
import { PROJECT_ROOT } from "./lib/paths.js";
import { LocalMarket } from "./lib/start/localMarket.js";

const TARGETS = { helpSeconds: 0.3, readSeconds: 1.0 };
const USAGE = "usage: npm run bench:cli [-- --days <n>] [--runs <n>] [--baseline <bin>]";
const options = readCommandLine(
  process.argv.slice(2),
  { days: { type: "string", needs: "a whole number of days" }, runs: { type: "string", needs: "a number of runs" }, baseline: { type: "string", needs: "the path of a cover bin" } },
  USAGE,
);
const days = Number(options.days ?? 30);
const runs = Number(options.runs ?? 7);
if (!Number.isSafeInteger(runs) || runs < 5) throw new Error(`--runs must be a whole number, at least 5\n${USAGE}`);

const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8"));
const bin = path.join(PROJECT_ROOT, pkg.bin.cover);
const bins: Record<string, string> = { cover: bin, ...(options.baseline ? { baseline: path.resolve(options.baseline) } : {}) };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x: number) => Math.round(x * 1000) / 1000;
const stats = (xs: number[]) => ({ median: round(median(xs)), min: round(Math.min(...xs)), max: round(Math.max(...xs)), runs: xs.length, samples: xs.map(round) });

/** Runs `argv` (node's own arguments) to its end; seconds from spawn to exit, and its output. */
function timed(argv: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, argv, { cwd: os.tmpdir(), env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ seconds: (performance.now() - started) / 1000, code: code ?? -1, stdout, stderr }));
  });
}

const dir = mkdtempSync(path.join(os.tmpdir(), "cover-bench-cli-"));
const market = new LocalMarket({ demo: false, json: false, days }, { deploymentsDir: dir, dashboard: false });
let code = 0;
try {
  await market.bringUp();
  const env = { ...process.env, COVER_DEPLOYMENTS_DIR: dir, COVER_PRIVATE_KEY: undefined, COVER_RPC: undefined, COVER_NETWORK: undefined, COVER_SUBGRAPH: undefined };
  const live = await timed([bin, "--json", "series", "--status", "live"], env);
  if (live.code !== 0) throw new Error(`cover series --status live exited ${live.code}: ${live.stderr}`);
  const handle: string = JSON.parse(live.stdout)[0].handle;
  const commands: Record<string, string[]> = {
    help: ["--help"],
    series: ["series"],
    positions: ["positions"],
    [`quote buy ${handle} 100`]: ["quote", "buy", handle, "100"],
    risk: ["risk"],
  };
  const samples: Record<string, Record<string, number[]>> = Object.fromEntries(Object.keys(bins).map((b) => [b, Object.fromEntries(Object.keys(commands).map((c) => [c, []]))]));
  const floor: number[] = [];
  const loadBefore = loadavg()[0];
  for (let round = 0; round <= runs; round++) {
    const f = await timed(["-e", "0"], env);
    if (round > 0) floor.push(f.seconds);
    for (const [name, file] of Object.entries(bins)) {
      for (const [command, args] of Object.entries(commands)) {
        const r = await timed([file, ...args], env);
        if (r.code !== 0) throw new Error(`${name}: cover ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
        if (round > 0) samples[name][command].push(r.seconds); // round 0 warms the disk cache and the node
      }
    }
  }
  const reportOf = (name: string) => {
    const { help, ...reads } = samples[name];
    return { help: stats(help), reads: Object.fromEntries(Object.entries(reads).map(([c, xs]) => [c, stats(xs)])) };
  };
  const ours = reportOf("cover");
  const report = {
    ...ours,
    floor: stats(floor),
    targets: TARGETS,
    withinTarget: ours.help.median <= TARGETS.helpSeconds && Object.values(ours.reads).every((r) => r.median <= TARGETS.readSeconds),
    ...(bins.baseline ? { baseline: { bin: bins.baseline, ...reportOf("baseline") } } : {}),
    bin: path.relative(PROJECT_ROOT, bin),
    scenarioDays: days,
    method: `${process.execPath} <bin> <args> from spawn to exit (stdout and stderr read, exit 0 checked), ${runs} rounds after a warm-up round, one run of each command per round; medians in seconds`,
    machine: { cpus: cpus().length, node: process.version, loadAverage1m: { before: round(loadBefore), after: round(loadavg()[0]) }, note: "2 cores shared with other work (the market's chain, Postgres and graph-node run beside); figures vary with load" },
  };
  mkdirSync(path.join(PROJECT_ROOT, "reports"), { recursive: true });
  writeFileSync(path.join(PROJECT_ROOT, "reports", "cli.json"), JSON.stringify(report, null, 2) + "\n");

  const rows: [string, number, number | undefined, number][] = [
    ["cover --help", ours.help.median, bins.baseline ? samples.baseline && median(samples.baseline.help) : undefined, TARGETS.helpSeconds],
    ...Object.keys(ours.reads).map((c): [string, number, number | undefined, number] => [`cover ${c}`, ours.reads[c].median, bins.baseline ? median(samples.baseline[c]) : undefined, TARGETS.readSeconds]),
  ];
  const width = Math.max(...rows.map((r) => r[0].length), "node -e 0 (floor)".length);
  console.log(`\nbench:cli: ${runs} runs each, median seconds (${days}-day market, load ${round(loadBefore)} -> ${round(loadavg()[0])})`);
  console.log(`  ${"command".padEnd(width)}  ${"median".padStart(7)}${bins.baseline ? `  ${"baseline".padStart(8)}` : ""}  target`);
  for (const [name, s, base, target] of rows) {
    console.log(`  ${name.padEnd(width)}  ${s.toFixed(3).padStart(7)}${base !== undefined ? `  ${base.toFixed(3).padStart(8)}` : ""}  <= ${target}${s <= target ? "" : "  MISSED"}`);
  }
  console.log(`  ${"node -e 0 (floor)".padEnd(width)}  ${report.floor.median.toFixed(3).padStart(7)}`);
  console.log("  written to reports/cli.json");
  if (bins.baseline) console.log(`  baseline: ${bins.baseline}`);
} catch (error) {
  console.error(`bench:cli: ${(error as Error).stack ?? error}`);
  code = 1;
} finally {
  await market.shutdown();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
