import { ethers } from "./connection.js";
import { marketFixture, seriesHandle, MAX_UINT } from "./marketFixture.js";
import { deployPeriphery } from "../../scripts/lib/deploy/stack.js";
import { deployUniswap } from "../../scripts/lib/deploy/uniswap.js";
import { WEEK } from "../../scripts/lib/market/calendar.js";
import { toWad } from "../../scripts/lib/market/payout.js";
import { seedLiquidity as seed, type SeriesTokens } from "../../scripts/lib/scenario/seedLiquidity.js";

export { Side, Route, Unwind, PriceStatus } from "../../scripts/lib/market/enums.js";

/** Starting implied risk of each series' pools. */
export const START_RISK = { usdc: toWad("0.05"), dai: toWad("0.1"), usdcNext: toWad("0.08") };

/** A deadline no test reaches, however slowly it runs: a year after the latest block. */
export async function deadline(seconds = 365n * 24n * 3600n): Promise<bigint> {
  return BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + seconds;
}

/**
 * The AMM layer: the market fixture, Uniswap v3 from npm artifacts, the pool deployer, router, quoter and risk oracle; a
 * second USDC series of the same protocol four weeks later (for rolls); both pools of the three series
 * created at their starting risk and seeded by an LP through the router (CLAIM pool from minted pairs, NOCLAIM
 * pool from the NOCLAIM that minting left); every user has approved the router for every token.
 */
export async function ammFixture() {
  const base = await marketFixture();
  const { market, protocolId, usdc, dai, users, expiry, deployer } = base;
  const uniswap = await deployUniswap(deployer);
  const amm = { ...(await deployPeriphery(deployer, await market.getAddress(), uniswap)), uniswap };
  const { pools, router, tickSpacing } = amm;
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
    await pools.createPools(series.id, risk, 0n);
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

/** scripts/lib/scenario/seedLiquidity.ts with a deadline a year ahead. */
export async function seedLiquidity(
  router: AmmFixture["router"],
  series: SeriesTokens,
  risk: bigint,
  lp: AmmFixture["lp"],
  collateral: bigint,
  tickSpacing: number | bigint,
) {
  return seed(router, series, risk, lp, collateral, tickSpacing, await deadline());
}
