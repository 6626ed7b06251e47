// A series' prices come from its canonical pools: the followed pool of each side at the canonical fee tier
// (config/uniswap.json's pools.fee, which CoverPools creates and the router trades), so that the index, the lens and
// the CLI agree and a cheap narrow pool at another tier cannot move the indexed risk. Pools at other tiers keep
// their own price, liquidity and volume. Settled series take their payout as probability, with no rate.
import { BigDecimal, BigInt } from "@graphprotocol/graph-ts";
import { Pool, Series } from "../generated/schema";
import { Config } from "./config";
import { decimalFromF64, decimalToF64 } from "./numbers";
import { annualisedRate, impliedProbability, payoutProbability } from "./pricing";
import { refreshForwards } from "./term";

/**
 * After `pool` changed its price: if it is canonical, the series' price of its side follows it and the
 * probability and rate are refreshed at `timestamp` (and the forward probabilities of its term). Returns whether
 * the series' price changed.
 */
export function refreshSeriesPrice(series: Series, pool: Pool, timestamp: BigInt, config: Config): boolean {
  if (!pool.canonical || series.state != "Open") return false; // settled: its prices are the payout's (settleRisk)
  const claimSide = pool.side == "Claim";
  const old = claimSide ? series.claimPrice : series.noclaimPrice;
  if (claimSide) {
    series.claimPool = pool.id;
    series.claimPrice = pool.price;
  } else {
    series.noclaimPool = pool.id;
    series.noclaimPrice = pool.price;
  }
  if (sameValue(old, pool.price)) return false;
  series.priceUpdatedAt = timestamp;
  const before = series.impliedProbability;
  updateRisk(series, timestamp, config);
  if (!sameValue(before, series.impliedProbability)) refreshForwards(series, config);
  return true;
}

/**
 * Implied probability and annualised rate from the series' two prices, as of `timestamp`. A settled series keeps
 * its payout as probability and no rate (settleRisk).
 */
export function updateRisk(series: Series, timestamp: BigInt, config: Config): void {
  if (series.state != "Open") return;
  const claimPrice = series.claimPrice;
  const noclaimPrice = series.noclaimPrice;
  const p = impliedProbability(
    claimPrice === null ? 0.0 : decimalToF64(claimPrice),
    noclaimPrice === null ? 0.0 : decimalToF64(noclaimPrice),
  );
  series.impliedProbability = p < 0.0 ? null : decimalFromF64(p);
  refreshRate(series, timestamp, config);
}

/** The annualised rate of an unsettled series at `timestamp`, from its probability (null without one). */
export function refreshRate(series: Series, timestamp: BigInt, config: Config): void {
  if (series.state != "Open") return;
  const probability = series.impliedProbability;
  series.rateUpdatedAt = timestamp;
  if (probability === null) {
    series.annualisedRate = null;
    return;
  }
  const rate = annualisedRate(decimalToF64(probability), series.expiry.toI64() - timestamp.toI64(), config);
  series.annualisedRate = decimalFromF64(rate);
}

/**
 * A series just settled (its state and payout set): probability = payout, CLAIM priced at the payout and NOCLAIM
 * at one minus it (what they redeem for, as the lens reports a settled series), no rate, no forward, no open claim.
 */
export function settleRisk(series: Series, timestamp: BigInt): void {
  const payout = payoutProbability(series.payout);
  series.impliedProbability = decimalFromF64(payout);
  series.claimPrice = decimalFromF64(payout);
  series.noclaimPrice = decimalFromF64(1.0 - payout);
  series.priceUpdatedAt = timestamp;
  series.annualisedRate = null;
  series.rateUpdatedAt = timestamp;
  series.forwardProbability = null;
  series.forwardFrom = null;
  series.claimOpen = false;
}

/** Whether two optional decimals are the same value as stored (digits and exponent). */
export function sameValue(a: BigDecimal | null, b: BigDecimal | null): boolean {
  if (a === null || b === null) return a === b;
  return a.digits == b.digits && a.exp == b.exp;
}
