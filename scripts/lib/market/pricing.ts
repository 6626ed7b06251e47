/**
 * Price maths of cover tokens in Uniswap v3 pools: price <-> sqrtPriceX96 <-> tick, implied probability, all
 * oriented by token order. The one TypeScript copy of these rules, used by scripts and tests alike; each
 * function mirrors its Solidity counterpart (contracts/periphery/libraries/{PriceMath,TickMath}.sol) to the wei.
 *
 * A pool's sqrtPriceX96 is sqrt(token1 / token0) * 2^96 in raw units. Cover tokens have their collateral's
 * decimals, so raw and human prices agree: a price is a WAD fraction of one unit of collateral.
 *
 * Ranges in implied-risk terms: CLAIM trades at the risk and NOCLAIM at one minus it, so a risk range [r1, r2] is
 * CLAIM prices [r1, r2] in the CLAIM pool and NOCLAIM prices [1 - r2, 1 - r1] in the NOCLAIM pool. That is exact
 * while pClaim + pNoclaim = 1 (minting and merging pairs keep the two pools near it), which the implied risk
 * pClaim / (pClaim + pNoclaim) assumes away.
 */
import { Side, type SideValue } from "./enums.js";
import { WAD } from "./payout.js";

export { WAD };
export const Q96 = 1n << 96n;
export const Q128 = 1n << 128n;
export const Q192 = 1n << 192n;
export const MIN_TICK = -887272;
export const MAX_TICK = 887272;
/** sqrtPriceAtTick(MIN_TICK) and sqrtPriceAtTick(MAX_TICK), as Q64.96. */
export const MIN_SQRT_PRICE = 4295128739n;
export const MAX_SQRT_PRICE = 1461446703485210103287273052203988822378723970342n;

/** Whether `token` sorts before `other` in a Uniswap pool (token0 has the lower address). */
export function isToken0(token: string, other: string): boolean {
  return BigInt(token) < BigInt(other);
}

/** floor(sqrt(n)) for n >= 0. */
export function sqrtFloor(n: bigint): bigint {
  if (n < 0n) throw new RangeError("square root of a negative number");
  if (n < 2n) return n;
  // Newton's method from above: starts at or above the root and decreases monotonically onto floor(sqrt(n)).
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const next = (x + n / x) >> 1n;
    if (next >= x) return x;
    x = next;
  }
}

/** The sqrtPriceX96 at which `base` costs `numerator / denominator` of the other token (raw units), rounded down. */
export function sqrtPriceX96ForRatio(numerator: bigint, denominator: bigint, baseIsToken0: boolean): bigint {
  if (numerator <= 0n || denominator <= 0n) throw new RangeError(`price must be positive, got ${numerator}/${denominator}`);
  // Uniswap's price is token1 per token0.
  return sqrtFloor(baseIsToken0 ? (numerator << 192n) / denominator : (denominator << 192n) / numerator);
}

/** PriceMath.sqrtPriceX96For: the sqrtPriceX96 at which `base` costs `price` (WAD in (0, 1e18]) of the other token. */
export function sqrtPriceX96ForPrice(price: bigint, baseIsToken0: boolean): bigint {
  return sqrtPriceX96ForRatio(price, WAD, baseIsToken0);
}

/** PriceMath.priceWad: the price of `base` in the other token at `sqrtPriceX96`, as a WAD, rounded down. */
export function priceFromSqrtPriceX96(sqrtPriceX96: bigint, baseIsToken0: boolean): bigint {
  if (sqrtPriceX96 === 0n) return 0n;
  if (sqrtPriceX96 < Q128) {
    const ratioX192 = sqrtPriceX96 * sqrtPriceX96;
    return baseIsToken0 ? (ratioX192 * WAD) / Q192 : (Q192 * WAD) / ratioX192;
  }
  const ratioX128 = (sqrtPriceX96 * sqrtPriceX96) >> 64n;
  return baseIsToken0 ? (ratioX128 * WAD) / Q128 : (Q128 * WAD) / ratioX128;
}

