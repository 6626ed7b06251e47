/**
 * The local market's seeded scenario, on a deployed stack (deployStack.ts, local) over a JSON-RPC node's unlocked
 * accounts: four demo protocols (a lending market, a DEX and a bridge under committee claims, a stablecoin peg under
 * the parametric resolver), series in USDC (6 decimals) and DAI (18) on the weekly calendar, kept at least three
 * live expiries deep as time passes, pools at a starting risk with LP liquidity, then `days` simulated days of
 * hedgers buying cover, underwriters selling it, traders reacting to news and an arbitrageur keeping
 * pClaim + pNoclaim near 1; an exploit on the bridge with a committee claim accepted at a partial payout; a de-peg
 * on MockAggregatorV3 feeds, proven with the rounds found in them (depegProof.ts, as `cover trigger` finds them);
 * expired series settled and redeemed. Time moves only by evm_increaseTime and
 * evm_mine. Deterministic for a seed. Each step is named; a revert stops the scenario with a ScenarioError naming
 * the step and the decoded custom error.
 */
import { MaxUint256, type JsonRpcProvider, type JsonRpcSigner } from "ethers";
import { decodeError, errorInterface } from "../chain/revert.js";
import { CoverToken__factory, ISwapRouter__factory, IUniswapV3Pool__factory, MockAggregatorV3__factory, type MockAggregatorV3 } from "../chain/contracts.js";
import { Route } from "../market/enums.js";
import { DAY, nthExpiryAfter, isoDate } from "../market/calendar.js";
import { findDepeg } from "../feeds/depegProof.js";
import { pushRounds } from "../feeds/mockFeed.js";
import { toWad, WAD } from "../market/payout.js";
import { seedLiquidity } from "./seedLiquidity.js";
import type { Stack } from "../deploy/stack.js";
import type { DeployedProtocol, DeployedSeries } from "../deploy/deploymentFile.js";

/** A demo protocol of the scenario. */
export interface DemoProtocol {
  name: string;
  ticker: string;
  kind: "lending" | "dex" | "bridge" | "stablecoin peg";
  resolver: "committee" | "parametric";
  /** Yearly implied risk the pools start at (a WAD fraction a year). */
  baseRisk: number;
  collaterals: ("USDC" | "DAI")[];
}

/** The curated demo list: made-up names, clearly marked. */
export const DEMO_PROTOCOLS: DemoProtocol[] = [
  { name: "Demo Lending (demo)", ticker: "DEMOLEND", kind: "lending", resolver: "committee", baseRisk: 0.12, collaterals: ["USDC", "DAI"] },
  { name: "Demo DEX (demo)", ticker: "DEMODEX", kind: "dex", resolver: "committee", baseRisk: 0.09, collaterals: ["USDC"] },
  { name: "Demo Bridge (demo)", ticker: "DEMOBRIDGE", kind: "bridge", resolver: "committee", baseRisk: 0.2, collaterals: ["USDC", "DAI"] },
  { name: "Demo USD Peg (demo)", ticker: "DEMOUSDPEG", kind: "stablecoin peg", resolver: "parametric", baseRisk: 0.15, collaterals: ["USDC"] },
];

export interface ScenarioOptions {
  /** Simulated days (default 30). */
  days?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Live expiries kept per protocol and collateral (default 3). */
  liveExpiries?: number;
  /** Called as each named step starts; `progress` in [0, 1] of the whole scenario. */
  onStep?: (name: string, progress: number) => void;
}

/** A scenario step that reverted: its name and the decoded error. */
export class ScenarioError extends Error {
  constructor(readonly step: string, readonly reason: string, readonly cause?: unknown) {
    super(`scenario step "${step}" failed: ${reason}`);
  }
}

/** What the scenario left: protocols, series, the demo accounts' roles, the incident and claim. */
export interface ScenarioResult {
  protocols: DeployedProtocol[];
  series: DeployedSeries[];
  accounts: Record<string, string>;
  exploit?: { protocolId: number; claimId: string; payout: string };
  depeg?: { protocolId: number; incidentTime: number; payout: string };
}

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface LiveSeries extends DeployedSeries {
  protocol: DemoProtocol;
  decimals: number;
  claimToken: any;
  noclaimToken: any;
  collateralToken: any;
  risk: number;
  redeemed: boolean;
}

