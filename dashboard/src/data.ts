/**
 * What each page shows, read from the subgraph and shaped as plain rows: probabilities and prices as numbers,
 * amounts as the subgraph's raw integer strings with their decimals. The annualised rate is computed here at the
 * subgraph's block time from the implied probability and the time to expiry (lib/market/risk.ts, the subgraph's own
 * formula), so it is the rate now, not at the series' last trade.
 */
import { isListedProtocol, isListedSeries, type CuratedList } from "../../scripts/lib/market/listing.js";
import { annualisedRate, claimAppliesTo, dayWindowStart, forwardRisk, tradedDuringClaim, type ClaimSpan } from "../../scripts/lib/market/risk.js";
import { seriesHandle } from "../../scripts/lib/market/handle.js";
import { query } from "./graphql.js";

const PAGE = 1000;
const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));


export const SETTLED = new Set(["ByIncident", "ByTime"]);

export interface ClaimRow extends ClaimSpan {
  id: string;
  status: string;
  payout: string;
  deadline: number;
  acceptVotes: number;
  denyVotes: number;
  resolution: string | null;
  claimant: string | null;
  requestedPayout: string | null;
  evidenceURI: string | null;
  votes: { voter: string; accept: boolean; payout: string; timestamp: number }[];
}

const CLAIM_FIELDS = `id status bucket incidentTime filedAt decidedAt deadline payout acceptVotes denyVotes resolution claimant requestedPayout evidenceURI`;
const claimRow = (c: any): ClaimRow => ({
  id: c.id,
  status: c.status,
  bucket: Number(c.bucket),
  incidentTime: Number(c.incidentTime),
  filedAt: Number(c.filedAt),
  decidedAt: num(c.decidedAt),
  deadline: Number(c.deadline),
  payout: c.payout,
  acceptVotes: Number(c.acceptVotes),
  denyVotes: Number(c.denyVotes),
  resolution: c.resolution ?? null,
  claimant: c.claimant ?? null,
  requestedPayout: c.requestedPayout ?? null,
  evidenceURI: c.evidenceURI ?? null,
  votes: (c.votes ?? []).map((v: any) => ({ voter: v.voter, accept: v.accept, payout: v.payout, timestamp: Number(v.timestamp) })).sort((a: any, b: any) => a.timestamp - b.timestamp),
});

/** Whether a claim that could apply to the series is open now (claims of its protocol still undecided). */
const claimOpenFor = (claims: ClaimRow[], s: { expiry: number; claimWindowEnd: number }) => claims.some((c) => c.status === "Open" && claimAppliesTo(c, s));

// ---------------------------------------------------------------------------------------------------------------
// Market page

export interface MarketRow {
  seriesId: string;
  protocolId: number;
  protocol: string;
  ticker: string;
  handle: string;
  expiry: number;
  collateral: string;
  collateralAddress: string;
  decimals: number;
  status: string;
  listed: boolean;
  claimPrice: number | null;
  impliedProbability: number | null;
  /** At the subgraph's block time (null once settled). */
  annualisedRate: number | null;
  /** Implied probability now minus at the start of the 24-hour window (null without trades before now). */
  change24h: number | null;
  volume24h: string;
  openInterest: string;
  collateralLocked: string;
  payout: string;
  claimOpen: boolean;
}

export interface ProtocolSummary {
  id: number;
  name: string;
  ticker: string;
  listed: boolean;
  committee: boolean;
  openClaims: number;
  /** Live expiries per collateral, by expiry: the sparkline's points. */
  term: Record<string, { expiry: number; p: number }[]>;
}

export interface MarketData {
  rows: MarketRow[];
  protocols: ProtocolSummary[];
}

const MARKET = `query Market($since: BigInt!, $skip: Int!) {
  series_collection(first: ${PAGE}, skip: $skip, orderBy: expiry, orderDirection: asc) {
    id expiry claimWindowEnd status payout collateral { id } collateralSymbol decimals claimPrice impliedProbability openInterest collateralLocked firstTradeAt
    protocol { id }
    candles(first: 48, where: { interval: Hour, periodStart_gte: $since }, orderBy: periodStart, orderDirection: asc) { probabilityOpen volume }
  }
}`;
const PROTOCOLS = `{ protocols(first: ${PAGE}) { id name ticker committee { id } claims(first: ${PAGE}) { ${CLAIM_FIELDS} } } }`;

