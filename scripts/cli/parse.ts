/**
 * The one place the CLI turns people's input into chain values: amounts in human units with a token's decimals,
 * slippage, ranges of implied risk, shares of a position, position ids, fractions (payouts), points in time, and
 * series handles (TICKER-YYYY-MM-DD-COLLATERAL) and protocol tickers that resolve only to protocols and collaterals
 * on the network's curated list (curated.ts); anything else by series id, token address or protocol id, flagged as
 * unlisted.
 */
import { getAddress, isAddress } from "ethers";
import { readDecimal, readFraction } from "../lib/format/decimal.js";
import { firstExpiryAfter, isExpiry, isoDate, WEEK } from "../lib/market/calendar.js";
import { WAD } from "../lib/market/payout.js";
import { lowerNamesOf, Route, Side, valueNamed, type EnumValue, type SideValue } from "../lib/market/enums.js";
import type { DeploymentFile } from "../lib/deploy/deploymentFile.js";
import { usage } from "./errors.js";
import { curated, type CuratedProtocol } from "../lib/deploy/curated.js";
import { closest, didYouMean } from "../lib/format/suggest.js";
import { seriesHandle } from "../lib/market/handle.js";

/** `text` (e.g. "1,000.5" is refused; "1000.5" is fine) in raw units of a token with `decimals`; `what` names it in errors. */
export function parseAmount(text: string, decimals: number, what = "amount", { allowZero = false } = {}): bigint {
  const s = String(text).trim();
  if (/^-/.test(s)) throw usage(`${what} must not be negative, got "${text}"`);
  const d = readDecimal(s, decimals);
  if (!d.ok && d.why === "malformed") throw usage(`${what} must be a plain decimal number such as 100 or 12.5, got "${text}"`);
  if (!d.ok) throw usage(`${what} "${text}" has ${d.fractionDigits} decimals; the token has only ${decimals}`);
  if (d.value === 0n && !allowZero) throw usage(`${what} must be more than zero, got "${text}"`);
  return d.value;
}

/** Like parseAmount, but a leading "-" makes it negative (zero allowed): for limits that may go either way. */
export function parseSignedAmount(text: string, decimals: number, what: string): bigint {
  const s = String(text).trim();
  return s.startsWith("-") ? -parseAmount(s.slice(1), decimals, what, { allowZero: true }) : parseAmount(s, decimals, what, { allowZero: true });
}

/** A route option (`option` names it in errors): its Route value, or undefined when not given. */
export function parseRoute(text: string | undefined, option = "--route"): EnumValue<typeof Route> | undefined {
  if (text === undefined) return undefined;
  const route = valueNamed(Route, String(text));
  if (route === undefined) throw usage(`${option} must be ${lowerNamesOf(Route).join(" or ")}, got "${text}"`);
  return route;
}

/** A --side option: Side.Claim (cover) or Side.Noclaim (underwriting). */
export function parseSide(text: string): SideValue {
  const side = valueNamed(Side, String(text));
  if (side === undefined) throw usage(`--side must be ${lowerNamesOf(Side).join(" or ")}, got "${text}"`);
  return side;
}

/**
 * An address (`what` names it in errors), checksummed: 0x and 40 hex digits; mixed case must be a valid EIP-55
 * checksum (all lower or all upper case carries none).
 */
export function parseAddress(text: string, what = "address"): string {
  const s = String(text).trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(s)) throw usage(`${what} "${text}" is not an address: 0x and 40 hex digits`);
  try {
    return getAddress(s);
  } catch {
    throw usage(`${what} "${text}" has a bad checksum: the case of its letters does not match the address (a typo?); check it, or give it all in lower case`);
  }
}

/** A fraction in (0, 1) or a percentage ("0.5%"): for slippage limits. Returns basis points (rounded). */
export function parseSlippage(text: string): bigint {
  const s = String(text).trim();
  const d = readFraction(s);
  if (!d.ok) throw usage(`slippage must be a percentage such as 0.5%, got "${text}"`);
  const bps = (d.value * 10_000n + WAD / 2n) / WAD;
  if (bps >= 10_000n) {
    if (!s.endsWith("%")) throw usage(`slippage "${text}" is a bare number, read as a fraction (1 = 100%, 0.01 = 1%): it must be under 1; for ${s} percent write ${s}%`);
    throw usage(`slippage must be at least 0% and under 100%, got "${text}"`);
  }
  return bps;
}

/** One end of a risk range: a fraction ("0.02") or a percentage ("2%"), as a WAD; null if malformed. */
function riskBound(text: string): bigint | null {
  const d = readFraction(text);
  return d.ok ? d.value : null;
}

/**
 * A range of implied risk `<low>:<high>`, each end a fraction ("0.02:0.10") or a percentage ("2%:10%"), both
 * strictly between 0 and 1 and low below high. Returns WADs.
 */
