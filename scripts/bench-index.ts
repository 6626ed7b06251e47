/**
 * npm run bench:index: how fast graph-node indexes this subgraph. On a local chain (hardhat node, one transaction a
 * block): 12 series (6 expiries x 2 collaterals), a CLAIM and a NOCLAIM pool each, liquidity, then BENCH_SWAPS
 * (default 5,000) swaps both ways across all pools. Then `gnd dev` (over Postgres, both as nobody when root)
 * catches up from the market's deployment to the head, and the run reports events indexed per second, the peak
 * memory of graph-node and Postgres, and where the time went by graph-node's own metrics (per handler, per host
 * function, per section of its stopwatch). In the same run and on the same chain, a fresh graph-node and Postgres
 * then index the floor (scripts/bench/floorSubgraph.ts: one small entity stored per Swap, nothing else), i.e. what
 * graph-node itself costs per swap on this machine; the report gives both and their ratio (`ratioToFloor`), the
 * figure that travels between machines. Prints a summary and writes reports/indexing.json.
 * BENCH_SWAPS=n changes the number of swaps; BENCH_GRAPH_LOG=debug runs graph-node at gnd dev's own log level;
 * BENCH_GRAPH_ENV="NAME=value ..." adds graph-node settings to both runs (for trying one, see README).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseUnits } from "ethers";
import { nthExpiryAfter } from "./lib/market/calendar.js";
import type { GndDev } from "./lib/services/gnd.js";
import { histogramBy, metricNames, readMetrics, total, type Sample } from "./bench/graphNodeMetrics.js";
import { startHardhatNode, type HardhatNode } from "./lib/services/hardhatNode.js";
import { addLiquidity, createPool, createSeries, deployDirectMarket, fund, type DirectMarket, type DirectPool, type DirectSeries } from "./lib/scenario/uniswapDirect.js";
import { now } from "./lib/chain/clock.js";
import { send } from "./lib/chain/send.js";
import { peakMemorySampler } from "./bench/memory.js";
import { LocalIndexer } from "./lib/services/localIndexer.js";
import { buildFloorSubgraph } from "./bench/floorSubgraph.js";
import { GRAPH_NODE_SETTINGS } from "./lib/services/gnd.js";
import type { SubgraphConfig } from "./lib/subgraph/manifest.js";
import { stopAll } from "./lib/services/processes.js";
import { PROJECT_ROOT } from "./lib/paths.js";
import { localProvider } from "./lib/chain/provider.js";

const SWAPS = Number(process.env.BENCH_SWAPS ?? 5000);
const EXPIRIES = 6;
const TARGET = 30; // events per second
const TARGET_RATIO = 3; // ms a swap, as a multiple of the floor's
const ANCHOR = { eventsPerSecond: 13.6, msPerSwap: 70 }; // Uniswap's v3 subgraph under the same gnd dev, 5,000 swaps
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const log = (message: string) => console.log(`[${elapsed()}] ${message}`);

/** The market, its series and pools, and SWAPS swaps, one per block. */
async function buildChain(m: DirectMarket) {
  const [, , , lp, trader] = m.accounts;
  const series: DirectSeries[] = [];
  const start = await now(m.provider);
  for (let k = 1; k <= EXPIRIES; k++) {
    for (const collateral of [m.usdc, m.dai]) series.push(await createSeries(m, collateral, nthExpiryAfter(start, k)));
  }
  for (const user of [lp, trader]) await fund(m, user, series, parseUnits("100000000", 18));
  const unit = (s: DirectSeries) => 10n ** BigInt(s.decimals);
  const pools: DirectPool[] = [];
  for (const [i, s] of series.entries()) {
    await send(m.market.connect(lp).mint(s.id, 200_000n * unit(s), await lp.getAddress(), await lp.getAddress()));
    await send(m.market.connect(trader).mint(s.id, 50_000n * unit(s), await trader.getAddress(), await trader.getAddress()));
    const risk = BigInt(2 + i); // 2%..13%
    const claimPool = await createPool(m, s, "Claim", 3000, [risk, 100n], { signer: lp });
    const noclaimPool = await createPool(m, s, "Noclaim", 3000, [100n - risk, 100n], { signer: lp });
    await addLiquidity(m, claimPool, lp, 100_000n * unit(s), (100_000n * unit(s) * risk) / 100n);
    await addLiquidity(m, noclaimPool, lp, 100_000n * unit(s), (100_000n * unit(s) * (100n - risk)) / 100n);
    pools.push(claimPool, noclaimPool);
  }
  log(`${series.length} series, ${pools.length} pools with liquidity; sending ${SWAPS} swaps`);

  // Raw eth_sendTransaction from the node's unlocked account: one request, one block, per swap.
  const router = m.uniswap.swapRouter;
  const routerAddress = await router.getAddress();
  const from = await trader.getAddress();
  for (let i = 0; i < SWAPS; i++) {
    const pool = pools[i % pools.length];
    const buy = Math.floor(i / pools.length) % 2 === 0;
    const amount = 10n * unit(pool.series);
    const [tokenIn, tokenOut] = buy ? [pool.series.collateralAddress, pool.cover] : [pool.cover, pool.series.collateralAddress];
    const data = router.interface.encodeFunctionData("exactInputSingle", [
      { tokenIn, tokenOut, fee: pool.fee, recipient: from, deadline: 2n ** 64n, amountIn: amount, amountOutMinimum: 0, sqrtPriceLimitX96: 0 },
    ]);
    await m.provider.send("eth_sendTransaction", [{ from, to: routerAddress, data, gas: "0x61a80" }]);
    if ((i + 1) % 1000 === 0) log(`${i + 1} swaps sent`);
  }
  return { series, pools };
}

