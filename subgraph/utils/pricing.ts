// Prices as risk: Uniswap's sqrt price to the price of a cover token in collateral whatever the token order,
// then implied probability and annualised rate. Pure f64 maths.
import { BigInt } from "@graphprotocol/graph-ts";
import { Config } from "./config";
import { bigIntToF64 } from "./numbers";

/** 2^96, the scale of a Q64.96. */
const Q96: f64 = 79228162514264337593543950336.0;

/** Uniswap's price, token1 per token0 in raw units, from sqrtPriceX96 (a Q64.96). */
export function token0Price(sqrtPriceX96: BigInt): f64 {
  const s = bigIntToF64(sqrtPriceX96) / Q96;
  return s * s;
}

/**
 * Price of the cover token in collateral (0 before the pool is initialized). A cover token has its collateral's
 * decimals, so the raw ratio is the price: token1 per token0 if the cover token is token0, its inverse if not.
 */
export function coverPrice(sqrtPriceX96: BigInt, coverIsToken0: boolean): f64 {
  const price = token0Price(sqrtPriceX96);
  if (price == 0.0) return 0.0;
  return coverIsToken0 ? price : 1.0 / price;
}

/**
 * The market's probability of a payout: pClaim / (pClaim + pNoclaim) when both sides have a price, pClaim or
 * 1 - pNoclaim when only one has (a price of 0 means none), clamped to [0, 1]; -1 when neither has.
 */
export function impliedProbability(claimPrice: f64, noclaimPrice: f64): f64 {
  let p: f64;
  if (claimPrice > 0.0 && noclaimPrice > 0.0) p = claimPrice / (claimPrice + noclaimPrice);
  else if (claimPrice > 0.0) p = claimPrice;
  else if (noclaimPrice > 0.0) p = 1.0 - noclaimPrice;
  else return -1.0;
  return p < 0.0 ? 0.0 : p > 1.0 ? 1.0 : p;
}

/**
 * Annualised rate of cover, -ln(1 - p) / years to expiry: p clamped below 1 and the time to expiry above 0
 * (config), so the result is always finite.
 */
export function annualisedRate(p: f64, secondsToExpiry: i64, config: Config): f64 {
  const clamped = p > config.maxProbability ? config.maxProbability : p < 0.0 ? 0.0 : p;
  const seconds = secondsToExpiry < config.minSecondsToExpiry ? config.minSecondsToExpiry : secondsToExpiry;
  return -Math.log1p(-clamped) / (<f64>seconds / config.secondsPerYear);
}

/**
 * Forward probability of a payout between two expiries, an approximation: 1 - (1 - pFar) / (1 - pNear), clamped
 * at 0, pNear clamped below 1 (config). It reads the two series' probabilities as cumulative risks of one incident
 * process, so that surviving to the far expiry is surviving to the near one and then the gap; they are market
 * prices of series created at different times, so it is the market's forward view, not a covered risk. Same
 * formula as scripts/lib/market/risk.ts's forwardRisk.
 */
export function forwardProbability(pNear: f64, pFar: f64, config: Config): f64 {
  const near = pNear > config.maxProbability ? config.maxProbability : pNear < 0.0 ? 0.0 : pNear;
  const forward = 1.0 - (1.0 - pFar) / (1.0 - near);
  return forward > 0.0 ? forward : 0.0;
}

/** A WAD payout (1e18 = all of the collateral) as a probability. */
export function payoutProbability(payout: BigInt): f64 {
  return bigIntToF64(payout) / 1e18;
}
