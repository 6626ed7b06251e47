/**
 * The one indexed local market of the test run: npm start's own bring-up (LocalMarket: hardhat node, stack, the 30-day
 * scenario, the subgraph built and indexed by gnd dev over Postgres, to the chain head), for `cover risk`'s spec,
 * npm start's and the README walkthroughs'. It is started once, by a root before() hook as the run starts, without
 * waiting for it (it comes up while the specs before the first that needs it run); they await it. Its deployment
 * file, GraphQL URL included, is in a temporary folder that the CLI reads through COVER_DEPLOYMENTS_DIR (run it with
 * cliFixture's `cover`); pauseIndexing/resumeIndexing make graph-node trail the chain. A root after() hook tears it
 * all down (LocalMarket.shutdown) and removes the folder at the end of the run.
 *
 * startIndexedMarket brings up a market of its own instead (the dashboard's spec, which stops graph-node), with
 * stop() to tear it down.
 *
 * Unlike cliFixture's shared market, this one is never reverted to a snapshot: graph-node follows the chain, and a
 * chain that went back would be a reorganisation to it. The specs on it pass in any order: the walkthroughs send,
 * demo.spec.ts reads at the block npm start's table was read at, risk.spec.ts compares with the chain as it is.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { JsonRpcProvider } from "ethers";
import type { Stack } from "../../scripts/lib/deploy/stack.js";
import { readDeployment, type DeploymentFile } from "../../scripts/lib/deploy/deploymentFile.js";
import type { GndDev } from "../../scripts/lib/services/gnd.js";
import { type HardhatNode } from "../../scripts/lib/services/hardhatNode.js";
import { LocalMarket, type MarketUp } from "../../scripts/lib/start/localMarket.js";
import { parseStartArgs } from "../../scripts/start.js";

export interface IndexedMarket {
  node: HardhatNode;
  provider: JsonRpcProvider;
  stack: Stack;
  gnd: GndDev;
  deployment: DeploymentFile;
  /** The deployment file's folder (COVER_DEPLOYMENTS_DIR for `cover`). */
  dir: string;
  /** The dashboard npm start serves over the subgraph. */
  dashboardUrl: string;
  /**
   * Stops graph-node's indexing of the subgraph (its admin API's subgraph_pause; GraphQL keeps answering) and waits
   * until it has taken effect: graph-node has stopped the subgraph (it logs "Stopped subgraph"), so no block mined
   * from then on is indexed until resumeIndexing.
   */
  pauseIndexing(): Promise<void>;
  /** Resumes indexing and waits until the subgraph has reached the chain's head. */
  resumeIndexing(): Promise<void>;
  /** What LocalMarket.bringUp returned: the table npm start printed, its summary, the chain's time and head then. */
  up: MarketUp;
}

/** Calls graph-node's admin JSON-RPC. */
async function admin(gnd: GndDev, method: string, params: Record<string, unknown>): Promise<void> {
  const response = await fetch(gnd.adminUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body: any = await response.json();
  if (body.error) throw new Error(`graph-node ${method}: ${JSON.stringify(body.error)}`);
}

/** The simulated days of the indexed market: npm start's own 30. */
export const INDEXED_DAYS = 30;

let shared: { market: LocalMarket; dir: string; up: Promise<IndexedMarket> } | undefined;

if (typeof after === "function") {
  before(function () {
    sharedIndexedMarket().catch(() => {});
  });
  after(async function () {
    this.timeout(120_000);
    if (!shared) return;
    const { market, dir, up } = shared;
    shared = undefined;
    (await up.catch(() => undefined))?.provider.destroy();
    await market.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });
}

/** The indexed market (see the file's comment), brought up on the first call. */
export function sharedIndexedMarket(): Promise<IndexedMarket> {
  if (!shared) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cover-indexed-"));
    const market = new LocalMarket(parseStartArgs(["--days", String(INDEXED_DAYS)]), { deploymentsDir: dir });
    shared = { market, dir, up: bringUp(market, dir) };
  }
  return shared.up;
}

async function bringUp(market: LocalMarket, dir: string): Promise<IndexedMarket> {
  const m = await market.bringUp();
  const deployment = readDeployment("localhost", dir);
  const deploymentId = async () => (await m.gnd.query("{ _meta { deployment } }"))._meta.deployment as string;
  return {
    node: m.node,
    provider: m.provider,
    stack: m.stack,
    gnd: m.gnd,
    deployment,
    dir,
    dashboardUrl: m.summary.dashboardUrl!,
    up: m,
    pauseIndexing: async () => {
      // Waits for graph-node's own word that the subgraph stopped (a new "Stopped subgraph" line), not for a block
      // that stays unindexed for a few seconds: on a busy machine graph-node can take longer than that to index one.
      const stopped = () => m.gnd.process.output(400).split("\n").filter((line) => line.includes("Stopped subgraph"));
      const before = new Set(stopped());
      await admin(m.gnd, "subgraph_pause", { deployment: await deploymentId() });
      for (const end = Date.now() + 120_000; !stopped().some((line) => !before.has(line)); await new Promise((r) => setTimeout(r, 100))) {
        if (Date.now() > end) throw new Error(`graph-node did not stop the subgraph within 120 s of subgraph_pause:\n${m.gnd.process.output(20)}`);
      }
    },
    resumeIndexing: async () => {
      await admin(m.gnd, "subgraph_resume", { deployment: await deploymentId() });
      await m.gnd.waitForBlock(await m.provider.getBlockNumber(), 180_000);
    },
  };
}

/** A market of its own over `days` simulated days (keep it short: it runs in npm test), with stop() to tear it down. */
export async function startIndexedMarket({ days = 2 } = {}): Promise<IndexedMarket & { stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cover-indexed-own-"));
  const market = new LocalMarket(parseStartArgs(["--days", String(days)]), { deploymentsDir: dir });
  const stop = async () => {
    await market.shutdown();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const m = await bringUp(market, dir);
    return { ...m, stop: async () => { m.provider.destroy(); await stop(); } };
  } catch (error) {
    await stop();
    throw error;
  }
}
