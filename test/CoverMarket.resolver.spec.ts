import { expect } from "chai";
import { ethers, networkHelpers } from "./shared/connection.js";
import { marketFixture, CLAIM_WINDOW, DECISION_PERIOD } from "./shared/marketFixture.js";
import { deployResolver } from "./shared/deployResolver.js";
import { now } from "./shared/clock.js";
import { firstExpiryAfter, WEEK } from "../scripts/lib/market/calendar.js";
import { toWad, WAD } from "../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;

const CLAIM_STATUS = { None: 0n, Open: 1n, Accepted: 2n, Denied: 3n };
const MAX_INCIDENTS = 32n;

describe("CoverMarket: what resolvers report", function () {
  describe("fileClaim", function () {
    it("records an open claim with its bucket and deadline, and announces them", async function () {
      const { market, resolver, resolverController, protocolId } = await loadFixture(marketFixture);
      const incidentTime = (await market.protocol(protocolId)).registeredAt;
      const filedAt = (await now()) + 50n;
      const bucket = firstExpiryAfter(filedAt - CLAIM_WINDOW);
      const deadline = filedAt + DECISION_PERIOD;
      await time.setNextBlockTimestamp(filedAt);
      await expect(resolver.connect(resolverController).fileClaim(incidentTime))
        .to.emit(market, "ClaimFiled")
        .withArgs(1n, protocolId, incidentTime, filedAt, bucket, deadline);
      const claim = await market.claim(1n);
      expect([claim.protocolId, claim.incidentTime, claim.filedAt, claim.bucket, claim.status]).to.deep.equal([
        protocolId,
        incidentTime,
        filedAt,
        bucket,
        CLAIM_STATUS.Open,
      ]);
      const stored = await market.claimBucket(protocolId, bucket);
      expect([stored.open, stored.lastDeadline]).to.deep.equal([1n, deadline]);
    });

    it("numbers claims from 1 across every protocol", async function () {
      const { market, resolver, resolverController, users } = await loadFixture(marketFixture);
      const other = await deployResolver(market, users[0]);
      const t = await now();
      expect(await resolver.connect(resolverController).fileClaim.staticCall(t)).to.equal(1n);
      await resolver.connect(resolverController).fileClaim(t);
      expect(await other.resolver.fileClaim.staticCall(t)).to.equal(2n);
      await other.resolver.fileClaim(t);
      expect((await market.claim(1n)).protocolId).to.equal(1n);
      expect((await market.claim(2n)).protocolId).to.equal(other.protocolId);
    });
  });

  describe("decideClaim", function () {
    async function withOpenClaim() {
      const f = await marketFixture();
      const incidentTime = await now();
      await time.increase(3600);
      await f.resolver.connect(f.resolverController).fileClaim(incidentTime);
      const claim = await f.market.claim(1n);
      return { ...f, incidentTime, filedAt: claim.filedAt, bucket: claim.bucket };
    }

    it("accepting reports an incident at the claim's incident and filing times", async function () {
      const { market, resolver, resolverController, protocolId, incidentTime, filedAt, bucket } = await loadFixture(withOpenClaim);
      const payout = toWad("0.45");
      const decidedAt = (await now()) + 100n;
      await time.setNextBlockTimestamp(decidedAt);
      const tx = resolver.connect(resolverController).decideClaim(1n, true, payout);
      await expect(tx).to.emit(market, "ClaimDecided").withArgs(1n, protocolId, true, payout);
      await expect(tx).to.emit(market, "IncidentReported").withArgs(protocolId, 0n, 1n, incidentTime, filedAt, payout);
      const incident = await market.incident(protocolId, 0n);
      expect([incident.incidentTime, incident.filedAt, incident.reportedAt, incident.payout, incident.claimId]).to.deep.equal([
        incidentTime,
        filedAt,
        decidedAt,
        payout,
        1n,
      ]);
      expect((await market.claim(1n)).status).to.equal(CLAIM_STATUS.Accepted);
      expect((await market.claimBucket(protocolId, bucket)).open).to.equal(0n);
      expect((await market.protocol(protocolId)).incidentCount).to.equal(1n);
    });

    it("denying reports nothing and announces a payout of 0 whatever was passed", async function () {
      const { market, resolver, resolverController, protocolId, bucket } = await loadFixture(withOpenClaim);
      const tx = resolver.connect(resolverController).decideClaim(1n, false, toWad("0.9"));
      await expect(tx).to.emit(market, "ClaimDecided").withArgs(1n, protocolId, false, 0n);
      await expect(tx).to.not.emit(market, "IncidentReported");
      expect((await market.claim(1n)).status).to.equal(CLAIM_STATUS.Denied);
      expect((await market.claimBucket(protocolId, bucket)).open).to.equal(0n);
      expect((await market.protocol(protocolId)).incidentCount).to.equal(0n);
    });

    it("accepts until the second before the deadline, and refuses acceptance from the deadline on", async function () {
      const { market, resolver, resolverController, filedAt } = await loadFixture(withOpenClaim);
      const deadline = filedAt + DECISION_PERIOD;
      await time.setNextBlockTimestamp(deadline);
      await expect(resolver.connect(resolverController).decideClaim(1n, true, WAD))
        .to.be.revertedWithCustomError(market, "CoverClaimDeadlinePassed")
        .withArgs(1n, deadline);
      await expect(resolver.connect(resolverController).decideClaim(1n, false, 0n)).to.emit(market, "ClaimDecided");

      const restored = await loadFixture(withOpenClaim);
      await time.setNextBlockTimestamp(deadline - 1n);
      await expect(restored.resolver.connect(resolverController).decideClaim(1n, true, WAD)).to.emit(market, "IncidentReported");
    });

    it("refuses a claim decided already, an unknown claim and a payout above 1", async function () {
      const { market, resolver, resolverController } = await loadFixture(withOpenClaim);
      await expect(resolver.connect(resolverController).decideClaim(1n, true, WAD + 1n))
        .to.be.revertedWithCustomError(market, "CoverInvalidPayout")
        .withArgs(WAD + 1n);
      await resolver.connect(resolverController).decideClaim(1n, false, 0n);
      for (const accepted of [true, false]) {
        await expect(resolver.connect(resolverController).decideClaim(1n, accepted, WAD))
          .to.be.revertedWithCustomError(market, "CoverClaimNotOpen")
          .withArgs(1n);
      }
      await expect(resolver.connect(resolverController).decideClaim(2n, true, WAD))
        .to.be.revertedWithCustomError(market, "CoverUnknownClaim")
        .withArgs(2n);
      await expect(market.claim(2n)).to.be.revertedWithCustomError(market, "CoverUnknownClaim").withArgs(2n);
    });

    it("refuses anyone but the claim's protocol's resolver", async function () {
      const { market, users } = await loadFixture(withOpenClaim);
      const other = await deployResolver(market, users[0]);
      await expect(market.connect(users[1]).decideClaim(1n, true, WAD))
        .to.be.revertedWithCustomError(market, "CoverNotResolver")
        .withArgs(1n, users[1].address);
      await expect(other.resolver.decideClaim(1n, false, 0n))
        .to.be.revertedWithCustomError(market, "CoverNotResolver")
        .withArgs(1n, await other.resolver.getAddress());
    });
  });

  describe("reportIncident", function () {
    it("records the incident as filed now, and announces it", async function () {
      const { market, resolver, resolverController, protocolId } = await loadFixture(marketFixture);
      const incidentTime = await now();
      const reportedAt = incidentTime + 20n;
      await time.setNextBlockTimestamp(reportedAt);
      await expect(resolver.connect(resolverController).reportIncident(incidentTime, toWad("0.25")))
        .to.emit(market, "IncidentReported")
        .withArgs(protocolId, 0n, 0n, incidentTime, reportedAt, toWad("0.25"));
      const incident = await market.incident(protocolId, 0n);
      expect([incident.incidentTime, incident.filedAt, incident.reportedAt, incident.payout, incident.claimId]).to.deep.equal([
        incidentTime,
        reportedAt,
        reportedAt,
        toWad("0.25"),
        0n,
      ]);
      expect(await resolver.connect(resolverController).reportIncident.staticCall(incidentTime, 0n)).to.equal(1n);
    });

    it("accepts payouts 0 and 1 and refuses one above 1", async function () {
      const { market, resolver, resolverController } = await loadFixture(marketFixture);
      const t = await now();
      await expect(resolver.connect(resolverController).reportIncident(t, 0n)).to.emit(market, "IncidentReported");
      await expect(resolver.connect(resolverController).reportIncident(t, WAD)).to.emit(market, "IncidentReported");
      await expect(resolver.connect(resolverController).reportIncident(t, WAD + 1n))
        .to.be.revertedWithCustomError(market, "CoverInvalidPayout")
        .withArgs(WAD + 1n);
    });

    it("caps a protocol at 32 incidents, after which it takes no incident, no claim and no new series", async function () {
      const { market, resolver, resolverController, protocolId, usdc, usdcSeries, expiry, users } = await loadFixture(marketFixture);
      const t = await now();
      await resolver.connect(resolverController).fileClaim(t);
      for (let i = 0n; i < MAX_INCIDENTS; i++) {
        await resolver.connect(resolverController).reportIncident(t, WAD);
      }
      expect((await market.protocol(protocolId)).incidentCount).to.equal(MAX_INCIDENTS);
      await expect(resolver.connect(resolverController).reportIncident(t, WAD))
        .to.be.revertedWithCustomError(market, "CoverIncidentCapReached")
        .withArgs(protocolId, MAX_INCIDENTS);
      await expect(resolver.connect(resolverController).decideClaim(1n, true, WAD))
        .to.be.revertedWithCustomError(market, "CoverIncidentCapReached")
        .withArgs(protocolId, MAX_INCIDENTS);
      await expect(market.createSeries(protocolId, await usdc.getAddress(), expiry + WEEK))
        .to.be.revertedWithCustomError(market, "CoverIncidentCapReached")
        .withArgs(protocolId, MAX_INCIDENTS);
      // A claim that could never be accepted is not filed, so it cannot hold any series back.
      await expect(resolver.connect(resolverController).fileClaim(t))
        .to.be.revertedWithCustomError(market, "CoverIncidentCapReached")
        .withArgs(protocolId, MAX_INCIDENTS);
      // Series created before the cap settle as ever: the first of the 32 incidents applies to them.
      const status = await market.seriesStatus(usdcSeries.id);
      expect([status.state, status.payout]).to.deep.equal([1n, WAD]);
      await expect(market.connect(users[0]).merge(usdcSeries.id, 1n, users[0].address)).to.be.revertedWithCustomError(
        usdcSeries.claim,
        "ERC20InsufficientBalance",
      );
    });
  });

  describe("refusals common to fileClaim and reportIncident", function () {
    const actions = {
      fileClaim: (market: any, protocolId: bigint, t: bigint) => market.fileClaim(protocolId, t),
      reportIncident: (market: any, protocolId: bigint, t: bigint) => market.reportIncident(protocolId, t, WAD),
    };

    for (const [name, act] of Object.entries(actions)) {
      it(`${name}: refuses an incident in the future and one before registration`, async function () {
        const { market, protocolId } = await loadFixture(marketFixture);
        const signers = await ethers.getSigners();
        const registrar = signers[12];
        // An account may be a resolver itself: it then calls the market directly.
        const registeredAt = (await now()) + 10n;
        await time.setNextBlockTimestamp(registeredAt);
        await market.connect(registrar).registerProtocol("Direct", "DIRECT", "", 3600n);
        const id = protocolId + 1n;
        const at = registeredAt + 100n;
        await time.setNextBlockTimestamp(at);
        await expect(act(market.connect(registrar), id, at + 1n))
          .to.be.revertedWithCustomError(market, "CoverIncidentInFuture")
          .withArgs(at + 1n, at);
        await expect(act(market.connect(registrar), id, registeredAt - 1n))
          .to.be.revertedWithCustomError(market, "CoverIncidentBeforeRegistration")
          .withArgs(registeredAt - 1n, registeredAt);
        await time.setNextBlockTimestamp(at + 10n);
        await expect(act(market.connect(registrar), id, at + 10n)).to.not.be.revert(ethers);
        await expect(act(market.connect(registrar), id, registeredAt)).to.not.be.revert(ethers);
      });

      it(`${name}: refuses an unknown protocol and anyone but the protocol's resolver`, async function () {
        const { market, resolver, resolverController, protocolId, users } = await loadFixture(marketFixture);
        const t = await now();
        await expect(act(market.connect(users[0]), 7n, t))
          .to.be.revertedWithCustomError(market, "CoverUnknownProtocol")
          .withArgs(7n);
        await expect(act(market.connect(users[0]), protocolId, t))
          .to.be.revertedWithCustomError(market, "CoverNotResolver")
          .withArgs(protocolId, users[0].address);
        await expect(act(market.connect(resolverController), protocolId, t))
          .to.be.revertedWithCustomError(market, "CoverNotResolver")
          .withArgs(protocolId, resolverController.address);
        const other = await deployResolver(market, users[1]);
        await expect(other.resolver.fileClaimFor(protocolId, t))
          .to.be.revertedWithCustomError(market, "CoverNotResolver")
          .withArgs(protocolId, await other.resolver.getAddress());
        expect(await resolver.protocolId()).to.equal(protocolId);
      });
    }
  });
});
