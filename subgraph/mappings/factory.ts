// Uniswap v3 pools: every pool that pairs a cover token with its series' collateral is followed, whoever created
// it, at whatever fee tier and whenever: one created before its series is remembered (utils/pools.ts) and followed
// from the series' creation on. A pool with a known cover token and another token than its collateral is dropped.
import { PoolCreated } from "../generated/UniswapV3Factory/UniswapV3Factory";
import { CoverToken, Series } from "../generated/schema";
import { followPool, PoolOrigin, rememberPool } from "../utils/pools";

export function handlePoolCreated(event: PoolCreated): void {
  onPoolCreated(event);
}

export function onPoolCreated(event: PoolCreated): void {
  const p = event.params;
  const origin = new PoolOrigin(
    p.pool,
    p.token0,
    p.token1,
    p.fee,
    p.tickSpacing,
    event.block.timestamp,
    event.block.number,
    event.transaction.from,
  );
  const cover0 = CoverToken.load(p.token0);
  const cover1 = CoverToken.load(p.token1);
  if (cover0 == null && cover1 == null) {
    rememberPool(origin, false, false);
    return;
  }
  // A cover token may be either token; the other must be its series' collateral.
  if (cover0 != null) {
    const series = Series.load(cover0.series)!;
    if (series.collateral.equals(p.token1)) {
      followPool(series, origin, event, true);
      series.save();
      return;
    }
  }
  if (cover1 != null) {
    const series = Series.load(cover1.series)!;
    if (series.collateral.equals(p.token0)) {
      followPool(series, origin, event, true);
      series.save();
      return;
    }
  }
  // A cover token paired with another token than its collateral: the other token, if unknown, may still become a
  // cover token of a series whose collateral is this one, so the pool is remembered under it.
  if (cover0 == null || cover1 == null) rememberPool(origin, cover0 != null, cover1 != null);
}
