/**
 * Finding a parametric protocol's next de-peg from its feeds, and the one proof the resolver accepts for it, for
 * anyone who triggers incidents (the `cover trigger` command, the local scenario). Each feed's rounds are read
 * back to an anchor (feedHistory.ts) and walked as the resolver walks them (feedWalk.ts): a feed counts over its
 * qualifying runs [start, end); the incident time T is when the quorum-th feed started to count (at least k count
 * at T, fewer at T - 1): an incident's identity is its time, so the first such T not yet proven (pending or decided)
 * and still provable (before T + L + P) from a given time on. Each feed's
 * proof runs from its last round at or above the threshold before T - 1 until both T - 1 and T are decided. When
 * there is nothing to prove, the search says why: no feed below, a run too short or still under way, the quorum
 * never reached together, or the quorum not broken since the last incident.
 */
import type { Provider } from "ethers";
import type { ParametricResolver } from "../chain/contracts.js";
import { readFeedHistory, type FeedHistory } from "./history.js";
import { FeedWalker, type FeedRun, type WalkParams } from "./walk.js";
import { WAD } from "../market/payout.js";
import { PayoutRule, PointStatus, type EnumValue } from "../market/enums.js";

/** IParametricResolverTypes.TriggerConfig, as numbers the CLI and scenario use. */
export interface TriggerSettings {
  threshold: bigint;
  target: bigint;
  minDuration: bigint;
  grace: bigint;
  payoutCap: bigint;
  /** The latest incident time proven so far, pending or decided (0: none). */
  lastIncidentTime: bigint;
  registeredAt: bigint;
  /** L = minDuration + the longest heartbeat + grace, seconds. */
  lag: bigint;
  /** P, the resolver's PROOF_WINDOW: a proof of t lands before t + L + P and is decided from then. */
  proofWindow: bigint;
  /** Incident times proven so far: pending (waiting for t + L + P) and decided. */
  pending: bigint[];
  decided: bigint[];
  quorum: number;
  /** Full (pays 1) or Depth (the median depth, capped). */
  payoutRule: EnumValue<typeof PayoutRule>;
}

/** One feed of the protocol, as the resolver has it. */
export interface FeedInfo {
  index: number;
  aggregator: string;
  heartbeat: bigint;
  decimals: number;
  /** Whether the feed answers, by latestRoundData or by its history (one that does neither may go unproven, counting as not below). */
  answers: boolean;
}

/** One feed's part of a proof. */
export interface FeedProof extends FeedInfo {
  counted: boolean;
  /** The counted run's start (its first round below) and depth over [start, start + minDuration). */
  start: bigint;
  startRoundId: bigint;
  depth: bigint;
  roundIds: bigint[];
}

/** The arguments of triggerIncident, and what they show. */
export interface DepegProof {
  protocolId: number;
  incidentTime: bigint;
  countedMask: bigint;
  roundIds: bigint[][];
  /** The payout the resolver will report, WAD. */
  payout: bigint;
  feeds: FeedProof[];
}

/** Why there is nothing to prove. */
export type NoDepeg =
  | { kind: "no-feed-below" }
  | { kind: "too-short" }
  | { kind: "under-way"; until: bigint }
  | { kind: "quorum-not-reached"; most: number }
  | { kind: "not-recovered"; since: bigint }
  | { kind: "feed-unprovable"; incidentTime: bigint; feed: number; detail: "pending" | "start unknown" | "no rounds"; until?: bigint };

/** A feed's runs below the threshold over the searched time. */
export interface FeedFinding extends FeedInfo {
  runs: FeedRun[];
}

export type DepegSearch = { settings: TriggerSettings; from: bigint; now: bigint; feeds: FeedFinding[] } & ({ found: true; proof: DepegProof } | { found: false; why: NoDepeg });

const INF = 2n ** 255n;

