/**
 * How the dashboard writes numbers: percentages, prices, amounts of collateral (raw BigInt strings with the
 * collateral's decimals, converted without floating point), times. The browser tests format the subgraph's own
 * answers with these same functions and compare the text on the page with them.
 */

/** A fraction as a percentage, e.g. 0.0123 -> "1.23%" ("-" for none). */
export const pct = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? "-" : `${(x * 100).toFixed(digits)}%`);

/** A signed change of a fraction in percentage points, e.g. +0.0012 -> "+0.12 pp" ("-" for none). */
export const pp = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "-" : `${x >= 0 ? "+" : "-"}${Math.abs(x * 100).toFixed(2)} pp`);

/** A price in collateral, 6 decimals ("-" for none). */
export const price = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(6));

/** A raw amount (integer string) with `decimals` as an exact decimal string, e.g. ("1500000", 6) -> "1.5". */
export function units(raw: string | bigint, decimals: number): string {
  let v = BigInt(raw);
  const negative = v < 0n;
  if (negative) v = -v;
  const base = 10n ** BigInt(decimals);
  const whole = v / base;
  const frac = (v % base).toString().padStart(decimals, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${frac ? "." + frac : ""}`;
}

/** A raw amount (integer string) with `decimals`, rounded to `digits` decimals with thousands separators, e.g. ("1234567891", 6) -> "1,234.57". */
export function fixed(raw: string | bigint, decimals: number, digits = 2): string {
  return Number(units(raw, decimals)).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A raw amount in whole units of collateral with thousands separators, e.g. ("1234567891", 6) -> "1,235". */
export function amount(raw: string | bigint, decimals: number): string {
  const v = BigInt(raw);
  const base = 10n ** BigInt(decimals);
  const half = base / 2n;
  const rounded = v >= 0n ? (v + half) / base : -((-v + half) / base);
  return rounded.toLocaleString("en-US");
}

/** Unix seconds as "2026-06-05 08:00" (UTC). */
export const time = (t: number | null | undefined) => (t === null || t === undefined ? "-" : new Date(t * 1000).toISOString().slice(0, 16).replace("T", " "));

/** Unix seconds as "2026-06-05" (UTC). */
export const date = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

/** A duration in days, one decimal, e.g. "12.3 d". */
export const days = (seconds: number) => `${(seconds / 86400).toFixed(1)} d`;

/** An address or hash shortened for a table, e.g. 0x1234…abcd. */
export const short = (hex: string) => (hex.length > 12 ? `${hex.slice(0, 6)}…${hex.slice(-4)}` : hex);

/** A WAD fraction (1e18 = 1) as a number. */
export const wad = (raw: string | bigint) => Number(BigInt(raw)) / 1e18;
