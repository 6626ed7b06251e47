/**
 * Redemption maths, exactly as the market computes it (CoverMarket.redeem): payouts are WAD fractions,
 * and each side's term rounds down so the market keeps every remainder.
 */
import { readDecimal } from "../format/decimal.js";

export const WAD = 10n ** 18n;

/** Collateral paid for `claimAmount` CLAIM and `noclaimAmount` NOCLAIM at CLAIM payout `payout` (WAD). */
export function redemptionValue(claimAmount: bigint, noclaimAmount: bigint, payout: bigint): bigint {
  if (payout < 0n || payout > WAD) throw new RangeError(`payout ${payout} is outside [0, ${WAD}]`);
  return (claimAmount * payout) / WAD + (noclaimAmount * (WAD - payout)) / WAD;
}

/** A fraction such as 0.3 as a WAD payout, exactly for decimal strings ("0.3" -> 3e17). */
export function toWad(fraction: string | number): bigint {
  const text = typeof fraction === "number" ? fraction.toString() : fraction;
  const d = readDecimal(text.trim(), 18);
  if (!d.ok) throw new RangeError(`not a decimal fraction: ${text}`);
  const value = d.value;
  if (value > WAD) throw new RangeError(`fraction ${text} is above 1`);
  return value;
}
