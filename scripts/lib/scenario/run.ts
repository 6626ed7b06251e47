/**
 * The local market's seeded scenario, on a deployed stack (deploy/stack.ts, local) over a JSON-RPC node's unlocked
 * accounts: the four demo protocols (demoProtocols.ts), series in USDC (6 decimals) and DAI (18) on the weekly
 * calendar kept at least three live expiries deep (calendarKeeper.ts), then `days` simulated days of the actors
 * (actors.ts): hedgers buying cover, underwriters selling it, traders reacting to news and an arbitrageur keeping
 * pClaim + pNoclaim near 1; an exploit on the bridge with a committee claim accepted at a partial payout; a de-peg
 * on MockAggregatorV3 feeds, proven with the rounds found in them; expired series settled and redeemed. Time moves
 * only by evm_increaseTime and evm_mine. Deterministic for a seed. Each step is named; a revert stops the scenario
 * with a ScenarioError naming the step and the decoded custom error (stage.ts).
 */
import { MaxUint256, type JsonRpcProvider } from "ethers";
import { BlockBatcher } from "../chain/batchedBlocks.js";
import type { DeployedProtocol, DeployedSeries } from "../deploy/deploymentFile.js";
import type { Stack } from "../deploy/stack.js";
import { DAY } from "../market/calendar.js";
import { toWad } from "../market/payout.js";
import { acceptClaim, Arbitrageur, buyCover, depeg, fileExploitClaim, underwrite } from "./actors.js";
import { CalendarKeeper } from "./calendarKeeper.js";
import { registerDemoProtocols } from "./demoProtocols.js";
import { castOf, Stage, type Cast } from "./stage.js";

export interface ScenarioOptions {
  /** Simulated days (default 30). */
  days?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Live expiries kept per protocol and collateral (default 3). */
  liveExpiries?: number;
  /** Called as each named step starts; `progress` in [0, 1] of the whole scenario. */
  onStep?: (name: string, progress: number) => void;
  /** Mine the transactions many to a block (default true; see runScenario). */
  batch?: boolean;
}

/** What the scenario left: protocols, series, the demo accounts' roles, the incident and claim. */
export interface ScenarioResult {
  protocols: DeployedProtocol[];
  series: DeployedSeries[];
  accounts: Record<string, string>;
  exploit?: { protocolId: number; claimId: string; payout: string };
  depeg?: { protocolId: number; incidentTime: number; payout: string };
  /** When batched: blocks mined, transactions sent, eth_calls answered by the node and from the same block's cache. */
  batching?: BlockBatcher["stats"];
}

/** Every trader's collateral (100M of each) and approvals of the market, the router and Uniswap's SwapRouter. */
async function fundAccounts(stage: Stage): Promise<void> {
  const { deployer, lp, hedger, underwriter, arbitrageur, trader, claimant } = stage.cast;
  const { collaterals } = stage.stack.contracts;
  const { market, coverRouter, uniswap, committeeResolver } = stage.stack.addresses;
  await stage.step("fund accounts", async () => {
    for (const user of [lp, hedger, underwriter, arbitrageur, trader, claimant]) {
      for (const [symbol, token] of Object.entries(collaterals)) {
        const unit = symbol === "USDC" ? 10n ** 6n : 10n ** 18n;
        await stage.send(token.connect(deployer).mint(user.address, 100_000_000n * unit));
        for (const spender of [market, coverRouter, uniswap.swapRouter!]) await stage.send(token.connect(user).approve(spender, MaxUint256));
      }
    }
    await stage.send(collaterals.DAI.connect(claimant).approve(committeeResolver, MaxUint256));
  });
}

/**
 * Runs the scenario on `stack`; see the file's comment. Its transactions are mined many to a block
 * (chain/batchedBlocks.ts: the node's network needs a fifo mempool, as hardhat.config.ts's demo network has) unless
 * `batch` is false: the same transactions in the same order, each read seeing all sent before it, fewer blocks.
 */
