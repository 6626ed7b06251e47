// Settlement as the core defines it (CoverMarket._evaluate), reproduced so that a series' status follows time:
// the first reported incident that applies fixes the payout; otherwise NOCLAIM is final from expiry + W + D
// always, and from expiry + W when no claim that could apply is open with its deadline ahead.
// The same clock refreshes every unsettled series' rate and candles at each hour boundary (and at expiry), and
// lapses the claims whose deadline passed undecided.
import { BigInt, Bytes } from "@graphprotocol/graph-ts";
import { Claim, ClaimBucket, Incident, Protocol, Series, SettlementClock } from "../generated/schema";
import { Config } from "./config";
import { closeClaimOn, flagClaimSwaps } from "./flags";
import { closeCandles, PricesBefore, recordCandles } from "./intervals";
import { refreshRate, settleRisk } from "./seriesPrice";
import { removeFromTerm } from "./term";

const HOUR: i64 = 3600;
const NEVER: i64 = i64.MAX_VALUE;

const CLOCK_ID = "1";

/** Whether an incident applies to the series: incident time in [createdAt, expiry), filed before expiry + W. */
export function incidentApplies(series: Series, incidentTime: BigInt, filedAt: BigInt): boolean {
  return incidentTime >= series.createdAt && incidentTime < series.expiry && filedAt < series.claimWindowEnd;
}

/** Id of a protocol's claim bucket: protocol id and the bucket's expiry, e.g. "1#1767254400". */
export function claimBucketId(protocolId: string, expiry: i64): string {
  return protocolId + "#" + expiry.toString();
}

/** Settles the series by `incident` in the block at `timestamp` (the caller drops it from its protocol's list). */
export function settleByIncident(series: Series, incident: Incident, timestamp: BigInt, config: Config): void {
  settle(series, "ByIncident", incident.payout, timestamp, config);
  series.incident = incident.id;
}

/** Settles the series by time: CLAIM pays 0, NOCLAIM 1. */
export function settleByTime(series: Series, timestamp: BigInt, config: Config): void {
  settle(series, "ByTime", BigInt.zero(), timestamp, config);
}

/**
 * Settles the series in `state` at `payout` in the block at `timestamp`: its candles close at the payout and stop,
 * its probability becomes the payout, it has no rate, and it leaves its term structure.
 */
export function settle(series: Series, state: string, payout: BigInt, timestamp: BigInt, config: Config): void {
  const before = PricesBefore.of(series);
  const wasLive = series.status == "Live";
  series.state = state;
  series.status = state;
  series.payout = payout;
  series.settledAt = timestamp;
  settleRisk(series, timestamp);
  closeCandles(series, timestamp, before, series.impliedProbability!);
  if (wasLive) removeFromTerm(series, config);
}

/** Whether the series is settled (by incident or time). */
export function isSettled(series: Series): boolean {
  return series.state != "Open";
}

/**
 * Moves an unsettled series along time at `now`: Live becomes Expired at expiry, and it settles by time when
 * NOCLAIM is final. Returns when it next needs a look, or -1 once settled.
 */
export function advance(series: Series, now: i64, config: Config): i64 {
  if (isSettled(series)) return -1;
  const expiry = series.expiry.toI64();
  if (now < expiry) return expiry;
  if (series.status == "Live") {
    series.status = "Expired";
    removeFromTerm(series, config);
  }
  const filingEnd = series.claimWindowEnd.toI64();
  const latest = series.finalByTimeAt.toI64();
  if (now < filingEnd) return filingEnd;
  const hold = now >= latest ? 0 : claimHold(series.protocol, expiry, now, config);
  if (hold == 0) {
    settleByTime(series, BigInt.fromI64(now), config);
    return -1;
  }
  return hold < latest ? hold : latest;
}

/**
 * Until when an open claim may still apply to the series of `expiry` (0 if none may), at or after its
 * expiry + W: the latest deadline still ahead among the buckets (expiry - D, expiry] with open claims.
 */
function claimHold(protocolId: string, expiry: i64, now: i64, config: Config): i64 {
  let hold: i64 = 0;
  for (let bucket = expiry; bucket + config.decisionPeriod > expiry; bucket -= config.calendarWeek) {
    const b = ClaimBucket.load(claimBucketId(protocolId, bucket));
    if (b == null || b.open == 0) continue;
    const deadline = b.lastDeadline.toI64();
    if (deadline > now && deadline > hold) hold = deadline;
  }
  return hold;
}

/** The clock of time-driven changes, created on first use. */
export function loadClock(): SettlementClock {
  let clock = SettlementClock.load(CLOCK_ID);
  if (clock == null) {
    clock = new SettlementClock(CLOCK_ID);
    clock.nextCheckAt = BigInt.zero();
    clock.pending = [];
    clock.nextRefreshAt = BigInt.zero();
    clock.openClaims = [];
    clock.nextDeadlineAt = BigInt.fromI64(NEVER);
  }
  return clock;
}