/** The logs in [from, to] that the subgraph's handlers process. */
async function countHandledEvents(m: DirectMarket, series: DirectSeries[], pools: DirectPool[], from: number, to: number) {
  const market = m.market.interface;
  const marketTopics = (["ProtocolRegistered", "SeriesCreated", "Minted", "Merged", "Redeemed", "SeriesSettled", "ClaimFiled", "ClaimDecided", "IncidentReported", "PauseSet"] as const)
    .map((name) => market.getEvent(name).topicHash);
  const poolTopics = (["Initialize", "Mint", "Burn", "Swap", "Collect"] as const).map((name) => pools[0].contract.interface.getEvent(name).topicHash);
  const transfer = series[0].claim.interface.getEvent("Transfer")!.topicHash;
  const poolCreated = m.uniswap.factory.interface.getEvent("PoolCreated")!.topicHash;
  const count = async (addresses: string[], topics: string[]) => {
    const logs = await m.provider.send("eth_getLogs", [{ fromBlock: "0x" + from.toString(16), toBlock: "0x" + to.toString(16), address: addresses, topics: [topics] }]);
    return logs as { topics: string[] }[];
  };
  const tokens = (await Promise.all(series.flatMap((s) => [s.claim.getAddress(), s.noclaim.getAddress()]))) as string[];
  const poolLogs = await count(pools.map((p) => p.address), poolTopics);
  const counts = {
    market: (await count([await m.market.getAddress()], marketTopics)).length,
    factory: (await count([await m.uniswap.factory.getAddress()], [poolCreated])).length,
    pool: poolLogs.length,
    swaps: poolLogs.filter((l) => l.topics[0] === poolTopics[3]).length,
    transfers: (await count(tokens, [transfer])).length,
  };
  return { ...counts, events: counts.market + counts.factory + counts.pool + counts.transfers };
}

/** Where graph-node spent its time, from its metrics. */
function breakdown(samples: Sample[], events: number) {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const handlers = [...histogramBy(samples, "deployment_handler_execution_time", "handler").entries()]
    .map(([handler, h]) => ({ handler, count: h.count, seconds: round(h.seconds), msEach: round((h.seconds / Math.max(h.count, 1)) * 1000) }))
    .sort((a, b) => b.seconds - a.seconds);
  const hostFunctions = [...histogramBy(samples, "deployment_host_fn_execution_time", "host_fn_name").entries()]
    .map(([name, h]) => ({ hostFunction: name, count: h.count, seconds: round(h.seconds), perEvent: round(h.count / Math.max(events, 1)) }))
    .sort((a, b) => b.seconds - a.seconds);
  // graph-node's stopwatch: exclusive time per section (host exports such as host_export_store_set, block
  // processing, transactions), each second counted once.
  const bySection = new Map<string, number>();
  for (const sample of samples) {
    if (sample.name !== "deployment_sync_secs") continue;
    bySection.set(sample.labels.section, (bySection.get(sample.labels.section) ?? 0) + sample.value);
  }
  const sectionTotal = [...bySection.values()].reduce((a, b) => a + b, 0);
  const sections = [...bySection.entries()]
    .map(([section, seconds]) => ({ section, seconds: round(seconds), share: round(seconds / Math.max(sectionTotal, 1e-9)) }))
    .sort((a, b) => b.seconds - a.seconds);
  const pipeline: Record<string, number> = {};
  for (const name of ["deployment_block_processing_duration", "deployment_trigger_processing_duration", "deployment_transact_block_operations_duration"]) {
    const h = histogramBy(samples, name, "__none__").get("(all)");
    if (h) pipeline[`${name}_seconds`] = round(h.seconds);
  }
  return { handlers, hostFunctions, sections, pipeline };
}

