/**
 * Reading a Chainlink feed's history with nothing but AggregatorV3Interface: from latestRoundData backwards through
 * getRoundData, across phase changes (round ids are phase << 64 | round, a phase's rounds count from 1), the way
 * the parametric resolver accepts rounds as consecutive: (p, r) then (p, r + 1) while it is updated before round
 * (p + 1, 1), or the last round of phase p updated before round (p + 1, 1), then that round. The walk back stops
 * at an anchor: a round at or above the threshold updated at or before a given time, after which the feed's state
 * is known whatever came before.
 */
import { Contract, type ContractRunner } from "ethers";
import type { AggregatorV3Interface } from "../chain/contracts.js";
import { toWadPrice, type FeedRound } from "./walk.js";

const AGGREGATOR_ABI = [
  "function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)",
  "function getRoundData(uint80 roundId) view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)",
];

const PHASE_OFFSET = 64n;
const ROUND_MASK = (1n << PHASE_OFFSET) - 1n;
/** Rounds fetched at once when walking back within a phase. */
const BATCH = 16;

export interface FeedHistory {
  /**
   * Whether the feed answers: latestRoundData does, or its history does (round 1 of phase 1 reads). Only a feed
   * that does neither may go unproven, as the resolver decides: a feed whose latestRoundData reverts while its
   * rounds read is walked from its history.
   */
  answers: boolean;
  /** Consecutive rounds from the anchor (or the oldest reachable round) to the latest one not after `now`. */
  rounds: FeedRound[];
  /** Whether the last of `rounds` is the feed's latest round (it then holds until now). */
  lastIsLatest: boolean;
}

export const phaseOf = (id: bigint) => id >> PHASE_OFFSET;
export const roundOf = (id: bigint) => id & ROUND_MASK;
const roundId = (phase: bigint, round: bigint) => (phase << PHASE_OFFSET) | round;

/** A feed's rounds, fetched once each. */
class RoundReader {
  private cache = new Map<bigint, Promise<FeedRound | undefined>>();
  private aggregator: AggregatorV3Interface;

  constructor(address: string, runner: ContractRunner, private decimals: number) {
    this.aggregator = new Contract(address, AGGREGATOR_ABI, runner) as unknown as AggregatorV3Interface;
  }

  /** Round `id`, or undefined if the feed has no complete round there. */
  get(id: bigint): Promise<FeedRound | undefined> {
    if (!this.cache.has(id)) {
      this.cache.set(
        id,
        this.aggregator.getRoundData(id).then(
          (r) => (r.updatedAt === 0n ? undefined : { id, price: r.answer > 0n ? toWadPrice(r.answer, this.decimals) : 0n, updatedAt: r.updatedAt }),
          () => undefined,
        ),
      );
    }
    return this.cache.get(id)!;
  }

  async latest(): Promise<FeedRound | undefined> {
    try {
      const r = await this.aggregator.latestRoundData();
      return r.updatedAt === 0n ? undefined : { id: r.roundId, price: r.answer > 0n ? toWadPrice(r.answer, this.decimals) : 0n, updatedAt: r.updatedAt };
    } catch {
      return undefined;
    }
  }

  /**
   * The latest round read from history alone, for a feed whose latestRoundData reverts: the last round of the
   * last phase that has rounds (phases have rounds from 1 on, and each new phase starts at round 1).
   */
  async latestFromHistory(): Promise<FeedRound | undefined> {
    if (!(await this.get(roundId(1n, 1n)))) return undefined;
    let phase = 1n;
    while (await this.get(roundId(phase + 1n, 1n))) phase += 1n;
    return this.lastOfPhase(phase, 2n ** 256n);
  }

  /** Fetches rounds id - 1 down to id - BATCH of the same phase together, ahead of the walk. */
  prefetch(id: bigint): void {
    for (let k = 1n; k <= BigInt(BATCH) && roundOf(id) > k; k++) void this.get(id - k);
  }

  /** The last round of `phase` updated before `before` (the next phase's first round) that the phase reached without a gap. */
  async lastOfPhase(phase: bigint, before: bigint): Promise<FeedRound | undefined> {
    if (!(await this.get(roundId(phase, 1n)))) return undefined;
    // Rounds of a phase exist from 1 to its last: double, then halve, to find the last.
    let low = 1n;
    let high = 2n;
    while (await this.get(roundId(phase, high))) [low, high] = [high, high * 2n];
    while (high - low > 1n) {
      const mid = (low + high) / 2n;
      if (await this.get(roundId(phase, mid))) low = mid;
      else high = mid;
    }
    for (let r = low; r >= 1n; r--) {
      const round = (await this.get(roundId(phase, r)))!;
      if (round.updatedAt < before) return round;
    }
    return undefined;
  }

  /** The round before `round` in the feed's history, if the history reaches back that far. */
  async previous(round: FeedRound): Promise<FeedRound | undefined> {
    const phase = phaseOf(round.id);
    if (roundOf(round.id) > 1n) {
      this.prefetch(round.id);
      return this.get(round.id - 1n);
    }
    return phase > 1n ? this.lastOfPhase(phase - 1n, round.updatedAt) : undefined;
  }
}

/**
 * The rounds of the feed at `address` (answers with `decimals` decimals) from the last round at or above
 * `threshold` (WAD) updated at or before `anchorBy` up to its latest round not after `now`.
 */
export async function readFeedHistory(address: string, runner: ContractRunner, decimals: number, threshold: bigint, anchorBy: bigint, now: bigint): Promise<FeedHistory> {
  const reader = new RoundReader(address, runner, decimals);
  const latest = (await reader.latest()) ?? (await reader.latestFromHistory());
  if (!latest) return { answers: false, rounds: [], lastIsLatest: false };
  const rounds: FeedRound[] = [latest];
  // Rounds updated after now (a feed scripted ahead of the chain) cannot be proven yet: leave them out.
  while (rounds.length && rounds[0].updatedAt > now) {
    const previous = await reader.previous(rounds[0]);
    rounds.shift();
    if (previous) rounds.unshift(previous);
  }
  const lastIsLatest = rounds.length > 0 && rounds[0].id === latest.id;
  for (let cursor = rounds[0]; cursor && !(cursor.updatedAt <= anchorBy && cursor.price >= threshold); ) {
    const previous = await reader.previous(cursor);
    if (!previous || previous.updatedAt > cursor.updatedAt) break;
    rounds.unshift(previous);
    cursor = previous;
  }
  return { answers: true, rounds, lastIsLatest };
}