/** Watches an open claim until it is decided or its deadline passes. */
export function watchClaim(claim: Claim): void {
  const clock = loadClock();
  const list = clock.openClaims;
  list.push(claim.id);
  clock.openClaims = list;
  if (claim.deadline < clock.nextDeadlineAt) clock.nextDeadlineAt = claim.deadline;
  clock.save();
}

/** Stops watching a claim (decided). */
export function unwatchClaim(claim: Claim): void {
  const clock = SettlementClock.load(CLOCK_ID);
  if (clock == null) return;
  const list = clock.openClaims;
  const kept: string[] = [];
  let next: i64 = NEVER;
  for (let i = 0; i < list.length; i++) {
    if (list[i] == claim.id) continue;
    kept.push(list[i]);
    const other = Claim.load(list[i])!;
    if (other.deadline.toI64() < next) next = other.deadline.toI64();
  }
  clock.openClaims = kept;
  clock.nextDeadlineAt = BigInt.fromI64(next);
  clock.save();
}

/**
 * The claims whose deadline passed undecided lapse: they can no longer be accepted, so they stop counting as
 * open on their series, and the swaps made from their incident's time to the deadline are flagged.
 */
function lapseClaims(clock: SettlementClock, now: i64): void {
  const list = clock.openClaims;
  const kept: string[] = [];
  let next: i64 = NEVER;
  for (let i = 0; i < list.length; i++) {
    const claim = Claim.load(list[i])!;
    const deadline = claim.deadline.toI64();
    if (now < deadline) {
      kept.push(claim.id);
      if (deadline < next) next = deadline;
      continue;
    }
    claim.lapsed = true;
    claim.save();
    closeClaimOn(claim);
    flagClaimSwaps(claim, claim.deadline);
  }
  clock.openClaims = kept;
  clock.nextDeadlineAt = BigInt.fromI64(next);
}

/** Adds a new series to the clock, due at its expiry. */
export function watchSeries(series: Series): void {
  const clock = loadClock();
  const pending = clock.pending;
  pending.push(series.id);
  clock.pending = pending;
  if (pending.length == 1 || series.expiry < clock.nextCheckAt) clock.nextCheckAt = series.expiry;
  clock.save();
}

/** Asks for a look at every pending series on the next block handler run (claims changed). */
export function checkSoon(): void {
  const clock = SettlementClock.load(CLOCK_ID);
  if (clock == null) return;
  clock.nextCheckAt = BigInt.zero();
  clock.save();
}

/**
 * The block handler's work: nothing until the clock is due (one entity read). Then: claims past their deadline
 * lapse; at a status time every pending series is moved along time (Live to Expired at expiry, settled by time
 * when NOCLAIM is final), the settled ones leave the list (and their protocol's unsettled list); at an hour
 * boundary, and for a series whose status moved, the rate is recomputed at the block's time and the candles
 * extended to it, carrying the last close. The clock is then set to the next due times.
 */
export function runClock(timestamp: BigInt, config: Config): void {
  const clock = SettlementClock.load(CLOCK_ID);
  if (clock == null) return;
  const check = timestamp >= clock.nextCheckAt;
  const refresh = timestamp >= clock.nextRefreshAt;
  const deadlines = timestamp >= clock.nextDeadlineAt;
  if (!check && !refresh && !deadlines) return;
  const now = timestamp.toI64();
  if (deadlines) lapseClaims(clock, now);
  if (check || refresh) {
    const pending = clock.pending;
    const still: Bytes[] = [];
    let next: i64 = clock.nextCheckAt.toI64();
    if (check) next = NEVER;
    for (let i = 0; i < pending.length; i++) {
      const series = Series.load(pending[i]);
      if (series == null) continue;
      if (isSettled(series)) continue; // settled by an event, which dropped it from its protocol's list then
      const wasStatus = series.status;
      let due: i64 = 0;
      if (check) due = advance(series, now, config);
      if (due < 0) {
        series.save();
        dropUnsettled(series);
        continue;
      }
      still.push(series.id);
      if (check && due < next) next = due;
      // A series without a price has no rate and no candles to carry: it is written only when its status moves.
      if (series.status != wasStatus || (refresh && series.impliedProbability !== null)) {
        refreshRate(series, timestamp, config);
        recordCandles(series, timestamp, PricesBefore.of(series), null);
        series.save();
      }
    }
    clock.pending = still;
    clock.nextCheckAt = BigInt.fromI64(still.length == 0 ? NEVER : next);
    if (refresh) clock.nextRefreshAt = BigInt.fromI64((now / HOUR + 1) * HOUR);
  }
  clock.save();
}

/** Removes a settled series from its protocol's unsettled list. */
export function dropUnsettled(series: Series): void {
  const protocol = Protocol.load(series.protocol);
  if (protocol == null) return;
  const list = protocol.unsettledSeries;
  const kept: Bytes[] = [];
  for (let i = 0; i < list.length; i++) if (!list[i].equals(series.id)) kept.push(list[i]);
  if (kept.length != list.length) {
    protocol.unsettledSeries = kept;
    protocol.save();
  }
}