/** The price of a cover token in collateral at `sqrtPriceX96`, as a float, computed as the subgraph computes it (f64). */
export function coverPriceOf(sqrtPriceX96: bigint, coverIsToken0: boolean): number {
  const s = Number(sqrtPriceX96) / 2 ** 96;
  return coverIsToken0 ? s * s : 1 / (s * s);
}

/** Q128.128 factors 1/sqrt(1.0001^(2^i)) for bits 1..19 of |tick| (bit 0's factor starts the product). */
const TICK_FACTORS: [number, bigint][] = [
  [0x2, 0xfff97272373d413259a46990580e213an],
  [0x4, 0xfff2e50f5f656932ef12357cf3c7fdccn],
  [0x8, 0xffe5caca7e10e4e61c3624eaa0941cd0n],
  [0x10, 0xffcb9843d60f6159c9db58835c926644n],
  [0x20, 0xff973b41fa98c081472e6896dfb254c0n],
  [0x40, 0xff2ea16466c96a3843ec78b326b52861n],
  [0x80, 0xfe5dee046a99a2a811c461f1969c3053n],
  [0x100, 0xfcbe86c7900a88aedcffc83b479aa3a4n],
  [0x200, 0xf987a7253ac413176f2b074cf7815e54n],
  [0x400, 0xf3392b0822b70005940c7a398e4b70f3n],
  [0x800, 0xe7159475a2c29b7443b29c7fa6e889d9n],
  [0x1000, 0xd097f3bdfd2022b8845ad8f792aa5825n],
  [0x2000, 0xa9f746462d870fdf8a65dc1f90e061e5n],
  [0x4000, 0x70d869a156d2a1b890bb3df62baf32f7n],
  [0x8000, 0x31be135f97d08fd981231505542fcfa6n],
  [0x10000, 0x9aa508b5b7a84e1c677de54f3e99bc9n],
  [0x20000, 0x5d6af8dedb81196699c329225ee604n],
  [0x40000, 0x2216e584f5fa1ea926041bedfe98n],
  [0x80000, 0x48a170391f7dc42444e8fa2n],
];

/** TickMath.sqrtPriceAtTick: sqrt(1.0001^tick) * 2^96, rounded up as the pools round it. */
export function sqrtPriceAtTick(tick: number): bigint {
  if (!Number.isInteger(tick) || tick < MIN_TICK || tick > MAX_TICK) throw new RangeError(`tick out of range: ${tick}`);
  const absTick = Math.abs(tick);
  let r = absTick & 0x1 ? 0xfffcb933bd6fad37aa2d162d1a594001n : Q128;
  for (const [bit, factor] of TICK_FACTORS) if (absTick & bit) r = (r * factor) >> 128n;
  if (tick > 0) r = ((1n << 256n) - 1n) / r;
  return (r >> 32n) + (r % (1n << 32n) === 0n ? 0n : 1n);
}

