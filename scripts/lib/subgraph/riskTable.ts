/**
 * The implied-risk table, read from the subgraph: one row per series (protocol, expiry, collateral, CLAIM price,
 * implied probability, annualised rate, 24-hour volume, open interest, collateral locked, status), prices and rates
 * as the subgraph computes them from its pools, volume from its hourly candles over the 24 hours before `now`.
 * npm start prints it; so does `cover risk`, which names each series by its handle.
 */
import { formatUnits } from "ethers";
import { isoDate } from "../market/calendar.js";
import { dayWindowStart } from "../market/risk.js";
import { renderTable } from "../format/table.js";
import { seriesHandle } from "../market/series.js";

export interface RiskRow {
  protocol: string;
  protocolId: number;
  ticker: string;
  seriesId: string;
  /** TICKER-YYYY-MM-DD-COLLATERAL, as the `cover` CLI names series. */
  handle: string;
  expiry: string;
  collateral: string;
  /** The collateral token's address (a symbol alone proves nothing). */
  collateralAddress: string;
  claimPrice: number | null;
  impliedProbability: number | null;
  annualisedRate: number | null;
  volume24h: string;
  /** Cover outstanding (the CLAIM supply), in collateral. */
  openInterest: string;
  collateralLocked: string;
  status: string;
}

const QUERY = `query($since: BigInt!, $skip: Int!) {
  series_collection(first: 1000, skip: $skip, orderBy: expiry, orderDirection: asc) {
    id expiry collateral { id } collateralSymbol decimals claimPrice impliedProbability annualisedRate openInterest collateralLocked status
    protocol { id name ticker }
    candles(first: 48, where: { interval: Hour, periodStart_gte: $since }) { volume }
  }
}`;


const num = (value: string | null) => (value === null || value === undefined ? null : Number(value));

/** Reads every series's row; sorted by protocol id, collateral, expiry. */
export async function readRiskTable(query: (text: string, variables?: Record<string, unknown>) => Promise<any>, now: number): Promise<RiskRow[]> {
  const since = dayWindowStart(now);
  const series: any[] = [];
  for (let skip = 0; ; skip += 1000) {
    const page = (await query(QUERY, { since: String(since), skip })).series_collection;
    series.push(...page);
    if (page.length < 1000) break;
  }
  series.sort((a, b) => Number(a.protocol.id) - Number(b.protocol.id) || a.collateralSymbol.localeCompare(b.collateralSymbol) || Number(a.expiry) - Number(b.expiry));
  return series.map((s) => ({
    protocol: s.protocol.name,
    protocolId: Number(s.protocol.id),
    ticker: s.protocol.ticker,
    seriesId: s.id,
    handle: seriesHandle(s.protocol.ticker, s.expiry, s.collateralSymbol),
    expiry: isoDate(BigInt(s.expiry)),
    collateral: s.collateralSymbol,
    collateralAddress: s.collateral.id,
    claimPrice: num(s.claimPrice),
    impliedProbability: num(s.impliedProbability),
    annualisedRate: num(s.annualisedRate),
    volume24h: formatUnits(s.candles.reduce((sum: bigint, c: any) => sum + BigInt(c.volume), 0n), s.decimals),
    openInterest: formatUnits(BigInt(s.openInterest), s.decimals),
    collateralLocked: formatUnits(BigInt(s.collateralLocked), s.decimals),
    status: s.status,
  }));
}

/** A fraction as a percentage ("-" for none). */
export const pct = (x: number | null, digits = 2) => (x === null ? "-" : `${(x * 100).toFixed(digits)}%`);
/** An amount in collateral units, rounded to whole units with thousands separators. */
export const amount = (x: string) => Math.round(Number(x)).toLocaleString("en-US");

/**
 * The rows as an aligned text table; with `handles`, each series is named by its handle in one column instead of
 * protocol, expiry and collateral in three.
 */
export function formatTable(rows: RiskRow[], { handles = false } = {}): string {
  const names = handles ? ["Series"] : ["Protocol", "Expiry", "Coll."];
  const header = [...names, "CLAIM price", "Implied p", "Annualised", "24h volume", "Open int.", "Locked", "Status"];
  const body = rows.map((r) => [
    ...(handles ? [r.handle] : [r.protocol, r.expiry, r.collateral]),
    r.claimPrice === null ? "-" : r.claimPrice.toFixed(4),
    pct(r.impliedProbability),
    pct(r.annualisedRate, 1),
    amount(r.volume24h),
    amount(r.openInterest),
    amount(r.collateralLocked),
    r.status,
  ]);
  return renderTable(header, body, { right: header.slice(names.length, names.length + 6) });
}