export function parseRiskRange(text: string): { low: bigint; high: bigint } {
  const s = String(text).trim();
  const form = `--range must be <low>:<high> in implied-risk terms, such as 0.02:0.10 or 2%:10%, got "${text}"`;
  const parts = s.split(":").map((p) => p.trim());
  if (parts.length !== 2) throw usage(form);
  const [low, high] = parts.map(riskBound);
  if (low === null || high === null) throw usage(form);
  for (const [end, value] of [[parts[0], low], [parts[1], high]] as const) {
    if (value <= 0n || value >= 10n ** 18n) throw usage(`--range: each end must lie strictly between 0 and 1 (0% and 100%), got ${end} in "${text}"`);
  }
  if (low >= high) throw usage(`--range: the low end ${parts[0]} must be below the high end ${parts[1]}, got "${text}"`);
  return { low, high };
}

/** A share of a position in (0, 100] percent ("50", "50%", "12.5"), in basis points. */
export function parsePercent(text: string, what = "--percent"): bigint {
  const s = String(text).trim();
  const d = readDecimal(s.endsWith("%") ? s.slice(0, -1) : s, 2);
  if (!d.ok) throw usage(`${what} must be a percentage such as 50 or 12.5 (at most two decimals), got "${text}"`);
  const bps = d.value;
  if (bps === 0n || bps > 10_000n) throw usage(`${what} must be more than 0 and at most 100, got "${text}"`);
  return bps;
}

/** A Uniswap position (NFT) id: a whole number above zero. */
export function parsePositionId(text: string): bigint {
  const s = String(text).trim();
  if (!/^\d+$/.test(s) || BigInt(s) === 0n) throw usage(`"${text}" is not a position id: use the number \`cover lp list\` shows, such as 42`);
  return BigInt(s);
}

/** A fraction in [0, 1], as "0.4" or "40%", exactly as a WAD (1e18 = 1); `what` names it in errors. */
export function parseFraction(text: string, what: string, { allowZero = false } = {}): bigint {
  const d = readFraction(String(text).trim());
  if (!d.ok && d.why === "malformed") throw usage(`${what} must be a fraction such as 0.4 or a percentage such as 40%, got "${text}"`);
  if (!d.ok) throw usage(`${what} "${text}" is more precise than 1e-18`);
  const wad = d.value;
  if (wad > WAD) throw usage(`${what} must be at most 1 (100%), got "${text}"`);
  if (wad === 0n && !allowZero) throw usage(`${what} must be more than zero, got "${text}"`);
  return wad;
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A point in time in Unix seconds: digits (Unix seconds), an ISO 8601 date-time with its zone
 * (2026-03-01T12:00:00Z, 2026-03-01T13:00+01:00) or a date (taken as 00:00 UTC). A date-time without a zone is
 * refused rather than read in the local zone.
 */
export function parseTime(text: string, what: string): bigint {
  const s = String(text).trim();
  if (/^\d+$/.test(s)) {
    if (s.length > 11) throw usage(`${what} "${text}" is too large for Unix seconds (milliseconds?)`);
    return BigInt(s);
  }
  const m = ISO_TIME.exec(s);
  if (!m) throw usage(`${what} must be an ISO date-time such as 2026-03-01T12:00:00Z or Unix seconds, got "${text}"`);
  const [, y, mo, d, h, mi, sec, , zone] = m;
  if (h !== undefined && zone === undefined) throw usage(`${what} "${text}" has no time zone: add Z (UTC) or an offset such as +01:00`);
  const [hours, minutes, seconds] = [h, mi, sec].map((v) => Number(v ?? 0));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), hours, minutes, seconds);
  const date = new Date(utc);
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || hours > 23 || minutes > 59 || seconds > 59) {
    throw usage(`${what} "${text}" is not a valid date-time`);
  }
  const offset = /^[+-]/.test(zone ?? "") ? (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2))) * 60 : 0;
  return BigInt(utc / 1000 - offset);
}

/** The curated protocol with this ticker (any case), if any. */
export function curatedProtocol(file: DeploymentFile, ticker: string): CuratedProtocol | undefined {
  return curated(file).protocols.find((p) => p.ticker.toUpperCase() === ticker.toUpperCase());
}

/** A protocol by id (digits) or by ticker, which resolves only on the curated list. */
export function parseProtocolRef(text: string, file: DeploymentFile): { id: number; byTicker: boolean } {
  const s = String(text).trim();
  if (/^\d+$/.test(s)) return { id: Number(s), byTicker: false };
  if (!/^[A-Za-z0-9]+$/.test(s)) throw usage(`"${text}" is not a protocol: use its ticker (e.g. DEMOLEND) or its id`);
  const protocol = curatedProtocol(file, s);
  if (!protocol) {
    const known = curated(file).protocols.map((p) => p.ticker).join(", ") || "none";
    const hint = didYouMean(s.toUpperCase(), curated(file).protocols.map((p) => p.ticker));
    throw usage(`unknown protocol "${text}": no protocol with ticker ${s.toUpperCase()} on the curated list, ${curated(file).source} (listed: ${known}); name an unlisted protocol by its id${hint}`);
  }
  return { id: protocol.id, byTicker: true };
}