export async function readMarket(url: string, now: number, list: CuratedList | null): Promise<MarketData> {
  const since = dayWindowStart(now);
  const series: any[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = (await query(url, MARKET, { since: String(since), skip })).series_collection;
    series.push(...page);
    if (page.length < PAGE) break;
  }
  const protocolData: any[] = (await query(url, PROTOCOLS)).protocols;
  const byId = new Map(protocolData.map((p) => [p.id, { ...p, claims: p.claims.map(claimRow) as ClaimRow[] }]));
  const rows: MarketRow[] = series.map((s) => {
    const p = byId.get(s.protocol.id)!;
    const expiry = Number(s.expiry);
    const prob = num(s.impliedProbability);
    const settled = SETTLED.has(s.status);
    const candles: any[] = s.candles;
    let change24h: number | null = null;
    if (prob !== null) {
      if (candles.length > 0) change24h = prob - Number(candles[0].probabilityOpen);
      else if (s.firstTradeAt !== null && Number(s.firstTradeAt) < since) change24h = 0; // traded before, no event since: unchanged
    }
    return {
      seriesId: s.id,
      protocolId: Number(p.id),
      protocol: p.name,
      ticker: p.ticker,
      handle: seriesHandle(p.ticker, s.expiry, s.collateralSymbol),
      expiry,
      collateral: s.collateralSymbol,
      collateralAddress: s.collateral.id,
      decimals: Number(s.decimals),
      status: s.status,
      listed: list ? isListedSeries(list, Number(p.id), s.collateral.id) : false,
      claimPrice: num(s.claimPrice),
      impliedProbability: prob,
      annualisedRate: s.status === "Live" ? annualisedRate(prob, expiry, now) : null,
      change24h,
      volume24h: candles.reduce((sum, c) => sum + BigInt(c.volume), 0n).toString(),
      openInterest: s.openInterest,
      collateralLocked: s.collateralLocked,
      payout: s.payout,
      claimOpen: !settled && claimOpenFor(p.claims, { expiry, claimWindowEnd: Number(s.claimWindowEnd) }),
    };
  });
  rows.sort((a, b) => a.protocolId - b.protocolId || a.collateral.localeCompare(b.collateral) || a.expiry - b.expiry);
  const protocols: ProtocolSummary[] = [...byId.values()]
    .map((p) => {
      const term: ProtocolSummary["term"] = {};
      for (const r of rows) {
        if (r.protocolId !== Number(p.id) || r.status !== "Live" || r.impliedProbability === null) continue;
        (term[r.collateral] ??= []).push({ expiry: r.expiry, p: r.impliedProbability });
      }
      return {
        id: Number(p.id),
        name: p.name,
        ticker: p.ticker,
        listed: list ? isListedProtocol(list, Number(p.id)) : false,
        committee: p.committee !== null,
        openClaims: p.claims.filter((c: ClaimRow) => c.status === "Open").length,
        term,
      };
    })
    .sort((a, b) => a.id - b.id);
  return { rows, protocols };
}

// ---------------------------------------------------------------------------------------------------------------
// Series page

export interface Candle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  claimClose: number | null;
  volume: string;
  swapCount: number;
}

export interface SwapRow {
  id: string;
  timestamp: number;
  side: string;
  fee: number;
  amountCover: string;
  amountCollateral: string;
  price: number;
  origin: string;
  transaction: string;
  duringClaim: boolean;
}

export interface PoolDepth {
  pool: string;
  side: string;
  fee: number;
  tick: number | null;
  /** The pool's in-range liquidity as the subgraph has it. */
  liquidity: string;
  /** The in-range liquidity the pool's liquidity changes add up to at its current tick (equals `liquidity`). */
  activeLiquidity: string;
  /** Liquidity by implied risk (CLAIM price, or 1 - NOCLAIM price), in bins of equal width from 0 to `maxRisk`. */
  bins: { risk: number; liquidity: number }[];
  currentRisk: number | null;
}

