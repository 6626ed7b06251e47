import { expect } from "chai";
import { networkHelpers } from "../shared/connection.js";
import { LAG, PROOF_WINDOW, decideAt, parametricFixture, referenceDepeg, type ParametricFixture } from "../shared/parametricFixture.js";
import { answer, pushRounds } from "../../scripts/lib/feeds/mockFeed.js";
import { toWad, WAD } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;

/** The phases word pair of the last IncidentTriggered event of an incident time. */
async function triggeredPhases(f: ParametricFixture, incidentTime: bigint): Promise<[bigint, bigint]> {
  const events = (await f.resolver.queryFilter(f.resolver.filters.IncidentTriggered(f.protocolId, incidentTime))) as any[];
  const phases = events[events.length - 1].args.phases;
  return [phases[0], phases[1]];
}

/** Depth over a window of 1 hour from (price, seconds) pieces, as the resolver computes it. */
function depthOf(pieces: [string, bigint][]): bigint {
  let sum = 0n;
  for (const [price, seconds] of pieces) sum += (WAD - toWad(price)) * seconds;
  return (sum * WAD) / (WAD * 3600n);
}

/** Redeems all of the holder's CLAIM of the fixture series; returns the collateral paid. */
async function redeemClaim(f: ParametricFixture) {
  const out = await f.market.connect(f.holder).redeem.staticCall(f.series.id, f.minted, 0n, f.holder.address);
  await f.market.connect(f.holder).redeem(f.series.id, f.minted, 0n, f.holder.address);
  return out;
}

