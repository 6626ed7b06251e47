/**
 * The subgraph queries behind `cover risk --history` and `--term`, shaped like the analysts' HourlyCandles and
 * TermStructure queries in subgraph/README.md, with their answers as plain rows (probabilities and prices as
 * numbers, amounts in collateral units as decimal strings); and the protocols, to resolve a ticker or id.
 * `query` is any GraphQL runner for the subgraph (gnd.ts's, or the CLI's).
 */
import { formatUnits } from "ethers";
import { isoDate } from "../market/calendar.js";
import { seriesHandle } from "../market/series.js";
import { riskAt } from "../market/risk.js";
import { atBlock } from "./riskTable.js";

export type GraphQuery = (text: string, variables?: Record<string, unknown>) => Promise<any>;

/** One hourly candle of a series' implied probability. */
export interface CandleRow {
  /** Start of the hour, Unix seconds, and the same as an ISO time. */
  periodStart: number;
  time: string;
  open: number;
  high: number;
  low: number;
  close: number;
  /** CLAIM price at the end of the hour (null while the series has no CLAIM price). */
  claimPriceClose: number | null;
  /** Collateral traded in the hour, in collateral units. */
  volume: string;
  swapCount: number;
}

/** What the subgraph knows of a series' candles: whether it has traded, and up to when candles exist. */
export interface CandleSeries {
  decimals: number;
  firstTradeAt: number | null;
  candlesUntil: number | null;
  impliedProbability: number | null;
}

const HOUR = 3600;
/** graph-node answers at most this many entities a query. */
export const MAX_CANDLES = 1000;

const candlesQuery = (block: number | undefined) => `query HourlyCandles($id: ID!, $series: String!, $since: BigInt!, $first: Int!) {
  series(${atBlock(block)}id: $id) { decimals firstTradeAt candlesUntil impliedProbability }
  candles(${atBlock(block)}where: { series: $series, interval: Hour, periodStart_gte: $since }, orderBy: periodStart, orderDirection: asc, first: $first) {
    periodStart probabilityOpen probabilityHigh probabilityLow probabilityClose claimPriceClose volume swapCount
  }
}`;

const num = (value: string | null | undefined) => (value === null || value === undefined ? null : Number(value));

/** The series' hourly candles from the hour starting at `since` on (at most MAX_CANDLES), at `block` if given; series null if unknown. */
export async function readHourlyCandles(query: GraphQuery, seriesId: string, since: number, block?: number): Promise<{ series: CandleSeries | null; candles: CandleRow[] }> {
  const id = seriesId.toLowerCase();
  const data = await query(candlesQuery(block), { id, series: id, since: String(since), first: MAX_CANDLES });
  if (!data.series) return { series: null, candles: [] };
  const decimals = Number(data.series.decimals);
  return {
    series: { decimals, firstTradeAt: num(data.series.firstTradeAt), candlesUntil: num(data.series.candlesUntil), impliedProbability: num(data.series.impliedProbability) },
    candles: data.candles.map((c: any) => ({
      periodStart: Number(c.periodStart),
      time: new Date(Number(c.periodStart) * 1000).toISOString(),
      open: Number(c.probabilityOpen),
      high: Number(c.probabilityHigh),
      low: Number(c.probabilityLow),
      close: Number(c.probabilityClose),
      claimPriceClose: num(c.claimPriceClose),
      volume: formatUnits(BigInt(c.volume), decimals),
      swapCount: Number(c.swapCount),
    })),
  };
}

/** The start of the hour holding `time`. */
export const hourOf = (time: number) => Math.floor(time / HOUR) * HOUR;

/** A covered protocol as the subgraph names it. */
export interface ProtocolRow {
  id: number;
  name: string;
  ticker: string;
}

/** Every protocol the subgraph knows (at `block`, if given), by id. */
export async function readProtocols(query: GraphQuery, block?: number): Promise<ProtocolRow[]> {
  const data = await query(`{ protocols(${atBlock(block)}first: 1000) { id name ticker } }`);
  return data.protocols.map((p: any) => ({ id: Number(p.id), name: p.name, ticker: p.ticker })).sort((a: ProtocolRow, b: ProtocolRow) => a.id - b.id);
}

/** One live expiry of a protocol's term structure. */
export interface TermRow {
  seriesId: string;
  /** TICKER-YYYY-MM-DD-COLLATERAL, as the `cover` CLI names series. */
  handle: string;
  expiry: string;
  expiryTime: number;
  collateral: string;
  claimPrice: number | null;
  impliedProbability: number | null;
  annualisedRate: number | null;
  /** Cover outstanding (the CLAIM supply), in collateral units. */
  openInterest: string;
  /** Fee tier and in-range liquidity of the pool the CLAIM price comes from (null without one). */
  claimPool: { fee: number; liquidity: string } | null;
}

const termQuery = (block: number | undefined) => `query TermStructure($protocol: ID!) {
  protocol(${atBlock(block)}id: $protocol) {
    series(where: { status: Live }, orderBy: expiry, first: 1000) {
      id expiry collateralSymbol decimals claimPrice impliedProbability status payout openInterest
      claimPool { fee liquidity }
    }
  }
}`;

/**
 * The protocol's live series (every collateral), by collateral then expiry, at `block` if given, with the annualised
 * rate at time `now` (lib/market/risk.ts's riskAt).
 */
export async function readTermStructure(query: GraphQuery, protocol: ProtocolRow, now: number, block?: number): Promise<TermRow[]> {
  const data = await query(termQuery(block), { protocol: String(protocol.id) });
  const series: any[] = data.protocol?.series ?? [];
  return series
    .map((s) => ({
      seriesId: s.id,
      handle: seriesHandle(protocol.ticker, s.expiry, s.collateralSymbol),
      expiry: isoDate(BigInt(s.expiry)),
      expiryTime: Number(s.expiry),
      collateral: s.collateralSymbol,
      claimPrice: num(s.claimPrice),
      impliedProbability: num(s.impliedProbability),
      annualisedRate: riskAt({ status: s.status, payout: s.payout, impliedProbability: num(s.impliedProbability), expiry: Number(s.expiry) }, now).annualisedRate,
      openInterest: formatUnits(BigInt(s.openInterest), s.decimals),
      claimPool: s.claimPool ? { fee: Number(s.claimPool.fee), liquidity: String(s.claimPool.liquidity) } : null,
    }))
    .sort((a, b) => a.collateral.localeCompare(b.collateral) || a.expiryTime - b.expiryTime);
}