export async function runScenario(provider: JsonRpcProvider, stack: Stack, options: ScenarioOptions = {}): Promise<ScenarioResult> {
  // Batching needs every read to go through `provider`, the stack's contracts' too (deployed through its signer).
  const runner = stack.contracts.market.runner as { provider?: unknown } | null;
  if (options.batch === false || (runner?.provider ?? runner) !== provider) return scenario(provider, stack, options);
  const cast = await castOf(provider);
  return BlockBatcher.run(provider, async (batcher) => ({ ...(await scenario(provider, stack, options, cast, batcher)), batching: batcher.stats }));
}

async function scenario(provider: JsonRpcProvider, stack: Stack, options: ScenarioOptions, cast?: Cast, batcher?: BlockBatcher): Promise<ScenarioResult> {
  const days = options.days ?? 30;
  const stage = new Stage(provider, stack, cast ?? (await castOf(provider)), options.seed ?? 1, options.onStep ?? (() => {}), batcher);
  const keeper = new CalendarKeeper(stage, options.liveExpiries ?? 3);
  const arbitrageur = new Arbitrageur(stage);
  const { hedger, trader } = stage.cast;

  await fundAccounts(stage);
  const feeds = await registerDemoProtocols(stage);
  await keeper.keep();

  const bridge = stage.protocols.find((p) => p.demoProtocol.kind === "bridge")!;
  const peg = stage.protocols.find((p) => p.demoProtocol.kind === "stablecoin peg")!;
  const exploitDay = Math.max(2, Math.floor(days * 0.3));
  const depegDay = Math.max(3, Math.floor(days * 0.6));
  const result: ScenarioResult = { protocols: [], series: [], accounts: {} };
  let claimId: bigint | undefined;
  for (let day = 1; day <= days; day++) {
    stage.progress = (day - 1) / days;
    await stage.step(`day ${day} begins`, () => stage.advance(DAY));
    await keeper.redeemExpired();
    await keeper.keep();
    const open = await keeper.tradable();
    for (let i = 0; i < 3 && open.length; i++) {
      const s = stage.pick(open);
      await buyCover(stage, s, hedger, stage.amount(s, 500, 5_000));
    }
    for (let i = 0; i < 2 && open.length; i++) {
      const s = stage.pick(open);
      await underwrite(stage, s, stage.amount(s, 1_000, 8_000));
    }
    if (open.length) {
      const s = stage.pick(open);
      await buyCover(stage, s, trader, stage.amount(s, 200, 2_000));
    }
    if (day === exploitDay) {
      // The exploit: news first (traders rush for the bridge's cover), then a claim, voted through the next day.
      const t = await stage.now();
      for (const s of open.filter((x) => x.protocolId === bridge.id).slice(0, 2)) await buyCover(stage, s, trader, stage.amount(s, 20_000, 30_000));
      claimId = await fileExploitClaim(stage, bridge, t);
    }
    if (day === exploitDay + 1 && claimId !== undefined) {
      const payout = toWad("0.4");
      await acceptClaim(stage, claimId, payout);
      result.exploit = { protocolId: bridge.id, claimId: claimId.toString(), payout: payout.toString() };
    }
    if (day === depegDay) result.depeg = await depeg(stage, peg, feeds);
    const soon = (await stage.now()) + 21n * DAY;
    for (const s of (await keeper.tradable()).filter((x) => BigInt(x.expiry) < soon)) await arbitrageur.arbitrage(s);
  }
  await keeper.keep(); // incidents of the last day may have settled live series
  stage.progress = 1;
  options.onStep?.("scenario done", 1);

  const { deployer, members, lp, underwriter, claimant } = stage.cast;
  result.protocols = stage.protocols.map(({ demoProtocol, ...p }) => p);
  result.series = stage.series.map((s) => ({ id: s.id, protocolId: s.protocolId, collateral: s.collateral, expiry: s.expiry, claim: s.claim, noclaim: s.noclaim }));
  result.accounts = {
    deployer: deployer.address, committeeMember: members[0].address, lp: lp.address, hedger: hedger.address,
    underwriter: underwriter.address, arbitrageur: stage.cast.arbitrageur.address, trader: trader.address, claimant: claimant.address,
  };
  return result;
}
