import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { networkHelpers } from "../shared/connection.js";
import {
  LAG,
  PROOF_WINDOW,
  decideAt,
  MAX_GAP,
  MIN_DURATION,
  parametricFixture,
  referenceDepeg,
  type ParametricFixture,
} from "../shared/parametricFixture.js";
import { answer, pushRounds } from "../../scripts/lib/feeds/mockFeed.js";
import { toWad } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;

/** B and C stay at the peg past +9000, in one round each after +10. Returns their round ids. */
async function quietBC(f: ParametricFixture) {
  const b = await pushRounds(f.feeds[1], [["1.00", f.t0 + 10n], ["1.00", f.t0 + 9000n]]);
  const c = await pushRounds(f.feeds[2], [["1.00", f.t0 + 10n], ["1.00", f.t0 + 9000n]]);
  return { b, c };
}

describe("ParametricResolver: proofs", function () {
  describe("rounds", function () {
    it("refuses a round from the future", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      const [future] = await pushRounds(f.feeds[2], [["1.00", f.t0 + 9000n]]);
      const now = BigInt(await time.latest()) + 1n;
      await time.setNextBlockTimestamp(now);
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, [d.proof[0], d.proof[1], [...d.proof[2], future]]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricRoundInFuture")
        .withArgs(2n, future, f.t0 + 9000n, now);
    });

    it("steps over a zero or negative answer and a round without an update time as missing updates, never starting at one", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      const bad: bigint[] = [];
      for (const answer of [0n, -1n]) {
        await f.feeds[2].pushRound(answer, f.t0 + 7100n);
        bad.push(await f.feeds[2].latestRoundId());
      }
      await f.feeds[2].pushRound(answer("1"), 0n);
      bad.push(await f.feeds[2].latestRoundId());
      await time.increaseTo(f.t0 + 7300n);
      const [, payout] = await f.resolver.triggerIncident.staticCall(f.protocolId, d.incidentTime, d.counted, [d.proof[0], d.proof[1], [...d.proof[2], ...bad]]);
      expect(payout).to.equal(d.payout);
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, [d.proof[0], d.proof[1], [bad[0]]]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricRoundUnusable")
        .withArgs(2n, bad[0]);
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, [d.proof[0], d.proof[1], [0n]]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricRoundIncomplete")
        .withArgs(2n, 0n);
    });

    it("refuses rounds that skip one or repeat one, and steps over a round that goes back in time", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      const [a1, a2, a3, a4] = d.proof[0];
      const cases: [bigint[], bigint, bigint][] = [
        [[a1, a3, a4], a1, a3],
        [[a1, a2, a2, a3, a4], a2, a2],
        [[a2, a1], a2, a1],
      ];
      for (const [ids, previous, next] of cases) {
        await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, [ids, d.proof[1], d.proof[2]]))
          .to.be.revertedWithCustomError(f.resolver, "ParametricRoundsNotContiguous")
          .withArgs(0n, previous, next);
      }
      const [c3, c4] = await pushRounds(f.feeds[2], [["1.00", f.t0 + 7100n], ["0.50", f.t0 + 7050n]]);
      await time.increaseTo(f.t0 + 7300n);
      const [, payout] = await f.resolver.triggerIncident.staticCall(f.protocolId, d.incidentTime, d.counted, [d.proof[0], d.proof[1], [...d.proof[2], c3, c4]]);
      expect(payout).to.equal(d.payout);
    });

    it("follows a de-peg across a phase change, only to round 1 of the next phase, time never going back", async function () {
      const f = await loadFixture(parametricFixture);
      const { t0 } = f;
      const A = f.feeds[0];
      const [p1r1, p1r2] = await pushRounds(A, [["1.00", t0 + 10n], ["0.95", t0 + 1000n]]);
      // The old aggregator still writes a round after the new phase began: not part of the feed.
      await A.pushRoundToPhase(1, answer("0.50"), t0 + 2900n);
      await A.startPhase();
      const [p2r1, p2r2] = await pushRounds(A, [["0.96", t0 + 2800n], ["1.00", t0 + 5000n]]);
      const b = await pushRounds(f.feeds[1], [["1.00", t0 + 10n], ["0.97", t0 + 2000n], ["1.00", t0 + 6000n]]);
      const c = await pushRounds(f.feeds[2], [["1.00", t0 + 10n], ["1.00", t0 + 7000n]]);
      await time.increaseTo(t0 + 7200n);
      const T = t0 + 2000n;

      const [, payout] = await f.resolver.triggerIncident.staticCall(f.protocolId, T, 0b011n, [[p1r1, p1r2, p2r1, p2r2], b, c]);
      expect(payout).to.equal(toWad("0.03"));
      await expect(f.resolver.triggerIncident(f.protocolId, T, 0b011n, [[p1r1, p1r2, p2r2], b, c]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricRoundsNotContiguous")
        .withArgs(0n, p1r2, p2r2);
      // Staying on the old phase past the new phase's first round is refused.
      await expect(f.resolver.triggerIncident(f.protocolId, T, 0b011n, [[p1r1, p1r2, p1r2 + 1n, p2r1, p2r2], b, c]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricRoundsNotContiguous")
        .withArgs(0n, p1r2, p1r2 + 1n);
    });

    it("refuses a phase change that skips a round the old phase had before the new one began, or a step past the new phase's start", async function () {
      const f = await loadFixture(parametricFixture);
      const { t0 } = f;
      const A = f.feeds[0];
      const [p1r1, p1r2] = await pushRounds(A, [["1.00", t0 + 10n], ["0.95", t0 + 1000n]]);
      await A.pushRoundToPhase(1, answer("0.95"), t0 + 2700n); // before the new phase's first round
      await A.startPhase();
      const [p2r1] = await pushRounds(A, [["0.96", t0 + 2800n], ["1.00", t0 + 5000n]]);
      const { b, c } = await quietBC(f);
      await time.increaseTo(t0 + 9100n);
      await expect(f.resolver.triggerIncident(f.protocolId, t0 + 1000n, 0b001n, [[p1r1, p1r2, p2r1], b, c]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricRoundsNotContiguous")
        .withArgs(0n, p1r2, p2r1);

      const D = f.feeds[2];
      const [d1] = await pushRounds(D, [["1.00", t0 + 9050n]]);
      await D.startPhase();
      const [d2] = await pushRounds(D, [["1.00", t0 + 9040n]]);
      await expect(f.resolver.checkpointFeed(f.protocolId, t0 + 1000n, 2, [...c, d1, d2]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricRoundsNotContiguous")
        .withArgs(2n, c[1], d1);
    });
  });

  describe("what a proof shows", function () {
    it("refuses a recovery one second before the minimum duration, and accepts one exactly at it", async function () {
      const f = await loadFixture(parametricFixture);
      const { t0 } = f;
      const windowEnd = t0 + 1000n + MIN_DURATION;
      const a = await pushRounds(f.feeds[0], [["1.00", t0 + 10n], ["0.95", t0 + 1000n], ["1.00", windowEnd - 1n]]);
      const b = await pushRounds(f.feeds[1], [["1.00", t0 + 10n], ["0.97", t0 + 1500n], ["1.00", t0 + 6000n]]);
      const c = await pushRounds(f.feeds[2], [["1.00", t0 + 10n], ["1.00", t0 + 7000n]]);
      await time.increaseTo(t0 + 7200n);
      await expect(f.resolver.triggerIncident(f.protocolId, t0 + 1500n, 0b011n, [a, b, c]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricRecoveryInWindow")
        .withArgs(0n, a[2], windowEnd - 1n, windowEnd);

      const a2 = await pushRounds(f.feeds[0], [["0.95", t0 + 8000n], ["1.00", t0 + 8000n + MIN_DURATION]]);
      const b2 = await pushRounds(f.feeds[1], [["0.97", t0 + 8100n], ["1.00", t0 + 12_000n]]);
      const c2 = await pushRounds(f.feeds[2], [["1.00", t0 + 12_000n]]);
      await time.increaseTo(t0 + 12_100n);
      const [, payout] = await f.resolver.triggerIncident.staticCall(f.protocolId, t0 + 8100n, 0b011n, [[a[2], ...a2], [b[2], ...b2], [c[1], ...c2]]);
      expect(payout).to.equal(toWad("0.03")); // median of (A 0.05, B 0.03, C 0)
    });

    it("does not count a stale feed: a gap over heartbeat + grace inside its window, or a feed that stopped", async function () {
      const f = await loadFixture(parametricFixture);
      const { t0 } = f;
      // A protocol over the same feeds whose heartbeat (10 minutes, grace 1) is shorter than its window.
      const feeds = f.registration.feeds.map((x) => ({ ...x, heartbeat: 600n }));
      await f.resolver.registerProtocol({ ...f.registration, ticker: "FAST", feeds, grace: 60n });
      const fast = await f.market.protocolCount();
      const maxGap = 660n;
      const aTimes = [1000n, 1600n, 2200n, 2800n, 3400n, 4000n];
      const a = await pushRounds(f.feeds[0], [["1.00", t0 + 10n], ...aTimes.map((x): [string, bigint] => ["0.95", t0 + x]), ["1.00", t0 + 4700n]]);
      // B: below from +2000, but no update between +2600 and +3400 (800 s > 660 s).
      const b = await pushRounds(f.feeds[1], [["1.00", t0 + 10n], ["0.97", t0 + 2000n], ["0.97", t0 + 2600n], ["0.97", t0 + 3400n], ["1.00", t0 + 3500n]]);
      // C: below from +1500, then nothing more: its latest round goes stale at +2161.
      const c = await pushRounds(f.feeds[2], [["1.00", t0 + 10n], ["0.90", t0 + 1500n]]);
      await time.increaseTo(t0 + 6000n);
      const T = t0 + 2000n;
      await expect(f.resolver.triggerIncident(fast, T, 0b011n, [a, b, c]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricGapTooLong")
        .withArgs(1n, b[2], t0 + 2600n, maxGap);
      await expect(f.resolver.triggerIncident(fast, T, 0b101n, [a, b, c]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricGapTooLong")
        .withArgs(2n, c[1], t0 + 1500n, maxGap);
      await expect(f.resolver.triggerIncident(fast, T, 0b001n, [a, b, c]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricQuorumNotReached")
        .withArgs(1n, 2n);
    });

    it("reads a feed's latest round as holding until now", async function () {
      const f = await loadFixture(parametricFixture);
      const { t0 } = f;
      // A and B went below and have not updated since; C has not updated since +10.
      const a = await pushRounds(f.feeds[0], [["1.00", t0 + 10n], ["0.95", t0 + 1000n]]);
      const b = await pushRounds(f.feeds[1], [["1.00", t0 + 10n], ["0.90", t0 + 2000n]]);
      const c = await pushRounds(f.feeds[2], [["1.00", t0 + 10n]]);
      const T = t0 + 2000n;
      await time.increaseTo(T + MIN_DURATION - 3n);
      // At the next block B has held for minDuration - 1 seconds (T to T + minDuration - 2): not yet.
      await expect(f.resolver.triggerIncident(f.protocolId, T, 0b011n, [a, b, c]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricProofIncomplete")
        .withArgs(1n, t0 + 10n, T, T + MIN_DURATION);
      await time.increaseTo(T + MIN_DURATION - 2n); // at the next block, B has held for all of [T, T + minDuration)
      await f.resolver.triggerIncident(f.protocolId, T, 0b011n, [a, b, c]);
      await expect(decideAt(f, T))
        .to.emit(f.market, "IncidentReported")
        .withArgs(f.protocolId, 0n, 1n, T, T + MIN_DURATION - 1n, toWad("0.05")); // median of (0.05, 0.1, 0)
    });

    it("refuses a proof that does not reach the incident time or the end of a window", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      // B's list stops at its start: nothing shows which round holds at the incident time.
      const [b1, b2] = d.proof[1];
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, [d.proof[0], [b1, b2], d.proof[2]]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricProofIncomplete")
        .withArgs(1n, f.t0 + 10n, d.incidentTime, d.incidentTime);
      // C's list starts after it.
      const [, c2] = d.proof[2];
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, [d.proof[0], d.proof[1], [c2]]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricProofIncomplete")
        .withArgs(2n, f.t0 + 7000n, f.t0 + 7000n, d.incidentTime);
    });

    it("checks what the caller declares counted, either way", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, 0b001n, d.proof))
        .to.be.revertedWithCustomError(f.resolver, "ParametricUncountedFeedBelow")
        .withArgs(1n, d.incidentTime);
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, 0b111n, d.proof))
        .to.be.revertedWithCustomError(f.resolver, "ParametricFeedNotBelow")
        .withArgs(2n, d.incidentTime);
    });

    it("counts a feed with no readable history as not below, and refuses an empty proof for a feed that answers", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, [d.proof[0], d.proof[1], []]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricFeedUnproven")
        .withArgs(2n);
      await f.feeds[2].setBroken(true);
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, 0b111n, [d.proof[0], d.proof[1], []]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricFeedUnproven")
        .withArgs(2n);
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, [d.proof[0], d.proof[1], []]))
        .to.emit(f.resolver, "FeedProven")
        .withArgs(f.protocolId, d.incidentTime, 2n, false, 0n, 0n, 0n, 0n);
    });

    it("refuses a wrong number of round lists, an unknown feed in the mask, an unknown protocol and bad incident times", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, d.proof.slice(0, 2)))
        .to.be.revertedWithCustomError(f.resolver, "ParametricWrongFeedCount")
        .withArgs(2n, 3n);
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, 0b1011n, d.proof))
        .to.be.revertedWithCustomError(f.resolver, "ParametricInvalidCountedFeeds")
        .withArgs(0b1011n, 3n);
      await expect(f.resolver.triggerIncident(9, d.incidentTime, d.counted, d.proof))
        .to.be.revertedWithCustomError(f.resolver, "ParametricUnknownProtocol")
        .withArgs(9);
      const next = BigInt(await time.latest()) + 1n;
      await time.setNextBlockTimestamp(next);
      await expect(f.resolver.triggerIncident(f.protocolId, next + 1n, d.counted, d.proof))
        .to.be.revertedWithCustomError(f.resolver, "ParametricIncidentInFuture")
        .withArgs(next + 1n, next);
      await expect(f.resolver.triggerIncident(f.protocolId, f.t0 - 1n, d.counted, d.proof))
        .to.be.revertedWithCustomError(f.resolver, "ParametricIncidentBeforeRegistration")
        .withArgs(f.t0 - 1n, f.t0);
    });

    it("proves the next de-peg once the quorum broke, as a new incident", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      await f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, d.proof);
      const { t0 } = f;
      const a = await pushRounds(f.feeds[0], [["0.90", t0 + 20_000n], ["1.00", t0 + 30_000n]]);
      const b = await pushRounds(f.feeds[1], [["0.90", t0 + 20_100n], ["1.00", t0 + 30_000n]]);
      await time.increaseTo(t0 + 30_100n);
      const proof = [[d.ids.a[3], ...a], [d.ids.b[2], ...b], d.ids.c];
      await expect(f.resolver.triggerIncident(f.protocolId, t0 + 20_100n, 0b011n, proof))
        .to.emit(f.resolver, "IncidentTriggered")
        .withArgs(f.protocolId, t0 + 20_100n, 2n, toWad("0.1"), 0b011n, f.deployer.address, t0 + 20_100n + LAG + PROOF_WINDOW, anyValue);
    });
  });

  describe("checkpointing", function () {
    it("builds a long proof over several transactions, per prover, and uses it up", async function () {
      const f = await loadFixture(parametricFixture);
      const { t0 } = f;
      // A updates every minute while below: 62 rounds from the one before its start to past its window.
      const aRounds: [string, bigint][] = [["1.00", t0 + 10n]];
      for (let i = 0n; i <= 60n; i++) aRounds.push([i === 60n ? "1.00" : "0.95", t0 + 1000n + 60n * i]);
      const a = await pushRounds(f.feeds[0], aRounds);
      const b = await pushRounds(f.feeds[1], [["1.00", t0 + 10n], ["0.97", t0 + 2000n], ["1.00", t0 + 6000n]]);
      const c = await pushRounds(f.feeds[2], [["1.00", t0 + 10n], ["1.00", t0 + 7000n]]);
      await time.increaseTo(t0 + 7200n);
      const T = t0 + 2000n;

      await expect(f.resolver.connect(f.alice).checkpointFeed(f.protocolId, T, 0, a.slice(0, 30)))
        .to.emit(f.resolver, "FeedCheckpointed")
        .withArgs(f.protocolId, T, f.alice.address, 0n, a[0], a[29], t0 + 1000n + 60n * 28n, 30n);
      await expect(f.resolver.connect(f.alice).checkpointFeed(f.protocolId, T, 0, [a[31]]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricRoundsNotContiguous")
        .withArgs(0n, a[29], a[31]);
      await f.resolver.connect(f.alice).checkpointFeed(f.protocolId, T, 0, a.slice(30, 50));
      const progress = await f.resolver.checkpoint(f.protocolId, T, 0, f.alice.address);
      expect([progress.firstRoundId, progress.lastRoundId, progress.statusAt]).to.deep.equal([a[0], a[49], 1n]); // Pending

      // Bob has no checkpoint: his empty list for A proves nothing.
      await expect(f.resolver.connect(f.bob).triggerIncident(f.protocolId, T, 0b011n, [[], b, c]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricFeedUnproven")
        .withArgs(0n);
      await expect(f.resolver.connect(f.alice).triggerIncident(f.protocolId, T, 0b011n, [a.slice(50), b, c]))
        .to.emit(f.resolver, "FeedProven")
        .withArgs(f.protocolId, T, 0n, true, t0 + 1000n, toWad("0.05"), a[0], a[61]);
      expect((await f.resolver.checkpoint(f.protocolId, T, 0, f.alice.address)).firstRoundId).to.equal(0n);
    });

    it("lets a prover discard its checkpoint and start again", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      await f.resolver.connect(f.alice).checkpointFeed(f.protocolId, d.incidentTime, 1, d.proof[1].slice(1)); // starts too late
      await expect(f.resolver.connect(f.alice).discardCheckpoint(f.protocolId, d.incidentTime, 1))
        .to.emit(f.resolver, "FeedCheckpointDiscarded")
        .withArgs(f.protocolId, d.incidentTime, f.alice.address, 1n);
      await f.resolver.connect(f.alice).checkpointFeed(f.protocolId, d.incidentTime, 1, d.proof[1]);
      await expect(f.resolver.connect(f.alice).triggerIncident(f.protocolId, d.incidentTime, d.counted, [d.proof[0], [], d.proof[2]])).to.emit(
        f.resolver,
        "IncidentTriggered",
      );
      await expect(f.resolver.checkpointFeed(f.protocolId, d.incidentTime + 1n, 3, []))
        .to.be.revertedWithCustomError(f.resolver, "ParametricInvalidFeedIndex")
        .withArgs(3n, 3n);
    });
  });
});
