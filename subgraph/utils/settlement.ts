// Settlement as the core defines it (CoverMarket._evaluate), reproduced so that a series' status follows time:
// the first reported incident that applies fixes the payout; otherwise NOCLAIM is final from expiry + W + D
// always, and from expiry + W when no claim that could apply is open with its deadline ahead.
import { BigInt, Bytes } from "@graphprotocol/graph-ts";
import { ClaimBucket, Incident, Protocol, Series, SettlementClock } from "../generated/schema";
import { Config } from "./config";

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
export function settleByIncident(series: Series, incident: Incident, timestamp: BigInt): void {
  series.state = "ByIncident";
  series.status = "ByIncident";
  series.payout = incident.payout;
  series.incident = incident.id;
  series.settledAt = timestamp;
}

/** Settles the series by time: CLAIM pays 0, NOCLAIM 1. */
export function settleByTime(series: Series, timestamp: BigInt): void {
  series.state = "ByTime";
  series.status = "ByTime";
  series.payout = BigInt.zero();
  series.settledAt = timestamp;
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
  series.status = "Expired";
  const filingEnd = series.claimWindowEnd.toI64();
  const latest = series.finalByTimeAt.toI64();
  if (now < filingEnd) return filingEnd;
  const hold = now >= latest ? 0 : claimHold(series.protocol, expiry, now, config);
  if (hold == 0) {
    settleByTime(series, BigInt.fromI64(now));
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
  }
  return clock;
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
 * The block handler's work: nothing until the clock is due; then every pending series is moved along time,
 * the settled ones leave the list (and their protocol's unsettled list), and the clock is set to the next due time.
 */
export function runClock(timestamp: BigInt, config: Config): void {
  const clock = SettlementClock.load(CLOCK_ID);
  if (clock == null || timestamp < clock.nextCheckAt) return;
  const now = timestamp.toI64();
  const pending = clock.pending;
  const still: Bytes[] = [];
  let next: i64 = i64.MAX_VALUE;
  for (let i = 0; i < pending.length; i++) {
    const series = Series.load(pending[i]);
    if (series == null) continue;
    const wasStatus = series.status;
    const due = advance(series, now, config);
    if (series.status != wasStatus) series.save();
    if (due < 0) {
      // Settled now by time (one settled by an event left its protocol's list then).
      if (wasStatus == "Live" || wasStatus == "Expired") dropUnsettled(series);
      continue;
    }
    still.push(series.id);
    if (due < next) next = due;
  }
  clock.pending = still;
  clock.nextCheckAt = BigInt.fromI64(still.length == 0 ? i64.MAX_VALUE : next);
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
