/**
 * An independent model of DESIGN section 2's committee rules, for the committee resolver's order-independence
 * property test: what the market must end up holding for a set of claims and votes, whatever order and times
 * they arrive in. Written from the design, not from the contract.
 *
 * - A claim passes iff at least M of its voters accepted by the close of voting; its payout is the lower median
 *   of all accepting payouts (the element at index floor((k - 1) / 2) of the k sorted payouts).
 * - Passed claims reach the market in incident-time order (distinct incident times here), at most `cap` of them.
 * - A series' payout is that of the first recorded incident whose time lies in its coverage window
 *   [createdAt, expiry) (every claim is filed before expiry + W here); 0 if none.
 */
import fc from "fast-check";

/** One voter's vote: accept at a payout (WAD), deny, or no vote at all. */
export type Vote = { kind: "accept"; payout: bigint } | { kind: "deny" } | { kind: "none" };

/** A claim as the property test draws it: its incident time (seconds after the run's start) and every voter's vote. */
export interface ModelClaim {
  offset: number;
  requested: bigint;
  votes: Vote[];
}

/** The lower median of a non-empty list. */
export function lowerMedian(values: bigint[]): bigint {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Whether the claim passes with `threshold` acceptances, and at what payout. */
export function outcomeOf(claim: ModelClaim, threshold: number): { passed: boolean; payout: bigint } {
  const accepting = claim.votes.filter((v): v is { kind: "accept"; payout: bigint } => v.kind === "accept").map((v) => v.payout);
  return accepting.length >= threshold ? { passed: true, payout: lowerMedian(accepting) } : { passed: false, payout: 0n };
}

/** The incidents the market must hold, in its order: [index of the claim in `claims`, payout]. */
export function expectedIncidents(claims: ModelClaim[], threshold: number, cap: number): { claim: number; payout: bigint }[] {
  return claims
    .map((c, i) => ({ i, c, o: outcomeOf(c, threshold) }))
    .filter((x) => x.o.passed)
    .sort((a, b) => a.c.offset - b.c.offset)
    .slice(0, cap)
    .map((x) => ({ claim: x.i, payout: x.o.payout }));
}

/** A series' payout: the first recorded incident in [createdAt, expiry), else 0 (settled by time). */
export function seriesPayout(incidents: { time: bigint; payout: bigint }[], createdAt: bigint, expiry: bigint): bigint {
  return incidents.find((x) => x.time >= createdAt && x.time < expiry)?.payout ?? 0n;
}

const WAD = 10n ** 18n;

/** Votes of `size` voters: mostly accepting at a few payouts (so medians collide and differ), some denials and abstentions. */
export function votesArbitrary(size: number): fc.Arbitrary<Vote[]> {
  const vote: fc.Arbitrary<Vote> = fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 10 }).map((k): Vote => ({ kind: "accept", payout: (BigInt(k) * WAD) / 10n })), weight: 6 },
    { arbitrary: fc.constant<Vote>({ kind: "deny" }), weight: 3 },
    { arbitrary: fc.constant<Vote>({ kind: "none" }), weight: 1 },
  );
  return fc.array(vote, { minLength: size, maxLength: size });
}

/** 2 to 5 claims with distinct incident times on a 10-minute grid within `spanSeconds`. */
export function claimsArbitrary(size: number, spanSeconds: number): fc.Arbitrary<ModelClaim[]> {
  return fc
    .uniqueArray(fc.integer({ min: 0, max: Math.floor(spanSeconds / 600) }), { minLength: 2, maxLength: 5 })
    .chain((slots) =>
      fc.tuple(...slots.map((slot) => fc.record({ offset: fc.constant(slot * 600), requested: fc.constant(WAD / 2n), votes: votesArbitrary(size) }))),
    );
}
