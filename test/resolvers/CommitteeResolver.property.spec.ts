/**
 * Order independence of the committee resolver, as a seeded fast-check property (DESIGN section 2, "Order never
 * matters"). Each run draws 2 to 5 claims on one protocol (distinct incident times over ten days) and every
 * voter's vote on each (accepts at assorted payouts, denials, abstentions); then plays the same claims and votes
 * in several random schedules: each claim filed at a random time within F of its incident, each vote at a random
 * time within V of the filing, in any order across claims and voters, with anyone calling recordClaims at random
 * times besides a keeper who records at each claim's t + F + V. Every schedule must leave the market with the
 * same incidents, in the same order, at the same payouts, the same claim outcomes, and the same settlement of two
 * series with different coverage windows: all equal to test/shared/claimModel.ts.
 *
 * Runs: COMMITTEE_PROPERTY_RUNS (default 25), seed COMMITTEE_PROPERTY_SEED (default 13), 3 schedules per run.
 */
import { expect } from "chai";
import fc from "fast-check";
import { networkHelpers } from "../shared/connection.js";
import { committeeFixture, COMMITTEE_THRESHOLD, COMMITTEE_SIZE, FILING_WINDOW, VOTING_PERIOD } from "../shared/committeeFixture.js";
import { seriesHandle } from "../shared/marketFixture.js";
import { fileClaim } from "../shared/fileClaim.js";
import { claimsArbitrary, expectedIncidents, outcomeOf, seriesPayout, type ModelClaim } from "../shared/claimModel.js";
import { nthExpiryAfter } from "../../scripts/lib/market/calendar.js";
import { prng } from "../../scripts/lib/scenario/stage.js";

const { loadFixture, time } = networkHelpers;
const RUNS = Number(process.env.COMMITTEE_PROPERTY_RUNS ?? 25);
const SEED = Number(process.env.COMMITTEE_PROPERTY_SEED ?? 13);
const SCHEDULES = 3;
const SPAN = 10 * 86_400; // incident times within ten days
const MAX_INCIDENTS = 32;
const ACCEPTED = 2n;
const DENIED = 3n;
const BY_INCIDENT = 1n;

/** The committee fixture plus a second series of its protocol that expires within the first week. */
async function propertyFixture() {
  const f = await committeeFixture();
  const now = BigInt(await time.latest());
  const shortExpiry = nthExpiryAfter(now, 1);
  await f.market.createSeries(f.protocolId, await f.usdc.getAddress(), shortExpiry);
  const short = await seriesHandle(f.market, f.protocolId, await f.usdc.getAddress(), shortExpiry);
  return { ...f, short, start: now + 60n };
}

type Step = { at: bigint; order: number } & ({ kind: "file"; claim: number } | { kind: "vote"; claim: number; voter: number } | { kind: "record" });

/** One schedule of the claims' filings, votes and record calls, in time order. */
function schedule(claims: ModelClaim[], start: bigint, seed: number): Step[] {
  const random = prng(seed); // one drawn number fixes a whole schedule
  const within = (from: bigint, span: bigint) => from + BigInt(Math.floor(random() * Number(span)));
  const steps: Step[] = [];
  claims.forEach((c, i) => {
    const t = start + BigInt(c.offset);
    const filedAt = within(t + 1n, FILING_WINDOW - 600n);
    steps.push({ kind: "file", claim: i, at: filedAt, order: random() });
    c.votes.forEach((v, voter) => {
      if (v.kind !== "none") steps.push({ kind: "vote", claim: i, voter, at: within(filedAt + 60n, VOTING_PERIOD - 1200n), order: random() });
    });
    steps.push({ kind: "record", at: t + FILING_WINDOW + VOTING_PERIOD + 1n, order: random() }); // the keeper
  });
  for (let k = 0; k < 3; k++) steps.push({ kind: "record", at: within(start, BigInt(SPAN) + FILING_WINDOW + VOTING_PERIOD), order: random() });
  return steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));
}

describe("CommitteeResolver: order independence (property)", function () {
  this.timeout(0);

  it(`any order and timing of filings, votes and records gives the model's incidents and settlements (${RUNS} runs x ${SCHEDULES} schedules, seed ${SEED})`, async function () {
    await fc.assert(
      fc.asyncProperty(claimsArbitrary(COMMITTEE_SIZE, SPAN), fc.array(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { minLength: SCHEDULES, maxLength: SCHEDULES }), async (claims, seeds) => {
        const expected = expectedIncidents(claims, COMMITTEE_THRESHOLD, MAX_INCIDENTS);
        for (const seed of seeds) {
          const f = await loadFixture(propertyFixture);
          const claimIds: bigint[] = []; // by claim index
          let last = BigInt(await time.latest());
          for (const step of schedule(claims, f.start, seed)) {
            last = step.at > last ? step.at : last + 1n;
            await time.setNextBlockTimestamp(last);
            if (step.kind === "file") {
              const c = claims[step.claim];
              claimIds[step.claim] = (await fileClaim(f.resolver, f.claimant, f.protocolId, f.start + BigInt(c.offset), c.requested)).claimId;
            } else if (step.kind === "vote") {
              const v = claims[step.claim].votes[step.voter];
              const id = claimIds[step.claim];
              // A denial may have closed voting before this vote's turn: then it is refused, as it must be.
              if ((await f.resolver.claim(id)).status !== 1n) continue;
              await f.resolver.connect(f.members[step.voter]).voteClaim(id, v.kind === "accept", v.kind === "accept" ? v.payout : 0n);
            } else {
              await f.resolver.connect(f.outsider).recordClaims(f.protocolId, 10);
            }
          }
          // Every claim was decided by the keeper in time; nothing waits.
          expect(await f.resolver.claimQueue(f.protocolId), `seed ${seed}: queue`).to.deep.equal([]);
          const count = Number((await f.market.protocol(f.protocolId)).incidentCount);
          const incidents = [];
          for (let k = 0; k < count; k++) incidents.push(await f.market.incident(f.protocolId, k));
          expect(
            incidents.map((x) => ({ claim: claimIds.indexOf(x.claimId), payout: x.payout })),
            `seed ${seed}: incidents`,
          ).to.deep.equal(expected);
          expect(incidents.map((x) => x.incidentTime)).to.deep.equal(expected.map((x) => f.start + BigInt(claims[x.claim].offset)));
          for (const [i, c] of claims.entries()) {
            expect((await f.resolver.claim(claimIds[i])).status, `seed ${seed}: claim ${i}`).to.equal(outcomeOf(c, COMMITTEE_THRESHOLD).passed ? ACCEPTED : DENIED);
          }
          const times = expected.map((x) => ({ time: f.start + BigInt(claims[x.claim].offset), payout: x.payout }));
          for (const s of [f.series, f.short]) {
            const { createdAt, expiry } = await f.market.series(s.id);
            const applies = times.some((x) => x.time >= createdAt && x.time < expiry);
            const chain = await f.market.seriesStatus(s.id);
            if (applies) expect([chain.state, chain.payout], `seed ${seed}: series ${s.id}`).to.deep.equal([BY_INCIDENT, seriesPayout(times, createdAt, expiry)]);
            else expect(chain.state, `seed ${seed}: series ${s.id} has no incident`).to.not.equal(BY_INCIDENT);
          }
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
