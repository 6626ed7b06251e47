/**
 * The scenario's actors, each acting through the contracts as a person would: hedgers and traders buy cover through
 * the router, an underwriter sells it, an arbitrageur keeps pClaim + pNoclaim within 0.5% of 1 by minting and
 * selling pairs or buying and merging them (through Uniswap's SwapRouter), a claimant files a claim on an exploit
 * that the committee accepts, and anyone proves a de-peg from the feeds (depegProof.ts finds the rounds, as
 * `cover trigger` does).
 */
import { MaxUint256, type JsonRpcSigner } from "ethers";
import { IUniswapV3Pool__factory, ISwapRouter__factory, type IUniswapV3Pool, type MockAggregatorV3 } from "../chain/contracts.js";
import { decidableAt, findDepeg } from "../feeds/depegProof.js";
import { pushRounds } from "../feeds/mockFeed.js";
import { CommitteeClaimStatus, Route, Side } from "../market/enums.js";
import { toWad, WAD } from "../market/payout.js";
import { isToken0, priceFromSqrtPriceX96 } from "../market/pricing.js";
import { labelOf, unitOf, type ScenarioProtocol, type ScenarioSeries, type Stage } from "./stage.js";

/** `who` (the hedger or a trader) buys exactly `claimAmount` CLAIM in its pool. */
export async function buyCover(stage: Stage, s: ScenarioSeries, who: JsonRpcSigner, claimAmount: bigint): Promise<void> {
  await stage.step(`${who === stage.cast.hedger ? "hedger" : "trader"} buys ${claimAmount / unitOf(s)} cover on ${labelOf(s)}`, async () => {
    await stage.send(stage.stack.contracts.router.connect(who).buyCoverExactOut({
      seriesId: s.id, route: Route.Direct, claimAmount, maxCollateralIn: MaxUint256, recipient: who.address, deadline: await stage.deadline(),
    }));
  });
}

/** The underwriter locks `amount`, sells the CLAIM and keeps the NOCLAIM. */
export async function underwrite(stage: Stage, s: ScenarioSeries, amount: bigint): Promise<void> {
  const { underwriter } = stage.cast;
  await stage.step(`underwriter sells ${amount / unitOf(s)} cover on ${labelOf(s)}`, async () => {
    await stage.send(stage.stack.contracts.router.connect(underwriter).underwrite({ seriesId: s.id, amount, minPremium: 0, recipient: underwriter.address, deadline: await stage.deadline() }));
  });
}

/** Keeps pClaim + pNoclaim of a series within 0.5% of 1, trading straight in the pools through Uniswap's SwapRouter. */
export class Arbitrageur {
  constructor(private readonly stage: Stage) {}

  /** Up to four rounds: mint and sell both sides while the sum is above 1, buy both and merge while below. */
  async arbitrage(s: ScenarioSeries): Promise<void> {
    const { stage } = this;
    const { market } = stage.stack.contracts;
    const me = stage.cast.arbitrageur;
    const swapRouter = ISwapRouter__factory.connect(stage.stack.addresses.uniswap.swapRouter!, me);
    const swap = (tokenIn: string, tokenOut: string, amountIn: bigint) =>
      stage.send(swapRouter.exactInputSingle({ tokenIn, tokenOut, fee: 3000, recipient: me.address, deadline: MaxUint256, amountIn, amountOutMinimum: 0, sqrtPriceLimitX96: 0 }));
    for (let round = 0; round < 4; round++) {
      const [pc, pn] = await this.prices(s);
      const sum = pc + pn;
      const gap = sum > WAD ? sum - WAD : WAD - sum;
      if (gap * 200n < WAD) return;
      const size = (2_000n + BigInt(round) * 2_000n) * unitOf(s);
      const shown = `${labelOf(s)} (sum ${(Number(sum) / 1e18).toFixed(4)})`;
      if (sum > WAD) {
        await stage.step(`arbitrageur mints and sells ${size / unitOf(s)} pairs on ${shown}`, async () => {
          await stage.send(market.connect(me).mint(s.id, size, me.address, me.address));
          await swap(s.claim, s.collateral, size);
          await swap(s.noclaim, s.collateral, size);
        });
      } else {
        await stage.step(`arbitrageur buys and merges on ${shown}`, async () => {
          const before = [await s.claimToken.balanceOf(me.address), await s.noclaimToken.balanceOf(me.address)];
          await swap(s.collateral, s.claim, (size * pc) / WAD);
          await swap(s.collateral, s.noclaim, (size * pn) / WAD);
          const got = [(await s.claimToken.balanceOf(me.address)) - before[0], (await s.noclaimToken.balanceOf(me.address)) - before[1]];
          const merge = got[0] < got[1] ? got[0] : got[1];
          if (merge > 0n) await stage.send(market.connect(me).merge(s.id, merge, me.address));
        });
      }
    }
  }

  /** Each series' two pools, CLAIM's then NOCLAIM's (a series' pools never change once made). */
  private readonly pools = new Map<string, Promise<IUniswapV3Pool[]>>();

