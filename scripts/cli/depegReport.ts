/**
 * The `trigger` command's words for what the feeds show (scripts/lib/feeds/depegProof.ts finds it): the proof found,
 * feed by feed (start round, depth, rounds read) with the incident time and payout; or why there is no de-peg to
 * prove. Round ids print as phase:round.
 */
import { phaseOf, roundOf } from "../lib/feeds/history.js";
import { PayoutRule } from "../lib/market/enums.js";
import type { FeedRun } from "../lib/feeds/walk.js";
import type { DepegProof, DepegSearch, FeedProof } from "../lib/feeds/depegProof.js";
import { duration, human, isoTime, percent } from "./output.js";

export const roundName = (id: bigint) => `${phaseOf(id)}:${roundOf(id)}`;

/** One run below the threshold, in words. */
function runLine(index: number, r: FeedRun, minDuration: bigint, now: bigint): string {
  const head = `feed ${index}: below from ${isoTime(r.start)} (round ${roundName(r.startRoundId)})`;
  const lasted = (r.end ?? now) - r.start;
  let tail: string;
  if (r.end === undefined) tail = r.qualified ? `, still below (${duration(lasted)} so far)` : `, still below after ${duration(lasted)}: its ${duration(minDuration)} window ends at ${isoTime(r.windowEnd)}`;
  else if (r.endReason === "recovered") tail = `, back at ${isoTime(r.end)} after ${duration(lasted)}`;
  else tail = `, stale from ${isoTime(r.end)} (no update within heartbeat + grace)`;
  return `  ${head}${tail}${r.qualified ? `; lasted the minimum duration, depth ${percent(r.depth)}` : "; not long enough"}`;
}

/** Why `search` found nothing to prove, as one message (its first line says what, the others show the feeds). */
export function explainNoDepeg(search: DepegSearch & { found: false }, ticker: string): string {
  const s = search.settings;
  const threshold = human(s.threshold, 18);
  const since = isoTime(search.from);
  const runs = search.feeds.flatMap((f) => f.runs.map((r) => runLine(f.index, r, s.minDuration, search.now)));
  const why = search.why;
  let head: string;
  switch (why.kind) {
    case "no-feed-below":
      head = `no feed went below the threshold ${threshold} since ${since}`;
      break;
    case "too-short":
      head = `no feed stayed below ${threshold} for the minimum duration (${duration(s.minDuration)}) since ${since}`;
      break;
    case "under-way":
      head = `below ${threshold} now, but not yet for the minimum duration: the earliest window ends at ${isoTime(why.until)} (in ${duration(why.until - search.now)}); try again then`;
      break;
    case "quorum-not-reached":
      head = `quorum not reached: ${s.quorum} of ${search.feeds.length} feeds must be below ${threshold} together for the minimum duration, at most ${why.most} were since ${since}`;
      break;
    case "not-recovered":
      head =
        s.lastIncidentTime !== 0n && why.since <= s.lastIncidentTime
          ? `not recovered since the last incident (${isoTime(s.lastIncidentTime)}): the quorum of feeds is still below ${threshold}, and a new de-peg needs a recovery first`
          : `the quorum of feeds has been below ${threshold} since ${isoTime(why.since)}, before --at: that is the incident time to prove (run without --at)`;
      break;
    case "feed-unprovable":
      head =
        `the feeds show an incident at ${isoTime(why.incidentTime)}, but feed ${why.feed} cannot be proven yet: ` +
        (why.detail === "pending"
          ? `its window ends at ${isoTime(why.until!)} (in ${duration(why.until! - search.now)}); try again then`
          : why.detail === "start unknown"
            ? "its rounds before then begin below the threshold, so its start cannot be shown"
            : "it has no rounds at or before that time");
      break;
  }
  return [`no de-peg of ${ticker} to prove: ${head}; nothing was sent`, ...runs].join("\n");
}

/** A feed's part of the proof, for JSON. */
export function feedJson(f: FeedProof) {
  return {
    index: f.index,
    aggregator: f.aggregator,
    answers: f.answers,
    counted: f.counted,
    startRound: f.counted ? roundName(f.startRoundId) : null,
    startRoundId: f.counted ? f.startRoundId.toString() : null,
    start: f.counted ? Number(f.start) : null,
    depth: f.counted ? human(f.depth, 18) : null,
    rounds: f.roundIds.length,
    firstRound: f.roundIds.length ? roundName(f.roundIds[0]) : null,
    lastRound: f.roundIds.length ? roundName(f.roundIds[f.roundIds.length - 1]) : null,
  };
}

/** The proof found, in words. */
export function describeProof(proof: DepegProof, search: DepegSearch): string[] {
  const s = search.settings;
  const rule = s.payoutRule === PayoutRule.Full ? "full payout" : `lower median of the ${proof.feeds.length} feeds' depths, capped at ${percent(s.payoutCap)}`;
  return [
    `incident time: ${isoTime(proof.incidentTime)} (when the ${s.quorum}${s.quorum === 1 ? "st" : s.quorum === 2 ? "nd" : s.quorum === 3 ? "rd" : "th"} feed went below ${human(s.threshold, 18)} for at least ${duration(s.minDuration)})`,
    ...proof.feeds.map((f) => {
      const rounds = f.roundIds.length ? `rounds ${roundName(f.roundIds[0])} to ${roundName(f.roundIds[f.roundIds.length - 1])} (${f.roundIds.length})` : "no rounds (the feed does not answer)";
      return f.counted
        ? `  feed ${f.index} ${f.aggregator}: below from ${isoTime(f.start)} (start round ${roundName(f.startRoundId)}), depth ${percent(f.depth)}; ${rounds}`
        : `  feed ${f.index} ${f.aggregator}: not counted (not below for long enough at the incident time); ${rounds}`;
    }),
    `payout: ${percent(proof.payout)} (${rule})`,
  ];
}
