/**
 * An independent model of DESIGN section 2's parametric rules ("Order never matters"), written from the rules and
 * not from the resolver's code: what a feed history says, whatever order proofs come in.
 * - A feed's history is its rounds, phase by phase: a phase is followed to a round only while that round was
 *   updated before the next phase's first round; then the history goes on in the next phase, from its round 1.
 *   A round whose read fails (reverts, or has no update time) ends its phase if the next phase has begun.
 * - Unusable rounds (read fails, answer <= 0, no update time, older than the previous usable round) are missing
 *   updates. A usable round's answer holds from its update time until the next usable one, fresh for
 *   heartbeat + grace (inclusive), stale after.
 * - A run starts at a usable round below the threshold whose previous usable round is at or above it, and lasts
 *   until a round at or above it or until its answer goes stale. It qualifies when it lasts minDuration; a feed
 *   counts at x when x lies in a qualifying run. Depth: mean of (target - price) / target over [start, start + md).
 * - An incident is a time t at which at least k feeds count and fewer than k counted at t - 1; its payout is 1
 *   (Full) or the lower median of the n feeds' depths (0 if not counted), capped. Incidents are recorded in
 *   incident-time order; a series (coverage [createdAt, expiry)) settles at the first one inside its coverage.
 */

export const WAD = 10n ** 18n;

/** A round as the feed holds it. */
export interface ModelRound {
  phase: number;
  /** Its number within its phase, from 1. */
  index: number;
  /** The answer with `decimals` decimals. */
  answer: bigint;
  updatedAt: bigint;
  /** Its read reverts. */
  broken: boolean;
}

export interface ModelConfig {
  /** WAD prices. */
  threshold: bigint;
  target: bigint;
  minDuration: bigint;
  /** heartbeat + grace, per feed. */
  maxGaps: bigint[];
  quorum: number;
  full: boolean;
  payoutCap: bigint;
  decimals: number;
  registeredAt: bigint;
}

export interface ModelIncident {
  incidentTime: bigint;
  payout: bigint;
  counted: bigint;
}

interface Run {
  start: bigint;
  /** First second it no longer counts. */
  end: bigint;
  qualified: boolean;
  depth: bigint;
}

const key = (phase: number, index: number) => `${phase}:${index}`;

/** The rounds a feed's history consists of, in order (before dropping unusable ones). */
export function feedHistory(rounds: ModelRound[]): ModelRound[] {
  const byId = new Map(rounds.map((r) => [key(r.phase, r.index), r]));
  const readable = (r: ModelRound | undefined) => r !== undefined && !r.broken && r.updatedAt !== 0n;
  let cur = byId.get(key(1, 1));
  const path: ModelRound[] = [];
  while (cur) {
    path.push(cur);
    const same = byId.get(key(cur.phase, cur.index + 1));
    const next = byId.get(key(cur.phase + 1, 1));
    const nextBegun = readable(next);
    if (readable(same)) cur = !nextBegun || next!.updatedAt > same!.updatedAt ? same : next;
    else cur = nextBegun ? next : same;
  }
  return path;
}

/** The usable rounds of a history, as [WAD price, update time]. */
export function usableRounds(path: ModelRound[], decimals: number): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  for (const r of path) {
    if (r.broken || r.updatedAt === 0n || r.answer <= 0n) continue;
    if (out.length && r.updatedAt < out[out.length - 1][1]) continue;
    out.push([r.answer * 10n ** BigInt(18 - decimals), r.updatedAt]);
  }
  return out;
}

/** A feed's runs below the threshold. */
function runsOf(rounds: [bigint, bigint][], c: ModelConfig, maxGap: bigint): Run[] {
  const runs: Run[] = [];
  for (let i = 1; i < rounds.length; i++) {
    const [price, at] = rounds[i];
    if (price >= c.threshold || rounds[i - 1][0] < c.threshold) continue;
    // A run from `at`: each answer holds until the next round, fresh for maxGap.
    let end: bigint | undefined;
    const windowEnd = at + c.minDuration;
    let sum = 0n;
    let j = i;
    for (; j < rounds.length; j++) {
      const [p, from] = rounds[j];
      if (p >= c.threshold) {
        end = from;
        break;
      }
      const freshEnd = from + maxGap + 1n;
      const nextAt = j + 1 < rounds.length ? rounds[j + 1][1] : undefined;
      const until = nextAt === undefined || nextAt > freshEnd ? freshEnd : nextAt;
      const lo = from, hi = until < windowEnd ? until : windowEnd;
      if (hi > lo) sum += (c.target - p) * (hi - lo);
      if (nextAt === undefined || nextAt > freshEnd) {
        end = freshEnd; // stale
        break;
      }
    }
    const qualified = end! >= windowEnd;
    runs.push({ start: at, end: end!, qualified, depth: qualified ? (sum * WAD) / (c.target * c.minDuration) : 0n });
  }
  return runs;
}

/** Every incident the feeds' histories hold, in incident-time order. */
export function modelIncidents(feeds: ModelRound[][], c: ModelConfig, now: bigint): ModelIncident[] {
  const runs = feeds.map((rounds, i) => runsOf(usableRounds(feedHistory(rounds), c.decimals), c, c.maxGaps[i]));
  const counting = (i: number, x: bigint) => runs[i].find((r) => r.qualified && r.start <= x && x < r.end);
  const count = (x: bigint) => runs.filter((_, i) => counting(i, x)).length;
  const starts = [...new Set(runs.flat().filter((r) => r.qualified).map((r) => r.start))].sort((a, b) => (a < b ? -1 : 1));
  const incidents: ModelIncident[] = [];
  for (const t of starts) {
    if (t < c.registeredAt || t > now || count(t) < c.quorum || count(t - 1n) >= c.quorum) continue;
    const depths = runs.map((_, i) => counting(i, t)?.depth ?? 0n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const median = depths[Math.floor((depths.length - 1) / 2)];
    const payout = c.full ? WAD : median > c.payoutCap ? c.payoutCap : median;
    const counted = runs.reduce((m, _, i) => (counting(i, t) ? m | (1n << BigInt(i)) : m), 0n);
    incidents.push({ incidentTime: t, payout, counted });
  }
  return incidents;
}

/** A series' payout under the incidents (recorded in incident-time order): the first inside its coverage, if any. */
export function modelSettlement(incidents: ModelIncident[], createdAt: bigint, expiry: bigint): bigint | undefined {
  return incidents.find((x) => x.incidentTime >= createdAt && x.incidentTime < expiry)?.payout;
}
