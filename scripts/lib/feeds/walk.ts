/**
 * The parametric resolver's walk over a feed's rounds (contracts/resolvers/libraries/FeedWalk.sol), off chain and
 * rule for rule: what a proof that reads these rounds shows at an incident time T and at T - 1, and the feed's
 * runs below the threshold (start, whether they lasted the minimum duration, depth over their window, how they
 * ended). The proof finder (depegProof.ts) uses it both to discover incidents and to cut each feed's proof.
 */
import { FeedMode, OutReason, PointStatus, type EnumValue } from "../market/enums.js";
import { WAD } from "../market/payout.js";

/** A round as the walk needs it: id, answer as a WAD price, update time (Unix seconds). */
export interface FeedRound {
  id: bigint;
  price: bigint;
  updatedAt: bigint;
}

/** The resolver's settings for one feed's walk (FeedWalk.Params), all as the contract holds them. */
export interface WalkParams {
  threshold: bigint;
  target: bigint;
  minDuration: bigint;
  /** heartbeat + grace, seconds */
  maxGap: bigint;
  /** T; the walk also settles T - 1. Use 1 to only trace runs. */
  incidentTime: bigint;
}

type Mode = EnumValue<typeof FeedMode>;
export type Point = EnumValue<typeof PointStatus>;
export type Reason = EnumValue<typeof OutReason>;

/** A stretch below the threshold that began with a round whose previous round was at or above it. */
export interface FeedRun {
  startRoundId: bigint;
  /** The start round's update time. */
  start: bigint;
  /** start + minDuration: the end of the window the depth is measured over. */
  windowEnd: bigint;
  /** Lasted minDuration from its start, every update on time. */
  qualified: boolean;
  /** Time-weighted mean of (target - price) / target over the window, WAD (qualified runs only). */
  depth: bigint;
  /** First second the feed no longer counts: a recovery round's time, or when an update was late; unset while it lasts. */
  end?: bigint;
  endReason?: "recovered" | "gap";
  /** The recovery round, or the last round before the late update. */
  endRoundId?: bigint;
}

/** An answer with `decimals` decimals as a WAD price, capped at 2^128 - 1 (FeedWalk.toWad). */
export function toWadPrice(answer: bigint, decimals: number): bigint {
  const cap = 2n ** 128n - 1n;
  if (answer > cap) return cap;
  const price = decimals <= 18 ? answer * 10n ** BigInt(18 - decimals) : answer / 10n ** BigInt(decimals - 18);
  return price > cap ? cap : price;
}

/** A FeedProgress in memory, advanced round by round exactly as FeedWalk.read and FeedWalk.finish do. */
export class FeedWalker {
  firstRoundId = 0n;
  firstUpdatedAt = 0n;
  lastRoundId = 0n;
  lastUpdatedAt = 0n;
  lastPrice = 0n;
  mode: Mode = FeedMode.Unknown;
  runStart = 0n;
  runQualified = false;
  runDepthSum = 0n;
  start = 0n;
  depth = 0n;
  statusBefore: Point = PointStatus.Unseen;
  statusAt: Point = PointStatus.Unseen;
  reason: Reason = OutReason.None;
  reasonRoundId = 0n;
  reasonTime = 0n;
  deadRoundId = 0n;
  deadTime = 0n;
  /** Every run met so far, in time order; the last one may still last. */
  readonly runs: FeedRun[] = [];

  constructor(readonly p: WalkParams) {}

  /** FeedWalk.read: the next round of the feed (the caller passes consecutive rounds). */
  read(r: FeedRound): void {
    // An unusable round (no valid answer, older than the last usable one) is a missing update: stepped over.
    if (this.firstRoundId !== 0n && (r.price === 0n || r.updatedAt < this.lastUpdatedAt)) {
      this.lastRoundId = r.id;
      return;
    }
    if (this.firstRoundId === 0n) {
      this.firstRoundId = r.id;
      this.firstUpdatedAt = r.updatedAt;
      this.mode = r.price < this.p.threshold ? FeedMode.Unknown : FeedMode.Above;
    } else {
      this.interval(r.updatedAt);
      this.enter(r);
    }
    this.lastRoundId = r.id;
    this.lastUpdatedAt = r.updatedAt;
    this.lastPrice = r.price;
  }

  /** FeedWalk.finish: if a point is still open and the last round read is the feed's latest, it holds until `now`. */
  finish(lastIsLatest: boolean, now: bigint): void {
    if (this.settled()) return;
    if (lastIsLatest) this.interval(now + 1n);
  }

  /** Both points are decided (neither unseen nor pending). */
  settled(): boolean {
    const done = (s: Point) => s !== PointStatus.Unseen && s !== PointStatus.Pending;
    return done(this.statusBefore) && done(this.statusAt);
  }

