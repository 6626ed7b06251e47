import { ethers } from "./connection.js";
import { marketFixture, seriesHandle, MAX_UINT } from "./marketFixture.js";
import { deployAmm } from "../../scripts/lib/deployAmm.js";
import { WEEK } from "../../scripts/lib/calendar.js";
import { toWad } from "../../scripts/lib/payout.js";
import { isToken0, rangeForPrices } from "../../scripts/lib/pricing.js";

/** Side enum of the market (ICoverMarketTypes.Side). */
export const Side = { Claim: 0, Noclaim: 1 } as const;
/** Route enum of the router (ICoverRouterTypes.Route). */
export const Route = { Direct: 0, Pair: 1 } as const;
/** Unwind enum of the router (ICoverRouterTypes.Unwind). */
export const Unwind = { None: 0, Merge: 1, Redeem: 2 } as const;
/** PriceStatus enum of the lens (ICoverRiskOracle.PriceStatus). */
export const PriceStatus = {
  Ok: 0,
  Settled: 1,
  NoPool: 2,
  Uninitialized: 3,
  LowCardinality: 4,
  ShortHistory: 5,
  ThinLiquidity: 6,
} as const;

/** Starting implied risk of each series' pools. */
export const START_RISK = { usdc: toWad("0.05"), dai: toWad("0.1"), usdcNext: toWad("0.08") };

/** A deadline far enough ahead for any test. */
export async function deadline(seconds = 3600n): Promise<bigint> {
  return BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + seconds;
}

/**
 * The AMM layer: the market fixture, Uniswap v3 from npm artifacts, the pool deployer, router and lens; a
 * second USDC series of the same protocol four weeks later (for rolls); both pools of the three series
 * created at their starting risk and seeded by an LP through the router (CLAIM pool from minted pairs, NOCLAIM
 * pool from the NOCLAIM that minting left); every user has approved the router for every token.
 */
export async function ammFixture() {
  const base = await marketFixture();
  const { market, protocolId, usdc, dai, users, expiry } = base;
  const amm = await deployAmm(ethers, await market.getAddress(), { network: "hardhat" });
  const { pools, router, lens, tickSpacing } = amm;
  const [lp, alice, bob, carol, mallory] = users;

  const usdcAddress = await usdc.getAddress();
  await market.createSeries(protocolId, usdcAddress, expiry + 4n * WEEK);
  const usdcNextSeries = await seriesHandle(market, protocolId, usdcAddress, expiry + 4n * WEEK);

  const routerAddress = await router.getAddress();
  const allSeries = [base.usdcSeries, base.daiSeries, usdcNextSeries];
  for (const user of users) {
    for (const token of [usdc, dai, ...allSeries.flatMap((s) => [s.claim, s.noclaim])]) {
      await token.connect(user).approve(routerAddress, MAX_UINT);
    }
  }

  const seeds = [
    { series: base.usdcSeries, risk: START_RISK.usdc, unit: 10n ** 6n },
    { series: base.daiSeries, risk: START_RISK.dai, unit: 10n ** 18n },
    { series: usdcNextSeries, risk: START_RISK.usdcNext, unit: 10n ** 6n },
  ];
  for (const { series, risk, unit } of seeds) {
    await pools.createPools(series.id, risk);
    await seedLiquidity(router, series, risk, lp, 100_000n * unit, tickSpacing);
  }

  return {
    ...base,
    ...amm,
    usdcNextSeries,
    lp,
    alice,
    bob,
    carol,
    mallory,
  };
}

export type AmmFixture = Awaited<ReturnType<typeof ammFixture>>;
export type SeriesHandle = AmmFixture["usdcSeries"];

/**
 * An LP's two positions around `risk`: CLAIM between risk/5 and 5*risk (at most 0.9) from pairs minted out of
 * `collateral`, NOCLAIM between 1 - 5*risk and 1 - risk/5 from the NOCLAIM that minting left plus collateral.
 */
export async function seedLiquidity(
  router: AmmFixture["router"],
  series: { id: string; claim: any; noclaim: any; collateral: string },
  risk: bigint,
  lp: AmmFixture["lp"],
  collateral: bigint,
  tickSpacing: number | bigint,
) {
  const spacing = Number(tickSpacing);
  const high = risk * 5n < toWad("0.9") ? risk * 5n : toWad("0.9");
  const claimRange = rangeForPrices(risk / 5n, high, isToken0(await series.claim.getAddress(), series.collateral), spacing);
  await (
    await router.connect(lp).addLiquidity({
      seriesId: series.id,
      side: Side.Claim,
      tokenId: 0,
      ...claimRange,
      coverDesired: collateral,
      collateralDesired: collateral,
      mintCover: true,
      coverMin: 0,
      collateralMin: 0,
      recipient: lp.address,
      deadline: await deadline(),
    })
  ).wait();
  const noclaimRange = rangeForPrices(
    10n ** 18n - high,
    10n ** 18n - risk / 5n,
    isToken0(await series.noclaim.getAddress(), series.collateral),
    spacing,
  );
  await (
    await router.connect(lp).addLiquidity({
      seriesId: series.id,
      side: Side.Noclaim,
      tokenId: 0,
      ...noclaimRange,
      coverDesired: await series.noclaim.balanceOf(lp.address),
      collateralDesired: collateral,
      mintCover: false,
      coverMin: 0,
      collateralMin: 0,
      recipient: lp.address,
      deadline: await deadline(),
    })
  ).wait();
}
