/**
 * A local market for the CLI's tests: hardhat node, the stack, a short scenario, and deployments/localhost.json
 * written to a temp folder (with the node's RPC URL) that the CLI reads through COVER_DEPLOYMENTS_DIR; and `cover`,
 * which runs the real bin in a child process and returns its exit code and output.
 *
 * sharedCliMarket() is the one market every CLI spec without an index uses: brought up once, by the first spec that
 * asks, and handed to each spec as the scenario left it (evm_revert to a snapshot taken after the scenario, with the
 * clock put back too), so what one spec sends, mints or fast-forwards is gone for the next. It is stopped once, by a
 * root after() hook, at the end of the run.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { JsonRpcProvider } from "ethers";
import { deployStack, type Stack } from "../../scripts/lib/deploy/stack.js";
import { deploymentOf, writeDeployment, type DeployedSeries, type DeploymentFile } from "../../scripts/lib/deploy/deploymentFile.js";
import { seriesHandle } from "../../scripts/lib/market/series.js";
import { startHardhatNode, type HardhatNode } from "../../scripts/lib/services/hardhatNode.js";
import { localProvider } from "../../scripts/lib/chain/provider.js";
import { runScenario, type ScenarioResult } from "../../scripts/lib/scenario/run.js";
import { PROJECT_ROOT } from "../../scripts/lib/paths.js";
import { DEMO_PROTOCOLS } from "../../scripts/lib/scenario/demoProtocols.js";
import { COVER_BIN } from "./bin.js";

export interface CliMarket {
  node: HardhatNode;
  provider: JsonRpcProvider;
  stack: Stack;
  scenario: ScenarioResult;
  deployment: DeploymentFile;
  dir: string;
  stop(): Promise<void>;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Brings up the market; `curated` names the protocols kept on the curated list (default: all demo protocols). */
export async function startCliMarket({ days = 1, curated = DEMO_PROTOCOLS.map((p) => p.name) } = {}): Promise<CliMarket> {
  const node = await startHardhatNode();
  const dir = mkdtempSync(path.join(os.tmpdir(), "cover-cli-"));
  const stop = async () => {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const provider = localProvider(node.url);
    const stack = await deployStack(await provider.getSigner(0), { local: true, guardian: await (await provider.getSigner(1)).getAddress() });
    const scenario = await runScenario(provider, stack, { days });
    const deployment = deploymentOf("localhost", stack);
    deployment.protocols = scenario.protocols;
    deployment.series = scenario.series;
    deployment.demo = curated;
    deployment.rpcUrl = node.url;
    writeDeployment(deployment, dir);
    return { node, provider, stack, scenario, deployment, dir, stop: async () => { provider.destroy(); await stop(); } };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Simulated days of the shared market's scenario: three, so that the bridge's claim is accepted (day 3) and the USD
 * peg's de-peg proven (day 3) by the scenario itself, which claims.spec.ts reads; the other specs need one day.
 */
export const SHARED_DAYS = 3;

let shared: Promise<CliMarket> | undefined;
/** The snapshot of the shared market as the scenario left it (re-taken after each revert, which consumes it). */
let baseSnapshot: string | undefined;
/** The shared market's deployment folders, one per curated list. */
const sharedDirs = new Map<string, string>();

// Stops the shared market once, after every spec has run (a root-level hook: this module is first evaluated while
// mocha loads the spec files, outside any describe).
if (typeof after === "function") {
  after(async function () {
    this.timeout(60_000);
    const m = await shared?.catch(() => undefined);
    shared = undefined;
    for (const dir of sharedDirs.values()) rmSync(dir, { recursive: true, force: true });
    sharedDirs.clear();
    await m?.stop();
  });
}

/**
 * The shared market (see the file's comment) as the scenario left it, with a deployment folder whose curated list is
 * `curated` (default: all demo protocols). Its stop() does nothing: the root hook stops it.
 */
export async function sharedCliMarket({ curated = DEMO_PROTOCOLS.map((p) => p.name) } = {}): Promise<CliMarket> {
  shared ??= startCliMarket({ days: SHARED_DAYS });
  const m = await shared;
  if (baseSnapshot !== undefined) {
    if ((await m.provider.send("evm_revert", [baseSnapshot])) !== true) throw new Error(`evm_revert to the shared market's snapshot ${baseSnapshot} failed`);
  }
  baseSnapshot = await m.provider.send("evm_snapshot", []);
  // An empty block one second after the snapshot's last, and time running on from there, as if the spec ran the moment
  // the scenario ended: EDR would otherwise stamp the first block after a revert with the wall clock moved on (by
  // twice the time since the snapshot). Mined here rather than left pending, so that a spec's own evm_increaseTime
  // before its first block is not overridden.
  const latest = (await m.provider.getBlock("latest"))!.timestamp;
  await m.provider.send("evm_setNextBlockTimestamp", [latest + 1]);
  await m.provider.send("evm_mine", []);

  const key = JSON.stringify(curated);
  let dir = sharedDirs.get(key);
  const deployment: DeploymentFile = { ...m.deployment, demo: curated };
  if (!dir) {
    dir = mkdtempSync(path.join(os.tmpdir(), "cover-cli-shared-"));
    writeDeployment(deployment, dir);
    sharedDirs.set(key, dir);
  }
  return { ...m, deployment, dir, stop: async () => {} };
}

/** Runs `cover <args>` (the package's bin, from its build: bin.ts) against the market's deployment folder (any market with one). */
export function cover(m: Pick<CliMarket, "dir">, args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [COVER_BIN, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, COVER_DEPLOYMENTS_DIR: m.dir, COVER_PRIVATE_KEY: undefined, COVER_RPC: undefined, COVER_NETWORK: undefined, COVER_SUBGRAPH: undefined, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs `cover <args> --json` and parses its output; fails with the stderr if it exits non-zero. */
export async function coverJson(m: Pick<CliMarket, "dir">, args: string[], env: Record<string, string | undefined> = {}): Promise<any> {
  const r = await cover(m, ["--json", ...args], env);
  if (r.code !== 0) throw new Error(`cover ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The series of protocol `ticker` in collateral `symbol` still live at chain time `now`, nearest expiry first, with their handles. */
export function liveSeries(m: Pick<CliMarket, "deployment">, ticker: string, symbol: string, now: bigint): (DeployedSeries & { handle: string })[] {
  const protocol = m.deployment.protocols.find((p) => p.ticker === ticker);
  if (!protocol) throw new Error(`no protocol ${ticker} in the test market`);
  const collateral = m.deployment.addresses.collaterals[symbol];
  return m.deployment.series
    .filter((s) => s.protocolId === protocol.id && s.collateral === collateral && BigInt(s.expiry) > now)
    .sort((a, b) => a.expiry - b.expiry)
    .map((s) => ({ ...s, handle: seriesHandle(ticker, s.expiry, symbol) }));
}