/** What a series reference names before the chain is asked. */
export type SeriesRef =
  | { kind: "id"; id: string }
  | { kind: "address"; address: string }
  | { kind: "handle"; protocolId: number; ticker: string; collateral: string; symbol: string; expiry: bigint | undefined };

const HANDLE = /^([A-Za-z0-9]+)(?:-(\d{4})-(\d{2})-(\d{2}))?-([A-Za-z0-9]+)$/;

/**
 * Parses a series reference: a 32-byte id, a CLAIM or NOCLAIM token address, or a handle TICKER-YYYY-MM-DD-COLL
 * (or TICKER-COLL for "the only live series", which the caller resolves). Handles resolve only on the curated list.
 */
export function parseSeriesRef(text: string, file: DeploymentFile): SeriesRef {
  const s = String(text).trim();
  if (/^0x[0-9a-fA-F]{64}$/.test(s)) return { kind: "id", id: s.toLowerCase() };
  if (s.startsWith("0x")) {
    if (/^0x[0-9a-fA-F]{40}$/.test(s)) return { kind: "address", address: parseAddress(s, "series token") };
    throw usage(`"${text}" is neither a series id (0x and 64 hex digits) nor a token address (0x and 40 hex digits)`);
  }
  const m = HANDLE.exec(s);
  if (!m) throw usage(`"${text}" is not a series: use a handle such as TICKER-2026-12-18-USDC, a series id or a token address`);
  const [, tickerRaw, y, mo, d, symbolRaw] = m;
  const ticker = tickerRaw.toUpperCase();
  const symbol = symbolRaw.toUpperCase();
  const list = curated(file);
  const protocol = curatedProtocol(file, ticker);
  if (!protocol) {
    const known = list.protocols.map((p) => p.ticker).join(", ") || "none";
    const near = closest(ticker, list.protocols.map((p) => p.ticker));
    const hint = near ? `; did you mean ${near}${s.slice(tickerRaw.length).toUpperCase()}?` : "";
    throw usage(`unknown series "${text}": no protocol with ticker ${ticker} on the curated list, ${list.source} (listed: ${known}); name an unlisted series by its id or token address${hint}`);
  }
  const collateral = list.collaterals[symbol];
  if (!collateral) {
    const known = Object.keys(list.collaterals).join(", ") || "none";
    const near = closest(symbol, Object.keys(list.collaterals));
    const hint = near ? `; did you mean ${s.slice(0, s.length - symbolRaw.length).toUpperCase()}${near}?` : "";
    throw usage(`unknown series "${text}": no collateral ${symbol} on the curated list, ${list.source} (listed: ${known})${hint}`);
  }
  /** The file's handles of this protocol and collateral nearest the one given, as a hint for a mistyped date. */
  const nearDate = () =>
    didYouMean(s.toUpperCase(), (file.series ?? []).filter((x) => x.protocolId === protocol.id && x.collateral.toLowerCase() === collateral.toLowerCase()).map((x) => seriesHandle(protocol.ticker, x.expiry, symbol)));
  let expiry: bigint | undefined;
  if (y) {
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), 8);
    const date = new Date(ms);
    if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) throw usage(`"${text}": ${y}-${mo}-${d} is not a date${nearDate()}`);
    expiry = BigInt(ms / 1000);
    if (!isExpiry(expiry)) throw usage(`"${text}": ${y}-${mo}-${d} is not an expiry (expiries are Fridays at 08:00 UTC)${nearDate()}`);
  }
  return { kind: "handle", protocolId: protocol.id, ticker: protocol.ticker, collateral, symbol, expiry };
}

/**
 * A series expiry: a date (YYYY-MM-DD, read as 08:00 UTC) or Unix seconds, which must be a calendar expiry (a Friday at
 * 08:00 UTC); a date off the calendar is refused with the expiries either side of it.
 */
export function parseExpiry(text: string, what = "expiry"): bigint {
  const s = String(text).trim();
  let t: bigint;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) {
    const [y, mo, d] = m.slice(1).map(Number);
    const ms = Date.UTC(y, mo - 1, d, 8);
    const date = new Date(ms);
    if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) throw usage(`${what} "${text}" is not a date`);
    t = BigInt(ms / 1000);
  } else if (/^\d{1,11}$/.test(s)) {
    t = BigInt(s);
  } else {
    throw usage(`${what} must be a date such as 2026-12-18 (a Friday, 08:00 UTC) or Unix seconds, got "${text}"`);
  }
  if (!isExpiry(t)) {
    const after = firstExpiryAfter(t);
    throw usage(`${what} ${s} is not on the calendar (expiries are Fridays at 08:00 UTC): the nearest are ${isoDate(after - WEEK)} and ${isoDate(after)}`);
  }
  return t;
}