export interface SeriesData {
  id: string;
  protocolId: number;
  protocol: string;
  ticker: string;
  handle: string;
  listed: boolean;
  expiry: number;
  createdAt: number;
  claimWindowEnd: number;
  finalByTimeAt: number;
  collateral: string;
  decimals: number;
  status: string;
  payout: string;
  settledAt: number | null;
  incident: { id: string; incidentTime: number; payout: string } | null;
  claimPrice: number | null;
  noclaimPrice: number | null;
  impliedProbability: number | null;
  annualisedRate: number | null;
  claimSupply: string;
  noclaimSupply: string;
  openInterest: string;
  collateralLocked: string;
  totalMinted: string;
  totalRedeemed: string;
  volume: string;
  swapCount: number;
  claimOpen: boolean;
  hour: Candle[];
  day: Candle[];
  swaps: SwapRow[];
  depth: PoolDepth[];
}

const SERIES = `query Series($id: ID!, $sid: String!) {
  series(id: $id) {
    id expiry createdAt claimWindowEnd finalByTimeAt status payout settledAt collateral { id } collateralSymbol decimals
    claimPrice noclaimPrice impliedProbability claimSupply noclaimSupply openInterest collateralLocked totalMinted totalRedeemed volume swapCount
    incident { id incidentTime payout }
    protocol { id name ticker claims(first: ${PAGE}) { ${CLAIM_FIELDS} } }
    claimPool { id side fee tick liquidity coverIsToken0 }
    noclaimPool { id side fee tick liquidity coverIsToken0 }
  }
  hour: candles(where: { series: $sid, interval: Hour }, orderBy: periodStart, orderDirection: desc, first: ${PAGE}) { ...C }
  day: candles(where: { series: $sid, interval: Day }, orderBy: periodStart, orderDirection: desc, first: ${PAGE}) { ...C }
  swaps(where: { series: $sid }, orderBy: timestamp, orderDirection: desc, first: 50) {
    id timestamp side amountCover amountCollateral price origin transaction pool { fee }
  }
}
fragment C on Candle { periodStart probabilityOpen probabilityHigh probabilityLow probabilityClose claimPriceClose volume swapCount }`;

const LIQUIDITY = `query Liquidity($pools: [String!]!, $skip: Int!) {
  liquidityChanges(where: { pool_in: $pools, kind_in: [Mint, Burn] }, orderBy: id, first: ${PAGE}, skip: $skip) { pool { id } kind tickLower tickUpper liquidity }
}`;

const candle = (c: any): Candle => ({
  time: Number(c.periodStart),
  open: Number(c.probabilityOpen),
  high: Number(c.probabilityHigh),
  low: Number(c.probabilityLow),
  close: Number(c.probabilityClose),
  claimClose: num(c.claimPriceClose),
  volume: c.volume,
  swapCount: Number(c.swapCount),
});

/** Bins of the depth chart. */
export const DEPTH_BINS = 60;
const LOG_TICK = Math.log(1.0001);

/** The cover token's price in collateral at a tick, whatever the token order. */
const coverPriceAtTick = (tick: number, coverIsToken0: boolean) => Math.exp((coverIsToken0 ? tick : -tick) * LOG_TICK);

/** Liquidity by implied risk of a pool from its positions' net liquidity per tick range (see PoolDepth). */
function depthOf(pool: any, changes: any[], maxRisk: number): PoolDepth {
  const net = new Map<string, bigint>();
  for (const c of changes) {
    const key = `${c.tickLower}:${c.tickUpper}`;
    net.set(key, (net.get(key) ?? 0n) + (c.kind === "Mint" ? 1n : -1n) * BigInt(c.liquidity));
  }
  const ranges = [...net.entries()].filter(([, l]) => l > 0n).map(([k, l]) => {
    const [lower, upper] = k.split(":").map(Number);
    return { lower, upper, liquidity: l };
  });
  const at = (tick: number) => ranges.reduce((sum, r) => (r.lower <= tick && tick < r.upper ? sum + r.liquidity : sum), 0n);
  const claim = pool.side === "Claim";
  // risk = CLAIM price, or 1 - NOCLAIM price; the tick of a risk inverts that.
  const tickOfRisk = (risk: number) => {
    const coverPrice = claim ? risk : 1 - risk;
    const t = Math.log(coverPrice) / LOG_TICK;
    return Math.floor(pool.coverIsToken0 ? t : -t);
  };
  const width = maxRisk / DEPTH_BINS;
  const bins = Array.from({ length: DEPTH_BINS }, (_, i) => {
    const risk = (i + 0.5) * width;
    return { risk: Number(risk.toFixed(8)), liquidity: Number(at(tickOfRisk(risk))) };
  });
  const tick = pool.tick === null ? null : Number(pool.tick);
  const coverPrice = tick === null ? null : coverPriceAtTick(tick, pool.coverIsToken0);
  return {
    pool: pool.id,
    side: pool.side,
    fee: Number(pool.fee),
    tick,
    liquidity: pool.liquidity,
    activeLiquidity: tick === null ? "0" : at(tick).toString(),
    bins,
    currentRisk: coverPrice === null ? null : claim ? coverPrice : 1 - coverPrice,
  };
}

