// Uniswap v3 pools: every pool that pairs a known cover token with its series' collateral is followed, whoever
// created it and at whatever fee tier; nothing is stored about any other pool.
import { BigInt, Bytes } from "@graphprotocol/graph-ts";
import { PoolCreated } from "../generated/UniswapV3Factory/UniswapV3Factory";
import { CoverToken, Pool, Series } from "../generated/schema";
import { Pool as PoolTemplate } from "../generated/templates";
import { loadMarket } from "../utils/entities";

export function handlePoolCreated(event: PoolCreated): void {
  onPoolCreated(event);
}

export function onPoolCreated(event: PoolCreated): void {
  const p = event.params;
  // A cover token may be either token; the other must be its series' collateral.
  let coverIsToken0 = true;
  let series = coverSeries(p.token0, p.token1);
  if (series == null) {
    coverIsToken0 = false;
    series = coverSeries(p.token1, p.token0);
  }
  if (series == null) return;
  const coverToken = coverIsToken0 ? p.token0 : p.token1;
  const claimSide = coverToken.equals(series.claimToken);

  const pool = new Pool(p.pool);
  pool.series = series.id;
  pool.side = claimSide ? "Claim" : "Noclaim";
  pool.coverToken = coverToken;
  pool.collateral = series.collateral;
  pool.token0 = p.token0;
  pool.token1 = p.token1;
  pool.coverIsToken0 = coverIsToken0;
  pool.fee = p.fee;
  pool.tickSpacing = p.tickSpacing;
  pool.createdAt = event.block.timestamp;
  pool.createdAtBlock = event.block.number;
  pool.creator = event.transaction.from;
  pool.sqrtPriceX96 = BigInt.zero();
  pool.liquidity = BigInt.zero();
  pool.coverReserve = BigInt.zero();
  pool.collateralReserve = BigInt.zero();
  pool.volume = BigInt.zero();
  pool.swapCount = 0;
  pool.save();

  if (claimSide) series.claimPoolCount += 1;
  else series.noclaimPoolCount += 1;
  series.save();

  const market = loadMarket();
  market.poolCount += 1;
  market.save();

  PoolTemplate.create(p.pool);
}

/** The series of `token` if it is a cover token whose collateral is `other`, else null. */
function coverSeries(token: Bytes, other: Bytes): Series | null {
  const cover = CoverToken.load(token);
  if (cover == null) return null;
  const series = Series.load(cover.series)!;
  return series.collateral.equals(other) ? series : null;
}
