// A series' prices come from its deepest pool of each side at the time: the followed pool with the largest
// in-range liquidity (pools of one side pair the same two tokens, so their liquidities compare directly).
import { BigInt } from "@graphprotocol/graph-ts";
import { Pool, Series } from "../generated/schema";
import { Config } from "./config";
import { decimalFromF64, decimalToF64 } from "./numbers";
import { annualisedRate, impliedProbability } from "./pricing";

/**
 * After `pool` (saved) changed its price or liquidity: makes the deepest pool of its side the series' source
 * and refreshes the series' prices, probability and rate. Returns whether the source or its price changed.
 * The series keeps its source's liquidity, and every other pool of that side has at most as much, so only a
 * fall in the source's own liquidity needs the other pools looked at.
 */
export function refreshSeriesPrice(series: Series, pool: Pool, timestamp: BigInt, config: Config): boolean {
  const claimSide = pool.side == "Claim";
  const source = claimSide ? series.claimPool : series.noclaimPool;
  const sourceLiquidity = claimSide ? series.claimPoolLiquidity : series.noclaimPoolLiquidity;
  const poolCount = claimSide ? series.claimPoolCount : series.noclaimPoolCount;
  let deepest: Pool;
  if (source !== null && source.equals(pool.id)) {
    deepest = poolCount > 1 && pool.liquidity < sourceLiquidity ? deepestPool(series, pool) : pool;
  } else if (source === null || pool.liquidity > sourceLiquidity) {
    deepest = pool;
  } else {
    return false;
  }
  if (claimSide) {
    series.claimPool = deepest.id;
    series.claimPoolLiquidity = deepest.liquidity;
    series.claimPrice = deepest.price;
  } else {
    series.noclaimPool = deepest.id;
    series.noclaimPoolLiquidity = deepest.liquidity;
    series.noclaimPrice = deepest.price;
  }
  updateRisk(series, timestamp, config);
  return true;
}

/** Implied probability and annualised rate from the series' two prices, as of `timestamp`. */
export function updateRisk(series: Series, timestamp: BigInt, config: Config): void {
  const claimPrice = series.claimPrice;
  const noclaimPrice = series.noclaimPrice;
  const p = impliedProbability(
    claimPrice === null ? 0.0 : decimalToF64(claimPrice),
    noclaimPrice === null ? 0.0 : decimalToF64(noclaimPrice),
  );
  series.priceUpdatedAt = timestamp;
  if (p < 0.0) {
    series.impliedProbability = null;
    series.annualisedRate = null;
    return;
  }
  series.impliedProbability = decimalFromF64(p);
  const rate = annualisedRate(p, series.expiry.toI64() - timestamp.toI64(), config);
  series.annualisedRate = decimalFromF64(rate);
}

/** The deepest followed pool of `changed`'s side (ties keep `changed`); reads the series' pools from the store. */
function deepestPool(series: Series, changed: Pool): Pool {
  let best = changed;
  const pools = series.pools.load();
  for (let i = 0; i < pools.length; i++) {
    const candidate = pools[i];
    if (candidate.side != changed.side || candidate.id.equals(changed.id)) continue;
    if (candidate.liquidity > best.liquidity) best = candidate;
  }
  return best;
}