/** The greatest tick whose sqrt price is at most `sqrtPriceX96` (the tick a pool at that price reports). */
export function tickAtSqrtPrice(sqrtPriceX96: bigint): number {
  if (sqrtPriceX96 < MIN_SQRT_PRICE || sqrtPriceX96 >= MAX_SQRT_PRICE) throw new RangeError("sqrt price out of range");
  let lo = MIN_TICK;
  let hi = MAX_TICK;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (sqrtPriceAtTick(mid) <= sqrtPriceX96) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The price of `base` (WAD) at a tick of its pool. */
export function priceAtTick(tick: number, baseIsToken0: boolean): bigint {
  return priceFromSqrtPriceX96(sqrtPriceAtTick(tick), baseIsToken0);
}

/** The pool tick at which `base` costs `price` (WAD). */
export function tickForPrice(price: bigint, baseIsToken0: boolean): number {
  return tickAtSqrtPrice(sqrtPriceX96ForPrice(price, baseIsToken0));
}

/** A tick rounded to a multiple of the pool's tick spacing. */
export function usableTick(tick: number, spacing: number, rounding: "down" | "up" | "nearest" = "nearest"): number {
  const q = tick / spacing;
  const k = rounding === "down" ? Math.floor(q) : rounding === "up" ? Math.ceil(q) : Math.round(q);
  const t = k * spacing;
  const min = Math.ceil(MIN_TICK / spacing) * spacing;
  const max = Math.floor(MAX_TICK / spacing) * spacing;
  return Math.min(max, Math.max(min, t));
}

/**
 * The widest usable tick range inside [lowPrice, highPrice] of `base` (WAD prices), oriented whatever the token
 * order: when `base` is token1, a higher price of base is a lower tick.
 */
export function rangeForPrices(
  lowPrice: bigint,
  highPrice: bigint,
  baseIsToken0: boolean,
  spacing: number,
): { tickLower: number; tickUpper: number } {
  if (lowPrice >= highPrice) throw new RangeError("lowPrice must be below highPrice");
  const a = tickForPrice(lowPrice, baseIsToken0);
  const b = tickForPrice(highPrice, baseIsToken0);
  const [lo, hi] = a < b ? [a, b] : [b, a];
  const tickLower = usableTick(lo, spacing, "up");
  const tickUpper = usableTick(hi, spacing, "down");
  if (tickLower >= tickUpper) throw new RangeError("price range narrower than one tick spacing");
  return { tickLower, tickUpper };
}

/** PriceMath.impliedRisk: pClaim / (pClaim + pNoclaim) as a WAD, rounded down; 0 when both are 0. */
export function impliedRisk(claimPrice: bigint, noclaimPrice: bigint): bigint {
  const sum = claimPrice + noclaimPrice;
  return sum === 0n ? 0n : (claimPrice * WAD) / sum;
}

/** The arithmetic-mean tick of two tickCumulatives over `window` seconds, rounded towards negative infinity. */
export function meanTick(tickCumulativeStart: bigint, tickCumulativeEnd: bigint, window: bigint): number {
  const delta = tickCumulativeEnd - tickCumulativeStart;
  let t = delta / window;
  if (delta < 0n && delta % window !== 0n) t -= 1n;
  return Number(t);
}

/**
 * The risk a price of `side`'s cover token stands for: the CLAIM price itself, or one minus the NOCLAIM price,
 * clamped to [0, 1] (a pool may sit anywhere, e.g. at the ends of a full-range position).
 */
export function riskOfPrice(price: bigint, side: SideValue): bigint {
  const risk = side === Side.Claim ? price : WAD - price;
  return risk < 0n ? 0n : risk > WAD ? WAD : risk;
}

/** The price range of `side`'s cover token for implied risks [lowRisk, highRisk] (WAD, 0 < low < high < 1). */
export function priceRangeForRisk(lowRisk: bigint, highRisk: bigint, side: SideValue): [bigint, bigint] {
  if (!(0n < lowRisk && lowRisk < highRisk && highRisk < WAD)) throw new RangeError("risks must satisfy 0 < low < high < 1");
  return side === Side.Claim ? [lowRisk, highRisk] : [WAD - highRisk, WAD - lowRisk];
}

/**
 * The widest usable tick range of `side`'s pool inside implied risks [lowRisk, highRisk], whatever the token
 * order (see rangeForPrices); throws a RangeError when the range is narrower than one tick spacing.
 */
export function rangeForRisk(
  lowRisk: bigint,
  highRisk: bigint,
  side: SideValue,
  coverIsToken0: boolean,
  spacing: number,
): { tickLower: number; tickUpper: number } {
  const [lowPrice, highPrice] = priceRangeForRisk(lowRisk, highRisk, side);
  return rangeForPrices(lowPrice, highPrice, coverIsToken0, spacing);
}

/** The implied-risk range [low, high] (WAD) that ticks [tickLower, tickUpper] of `side`'s pool cover. */
export function riskRangeOfTicks(
  tickLower: number,
  tickUpper: number,
  side: SideValue,
  coverIsToken0: boolean,
): { low: bigint; high: bigint } {
  const a = riskOfPrice(priceAtTick(tickLower, coverIsToken0), side);
  const b = riskOfPrice(priceAtTick(tickUpper, coverIsToken0), side);
  return a < b ? { low: a, high: b } : { low: b, high: a };
}