/** Runs the scenario on `stack`; see the file's comment. */
export async function runScenario(provider: JsonRpcProvider, stack: Stack, options: ScenarioOptions = {}): Promise<ScenarioResult> {
  const days = options.days ?? 30;
  const live = options.liveExpiries ?? 3;
  const random = prng(options.seed ?? 1);
  const iface = errorInterface();
  const onStep = options.onStep ?? (() => {});
  const accounts = await Promise.all(Array.from({ length: 16 }, (_, i) => provider.getSigner(i)));
  const [deployer, , receiver] = accounts;
  const members = accounts.slice(3, 8);
  const [lp, hedger, underwriter, arbitrageur, trader, claimant] = accounts.slice(8, 14);
  const address = (s: JsonRpcSigner) => s.address;
  const { market, committee, parametric, pools, router } = stack.contracts;
  const collaterals = stack.contracts.collaterals as Record<"USDC" | "DAI", any>;
  const swapRouterAddress = stack.addresses.uniswap.swapRouter!;
  const swapRouter = ISwapRouter__factory.connect(swapRouterAddress, provider);
  const routerAddress = stack.addresses.coverRouter;
  let progress = 0;
  let current = "";

  /** Runs `fn` as the step `name`; a failure becomes a ScenarioError naming it. */
  async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    current = name;
    onStep(name, progress);
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ScenarioError) throw error;
      throw new ScenarioError(name, decodeError(error, iface), error);
    }
  }
  async function send(tx: Promise<any>): Promise<any> {
    const receipt = await (await tx).wait();
    if (!receipt || receipt.status !== 1) throw new Error(`transaction reverted in step "${current}"`);
    return receipt;
  }
  const now = async () => BigInt((await provider.getBlock("latest"))!.timestamp);
  const advance = async (seconds: bigint) => {
    await provider.send("evm_increaseTime", [Number(seconds)]);
    await provider.send("evm_mine", []);
  };
  const deadline = async () => (await now()) + 3600n;

  // 1. Accounts: collateral for everyone who trades, approvals of the market and the router.
  await step("fund accounts", async () => {
    for (const user of [lp, hedger, underwriter, arbitrageur, trader, claimant]) {
      for (const [symbol, token] of Object.entries(collaterals)) {
        const unit = symbol === "USDC" ? 10n ** 6n : 10n ** 18n;
        await send(token.connect(deployer).mint(address(user), 100_000_000n * unit));
        for (const spender of [stack.addresses.market, routerAddress, swapRouterAddress]) await send(token.connect(user).approve(spender, MaxUint256));
      }
    }
    await send(collaterals.DAI.connect(claimant).approve(stack.addresses.committeeResolver, MaxUint256));
  });

  // 2. Protocols.
  const protocols: (DeployedProtocol & { demoProtocol: DemoProtocol })[] = [];
  const feeds: MockAggregatorV3[] = [];
  for (const demo of DEMO_PROTOCOLS) {
    await step(`register ${demo.name}`, async () => {
      if (demo.resolver === "committee") {
        await send(committee.connect(deployer).registerProtocol({
          name: demo.name, ticker: demo.ticker, metadataURI: `ipfs://demo/${demo.ticker.toLowerCase()}`,
          claimWindow: 14n * DAY, members: members.map(address), threshold: 3,
          feeToken: stack.addresses.collaterals.DAI, baseFee: 100n * 10n ** 18n, feeCap: 1_000n * 10n ** 18n,
          deniedFeeReceiver: address(receiver),
        }));
      } else {
        for (const name of ["A", "B", "C"]) feeds.push(await (await new MockAggregatorV3__factory(deployer).deploy(8, `DEMO USD / USD (${name})`)).waitForDeployment());
        await send(parametric.connect(deployer).registerProtocol({
          name: demo.name, ticker: demo.ticker, metadataURI: `ipfs://demo/${demo.ticker.toLowerCase()}`,
          claimWindow: 14n * DAY,
          feeds: await Promise.all(feeds.map(async (f) => ({ aggregator: await f.getAddress(), heartbeat: DAY }))),
          quorum: 2, threshold: toWad("0.98"), target: toWad("1"), minDuration: 3600, grace: 3600,
          payoutRule: 1, payoutCap: toWad("0.5"),
        }));
      }
      const id = Number(await market.protocolCount());
      protocols.push({
        id, name: demo.name, ticker: demo.ticker, kind: demo.kind, demo: true, demoProtocol: demo,
        resolver: demo.resolver === "committee" ? stack.addresses.committeeResolver : stack.addresses.parametricResolver,
      });
    });
  }

  // 3. Series on the calendar, each with its pools, observation slots and an LP's liquidity.
  const series: LiveSeries[] = [];
  async function createSeries(p: (typeof protocols)[number], symbol: "USDC" | "DAI", expiry: bigint) {
    await step(`create ${p.ticker} ${symbol} ${isoDate(expiry)}`, async () => {
      const collateral = stack.addresses.collaterals[symbol];
      await send(market.connect(deployer).createSeries(p.id, collateral, expiry));
      const id: string = await market.seriesIdOf(p.id, collateral, expiry);
      const decimals = Number((await market.series(id)).decimals);
      const [claim, noclaim] = await market.seriesTokens(id);
      const years = Number(expiry - (await now())) / (365 * 86400);
      const risk = Math.min(0.5, Math.max(0.01, 1 - Math.exp(-p.demoProtocol.baseRisk * years * (0.8 + 0.4 * random()))));
      const s: LiveSeries = {
        id, protocolId: p.id, collateral, expiry: Number(expiry), claim, noclaim, protocol: p.demoProtocol, decimals,
        claimToken: CoverToken__factory.connect(claim, provider), noclaimToken: CoverToken__factory.connect(noclaim, provider), collateralToken: collaterals[symbol],
        risk, redeemed: false,
      };
      const riskWad = BigInt(Math.round(risk * 1e6)) * 10n ** 12n;
      await send(pools.connect(deployer).createPools(id, riskWad));
      await send(pools.connect(deployer).increaseObservationCardinality(id, 12));
      for (const user of [lp, hedger, underwriter, arbitrageur, trader]) {
        for (const t of [s.claimToken, s.noclaimToken]) await send(t.connect(user).approve(routerAddress, MaxUint256));
      }
      for (const t of [s.claimToken, s.noclaimToken]) await send(t.connect(arbitrageur).approve(swapRouterAddress, MaxUint256));
      const unit = 10n ** BigInt(decimals);
      await seedLiquidity(router, { id, claim: s.claimToken, noclaim: s.noclaimToken, collateral }, riskWad, lp, 200_000n * unit, 60, await deadline());
      series.push(s);
    });
  }
  async function keepExpiries() {
    const t = await now();
    for (const p of protocols) {
      for (const symbol of p.demoProtocol.collaterals) {
        const collateral = stack.addresses.collaterals[symbol];
        const liveOnes = series.filter((s) => s.protocolId === p.id && s.collateral === collateral && BigInt(s.expiry) > t);
        const status = await Promise.all(liveOnes.map((s) => market.seriesStatus(s.id)));
        const open = liveOnes.filter((_, i) => Number(status[i].state) === 0);
        for (let k = 1; open.length < live; k++) {
          const expiry = nthExpiryAfter(t, k);
          if (series.some((s) => s.protocolId === p.id && s.collateral === collateral && BigInt(s.expiry) === expiry)) continue;
          await createSeries(p, symbol, expiry);
          open.push(series[series.length - 1]);
        }
      }
    }
  }
  await keepExpiries();

  // Trading helpers: a series is tradable while open and before expiry.
  async function tradable(): Promise<LiveSeries[]> {
    const t = await now();
    const candidates = series.filter((s) => BigInt(s.expiry) > t + 3600n);
    const status = await Promise.all(candidates.map((s) => market.seriesStatus(s.id)));
    return candidates.filter((_, i) => Number(status[i].state) === 0);
  }
  const unitOf = (s: LiveSeries) => 10n ** BigInt(s.decimals);
  const amount = (s: LiveSeries, low: number, high: number) => BigInt(Math.round(low + (high - low) * random())) * unitOf(s);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const label = (s: LiveSeries) => `${s.protocol.ticker} ${s.decimals === 6 ? "USDC" : "DAI"} ${isoDate(BigInt(s.expiry))}`;

  async function buyCover(s: LiveSeries, who: JsonRpcSigner, claimAmount: bigint) {
    await step(`${who === hedger ? "hedger" : "trader"} buys ${claimAmount / unitOf(s)} cover on ${label(s)}`, async () => {
      await send(router.connect(who).buyCoverExactOut({
        seriesId: s.id, route: Route.Direct, claimAmount, maxCollateralIn: MaxUint256, recipient: address(who), deadline: await deadline(),
      }));
    });
  }
  async function underwrite(s: LiveSeries, amountIn: bigint) {
    await step(`underwriter sells ${amountIn / unitOf(s)} cover on ${label(s)}`, async () => {
      await send(router.connect(underwriter).underwrite({ seriesId: s.id, amount: amountIn, minPremium: 0, recipient: address(underwriter), deadline: await deadline() }));
    });
  }
  /** Prices of CLAIM and NOCLAIM as WAD, from the pools. */
  async function prices(s: LiveSeries): Promise<[bigint, bigint]> {
    const out: bigint[] = [];
    for (const [side, cover] of [[0, s.claim], [1, s.noclaim]] as const) {
      const pool = IUniswapV3Pool__factory.connect(await router.poolOf(s.id, side), provider);
      const sqrt: bigint = (await pool.slot0()).sqrtPriceX96;
      const coverIsToken0 = BigInt(cover) < BigInt(s.collateral);
      const p = (sqrt * sqrt * WAD) >> 192n; // token1 per token0, WAD
      out.push(coverIsToken0 ? p : (WAD * WAD) / (p === 0n ? 1n : p));
    }
    return [out[0], out[1]];
  }
  /** The arbitrageur brings pClaim + pNoclaim back within 0.5% of 1: mint and sell both, or buy both and merge. */
  async function arbitrage(s: LiveSeries) {
    for (let round = 0; round < 4; round++) {
      const [pc, pn] = await prices(s);
      const sum = pc + pn;
      const gap = sum > WAD ? sum - WAD : WAD - sum;
      if (gap * 200n < WAD) return;
      const size = (2_000n + BigInt(round) * 2_000n) * unitOf(s);
      const me = address(arbitrageur);
      const swap = (tokenIn: string, tokenOut: string, amountIn: bigint) =>
        send(swapRouter.connect(arbitrageur).exactInputSingle({ tokenIn, tokenOut, fee: 3000, recipient: me, deadline: MaxUint256, amountIn, amountOutMinimum: 0, sqrtPriceLimitX96: 0 }));
      if (sum > WAD) {
        await step(`arbitrageur mints and sells ${size / unitOf(s)} pairs on ${label(s)} (sum ${(Number(sum) / 1e18).toFixed(4)})`, async () => {
          await send(market.connect(arbitrageur).mint(s.id, size, me, me));
          await swap(s.claim, s.collateral, size);
          await swap(s.noclaim, s.collateral, size);
        });
      } else {
        await step(`arbitrageur buys and merges on ${label(s)} (sum ${(Number(sum) / 1e18).toFixed(4)})`, async () => {
          const before = [await s.claimToken.balanceOf(me), await s.noclaimToken.balanceOf(me)];
          await swap(s.collateral, s.claim, (size * pc) / WAD);
          await swap(s.collateral, s.noclaim, (size * pn) / WAD);
          const got = [(await s.claimToken.balanceOf(me)) - before[0], (await s.noclaimToken.balanceOf(me)) - before[1]];
          const merge = got[0] < got[1] ? got[0] : got[1];
          if (merge > 0n) await send(market.connect(arbitrageur).merge(s.id, merge, me));
        });
      }
    }
  }
  /** Settles expired series that can settle, and lets every holder redeem. */
  async function redeemExpired() {
    const t = await now();
    for (const s of series) {
      if (s.redeemed) continue;
      const status = await market.seriesStatus(s.id);
      const state = Number(status.state);
      const final = state === 1 || (state === 2 && BigInt(status.finalAt) <= t);
      if (!final) continue;
      await step(`settle and redeem ${label(s)}`, async () => {
        if (!status.recorded) await send(market.connect(deployer).settle(s.id));
        for (const user of [lp, hedger, underwriter, arbitrageur, trader]) {
          const me = address(user);
          const [c, n] = [await s.claimToken.balanceOf(me), await s.noclaimToken.balanceOf(me)];
          if (c > 0n || n > 0n) await send(market.connect(user).redeem(s.id, c, n, me));
        }
        s.redeemed = true;
      });
    }
  }

  // 4. The days.
  const bridge = protocols.find((p) => p.demoProtocol.kind === "bridge")!;
  const peg = protocols.find((p) => p.demoProtocol.kind === "stablecoin peg")!;
  const exploitDay = Math.max(2, Math.floor(days * 0.3));
  const depegDay = Math.max(3, Math.floor(days * 0.6));
  const result: ScenarioResult = { protocols: [], series: [], accounts: {} };
  let claimId: bigint | undefined;
  for (let day = 1; day <= days; day++) {
    progress = (day - 1) / days;
    await step(`day ${day} begins`, () => advance(DAY));
    await redeemExpired();
    await keepExpiries();
    const open = await tradable();
    for (let i = 0; i < 3 && open.length; i++) {
      const s = pick(open);
      await buyCover(s, hedger, amount(s, 500, 5_000));
    }
    for (let i = 0; i < 2 && open.length; i++) {
      const s = pick(open);
      await underwrite(s, amount(s, 1_000, 8_000));
    }
    if (open.length) {
      const s = pick(open);
      await buyCover(s, trader, amount(s, 200, 2_000));
    }

    if (day === exploitDay) {
      // The exploit: news first (traders rush for the bridge's cover), then a claim, voted through the next day.
      const t = await now();
      for (const s of open.filter((x) => x.protocolId === bridge.id).slice(0, 2)) await buyCover(s, trader, amount(s, 20_000, 30_000));
      claimId = await step(`claimant files a claim on ${bridge.name} (exploit an hour ago)`, async () => {
        const receipt = await send(committee.connect(claimant).fileClaim(bridge.id, t - 3600n, "ipfs://demo/bridge-exploit", toWad("0.5")));
        for (const log of receipt.logs) {
          const parsed = committee.interface.parseLog(log);
          if (parsed?.name === "ClaimFiled") return parsed.args.claimId as bigint;
        }
        throw new Error("no ClaimFiled event");
      });
    }
    if (day === exploitDay + 1 && claimId !== undefined) {
      const payout = toWad("0.4");
      await step(`committee accepts claim ${claimId} at a 40% payout`, async () => {
        for (const member of members.slice(0, 3)) await send(committee.connect(member).voteClaim(claimId!, true, payout));
      });
      result.exploit = { protocolId: bridge.id, claimId: claimId.toString(), payout: payout.toString() };
    }
    if (day === depegDay) {
      const t = await now();
      await step(`${peg.name} de-pegs: feeds below 0.98 for over an hour`, async () => {
        await pushRounds(feeds[0], [["1.00", t + 10n], ["0.95", t + 1000n], ["0.96", t + 2800n], ["1.00", t + 5000n]]);
        await pushRounds(feeds[1], [["1.00", t + 10n], ["0.97", t + 2000n], ["1.00", t + 6000n]]);
        await pushRounds(feeds[2], [["1.00", t + 10n], ["1.00", t + 7000n]]);
        await advance(7200n);
      });
      // The proof is found from the feeds, as anyone would find it (incident at t + 2000, B's start; payout 0.03).
      result.depeg = await step(`trigger the de-peg of ${peg.name} through the parametric resolver`, async () => {
        const search = await findDepeg(parametric, peg.id);
        if (!search.found) throw new Error(`no de-peg found in the feeds (${search.why.kind})`);
        const { incidentTime, countedMask, roundIds, payout } = search.proof;
        await send(parametric.connect(trader).triggerIncident(peg.id, incidentTime, countedMask, roundIds));
        return { protocolId: peg.id, incidentTime: Number(incidentTime), payout: payout.toString() };
      });
    }

    const soon = (await now()) + 21n * DAY;
    const touched = (await tradable()).filter((s) => BigInt(s.expiry) < soon);
    for (const s of touched) await arbitrage(s);
  }
  await keepExpiries(); // incidents of the last day may have settled live series
  progress = 1;
  onStep("scenario done", 1);
  result.protocols = protocols.map(({ demoProtocol, ...p }) => p);
  result.series = series.map((s) => ({ id: s.id, protocolId: s.protocolId, collateral: s.collateral, expiry: s.expiry, claim: s.claim, noclaim: s.noclaim }));
  result.accounts = {
    deployer: address(deployer), committeeMember: address(members[0]), lp: address(lp), hedger: address(hedger),
    underwriter: address(underwriter), arbitrageur: address(arbitrageur), trader: address(trader), claimant: address(claimant),
  };
  return result;
}
