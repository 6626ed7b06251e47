import type { Signer } from "ethers";
import type { CoverMarket, CoverPools, CoverRouter } from "../chain/contracts.js";
import { CoverToken__factory } from "../chain/contracts.js";
import { Route } from "../market/enums.js";
import { seedLiquidity } from "./seedLiquidity.js";

/** Observation slots a priced series' pools get (the oracle's default guard asks for 10). */
export const PRICED_CARDINALITY = 50;

/**
 * A series whose pools can give a guarded TWAP once the oracle's window has passed: the series (created if
 * missing), both pools at implied risk `risk` (WAD), seeded by `lp` with `liquidity` collateral through the
 * router, observation buffers grown to PRICED_CARDINALITY, and one small tick-moving trade by `trader` in each
 * pool (a pool starts using a larger buffer only at its next observation). Both signers must have approved the
 * router and the market for the collateral (they approve the router for the series' tokens here). The caller moves time on by the window itself, explicitly.
 */
export async function openPricedSeries(args: {
  market: CoverMarket;
  pools: CoverPools;
  router: CoverRouter;
  protocolId: bigint | number;
  collateral: string;
  expiry: bigint;
  risk: bigint;
  lp: Signer & { address: string };
  trader: Signer & { address: string };
  liquidity: bigint;
  trade: bigint;
  tickSpacing: number | bigint;
  deadline: bigint;
}) {
  const { market, pools, router, protocolId, collateral, expiry, risk, lp, trader, deadline } = args;
  const id = await market.seriesIdOf(protocolId, collateral, expiry);
  if ((await market.series(id).catch(() => null)) === null) await (await market.createSeries(protocolId, collateral, expiry)).wait();
  const [claimAddress, noclaimAddress] = await market.seriesTokens(id);
  const runner = market.runner;
  const claim = CoverToken__factory.connect(claimAddress, runner);
  const noclaim = CoverToken__factory.connect(noclaimAddress, runner);
  const series = { id, claim, noclaim, collateral, expiry };
  const routerAddress = await router.getAddress();
  for (const user of [lp, trader]) {
    for (const token of [claim, noclaim]) await (await token.connect(user).approve(routerAddress, 2n ** 256n - 1n)).wait();
  }
  await (await pools.createPools(id, risk, 0n)).wait();
  await seedLiquidity(router, series, risk, lp, args.liquidity, args.tickSpacing, deadline);
  await (await pools.increaseObservationCardinality(id, PRICED_CARDINALITY)).wait();
  for (const route of [Route.Direct, Route.Pair]) {
    await (await router.connect(trader).buyCoverExactOut({
      seriesId: id, route, claimAmount: args.trade, maxCollateralIn: 2n ** 256n - 1n, recipient: trader.address, deadline,
    })).wait();
  }
  return series;
}