  private get currentRun(): FeedRun {
    return this.runs[this.runs.length - 1];
  }

  private interval(end: bigint): void {
    const { p } = this;
    const from = this.lastUpdatedAt;
    let freshEnd = from + p.maxGap + 1n;
    if (freshEnd > end) freshEnd = end;
    if (this.mode !== FeedMode.Run) {
      this.markOutside(from, end);
      return;
    }
    const windowEnd = this.runStart + p.minDuration;
    if (from < windowEnd) {
      const upTo = freshEnd < windowEnd ? freshEnd : windowEnd;
      this.runDepthSum += (p.target - this.lastPrice) * (upTo - from);
    }
    this.markInRun(from, end, freshEnd);
    if (!this.runQualified && freshEnd >= windowEnd) {
      this.runQualified = true;
      this.currentRun.qualified = true;
      this.currentRun.depth = this.runDepth();
      this.resolve(true, OutReason.None, 0n, 0n);
    }
    if (freshEnd < end) {
      if (!this.runQualified) this.resolve(false, OutReason.Gap, this.lastRoundId, from);
      Object.assign(this.currentRun, { end: freshEnd, endReason: "gap", endRoundId: this.lastRoundId });
      this.mode = FeedMode.Dead;
      this.deadRoundId = this.lastRoundId;
      this.deadTime = from;
    }
  }

  private enter(r: FeedRound): void {
    const below = r.price < this.p.threshold;
    if (this.mode === FeedMode.Run) {
      if (below) return;
      if (!this.runQualified) this.resolve(false, OutReason.Recovered, r.id, r.updatedAt);
      Object.assign(this.currentRun, { end: r.updatedAt, endReason: "recovered", endRoundId: r.id });
      this.mode = FeedMode.Above;
    } else if (this.mode === FeedMode.Above) {
      if (!below) return;
      this.mode = FeedMode.Run;
      this.runStart = r.updatedAt;
      this.runDepthSum = 0n;
      this.runQualified = false;
      this.runs.push({ startRoundId: r.id, start: r.updatedAt, windowEnd: r.updatedAt + this.p.minDuration, qualified: false, depth: 0n });
    } else if (!below) {
      this.mode = FeedMode.Above;
    }
  }

  private markInRun(from: bigint, end: bigint, freshEnd: bigint): void {
    const before = this.p.incidentTime - 1n;
    if (this.statusBefore === PointStatus.Unseen && from <= before && before < end) {
      this.statusBefore = before >= freshEnd ? PointStatus.Out : this.runQualified ? PointStatus.In : PointStatus.Pending;
    }
    const at = this.p.incidentTime;
    if (this.statusAt === PointStatus.Unseen && from <= at && at < end) {
      if (at >= freshEnd) this.setOut(OutReason.Gap, this.lastRoundId, from);
      else if (this.runQualified) this.setIn();
      else this.statusAt = PointStatus.Pending;
    }
  }

  private markOutside(from: bigint, end: bigint): void {
    const status = this.mode === FeedMode.Unknown ? PointStatus.StartUnknown : PointStatus.Out;
    const before = this.p.incidentTime - 1n;
    if (this.statusBefore === PointStatus.Unseen && from <= before && before < end) this.statusBefore = status;
    const at = this.p.incidentTime;
    if (this.statusAt === PointStatus.Unseen && from <= at && at < end) {
      if (this.mode === FeedMode.Above) this.setOut(OutReason.NotBelow, this.lastRoundId, from);
      else if (this.mode === FeedMode.Dead) this.setOut(OutReason.Gap, this.deadRoundId, this.deadTime);
      else this.statusAt = status;
    }
  }

  private resolve(counted: boolean, reason: Reason, roundId: bigint, time: bigint): void {
    if (this.statusBefore === PointStatus.Pending) this.statusBefore = counted ? PointStatus.In : PointStatus.Out;
    if (this.statusAt === PointStatus.Pending) {
      if (counted) this.setIn();
      else this.setOut(reason, roundId, time);
    }
  }

  private runDepth(): bigint {
    return (this.runDepthSum * WAD) / (this.p.target * this.p.minDuration);
  }

  private setIn(): void {
    this.statusAt = PointStatus.In;
    this.start = this.runStart;
    this.depth = this.runDepth();
  }

  private setOut(reason: Reason, roundId: bigint, time: bigint): void {
    this.statusAt = PointStatus.Out;
    this.reason = reason;
    this.reasonRoundId = roundId;
    this.reasonTime = time;
    if (reason !== OutReason.NotBelow) this.start = this.runStart;
  }
}