describe("ParametricResolver: attacks on the order of proofs (issue 13, items 1-4)", function () {
  it("proving a later de-peg first: the earlier one is still proven, decided first, and fixes the payout", async function () {
    const f = await loadFixture(parametricFixture);
    const d = await referenceDepeg(f); // T1 = t0 + 2000, payout 0.03
    const { t0 } = f;
    const a = await pushRounds(f.feeds[0], [["0.90", t0 + 20_000n], ["1.00", t0 + 30_000n]]);
    const b = await pushRounds(f.feeds[1], [["0.90", t0 + 20_100n], ["1.00", t0 + 30_000n]]);
    await time.increaseTo(t0 + 30_100n);
    const T2 = t0 + 20_100n; // payout 0.1
    await f.resolver.connect(f.alice).triggerIncident(f.protocolId, T2, 0b011n, [[d.ids.a[3], ...a], [d.ids.b[2], ...b], d.ids.c]);
    // The attacker proved T2 first; T1 is still provable (no "refuse t <= the last recorded"), and queues before T2.
    await f.resolver.connect(f.bob).triggerIncident(f.protocolId, d.incidentTime, d.counted, d.proof);
    expect(await f.resolver.pendingIncidents(f.protocolId)).to.deep.equal([d.incidentTime, T2]);
    // Deciding T2 decides T1 first: T1 is incident 0.
    await decideAt(f, T2);
    const [first, second] = [await f.market.incident(f.protocolId, 0), await f.market.incident(f.protocolId, 1)];
    expect([first.incidentTime, first.payout, second.incidentTime, second.payout]).to.deep.equal([d.incidentTime, d.payout, T2, toWad("0.1")]);
    // The series covering both pays T1's 0.03, not T2's 0.10.
    expect(await redeemClaim(f)).to.equal((f.minted * d.payout) / WAD);
  });

  it("a proof staying on an old phase is refused, and one built before the phase was superseded is replaced", async function () {
    const f = await loadFixture(parametricFixture);
    const { t0 } = f;
    const A = f.feeds[0];
    const p1 = await pushRounds(A, [["1.00", t0 + 10n], ["0.95", t0 + 1000n], ["0.95", t0 + 2800n], ["1.00", t0 + 5000n]]);
    const b = await pushRounds(f.feeds[1], [["1.00", t0 + 10n], ["0.97", t0 + 2000n], ["1.00", t0 + 6000n]]);
    const c = await pushRounds(f.feeds[2], [["1.00", t0 + 10n], ["1.00", t0 + 7000n]]);
    await time.increaseTo(t0 + 7200n);
    const T = t0 + 2000n;
    await f.resolver.triggerIncident(f.protocolId, T, 0b011n, [p1, b, c]); // on phase 1: payout 0.03
    const oldPhases = await triggeredPhases(f, T);
    await expect(f.resolver.replaceIncident(f.protocolId, T, 0b011n, [p1, b, c], oldPhases))
      .to.be.revertedWithCustomError(f.resolver, "ParametricProofNotSuperseded")
      .withArgs(f.protocolId, T);

    // The proxy moves to a new aggregator whose first round (0.975 from +1500) predates phase 1's last rounds.
    await A.startPhase();
    const p2 = await pushRounds(A, [["0.975", t0 + 1500n], ["1.00", t0 + 5000n]]);
    await time.increaseTo(t0 + 7300n);
    const current = [[p1[0], p1[1], ...p2], b, c];
    // Staying on phase 1 once phase 2 has a round before the step is refused...
    await expect(f.resolver.triggerIncident.staticCall(f.protocolId, T + 0n, 0b011n, [p1, b, c])).to.be.revertedWithCustomError(
      f.resolver,
      "ParametricIncidentAlreadyProven",
    );
    await expect(f.resolver.checkpointFeed(f.protocolId, T, 0, p1))
      .to.be.revertedWithCustomError(f.resolver, "ParametricRoundsNotContiguous")
      .withArgs(0n, p1[1], p1[2]);
    // ...and the pending proof on it is replaced by the proof on the current phases, keeping its claim.
    await expect(f.resolver.replaceIncident(f.protocolId, T, 0b011n, current, [oldPhases[0] + 1n, oldPhases[1]]))
      .to.be.revertedWithCustomError(f.resolver, "ParametricWrongPendingPhases")
      .withArgs(f.protocolId, T);
    const expected = depthOf([["0.95", 500n], ["0.975", 3100n]]); // below B's 0.03: the median moves
    await expect(f.resolver.replaceIncident(f.protocolId, T, 0b011n, current, oldPhases))
      .to.emit(f.resolver, "IncidentTriggered")
      .withArgs(f.protocolId, T, 1n, expected, 0b011n, f.deployer.address, T + LAG + PROOF_WINDOW, await triggeredPhasesAfter());
    await decideAt(f, T);
    expect((await f.market.incident(f.protocolId, 0)).payout).to.equal(expected);
    expect(await redeemClaim(f)).to.equal((f.minted * expected) / WAD);

    async function triggeredPhasesAfter() {
      // Phase 2 for A (its last round came by a step within phase 2, at +5000); B and C on phase 1.
      const record = (phase: bigint, at: bigint) => (phase << 40n) | at;
      return [record(2n, t0 + 5000n) | (record(1n, t0 + 6000n) << 56n) | (record(1n, t0 + 7000n) << 112n), 0n];
    }
  });

  it("a bad minority round (answer 0, a reverting read, no update time, a far-future time) does not veto the quorum", async function () {
    const f = await loadFixture(parametricFixture);
    const { t0 } = f;
    const a = await pushRounds(f.feeds[0], [["1.00", t0 + 10n], ["0.95", t0 + 1000n], ["0.96", t0 + 2800n], ["1.00", t0 + 5000n]]);
    const b = await pushRounds(f.feeds[1], [["1.00", t0 + 10n], ["0.97", t0 + 2000n], ["1.00", t0 + 6000n]]);
    const C = f.feeds[2];
    const [c1] = await pushRounds(C, [["1.00", t0 + 10n]]);
    await C.pushRound(0n, t0 + 1500n); // answer 0
    const zero = await C.latestRoundId();
    const [broken] = await pushRounds(C, [["1.00", t0 + 1600n]]);
    await C.setRoundBroken(broken, true); // its read reverts
    await C.pushRound(answer("1.00"), 0n); // no update time
    const untimed = await C.latestRoundId();
    await C.pushRound(answer("1.00"), t0 + 400n * 86_400n); // far in the future, past the horizon
    const future = await C.latestRoundId();
    await time.increaseTo(t0 + 7200n);
    const T = t0 + 2000n;
    // Through the bad rounds, stopping at them, or leaving C out: never a revert of the quorum.
    const through = [a, b, [c1, zero, broken, untimed, future]];
    const [, payout] = await f.resolver.triggerIncident.staticCall(f.protocolId, T, 0b011n, through);
    expect(payout).to.equal(toWad("0.03"));
    const [, stopped] = await f.resolver.triggerIncident.staticCall(f.protocolId, T, 0b011n, [a, b, [c1, zero]]);
    expect(stopped).to.equal(toWad("0.03"));
    // Stopping before a readable round (even a bad one) is not the end of the history: refused.
    await expect(f.resolver.triggerIncident.staticCall(f.protocolId, T, 0b011n, [a, b, [c1]])).to.be.revertedWithCustomError(
      f.resolver,
      "ParametricProofIncomplete",
    );
    await f.resolver.triggerIncident(f.protocolId, T, 0b011n, through);
    await decideAt(f, T);
    // CLAIM holders receive the de-peg's payout, not 0.
    expect(await redeemClaim(f)).to.equal((f.minted * toWad("0.03")) / WAD);
  });

  it("a feed reverting on latestRoundData with readable history cannot be left out to move the incident time", async function () {
    const f = await loadFixture(parametricFixture);
    const { t0 } = f;
    // A below from +1000 (0.955), C from +1500 (0.97), B from +2000 (0.97): with C, t = +1500.
    const a = await pushRounds(f.feeds[0], [["1.00", t0 + 10n], ["0.955", t0 + 1000n], ["1.00", t0 + 6000n]]);
    const b = await pushRounds(f.feeds[1], [["1.00", t0 + 10n], ["0.97", t0 + 2000n], ["1.00", t0 + 6000n]]);
    const c = await pushRounds(f.feeds[2], [["1.00", t0 + 10n], ["0.97", t0 + 1500n], ["1.00", t0 + 6500n]]);
    await f.feeds[2].setLatestBroken(true);
    await time.increaseTo(t0 + 7200n);
    // Leaving C out to prove t = +2000 instead: refused, C's history can be read.
    await expect(f.resolver.triggerIncident(f.protocolId, t0 + 2000n, 0b011n, [a, b, []]))
      .to.be.revertedWithCustomError(f.resolver, "ParametricFeedUnproven")
      .withArgs(2n);
    await expect(f.resolver.triggerIncident(f.protocolId, t0 + 2000n, 0b111n, [a, b, c]))
      .to.be.revertedWithCustomError(f.resolver, "ParametricQuorumHeldBefore")
      .withArgs(t0 + 2000n, 2n);
    // The one incident time this history gives: +1500, with C.
    const [, payout] = await f.resolver.triggerIncident.staticCall(f.protocolId, t0 + 1500n, 0b101n, [a, b, c]);
    expect(payout).to.equal(toWad("0.03")); // median of (A 0.045, B 0, C 0.03)
  });

  it("recording one de-peg twice: under another incident time, again at the same time, or after its decision", async function () {
    const f = await loadFixture(parametricFixture);
    const d = await referenceDepeg(f);
    await f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, d.proof);
    // Another time within the same de-peg: the quorum held one second before, so it is not an incident.
    for (const t of [d.incidentTime + 1n, d.incidentTime + 1800n]) {
      await expect(f.resolver.triggerIncident(f.protocolId, t, d.counted, d.proof))
        .to.be.revertedWithCustomError(f.resolver, "ParametricQuorumHeldBefore")
        .withArgs(t, 2n);
    }
    // Leaving a feed out to shift the time: refused, every feed here answers.
    await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime + 1n, 0b001n, [d.proof[0], [], d.proof[2]]))
      .to.be.revertedWithCustomError(f.resolver, "ParametricFeedUnproven")
      .withArgs(1n);
    await expect(f.resolver.connect(f.bob).triggerIncident(f.protocolId, d.incidentTime, d.counted, d.proof))
      .to.be.revertedWithCustomError(f.resolver, "ParametricIncidentAlreadyProven")
      .withArgs(f.protocolId, d.incidentTime);
    await decideAt(f, d.incidentTime);
    const now = BigInt(await time.latest());
    await expect(f.resolver.connect(f.bob).triggerIncident(f.protocolId, d.incidentTime, d.counted, d.proof))
      .to.be.revertedWithCustomError(f.resolver, "ParametricProofTooLate")
      .withArgs(d.incidentTime, d.incidentTime + LAG + PROOF_WINDOW, now + 1n);
    expect((await f.market.protocol(f.protocolId)).incidentCount).to.equal(1n);
  });
});