/** Reads a protocol's trigger settings and feeds from the resolver. */
export async function triggerSettings(resolver: ParametricResolver, protocolId: number): Promise<{ settings: TriggerSettings; feeds: Omit<FeedInfo, "answers">[] }> {
  const c = await resolver.triggerConfig(protocolId);
  const pending = [...(await resolver.pendingIncidents(protocolId))];
  const decided = ((await resolver.queryFilter(resolver.filters.IncidentDecided(protocolId))) as any[]).map((e) => BigInt(e.args.incidentTime));
  const proven = [...pending, ...decided];
  const settings: TriggerSettings = {
    threshold: c.threshold, target: c.target, minDuration: c.minDuration, grace: c.grace, payoutCap: c.payoutCap,
    lastIncidentTime: proven.reduce((a, b) => (b > a ? b : a), 0n), registeredAt: c.registeredAt, lag: c.lag,
    proofWindow: await resolver.PROOF_WINDOW(), pending, decided,
    quorum: Number(c.quorum), payoutRule: Number(c.payoutRule) as EnumValue<typeof PayoutRule>,
  };
  const feeds = (await resolver.feeds(protocolId)).map((f, index) => ({ index, aggregator: f.aggregator, heartbeat: f.heartbeat, decimals: Number(f.decimals) }));
  return { settings, feeds };
}

