/**
 * The one decimal parser: a plain decimal number ("12.5": digits, then optionally a point and more digits; no sign,
 * exponent, spaces or separators) read as an integer scaled by 10^decimals, exactly, never through a float. Every
 * amount, percentage, fraction, payout and feed-price parser of the project is built on it.
 */

/** What reading a decimal gave: its scaled value, or why there is none. */
export type Decimal =
  | { ok: true; value: bigint }
  | { ok: false; why: "malformed" }
  | { ok: false; why: "too precise"; fractionDigits: number };

const PLAIN = /^(\d+)(?:\.(\d+))?$/;

/** `text` as an integer scaled by 10^decimals: readDecimal("12.5", 6) gives 12_500_000n. */
export function readDecimal(text: string, decimals: number): Decimal {
  const m = PLAIN.exec(text);
  if (!m) return { ok: false, why: "malformed" };
  const fraction = m[2] ?? "";
  if (fraction.length > decimals) return { ok: false, why: "too precise", fractionDigits: fraction.length };
  return { ok: true, value: BigInt(m[1]) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0") };
}

/** A fraction ("0.4") or a percentage ("40%") as a WAD (1e18 = 1), exactly: a percentage has 16 decimals left. */
export function readFraction(text: string): Decimal {
  return text.endsWith("%") ? readDecimal(text.slice(0, -1).trim(), 16) : readDecimal(text, 18);
}