/** graph-node settings from BENCH_GRAPH_ENV ("NAME=value NAME=value"). */
function extraSettings(): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const pair of (process.env.BENCH_GRAPH_ENV ?? "").split(/\s+/).filter(Boolean)) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (!match) throw new Error(`BENCH_GRAPH_ENV: expected NAME=value, got ${JSON.stringify(pair)}`);
    settings[match[1]] = match[2];
  }
  return settings;
}

/** One catch-up: a fresh Postgres and graph-node index `build`'s subgraph from the deployment to `head`. */
async function catchUp(label: string, config: SubgraphConfig, rpcUrl: string, head: number, env: NodeJS.ProcessEnv, build?: (config: SubgraphConfig, dir: string) => Promise<string>) {
  indexer = new LocalIndexer({ config, rpcUrl, label, env, build });
  const started = indexer;
  let gnd: GndDev | undefined;
  const sampler = peakMemorySampler({ graphNode: () => gnd?.process.child.pid, postgres: () => started.postgres?.process.child.pid });
  log(`${label}: building the subgraph and starting gnd dev to catch up to block ${head}`);
  gnd = await indexer.start();
  const gndStarted = indexer.graphNodeStartedAt!;
  // The catch-up starts when the deployment answers (its first indexed block) and ends at the head.
  let firstBlock: number | undefined;
  while (firstBlock === undefined) {
    firstBlock = await gnd.indexedBlock();
    if (firstBlock === undefined) await new Promise((r) => setTimeout(r, 50));
  }
  const catchUpStarted = Date.now();
  let lastReport = Date.now();
  for (;;) {
    const at = (await gnd.indexedBlock()) ?? 0;
    if (at >= head) break;
    if (!gnd.process.alive) throw new Error(`gnd dev exited:\n${gnd.process.output()}`);
    if (Date.now() - lastReport > 15_000) {
      log(`${label}: indexed block ${at} of ${head}`);
      lastReport = Date.now();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (Date.now() - catchUpStarted) / 1000;
  const peaks = sampler.stop();
  const samples = await readMetrics(gnd.metricsUrl);
  const floorSwaps = label === "floor" ? (await gnd.query("{ floorSwaps(first: 1) { id } }")).floorSwaps.length : undefined;
  await indexer.stop();
  indexer = undefined;
  log(`${label}: caught up in ${seconds.toFixed(1)} s`);
  return { seconds, peaks, samples, startupSeconds: (catchUpStarted - gndStarted) / 1000, floorSwaps };
}

const loadAverage = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);

let node: HardhatNode | undefined;
let indexer: LocalIndexer | undefined;
let failed = true;
try {
  log(`starting hardhat node and deploying`);
  node = await startHardhatNode();
  const provider = localProvider(node.url);
  const m = await deployDirectMarket(provider);
  const { series, pools } = await buildChain(m);
  const head = await provider.getBlockNumber();
  const counted = await countHandledEvents(m, series, pools, m.config.market.startBlock, head);
  const blocks = head - Math.min(m.config.market.startBlock, m.config.factory.startBlock) + 1;
  log(`chain ready at block ${head}: ${counted.events} events for the subgraph (${counted.swaps} swaps), ${blocks} blocks`);

  const graphLog = process.env.BENCH_GRAPH_LOG ?? "info";
  const env = { GRAPH_LOG: graphLog, ...extraSettings() };
  const loadBefore = loadAverage();
  // The floor first, then the subgraph: each on a fresh graph-node and Postgres, over the same chain.
  const floor = await catchUp("floor", m.config, node.url, head, env, buildFloorSubgraph);
  const real = await catchUp("bench", m.config, node.url, head, env);
  const loadAfter = loadAverage();
  const { seconds, peaks, samples } = real;
  const where = breakdown(samples, counted.events);
  const floorWhere = breakdown(floor.samples, counted.swaps);
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  const msPerSwap = (s: number) => Math.round((s * 1000 * 10) / Math.max(counted.swaps, 1)) / 10;
  const report = {
    events: counted.events,
    seconds: Math.round(seconds * 100) / 100,
    eventsPerSecond: Math.round((counted.events / seconds) * 10) / 10,
    swaps: counted.swaps,
    swapsPerSecond: Math.round((counted.swaps / seconds) * 10) / 10,
    msPerSwap: msPerSwap(seconds),
    floorMsPerSwap: msPerSwap(floor.seconds),
    ratioToFloor: Math.round((seconds / floor.seconds) * 100) / 100,
    floor: {
      subgraph: "scripts/bench/floorSubgraph.ts: the same factory's pools, one small immutable entity stored per Swap",
      seconds: Math.round(floor.seconds * 100) / 100,
      swapsPerSecond: Math.round((counted.swaps / floor.seconds) * 10) / 10,
      startupSeconds: Math.round(floor.startupSeconds * 100) / 100,
      peakMemoryMB: { graphNode: mb(floor.peaks.graphNode), postgres: mb(floor.peaks.postgres) },
      handlers: floorWhere.handlers,
      sections: floorWhere.sections.slice(0, 10),
    },
    eventsByKind: { market: counted.market, poolCreated: counted.factory, pool: counted.pool, coverTransfers: counted.transfers },
    blocks,
    blockHandlerRuns: blocks,
    series: series.length,
    pools: pools.length,
    startupSeconds: Math.round(real.startupSeconds * 100) / 100,
    graphLog,
    graphNodeSettings: { ...GRAPH_NODE_SETTINGS, ...extraSettings() },
    peakMemoryMB: { graphNode: mb(peaks.graphNode), postgres: mb(peaks.postgres) },
    target: { eventsPerSecond: TARGET, ratioToFloor: TARGET_RATIO },
    anchor: { subgraph: "Uniswap v3 subgraph (fb917a6) under the same gnd dev", ...ANCHOR },
    graphNode: where,
    machine: {
      cpus: (await import("node:os")).cpus().length,
      loadAverage: { before: loadBefore, after: loadAfter },
      note: "2 cores shared with other work; absolute figures vary with load, ratioToFloor much less",
    },
    metricNames: process.env.BENCH_METRIC_NAMES ? metricNames(samples) : undefined,
  };
  if (floor.floorSwaps === 0) throw new Error("the floor subgraph stored no swaps");
  mkdirSync(path.join(PROJECT_ROOT, "reports"), { recursive: true });
  writeFileSync(path.join(PROJECT_ROOT, "reports", "indexing.json"), JSON.stringify(report, null, 2) + "\n");

  console.log(`\nbench:index: ${report.events} events (${report.swaps} swaps, ${report.series} series, ${report.pools} pools, ${blocks} blocks)`);
  console.log(`  catch-up ${report.seconds} s: ${report.eventsPerSecond} events/s, ${report.swapsPerSecond} swaps/s, ${report.msPerSwap} ms a swap (target >= ${TARGET} events/s; Uniswap's subgraph: ${ANCHOR.eventsPerSecond})`);
  console.log(`  floor ${report.floor.seconds} s: ${report.floorMsPerSwap} ms a swap; ratio to floor ${report.ratioToFloor} (target <= ${TARGET_RATIO})`);
  console.log(`  load average before ${loadBefore.join(" ")}, after ${loadAfter.join(" ")}`);
  console.log(`  peak memory: graph-node ${report.peakMemoryMB.graphNode} MB, Postgres ${report.peakMemoryMB.postgres} MB (Pss)`);
  console.log(`  handlers (graph-node's deployment_handler_execution_time):`);
  for (const h of where.handlers) console.log(`    ${h.handler.padEnd(28)} ${String(h.count).padStart(6)} x ${h.msEach.toFixed(3)} ms = ${h.seconds.toFixed(2)} s`);
  console.log(`  sections (graph-node's deployment_sync_secs: exclusive time), top 15:`);
  for (const x of where.sections.slice(0, 15)) console.log(`    ${x.section.padEnd(36)} ${x.seconds.toFixed(2).padStart(7)} s ${(x.share * 100).toFixed(1).padStart(5)}%`);
  console.log(`  floor sections, top 8:`);
  for (const x of floorWhere.sections.slice(0, 8)) console.log(`    ${x.section.padEnd(36)} ${x.seconds.toFixed(2).padStart(7)} s ${(x.share * 100).toFixed(1).padStart(5)}%`);
  console.log(`  store.get calls (deployment_host_fn_execution_time): ${where.hostFunctions.map((f) => `${f.hostFunction} ${f.count} (${f.perEvent}/event, ${f.seconds.toFixed(2)} s)`).join(", ")}`);
  console.log(`  pipeline: ${JSON.stringify(where.pipeline)}`);
  console.log(`  written to reports/indexing.json`);
  failed = false;
} catch (error) {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
} finally {
  await indexer?.stop();
  await node?.stop();
  await stopAll();
}
process.exit(failed ? 1 : 0);