  /** Prices of CLAIM and NOCLAIM as WAD, from their pools. */
  private async prices(s: ScenarioSeries): Promise<[bigint, bigint]> {
    const { router } = this.stage.stack.contracts;
    let pools = this.pools.get(s.id);
    if (!pools) {
      pools = Promise.all([Side.Claim, Side.Noclaim].map(async (side) => IUniswapV3Pool__factory.connect(await router.poolOf(s.id, side), this.stage.provider)));
      pools.catch(() => this.pools.delete(s.id));
      this.pools.set(s.id, pools);
    }
    const [claimPool, noclaimPool] = await pools;
    const [c, n] = await Promise.all([claimPool.slot0(), noclaimPool.slot0()]);
    return [priceFromSqrtPriceX96(c.sqrtPriceX96, isToken0(s.claim, s.collateral)), priceFromSqrtPriceX96(n.sqrtPriceX96, isToken0(s.noclaim, s.collateral))];
  }
}

/** An exploit on `bridge`: the claimant files a claim an hour after it; returns the claim's id. */
export async function fileExploitClaim(stage: Stage, bridge: ScenarioProtocol, at: bigint): Promise<bigint> {
  const { committee } = stage.stack.contracts;
  return stage.step(`claimant files a claim on ${bridge.name} (exploit an hour ago)`, async () => {
    const receipt = await stage.sendForReceipt(committee.connect(stage.cast.claimant).fileClaim(bridge.id, at - 3600n, "ipfs://demo/bridge-exploit", toWad("0.5"), await committee.claimFee(bridge.id)));
    for (const log of receipt.logs) {
      const parsed = committee.interface.parseLog(log);
      if (parsed?.name === "ClaimFiled") return parsed.args.claimId as bigint;
    }
    throw new Error("no ClaimFiled event");
  });
}

/**
 * The committee votes on claim `claimId`: three of the five members accept at `payout`, two deny. The last vote
 * closes voting (the claim passes at the lower median of the accepting payouts, `payout`) and, the claim's
 * incident time + F having passed, records it in the market in the same transaction.
 */
export async function acceptClaim(stage: Stage, claimId: bigint, payout: bigint): Promise<void> {
  await stage.step(`committee accepts claim ${claimId} at a ${Number(payout / 10n ** 16n)}% payout`, async () => {
    const { committee } = stage.stack.contracts;
    const [a, b, c, d, e] = stage.cast.members;
    for (const member of [a, b, c]) await stage.send(committee.connect(member).voteClaim(claimId, true, payout));
    for (const member of [d, e]) await stage.send(committee.connect(member).voteClaim(claimId, false, 0n));
    const status = (await committee.claim(claimId)).status;
    if (status !== BigInt(CommitteeClaimStatus.Accepted)) throw new Error(`claim ${claimId} is not recorded after the vote (status ${status})`);
  });
}

/**
 * The peg breaks: feeds A and B go below 0.98 (B for longer than the minimum duration), C stays at 1; two hours
 * later anyone proves it from the feeds (incident at B's start, payout the median depth, 3%), filing it as a claim;
 * once t + L + P has passed (the clock moves there) anyone decides it and the incident is recorded. Returns it.
 */
export async function depeg(stage: Stage, peg: ScenarioProtocol, feeds: MockAggregatorV3[]): Promise<{ protocolId: number; incidentTime: number; payout: string }> {
  const t = await stage.now();
  await stage.step(`${peg.name} de-pegs: feeds below 0.98 for over an hour`, async () => {
    await pushRounds(feeds[0], [["1.00", t + 10n], ["0.95", t + 1000n], ["0.96", t + 2800n], ["1.00", t + 5000n]]);
    await pushRounds(feeds[1], [["1.00", t + 10n], ["0.97", t + 2000n], ["1.00", t + 6000n]]);
    await pushRounds(feeds[2], [["1.00", t + 10n], ["1.00", t + 7000n]]);
    await stage.advance(7200n);
  });
  const { parametric } = stage.stack.contracts;
  return stage.step(`trigger the de-peg of ${peg.name} through the parametric resolver`, async () => {
    const search = await findDepeg(parametric, peg.id);
    if (!search.found) throw new Error(`no de-peg found in the feeds (${search.why.kind})`);
    const { incidentTime, countedMask, roundIds, payout } = search.proof;
    await stage.send(parametric.connect(stage.cast.trader).triggerIncident(peg.id, incidentTime, countedMask, roundIds));
    // Filed as a claim, the proof is decided from t + L + P (after any earlier pending proof): anyone decides it then.
    const at = decidableAt(search.settings, incidentTime);
    const now = await stage.now();
    if (at > now) await stage.advance(at - now);
    await stage.send(parametric.connect(stage.cast.trader).decideIncidents(peg.id));
    return { protocolId: peg.id, incidentTime: Number(incidentTime), payout: payout.toString() };
  });
}
