/**
 * The maths of implied risk, as plain numbers (no imports, so the browser dashboard bundles the same file): the
 * implied probability of a payout from the two cover prices, the annualised rate of cover at a given time, the
 * forward risk between two expiries, and whether a claim could apply to a series (the series' claim-open flag and
 * the flag on trades made while a claim was open). The subgraph computes the same formulas in AssemblyScript
 * (subgraph/src), with the same clamps; DESIGN.md section 4 states them.
 */

/** A year, as the annualised rate counts it: 365 days, in seconds. */
export const YEAR_SECONDS = 365 * 86400;
/** p is clamped below 1 so that -ln(1 - p) stays finite. */
export const MAX_PROBABILITY = 1 - 1e-12;
/** Time to expiry is clamped above 0: at least one hour. */
export const MIN_SECONDS_TO_EXPIRY = 3600;

/**
 * Start of the "last 24 hours" that 24-hour volume and change count: the hourly buckets wholly inside the 24 hours
 * before `now`, plus the current one.
 */
export function dayWindowStart(now: number): number {
  return Math.floor((now - 86400) / 3600) * 3600 + 3600;
}

/** pClaim / (pClaim + pNoclaim); pClaim alone, or 1 - pNoclaim, with one price; null without any. */
export function impliedProbability(claimPrice: number | null, noclaimPrice: number | null): number | null {
  if (claimPrice !== null && noclaimPrice !== null) return claimPrice + noclaimPrice > 0 ? claimPrice / (claimPrice + noclaimPrice) : null;
  if (claimPrice !== null) return claimPrice;
  if (noclaimPrice !== null) return 1 - noclaimPrice;
  return null;
}

/** -ln(1 - p) / years to expiry, at time `now` (Unix seconds), with the clamps above; null without a probability. */
export function annualisedRate(p: number | null, expiry: number, now: number): number | null {
  if (p === null || !Number.isFinite(p)) return null;
  const clamped = Math.min(Math.max(p, 0), MAX_PROBABILITY);
  const years = Math.max(expiry - now, MIN_SECONDS_TO_EXPIRY) / YEAR_SECONDS;
  return -Math.log1p(-clamped) / years;
}

/**
 * The risk of a payout between two expiries implied by the cumulative risks to each: 1 - (1 - p2) / (1 - p1), the
 * probability of an incident after the first expiry and by the second given none by the first; clamped at 0 (a
 * later expiry priced below an earlier one implies no forward risk, not a negative one).
 */
export function forwardRisk(pNear: number, pFar: number): number {
  const near = Math.min(Math.max(pNear, 0), MAX_PROBABILITY);
  return Math.max(0, 1 - (1 - pFar) / (1 - near));
}

/** What `claimAppliesTo` needs of a claim: the subgraph's Claim fields, as numbers. */
export interface ClaimWindow {
  /** The earliest expiry whose series the claim can apply to. */
  bucket: number;
  filedAt: number;
}

/** What `claimAppliesTo` needs of a series. */
export interface SeriesWindow {
  expiry: number;
  /** expiry + W: claims filed after it cannot apply. */
  claimWindowEnd: number;
}

/** Whether a claim can apply to a series: the series expires at or after the claim's bucket and the claim was filed within its window. */
export function claimAppliesTo(claim: ClaimWindow, series: SeriesWindow): boolean {
  return series.expiry >= claim.bucket && claim.filedAt <= series.claimWindowEnd;
}

/** A claim with its decision, for flagging trades. */
export interface ClaimSpan extends ClaimWindow {
  incidentTime: number;
  /** When it was decided; null while open. */
  decidedAt: number | null;
}

/** Whether a trade at `time` was made while a claim that applies to the series was open (between its incident's time and its decision). */
export function tradedDuringClaim(time: number, claims: ClaimSpan[], series: SeriesWindow): boolean {
  return claims.some((c) => claimAppliesTo(c, series) && time >= c.incidentTime && (c.decidedAt === null || time < c.decidedAt));
}

/** A WAD fraction (1e18 = 1) as a number. */
export const fromWad = (wad: string | bigint) => Number(BigInt(wad)) / 1e18;

/** What `riskAt` needs of a series, as the subgraph gives it. */
export interface SeriesRiskInput {
  /** The subgraph's SeriesStatus: Live, Expired, ByIncident, ByTime. */
  status: string;
  /** CLAIM payout per token, WAD (fixed once settled). */
  payout: string | bigint;
  /** The market-implied probability from the pools (null without a price). */
  impliedProbability: number | null;
  /** Expiry, Unix seconds. */
  expiry: number;
}

/** Whether a SeriesStatus is settled: its CLAIM payout is fixed. */
export const isSettled = (status: string) => status === "ByIncident" || status === "ByTime";

/**
 * A series' risk at time `now` (Unix seconds): a settled series' probability is its payout (0 by time, p by
 * incident) and it has no rate; a live or expired one's is the market's, with the annualised rate at `now` (not at
 * its last price change).
 */
export function riskAt(series: SeriesRiskInput, now: number): { probability: number | null; annualisedRate: number | null; payout: number | null } {
  if (isSettled(series.status)) {
    const payout = series.status === "ByTime" ? 0 : fromWad(series.payout);
    return { probability: payout, annualisedRate: null, payout };
  }
  return { probability: series.impliedProbability, annualisedRate: annualisedRate(series.impliedProbability, series.expiry, now), payout: null };
}