/** The lower median (Median.lowerMedian). */
function lowerMedian(values: bigint[]): bigint {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

const walkParams = (s: TriggerSettings, f: FeedInfo, incidentTime: bigint): WalkParams => ({
  threshold: s.threshold, target: s.target, minDuration: s.minDuration, maxGap: f.heartbeat + s.grace, incidentTime,
});

/** When a proof of `incidentTime` is decided (and from when it is refused): t + L + P. */
export const decidableAt = (s: TriggerSettings, incidentTime: bigint) => incidentTime + s.lag + s.proofWindow;

/**
 * The first de-peg of `protocolId` to prove, with its proof, or why there is none: the earliest incident time not
 * yet proven (pending or decided) whose proof can still land (before t + L + P). `from`: look only at incident
 * times from then on (default: the protocol's registration); `now`: the chain's time (default: the latest block's).
 */
export async function findDepeg(resolver: ParametricResolver, protocolId: number, options: { from?: bigint; now?: bigint } = {}): Promise<DepegSearch> {
  const runner = (resolver.runner?.provider ?? resolver.runner) as Provider;
  const now = options.now ?? BigInt((await runner.getBlock("latest"))!.timestamp);
  const { settings: s, feeds: list } = await triggerSettings(resolver, protocolId);
  let from = s.registeredAt;
  if (options.from !== undefined && options.from > from) from = options.from;
  // Incident times whose proof can no longer land are out of reach: search from the first that can.
  const reachable = now >= s.lag + s.proofWindow ? now - s.lag - s.proofWindow + 1n : 0n;
  if (reachable > from) from = reachable;
  // The last incident's quorum must be seen too (was it ever broken since?): anchor at or before it.
  const anchorBy = (s.lastIncidentTime !== 0n && s.lastIncidentTime < from ? s.lastIncidentTime : from) - 1n;
  const histories: FeedHistory[] = await Promise.all(list.map((f) => readFeedHistory(f.aggregator, runner, f.decimals, s.threshold, anchorBy, now)));
  const feeds: FeedInfo[] = list.map((f, i) => ({ ...f, answers: histories[i].answers }));

  // Every run of every feed since the anchors, and the qualifying ones as the intervals in which a feed counts.
  const runs = feeds.map((f, i) => {
    const walker = new FeedWalker(walkParams(s, f, 1n));
    for (const r of histories[i].rounds) walker.read(r);
    walker.finish(histories[i].lastIsLatest, now);
    return walker.runs;
  });
  const counting = runs.flat().filter((r) => r.qualified);
  const count = (t: bigint) => runs.filter((rs) => rs.some((r) => r.qualified && r.start <= t && t < (r.end ?? INF))).length;
  const k = s.quorum;
  const starts = [...new Set(counting.map((r) => r.start))].sort((a, b) => (a < b ? -1 : 1));
  const candidates = starts.filter((t) => count(t) >= k && count(t - 1n) < k);
  /** When the quorum first broke after `t` (INF if it still holds). */
  const brokeAfter = (t: bigint) => [...new Set(counting.map((r) => r.end ?? INF))].sort((a, b) => (a < b ? -1 : 1)).find((e) => e > t && count(e) < k) ?? INF;

  const proven = new Set([...s.pending, ...s.decided]);
  const T = candidates.find((t) => t >= from && t <= now && !proven.has(t));
  const region = (r0: bigint) => feeds.map((f, i) => ({ ...f, runs: runs[i].filter((r) => r.start <= now && (r.end ?? INF) > r0) }));
  if (T === undefined) {
    // The quorum that held at the latest earlier incident time: still holding, or broken when?
    const earlier = candidates.filter((t) => t < from || proven.has(t)).pop();
    const brokeAt = earlier === undefined ? 0n : brokeAfter(earlier);
    if (earlier !== undefined && brokeAt > now) {
      return { settings: s, from, now, feeds: region(from), found: false, why: { kind: "not-recovered", since: earlier } };
    }
    // Since the later of `from` and that break: runs that started since, and runs under way that could still qualify.
    const r0 = brokeAt > from ? brokeAt : from;
    const findings = region(r0);
    const fresh = findings.flatMap((f) => f.runs).filter((r) => r.start >= r0);
    const underWay = findings.filter((f) => f.runs.some((r) => !r.qualified && r.end === undefined));
    let why: NoDepeg;
    if (underWay.length && count(now) + underWay.length >= k) {
      const until = underWay.flatMap((f) => f.runs).filter((r) => !r.qualified && r.end === undefined).map((r) => r.windowEnd);
      why = { kind: "under-way", until: until.sort((a, b) => (a < b ? -1 : 1))[0] };
    } else if (fresh.some((r) => r.qualified)) {
      why = { kind: "quorum-not-reached", most: Math.max(count(r0), ...starts.filter((t) => t >= r0 && t <= now).map(count)) };
    } else if (fresh.length || histories.some((h) => h.rounds.some((r) => r.price < s.threshold && r.updatedAt >= r0))) {
      why = { kind: "too-short" };
    } else why = { kind: "no-feed-below" };
    return { settings: s, from: r0, now, feeds: findings, found: false, why };
  }

  // The proof at T: each feed from its last round at or above the threshold by T - 1 until T - 1 and T are decided.
  const proofs: FeedProof[] = [];
  for (const [i, f] of feeds.entries()) {
    const rounds = histories[i].rounds;
    const proof: FeedProof = { ...f, counted: false, start: 0n, startRoundId: 0n, depth: 0n, roundIds: [] };
    proofs.push(proof);
    if (!f.answers) continue;
    let j = rounds.length - 1;
    while (j > 0 && !(rounds[j].updatedAt <= T - 1n && rounds[j].price >= s.threshold)) j--;
    const walker = new FeedWalker(walkParams(s, f, T));
    for (; j < rounds.length && !walker.settled(); j++) {
      walker.read(rounds[j]);
      proof.roundIds.push(rounds[j].id);
    }
    walker.finish(histories[i].lastIsLatest && j === rounds.length, now);
    const unsettled = [walker.statusBefore, walker.statusAt];
    if (unsettled.includes(PointStatus.Unseen)) return unprovable(T, i, "no rounds");
    if (unsettled.includes(PointStatus.StartUnknown)) return unprovable(T, i, "start unknown");
    if (unsettled.includes(PointStatus.Pending)) return unprovable(T, i, "pending", walker.runStart + s.minDuration);
    if (walker.statusAt === PointStatus.In) {
      Object.assign(proof, { counted: true, start: walker.start, depth: walker.depth });
      proof.startRoundId = runs[i].find((r) => r.start === walker.start)?.startRoundId ?? 0n;
    }
  }
  const depths = proofs.map((p) => p.depth);
  const median = lowerMedian(depths);
  const payout = s.payoutRule === PayoutRule.Full ? WAD : median > s.payoutCap ? s.payoutCap : median;
  const countedMask = proofs.reduce((mask, p) => (p.counted ? mask | (1n << BigInt(p.index)) : mask), 0n);
  return {
    settings: s, from, now, feeds: region(from), found: true,
    proof: { protocolId, incidentTime: T, countedMask, roundIds: proofs.map((p) => p.roundIds), payout, feeds: proofs },
  };

  function unprovable(incidentTime: bigint, feed: number, detail: "pending" | "start unknown" | "no rounds", until?: bigint): DepegSearch {
    return { settings: s, from, now, feeds: region(from), found: false, why: { kind: "feed-unprovable", incidentTime, feed, detail, until } };
  }
}