export async function readSeries(url: string, id: string, now: number, list: CuratedList | null): Promise<SeriesData | null> {
  const sid = id.toLowerCase();
  const data = await query(url, SERIES, { id: sid, sid });
  const s = data.series;
  if (!s) return null;
  const expiry = Number(s.expiry);
  const window = { expiry, claimWindowEnd: Number(s.claimWindowEnd) };
  const claims: ClaimRow[] = s.protocol.claims.map(claimRow);
  const pools = [s.claimPool, s.noclaimPool].filter(Boolean);
  const changes: any[] = [];
  if (pools.length) {
    for (let skip = 0; ; skip += PAGE) {
      const page = (await query(url, LIQUIDITY, { pools: pools.map((p: any) => p.id), skip })).liquidityChanges;
      changes.push(...page);
      if (page.length < PAGE) break;
    }
  }
  const prob = num(s.impliedProbability);
  const maxRisk = Math.min(1, Math.max(0.05, Math.ceil(((prob ?? 0.01) * 4) / 0.05) * 0.05));
  const settled = SETTLED.has(s.status);
  return {
    id: s.id,
    protocolId: Number(s.protocol.id),
    protocol: s.protocol.name,
    ticker: s.protocol.ticker,
    handle: seriesHandle(s.protocol.ticker, s.expiry, s.collateralSymbol),
    listed: list ? isListedSeries(list, Number(s.protocol.id), s.collateral.id) : false,
    expiry,
    createdAt: Number(s.createdAt),
    claimWindowEnd: Number(s.claimWindowEnd),
    finalByTimeAt: Number(s.finalByTimeAt),
    collateral: s.collateralSymbol,
    decimals: Number(s.decimals),
    status: s.status,
    payout: s.payout,
    settledAt: num(s.settledAt),
    incident: s.incident ? { id: s.incident.id, incidentTime: Number(s.incident.incidentTime), payout: s.incident.payout } : null,
    claimPrice: num(s.claimPrice),
    noclaimPrice: num(s.noclaimPrice),
    impliedProbability: prob,
    annualisedRate: s.status === "Live" ? annualisedRate(prob, expiry, now) : null,
    claimSupply: s.claimSupply,
    noclaimSupply: s.noclaimSupply,
    openInterest: s.openInterest,
    collateralLocked: s.collateralLocked,
    totalMinted: s.totalMinted,
    totalRedeemed: s.totalRedeemed,
    volume: s.volume,
    swapCount: Number(s.swapCount),
    claimOpen: !settled && claimOpenFor(claims, window),
    hour: data.hour.map(candle).reverse(),
    day: data.day.map(candle).reverse(),
    swaps: data.swaps.map((w: any) => ({
      id: w.id,
      timestamp: Number(w.timestamp),
      side: w.side,
      fee: Number(w.pool.fee),
      amountCover: w.amountCover,
      amountCollateral: w.amountCollateral,
      price: Number(w.price),
      origin: w.origin,
      transaction: w.transaction,
      duringClaim: tradedDuringClaim(Number(w.timestamp), claims, window),
    })),
    depth: pools.map((p: any) => depthOf(p, changes.filter((c) => c.pool.id === p.id), maxRisk)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Protocol page

export interface TermPoint {
  seriesId: string;
  handle: string;
  expiry: number;
  collateral: string;
  impliedProbability: number | null;
  annualisedRate: number | null;
  /** Forward risk from the previous live expiry of the same collateral to this one (null for the first). */
  forward: number | null;
  openInterest: string;
  decimals: number;
}

export interface ProtocolData {
  id: number;
  name: string;
  ticker: string;
  metadataURI: string;
  listed: boolean;
  resolver: string;
  claimWindow: number;
  registeredAt: number;
  committee: { epoch: number; members: string[]; threshold: number; since: number } | null;
  claimFeeToken: string | null;
  seriesCount: number;
  term: TermPoint[];
  claims: ClaimRow[];
  incidents: { id: string; index: number; claim: string | null; incidentTime: number; reportedAt: number; payout: string; seriesSettled: number }[];
  settledSeries: { id: string; handle: string; status: string; payout: string }[];
}

const PROTOCOL = `query Protocol($id: ID!) {
  protocol(id: $id) {
    id name ticker metadataURI resolver claimWindow registeredAt seriesCount claimFeeToken
    committee { epoch members threshold since }
    series(first: ${PAGE}, orderBy: expiry) { id expiry status payout collateralSymbol decimals impliedProbability openInterest }
    claims(first: ${PAGE}) { ${CLAIM_FIELDS} votes(first: 100) { voter accept payout timestamp } }
    incidents(first: ${PAGE}) { id index claim { id } incidentTime reportedAt payout seriesSettled(first: ${PAGE}) { id } }
  }
}`;

/** Live expiries of each collateral with their annualised rate now and the forward risk from the expiry before. */
export function termStructure(series: { id: string; handle: string; expiry: number; collateral: string; impliedProbability: number | null; openInterest: string; decimals: number }[], now: number): TermPoint[] {
  const out: TermPoint[] = [];
  const collaterals = [...new Set(series.map((s) => s.collateral))].sort();
  for (const collateral of collaterals) {
    let previous: number | null = null;
    for (const s of series.filter((x) => x.collateral === collateral).sort((a, b) => a.expiry - b.expiry)) {
      const p = s.impliedProbability;
      out.push({
        seriesId: s.id,
        handle: s.handle,
        expiry: s.expiry,
        collateral,
        impliedProbability: p,
        annualisedRate: annualisedRate(p, s.expiry, now),
        forward: previous === null || p === null ? null : forwardRisk(previous, p),
        openInterest: s.openInterest,
        decimals: s.decimals,
      });
      if (p !== null) previous = p;
    }
  }
  return out;
}

export async function readProtocol(url: string, id: string, now: number, list: CuratedList | null): Promise<ProtocolData | null> {
  const p = (await query(url, PROTOCOL, { id })).protocol;
  if (!p) return null;
  const live = p.series
    .filter((s: any) => s.status === "Live")
    .map((s: any) => ({
      id: s.id,
      handle: seriesHandle(p.ticker, s.expiry, s.collateralSymbol),
      expiry: Number(s.expiry),
      collateral: s.collateralSymbol,
      impliedProbability: num(s.impliedProbability),
      openInterest: s.openInterest,
      decimals: Number(s.decimals),
    }));
  return {
    id: Number(p.id),
    name: p.name,
    ticker: p.ticker,
    metadataURI: p.metadataURI,
    listed: list ? isListedProtocol(list, Number(p.id)) : false,
    resolver: p.resolver,
    claimWindow: Number(p.claimWindow),
    registeredAt: Number(p.registeredAt),
    committee: p.committee ? { epoch: Number(p.committee.epoch), members: p.committee.members, threshold: Number(p.committee.threshold), since: Number(p.committee.since) } : null,
    claimFeeToken: p.claimFeeToken ?? null,
    seriesCount: Number(p.seriesCount),
    term: termStructure(live, now),
    claims: p.claims.map(claimRow).sort((a: ClaimRow, b: ClaimRow) => a.filedAt - b.filedAt || Number(a.id) - Number(b.id)),
    incidents: p.incidents
      .map((i: any) => ({ id: i.id, index: Number(i.index), claim: i.claim?.id ?? null, incidentTime: Number(i.incidentTime), reportedAt: Number(i.reportedAt), payout: i.payout, seriesSettled: i.seriesSettled.length }))
      .sort((a: any, b: any) => a.index - b.index),
    settledSeries: p.series
      .filter((s: any) => SETTLED.has(s.status))
      .map((s: any) => ({ id: s.id, handle: seriesHandle(p.ticker, s.expiry, s.collateralSymbol), status: s.status, payout: s.payout })),
  };
}
