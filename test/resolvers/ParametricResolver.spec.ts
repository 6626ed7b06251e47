import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { ethers, networkHelpers } from "../shared/connection.js";
import {
  DAY,
  GRACE,
  HEARTBEAT,
  LAG,
  MIN_DURATION,
  PROOF_WINDOW,
  decideAt,
  PAYOUT_DEPTH,
  PAYOUT_FULL,
  parametricFixture,
  referenceDepeg,
  type ParametricFixture,
} from "../shared/parametricFixture.js";
import { pushRounds } from "../../scripts/lib/feeds/mockFeed.js";
import { toWad, WAD } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;

let variants = 0;

/** Registers another protocol over the same feeds with some settings changed; returns its id. */
async function registerVariant(f: ParametricFixture, changes: Record<string, unknown>) {
  await f.resolver.registerProtocol({ ...f.registration, ticker: `VARIANT${++variants}`, ...changes });
  return f.market.protocolCount();
}

describe("ParametricResolver", function () {
  describe("registerProtocol", function () {
    it("registers the protocol in the market with itself as resolver, with its feeds and settings, in one transaction", async function () {
      const f = await loadFixture(parametricFixture);
      const reg = { ...f.registration, ticker: "USDC2" };
      const tx = await f.resolver.registerProtocol(reg);
      const id = f.protocolId + 1n;
      await expect(tx).to.emit(f.market, "ProtocolRegistered");
      await expect(tx)
        .to.emit(f.resolver, "ParametricProtocolRegistered")
        .withArgs(id, f.deployer.address, f.feedAddresses, [HEARTBEAT, HEARTBEAT, HEARTBEAT], [8, 8, 8], 2, toWad("0.98"), toWad("1"), MIN_DURATION, GRACE, PAYOUT_DEPTH, toWad("0.5"));
      expect((await f.market.protocol(id)).resolver).to.equal(await f.resolver.getAddress());
      const cfg = await f.resolver.triggerConfig(id);
      expect([cfg.threshold, cfg.target, cfg.minDuration, cfg.grace, cfg.payoutCap]).to.deep.equal([toWad("0.98"), WAD, MIN_DURATION, GRACE, toWad("0.5")]);
      expect([cfg.pendingHead, cfg.lag, cfg.registeredAt, cfg.feedCount, cfg.quorum, cfg.payoutRule, cfg.recorded]).to.deep.equal([0n, LAG, BigInt(await time.latest()), 3n, 2n, 1n, 0n]);
      const feeds = await f.resolver.feeds(id);
      expect(feeds.map((x: any) => [x.aggregator, x.heartbeat, x.decimals])).to.deep.equal(f.feedAddresses.map((a) => [a, HEARTBEAT, 8n]));
    });

    it("refuses a feed count of 0 or above 8, and a quorum that is not a majority of the feeds", async function () {
      const f = await loadFixture(parametricFixture);
      await expect(f.resolver.registerProtocol({ ...f.registration, feeds: [] }))
        .to.be.revertedWithCustomError(f.resolver, "ParametricInvalidFeedCount")
        .withArgs(0, 8);
      const nine = Array.from({ length: 9 }, () => f.registration.feeds[0]);
      await expect(f.resolver.registerProtocol({ ...f.registration, feeds: nine, quorum: 5 }))
        .to.be.revertedWithCustomError(f.resolver, "ParametricInvalidFeedCount")
        .withArgs(9, 8);
      const four = [...f.registration.feeds, { aggregator: await (await ethers.deployContract("MockAggregatorV3", [8, "D"])).getAddress(), heartbeat: HEARTBEAT }];
      for (const [feeds, quorum] of [[f.registration.feeds, 0], [f.registration.feeds, 4], [four, 2], [f.registration.feeds, 1]] as const) {
        await expect(f.resolver.registerProtocol({ ...f.registration, feeds, quorum }))
          .to.be.revertedWithCustomError(f.resolver, "ParametricInvalidQuorum")
          .withArgs(quorum, feeds.length);
      }
    });

    it("refuses a feed that is not a contract, a repeated feed, a zero heartbeat and more than 36 decimals", async function () {
      const f = await loadFixture(parametricFixture);
      const [a, b] = f.registration.feeds;
      await expect(f.resolver.registerProtocol({ ...f.registration, feeds: [a, { aggregator: f.alice.address, heartbeat: HEARTBEAT }, b] }))
        .to.be.revertedWithCustomError(f.resolver, "ParametricInvalidFeed")
        .withArgs(1, f.alice.address);
      await expect(f.resolver.registerProtocol({ ...f.registration, feeds: [a, b, a] }))
        .to.be.revertedWithCustomError(f.resolver, "ParametricInvalidFeed")
        .withArgs(2, a.aggregator);
      await expect(f.resolver.registerProtocol({ ...f.registration, feeds: [a, b, { ...f.registration.feeds[2], heartbeat: 0 }] }))
        .to.be.revertedWithCustomError(f.resolver, "ParametricInvalidHeartbeat")
        .withArgs(2, 0);
      const wide = await ethers.deployContract("MockAggregatorV3", [37, "wide"]);
      await expect(f.resolver.registerProtocol({ ...f.registration, feeds: [a, b, { aggregator: await wide.getAddress(), heartbeat: HEARTBEAT }] }))
        .to.be.revertedWithCustomError(f.resolver, "ParametricInvalidDecimals")
        .withArgs(2, 37);
    });

    it("refuses a threshold of 0 or above the target, a zero minimum duration and a payout cap that does not fit the rule", async function () {
      const f = await loadFixture(parametricFixture);
      for (const [threshold, target] of [[0n, WAD], [WAD + 1n, WAD]]) {
        await expect(f.resolver.registerProtocol({ ...f.registration, threshold, target }))
          .to.be.revertedWithCustomError(f.resolver, "ParametricInvalidThreshold")
          .withArgs(threshold, target);
      }
      await expect(f.resolver.registerProtocol({ ...f.registration, minDuration: 0 })).to.be.revertedWithCustomError(
        f.resolver,
        "ParametricInvalidMinDuration",
      );
      for (const [payoutRule, payoutCap] of [[PAYOUT_DEPTH, 0n], [PAYOUT_DEPTH, WAD + 1n], [PAYOUT_FULL, WAD]]) {
        await expect(f.resolver.registerProtocol({ ...f.registration, payoutRule, payoutCap }))
          .to.be.revertedWithCustomError(f.resolver, "ParametricInvalidPayoutCap")
          .withArgs(payoutRule, payoutCap);
      }
    });

    it("needs the longest heartbeat + grace + P + the finalise margin within the market's decision period D", async function () {
      const f = await loadFixture(parametricFixture);
      // D = 7 days, P = 1 day, m = 1 day: heartbeat + grace may be 5 days at most.
      const grace = 5n * DAY - 2n * DAY + 1n;
      const feeds = [...f.registration.feeds.slice(0, 2), { ...f.registration.feeds[2], heartbeat: 2n * DAY }];
      await expect(f.resolver.registerProtocol({ ...f.registration, ticker: "SLOW", feeds, grace, claimWindow: 30n * DAY }))
        .to.be.revertedWithCustomError(f.resolver, "ParametricDecisionPeriodTooShort")
        .withArgs(2n * DAY + grace + PROOF_WINDOW + DAY, 7n * DAY);
      await expect(f.resolver.registerProtocol({ ...f.registration, ticker: "SLOW", feeds, grace: grace - 1n, claimWindow: 30n * DAY })).to.emit(
        f.resolver,
        "ParametricProtocolRegistered",
      );
    });

    it("needs W of at least L + P: minDuration + the longest heartbeat + grace + the proof window", async function () {
      const f = await loadFixture(parametricFixture);
      const feeds = [...f.registration.feeds.slice(0, 2), { ...f.registration.feeds[2], heartbeat: 2n * DAY }];
      const minimum = MIN_DURATION + 2n * DAY + GRACE + PROOF_WINDOW;
      await expect(f.resolver.registerProtocol({ ...f.registration, ticker: "SHORTW", feeds, claimWindow: minimum - 1n }))
        .to.be.revertedWithCustomError(f.resolver, "ParametricClaimWindowTooShort")
        .withArgs(minimum - 1n, minimum);
      await expect(f.resolver.registerProtocol({ ...f.registration, ticker: "SHORTW", feeds, claimWindow: minimum })).to.emit(
        f.resolver,
        "ParametricProtocolRegistered",
      );
    });
  });

  describe("triggerIncident", function () {
    it("proves the de-peg when the second feed went below, at the lower median depth, files it as a claim and records it at t + L + P", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      const tx = f.resolver.connect(f.alice).triggerIncident(f.protocolId, d.incidentTime, d.counted, d.proof);
      const decidableAt = d.incidentTime + LAG + PROOF_WINDOW;
      await expect(tx)
        .to.emit(f.resolver, "IncidentTriggered")
        .withArgs(f.protocolId, d.incidentTime, 1n, d.payout, d.counted, f.alice.address, decidableAt, anyValue);
      const filedAt = BigInt(await time.latest());
      await expect(tx).to.emit(f.market, "ClaimFiled").withArgs(1n, f.protocolId, d.incidentTime, filedAt, anyValue, filedAt + 7n * DAY);
      await expect(tx).not.to.emit(f.market, "IncidentReported");
      expect((await f.market.seriesStatus(f.series.id)).state).to.equal(0n); // held open by the claim
      expect(await f.resolver.pendingIncidents(f.protocolId)).to.deep.equal([d.incidentTime]);
      // Not before t + L + P.
      await time.setNextBlockTimestamp(decidableAt - 1n);
      await f.resolver.decideIncidents(f.protocolId);
      expect(await f.resolver.pendingIncidents(f.protocolId)).to.deep.equal([d.incidentTime]);
      const decide = f.resolver.connect(f.bob).decideIncidents(f.protocolId);
      await expect(decide).to.emit(f.resolver, "IncidentDecided").withArgs(f.protocolId, d.incidentTime, 1n, true, 0n, d.payout);
      await expect(decide).to.emit(f.market, "IncidentReported").withArgs(f.protocolId, 0n, 1n, d.incidentTime, filedAt, d.payout);
      expect(await f.resolver.pendingIncidents(f.protocolId)).to.deep.equal([]);
      expect((await f.resolver.triggerConfig(f.protocolId)).recorded).to.equal(1n);
      const starts = [f.t0 + 1000n, f.t0 + 2000n, 0n];
      for (let i = 0; i < 3; i++) {
        const ids = d.proof[i];
        await expect(tx)
          .to.emit(f.resolver, "FeedProven")
          .withArgs(f.protocolId, d.incidentTime, i, i < 2, starts[i], d.depths[i], ids[0], ids[ids.length - 1]);
      }
      const incident = await f.market.incident(f.protocolId, 0);
      expect([incident.incidentTime, incident.payout]).to.deep.equal([d.incidentTime, d.payout]);
    });

    it("denies a proof nobody decided before its claim's deadline (filing + D): the series is no longer held", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      await f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, d.proof);
      const deadline = (await f.market.claim(1n)).filedAt + 7n * DAY;
      await time.setNextBlockTimestamp(deadline);
      await expect(f.resolver.decideIncidents(f.protocolId))
        .to.emit(f.resolver, "IncidentDecided")
        .withArgs(f.protocolId, d.incidentTime, 1n, false, ethers.MaxUint256, 0n);
      expect((await f.market.protocol(f.protocolId)).incidentCount).to.equal(0n);
      expect((await f.resolver.triggerConfig(f.protocolId)).recorded).to.equal(0n);
      expect(await f.resolver.decideIncidents.staticCall(f.protocolId)).to.equal(0n);
    });

    it("pays 1 under the Full rule, and caps the depth under the Depth rule", async function () {
      const f = await loadFixture(parametricFixture);
      const full = await registerVariant(f, { payoutRule: PAYOUT_FULL, payoutCap: 0n });
      const capped = await registerVariant(f, { payoutCap: toWad("0.02") });
      const d = await referenceDepeg(f);
      expect((await f.resolver.triggerIncident.staticCall(full, d.incidentTime, d.counted, d.proof))[1]).to.equal(WAD);
      expect((await f.resolver.triggerIncident.staticCall(capped, d.incidentTime, d.counted, d.proof))[1]).to.equal(toWad("0.02"));
    });

    it("compares feeds of any decimals as 18-decimal prices", async function () {
      const f = await loadFixture(parametricFixture);
      const { t0 } = f;
      const wide = await ethers.deployContract("MockAggregatorV3", [18, "USDC / USD (18)"]);
      const narrow = await ethers.deployContract("MockAggregatorV3", [6, "USDC / USD (6)"]);
      const feeds = [f.registration.feeds[0], { aggregator: await wide.getAddress(), heartbeat: HEARTBEAT }, { aggregator: await narrow.getAddress(), heartbeat: HEARTBEAT }];
      const id = await registerVariant(f, { feeds });
      const proof = [
        await pushRounds(f.feeds[0], [["1.00", t0 + 10n], ["0.95", t0 + 1000n], ["0.96", t0 + 2800n], ["1.00", t0 + 5000n]]),
        await pushRounds(wide, [["1.00", t0 + 10n], ["0.97", t0 + 2000n], ["1.00", t0 + 6000n]], 18),
        await pushRounds(narrow, [["1.00", t0 + 10n], ["1.00", t0 + 7000n]], 6),
      ];
      await time.increaseTo(t0 + 7200n);
      expect((await f.resolver.feeds(id)).map((x: any) => x.decimals)).to.deep.equal([8n, 18n, 6n]);
      expect((await f.resolver.triggerIncident.staticCall(id, t0 + 2000n, 0b011n, proof))[1]).to.equal(toWad("0.03"));
    });

    it("refuses a second proof of the same de-peg while pending, and any proof of it from t + L + P on", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      await f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, d.proof);
      await expect(f.resolver.connect(f.bob).triggerIncident(f.protocolId, d.incidentTime, d.counted, d.proof))
        .to.be.revertedWithCustomError(f.resolver, "ParametricIncidentAlreadyProven")
        .withArgs(f.protocolId, d.incidentTime);
      const deadline = d.incidentTime + LAG + PROOF_WINDOW;
      await time.setNextBlockTimestamp(deadline);
      await expect(f.resolver.connect(f.bob).triggerIncident(f.protocolId, d.incidentTime, d.counted, d.proof))
        .to.be.revertedWithCustomError(f.resolver, "ParametricProofTooLate")
        .withArgs(d.incidentTime, deadline, deadline);
    });

    it("gives a front-run prover's proof the same outcome: the second valid proof is refused", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      // Bob's proof is longer (C read on to a later round), yet it shows the same.
      const [c3] = await pushRounds(f.feeds[2], [["1.00", f.t0 + 7100n]]);
      const bobProof = [d.proof[0], d.proof[1], [...d.proof[2], c3]];
      const bobOutcome = await f.resolver.connect(f.bob).triggerIncident.staticCall(f.protocolId, d.incidentTime, d.counted, bobProof);
      const aliceOutcome = await f.resolver.connect(f.alice).triggerIncident.staticCall(f.protocolId, d.incidentTime, d.counted, d.proof);
      expect(bobOutcome).to.deep.equal(aliceOutcome);
      await f.resolver.connect(f.alice).triggerIncident(f.protocolId, d.incidentTime, d.counted, d.proof);
      await expect(f.resolver.connect(f.bob).triggerIncident(f.protocolId, d.incidentTime, d.counted, bobProof))
        .to.be.revertedWithCustomError(f.resolver, "ParametricIncidentAlreadyProven")
        .withArgs(f.protocolId, d.incidentTime);
      await decideAt(f, d.incidentTime);
      expect((await f.market.incident(f.protocolId, 0)).payout).to.equal(bobOutcome[1]);
    });

    it("refuses any other incident time for the same de-peg", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      // Later: the quorum already held one second before.
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime + 500n, d.counted, d.proof))
        .to.be.revertedWithCustomError(f.resolver, "ParametricQuorumHeldBefore")
        .withArgs(d.incidentTime + 500n, 2n);
      // Earlier (A's start): only A is below then.
      await expect(f.resolver.triggerIncident(f.protocolId, f.t0 + 1000n, d.counted, d.proof))
        .to.be.revertedWithCustomError(f.resolver, "ParametricFeedNotBelow")
        .withArgs(1n, f.t0 + 1000n);
      await expect(f.resolver.triggerIncident(f.protocolId, f.t0 + 1000n, 0b001n, d.proof))
        .to.be.revertedWithCustomError(f.resolver, "ParametricQuorumNotReached")
        .withArgs(1n, 2n);
    });

    it("refuses a proof that starts one round late", async function () {
      const f = await loadFixture(parametricFixture);
      const d = await referenceDepeg(f);
      const late = [d.proof[0], d.proof[1].slice(1), d.proof[2]];
      await expect(f.resolver.triggerIncident(f.protocolId, d.incidentTime, d.counted, late))
        .to.be.revertedWithCustomError(f.resolver, "ParametricStartNotFirstBelow")
        .withArgs(1n, d.proof[1][1]);
    });

    it("counts a majority right when one of three feeds lies", async function () {
      const f = await loadFixture(parametricFixture);
      const { t0 } = f;
      // C alone reports a crash for hours: no quorum.
      const a = await pushRounds(f.feeds[0], [["1.00", t0 + 10n], ["1.00", t0 + 9000n]]);
      const b = await pushRounds(f.feeds[1], [["1.00", t0 + 10n], ["1.00", t0 + 9000n]]);
      const c = await pushRounds(f.feeds[2], [["1.00", t0 + 10n], ["0.01", t0 + 1000n], ["1.00", t0 + 8000n]]);
      await time.increaseTo(t0 + 9100n);
      await expect(f.resolver.triggerIncident(f.protocolId, t0 + 1000n, 0b100n, [a, b, c]))
        .to.be.revertedWithCustomError(f.resolver, "ParametricQuorumNotReached")
        .withArgs(1n, 2n);

      // A and B de-peg while C lies about a crash far deeper: the median keeps the honest depth.
      const a2 = await pushRounds(f.feeds[0], [["0.95", t0 + 10_000n], ["1.00", t0 + 15_000n]]);
      const b2 = await pushRounds(f.feeds[1], [["0.97", t0 + 10_500n], ["1.00", t0 + 15_000n]]);
      const c2 = await pushRounds(f.feeds[2], [["0.01", t0 + 9_500n], ["1.00", t0 + 15_000n]]);
      await time.increaseTo(t0 + 16_000n);
      const proof = [[a[1], ...a2], [b[1], ...b2], [c[2], ...c2]];
      // C is counted too (its run from +9500 qualifies), so the second start is A's at +10000.
      const [, payout] = await f.resolver.triggerIncident.staticCall(f.protocolId, t0 + 10_000n, 0b101n, proof);
      expect(payout).to.equal(toWad("0.05")); // median of (A 0.05, B 0, C 0.99)
    });
  });
});
