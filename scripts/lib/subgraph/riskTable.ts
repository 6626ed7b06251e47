/**
 * The implied-risk table, read from the subgraph: one row per series (protocol, expiry, collateral, CLAIM price,
 * implied probability, annualised rate, 24-hour volume, open interest, collateral locked, status, payout), prices as
 * the subgraph computes them from its pools, the probability and rate at time `now` (lib/market/risk.ts's riskAt: a
 * settled series at its payout with no rate, a live one's rate at `now`, not at its last price change), volume from
 * its hourly candles over the 24 hours before `now`; all as of `block` when given (graph-node's time travel), else
 * the latest indexed block. npm start prints it; so does `cover risk`, which names each series by its handle.
 */
import { formatUnits } from "ethers";
import { isoDate } from "../market/calendar.js";
import { dayWindowStart, riskAt } from "../market/risk.js";
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
  /** The collateral's decimals: volume24h, openInterest and collateralLocked are decimal strings in them. */
  decimals: number;
  claimPrice: number | null;
  impliedProbability: number | null;
  /** At `now`: -ln(1 - p) / years to expiry for a live or expired series; null for a settled one (or without a price). */
  annualisedRate: number | null;
  /** CLAIM payout per token of a settled series (0 by time, p by incident); null until settled. */
  payout: number | null;
  volume24h: string;
  /** Cover outstanding (the CLAIM supply), in collateral. */
  openInterest: string;
  collateralLocked: string;
  status: string;
}

/** `block: { number: N }, ` for a query at block N (a safe integer, checked here), "" for the latest indexed block. */
export function atBlock(block: number | undefined): string {
  if (block === undefined) return "";
  if (!Number.isSafeInteger(block) || block < 0) throw new Error(`not a block number: ${block}`);
  return `block: { number: ${block} }, `;
}

const tableQuery = (block: number | undefined) => `query($since: BigInt!, $skip: Int!) {
  series_collection(${atBlock(block)}first: 1000, skip: $skip, orderBy: expiry, orderDirection: asc) {
    id expiry collateral { id } collateralSymbol decimals claimPrice impliedProbability openInterest collateralLocked status payout
    protocol { id name ticker }
    candles(first: 48, where: { interval: Hour, periodStart_gte: $since }) { volume }
  }
}`;


const num = (value: string | null) => (value === null || value === undefined ? null : Number(value));

/** Reads every series's row at time `now` (and `block`, if given); sorted by protocol id, collateral, expiry. */
export async function readRiskTable(query: (text: string, variables?: Record<string, unknown>) => Promise<any>, now: number, block?: number): Promise<RiskRow[]> {
  const since = dayWindowStart(now);
  const series: any[] = [];
  const text = tableQuery(block);
  for (let skip = 0; ; skip += 1000) {
    const page = (await query(text, { since: String(since), skip })).series_collection;
    series.push(...page);
    if (page.length < 1000) break;
  }
  series.sort((a, b) => Number(a.protocol.id) - Number(b.protocol.id) || a.collateralSymbol.localeCompare(b.collateralSymbol) || Number(a.expiry) - Number(b.expiry));
  return series.map((s) => {
    const risk = riskAt({ status: s.status, payout: s.payout, impliedProbability: num(s.impliedProbability), expiry: Number(s.expiry) }, now);
    return {
      protocol: s.protocol.name,
      protocolId: Number(s.protocol.id),
      ticker: s.protocol.ticker,
      seriesId: s.id,
      handle: seriesHandle(s.protocol.ticker, s.expiry, s.collateralSymbol),
      expiry: isoDate(BigInt(s.expiry)),
      collateral: s.collateralSymbol,
      collateralAddress: s.collateral.id,
      decimals: Number(s.decimals),
      claimPrice: num(s.claimPrice),
      impliedProbability: risk.probability,
      annualisedRate: risk.annualisedRate,
      payout: risk.payout,
      volume24h: formatUnits(s.candles.reduce((sum: bigint, c: any) => sum + BigInt(c.volume), 0n), s.decimals),
      openInterest: formatUnits(BigInt(s.openInterest), s.decimals),
      collateralLocked: formatUnits(BigInt(s.collateralLocked), s.decimals),
      status: s.status,
    };
  });
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
  const header = [...names, "CLAIM price", "Implied p", "Annualised", "24h volume", "Open int.", "Locked", "Payout", "Status"];
  const body = rows.map((r) => [
    ...(handles ? [r.handle] : [r.protocol, r.expiry, r.collateral]),
    r.claimPrice === null ? "-" : r.claimPrice.toFixed(4),
    pct(r.impliedProbability),
    pct(r.annualisedRate, 1),
    amount(r.volume24h),
    amount(r.openInterest),
    amount(r.collateralLocked),
    pct(r.payout),
    r.status,
  ]);
  return renderTable(header, body, { right: header.slice(names.length, names.length + 7) });
}
