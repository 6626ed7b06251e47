import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { ethers, networkHelpers } from "../shared/connection.js";
import {
  BASE_FEE,
  FEE_CAP,
  committeeFixture,
  committeeRegistration,
  type CommitteeFixture,
} from "../shared/committeeFixture.js";
import { DECISION_PERIOD, MAX_UINT } from "../shared/marketFixture.js";
import { FILING_WINDOW, VOTING_PERIOD } from "../shared/committeeFixture.js";
import { fileClaim } from "../shared/fileClaim.js";
import { toWad, WAD } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;

const OPEN = 1n;
const ACCEPTED = 2n;
const DENIED = 3n;
const EXPIRED = 4n;
const PASSED = 5n;

/** Files a claim from `from` (the claimant) for an incident a minute ago; returns its id, fee and incident time. */
async function file(f: CommitteeFixture, requested = toWad("0.5"), from = f.claimant) {
  const incidentTime = BigInt(await time.latest()) - 60n;
  return { ...(await fileClaim(f.resolver, from, f.protocolId, incidentTime, requested)), incidentTime };
}

describe("CommitteeResolver", function () {
  describe("registerProtocol", function () {
    it("registers the protocol in the market with itself as resolver, and sets committee and fees in the same transaction", async function () {
      const f = await loadFixture(committeeFixture);
      const reg = { ...f.registration, ticker: "CLEND2" };
      const tx = await f.resolver.registerProtocol(reg);
      const id = f.protocolId + 1n;
      await expect(tx)
        .to.emit(f.market, "ProtocolRegistered")
        .withArgs(id, await f.resolver.getAddress(), reg.name, reg.ticker, reg.metadataURI, reg.claimWindow, await time.latest());
      await expect(tx)
        .to.emit(f.resolver, "CommitteeProtocolRegistered")
        .withArgs(id, f.deployer.address, reg.feeToken, BASE_FEE, FEE_CAP, DECISION_PERIOD, f.receiver.address);
      await expect(tx).to.emit(f.resolver, "CommitteeChanged").withArgs(id, 1, reg.members, 3, 0);

      expect((await f.market.protocol(id)).resolver).to.equal(await f.resolver.getAddress());
      const [members, threshold] = await f.resolver.committee(id, 1);
      expect(members).to.deep.equal(reg.members);
      expect(threshold).to.equal(3n);
      const config = await f.resolver.protocolConfig(id);
      expect([config.feeToken, config.epoch, config.threshold, config.size]).to.deep.equal([reg.feeToken, 1n, 3n, 5n]);
      expect([config.deniedFeeReceiver, config.baseFee, config.feeCap]).to.deep.equal([f.receiver.address, BASE_FEE, FEE_CAP]);
    });

    it("hosts several protocols, each with its own committee", async function () {
      const f = await loadFixture(committeeFixture);
      const others = [f.outsider.address, f.newMember.address];
      await f.resolver.registerProtocol({ ...f.registration, ticker: "OTHER", members: others, threshold: 2 });
      const [members, threshold] = await f.resolver.committee(f.protocolId + 1n, 1);
      expect(members).to.deep.equal(others);
      expect(threshold).to.equal(2n);
      expect((await f.resolver.committee(f.protocolId, 1))[0]).to.deep.equal(f.registration.members);
    });

    it("refuses committees that are empty, too large, or whose threshold is 0 or above their size", async function () {
      const f = await loadFixture(committeeFixture);
      const many = Array.from({ length: 33 }, (_, i) => ethers.getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`));
      const cases: [string[], number][] = [
        [[], 1],
        [f.registration.members, 0],
        [f.registration.members, 6],
        [many, 3],
      ];
      for (const [members, threshold] of cases) {
        await expect(f.resolver.registerProtocol({ ...f.registration, members, threshold }))
          .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidSize")
          .withArgs(members.length, threshold, 32);
      }
    });

    it("refuses a zero or repeated member, and a receiver that is zero or a member", async function () {
      const f = await loadFixture(committeeFixture);
      const [a, b] = f.registration.members;
      await expect(f.resolver.registerProtocol({ ...f.registration, members: [a, ethers.ZeroAddress], threshold: 2 }))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidMember")
        .withArgs(ethers.ZeroAddress);
      await expect(f.resolver.registerProtocol({ ...f.registration, members: [a, b, a], threshold: 2 }))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidMember")
        .withArgs(a);
      await expect(f.resolver.registerProtocol({ ...f.registration, deniedFeeReceiver: b }))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidFeeReceiver")
        .withArgs(b);
      await expect(f.resolver.registerProtocol({ ...f.registration, deniedFeeReceiver: ethers.ZeroAddress }))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidFeeReceiver")
        .withArgs(ethers.ZeroAddress);
    });

    it("refuses a fee token that is not a contract, a zero base fee and a base fee above the cap", async function () {
      const f = await loadFixture(committeeFixture);
      await expect(f.resolver.registerProtocol({ ...f.registration, feeToken: f.outsider.address }))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidFeeToken")
        .withArgs(f.outsider.address);
      await expect(f.resolver.registerProtocol({ ...f.registration, baseFee: 0n }))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidFee")
        .withArgs(0n, FEE_CAP);
      await expect(f.resolver.registerProtocol({ ...f.registration, baseFee: FEE_CAP + 1n }))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidFee")
        .withArgs(FEE_CAP + 1n, FEE_CAP);
    });

    it("refuses timings that could not land every decision before the market's deadline: 0 < F <= W, 0 < V, F + V + 1 day <= D", async function () {
      const f = await loadFixture(committeeFixture);
      const DAY = 86_400n;
      const W = f.registration.claimWindow;
      const cases: [bigint, bigint, bigint][] = [
        [0n, 3n * DAY, W], // no filing window
        [2n * DAY, 0n, W], // no voting period
        [DAY + 1n, DAY, DAY], // F above W
        [3n * DAY, 3n * DAY + 1n, W], // F + V + 1 day just above D = 7 days
      ];
      for (const [filingWindow, votingPeriod, claimWindow] of cases) {
        await expect(f.resolver.registerProtocol({ ...f.registration, ticker: "TIMING", filingWindow, votingPeriod, claimWindow }))
          .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidTiming")
          .withArgs(filingWindow, votingPeriod, claimWindow, DAY, DECISION_PERIOD);
      }
      await expect(f.resolver.registerProtocol({ ...f.registration, ticker: "TIMING", filingWindow: 3n * DAY, votingPeriod: 3n * DAY })).to.emit(
        f.resolver,
        "CommitteeProtocolRegistered",
      );
      const config = await f.resolver.protocolConfig(f.protocolId + 1n);
      expect([config.filingWindow, config.votingPeriod]).to.deep.equal([3n * DAY, 3n * DAY]);
    });

    it("passes on the market's refusals (a bad ticker), registering nothing", async function () {
      const f = await loadFixture(committeeFixture);
      await expect(f.resolver.registerProtocol({ ...f.registration, ticker: "low" }))
        .to.be.revertedWithCustomError(f.market, "CoverInvalidTicker")
        .withArgs("low");
      expect(await f.market.protocolCount()).to.equal(f.protocolId);
    });

    it("has no owner: no function but the committee's votes decides", async function () {
      const f = await loadFixture(committeeFixture);
      const names = f.resolver.interface.fragments.filter((x) => x.type === "function").map((x: any) => x.name);
      for (const forbidden of ["owner", "transferOwnership", "setCommittee", "decideClaim"]) {
        expect(names).to.not.include(forbidden);
      }
    });
  });

  describe("fileClaim", function () {
    it("takes the fee, opens the claim in the market and records it with the committee epoch", async function () {
      const f = await loadFixture(committeeFixture);
      const incidentTime = BigInt(await time.latest()) - 100n;
      const tx = f.resolver.connect(f.claimant).fileClaim(f.protocolId, incidentTime, "ipfs://evidence", toWad("0.4"), MAX_UINT);
      await expect(tx).to.changeTokenBalances(ethers, f.feeToken, [f.claimant, f.resolver], [-BASE_FEE, BASE_FEE]);
      const filedAt = BigInt(await time.latest());
      await expect(tx)
        .to.emit(f.resolver, "ClaimFiled")
        .withArgs(1n, f.protocolId, f.claimant.address, incidentTime, "ipfs://evidence", toWad("0.4"), await f.feeToken.getAddress(), BASE_FEE, 1n, filedAt + DECISION_PERIOD);
      await expect(tx).to.emit(f.market, "ClaimFiled");
      expect((await f.market.claim(1n)).status).to.equal(OPEN);
      const c = await f.resolver.claim(1n);
      expect([c.claimant, c.fee, c.protocolId, c.epoch, c.filedAt, c.status]).to.deep.equal([
        f.claimant.address, BASE_FEE, f.protocolId, 1n, filedAt, OPEN,
      ]);
      expect([c.size, c.threshold, c.accepts, c.denials, c.voted, c.requestedPayout]).to.deep.equal([5n, 3n, 0n, 0n, 0n, toWad("0.4")]);
    });

    it("doubles the fee for each further claim within the escalation window, up to the cap, then starts again", async function () {
      const f = await loadFixture(committeeFixture);
      const paid: bigint[] = [];
      for (let i = 0; i < 6; i++) paid.push((await file(f, toWad("0.1"), i % 2 ? f.otherClaimant : f.claimant)).fee);
      expect(paid).to.deep.equal([1n, 2n, 4n, 8n, 10n, 10n].map((k) => k * 10n ** 20n));
      expect((await f.resolver.claim(5n)).fee).to.equal(FEE_CAP);
      const config = await f.resolver.protocolConfig(f.protocolId);
      await time.increaseTo(config.feeWindowStart + DECISION_PERIOD);
      expect(await f.resolver.claimFee(f.protocolId)).to.equal(BASE_FEE);
      expect((await file(f)).fee).to.equal(BASE_FEE);
      expect(await f.resolver.claimFee(f.protocolId)).to.equal(2n * BASE_FEE);
    });

    it("refuses an unknown protocol, a payout above 1 and an empty evidence URI", async function () {
      const f = await loadFixture(committeeFixture);
      const t = BigInt(await time.latest());
      await expect(f.resolver.connect(f.claimant).fileClaim(99, t, "ipfs://e", 0n, MAX_UINT))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeUnknownProtocol")
        .withArgs(99);
      await expect(f.resolver.connect(f.claimant).fileClaim(f.protocolId, t, "ipfs://e", WAD + 1n, MAX_UINT))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidPayout")
        .withArgs(WAD + 1n);
      await expect(f.resolver.connect(f.claimant).fileClaim(f.protocolId, t, "", WAD, MAX_UINT)).to.be.revertedWithCustomError(
        f.resolver,
        "CommitteeEmptyEvidence",
      );
    });

    it("passes on the market's refusal of an incident time in the future or before registration", async function () {
      const f = await loadFixture(committeeFixture);
      const registeredAt = (await f.market.protocol(f.protocolId)).registeredAt;
      await expect(f.resolver.connect(f.claimant).fileClaim(f.protocolId, registeredAt - 1n, "ipfs://e", WAD, MAX_UINT))
        .to.be.revertedWithCustomError(f.market, "CoverIncidentBeforeRegistration")
        .withArgs(registeredAt - 1n, registeredAt);
      // The filing's block time is set, so "the future" is one second after it whatever the clock did before.
      const at = BigInt(await time.latest()) + 1n;
      await time.setNextBlockTimestamp(at);
      await expect(f.resolver.connect(f.claimant).fileClaim(f.protocolId, at + 1n, "ipfs://e", WAD, MAX_UINT))
        .to.be.revertedWithCustomError(f.market, "CoverIncidentInFuture")
        .withArgs(at + 1n, at);
    });

    it("refuses a filing whose fee, raised by claims landing first, exceeds the filer's maximum: nothing taken", async function () {
      const f = await loadFixture(committeeFixture);
      const t = BigInt(await time.latest()) - 100n;
      const quoted = await f.resolver.claimFee(f.protocolId);
      expect(quoted).to.equal(BASE_FEE);
      // Another filer's claim lands first: the fee doubles while the first filer (who approved generously,
      // MAX_UINT) still holds the quote of BASE_FEE as their maximum.
      await file(f, toWad("0.1"), f.otherClaimant);
      const due = await f.resolver.claimFee(f.protocolId);
      expect(due).to.equal(2n * BASE_FEE);
      const before = await f.feeToken.balanceOf(f.claimant.address);
      await expect(f.resolver.connect(f.claimant).fileClaim(f.protocolId, t, "ipfs://e", WAD, quoted))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeFeeAboveMax")
        .withArgs(due, quoted);
      expect(await f.feeToken.balanceOf(f.claimant.address)).to.equal(before);
      // At the new quote it files and pays exactly that.
      await expect(f.resolver.connect(f.claimant).fileClaim(f.protocolId, t, "ipfs://e", WAD, due))
        .to.changeTokenBalances(ethers, f.feeToken, [f.claimant, f.resolver], [-due, due]);
    });

    it("refuses a claim filed after its incident time + F, and takes one filed at exactly t + F", async function () {
      const f = await loadFixture(committeeFixture);
      const t = BigInt(await time.latest()) - 10n;
      await time.setNextBlockTimestamp(t + FILING_WINDOW + 1n);
      await expect(f.resolver.connect(f.claimant).fileClaim(f.protocolId, t, "ipfs://e", WAD, MAX_UINT))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeFilingWindowPassed")
        .withArgs(t, t + FILING_WINDOW);
      const t2 = t + 1n;
      await time.setNextBlockTimestamp(t2 + FILING_WINDOW);
      await expect(f.resolver.connect(f.claimant).fileClaim(f.protocolId, t2, "ipfs://e", WAD, MAX_UINT)).to.emit(f.resolver, "ClaimFiled");
    });

    it("refuses a fee token that delivers less than the fee", async function () {
      const f = await loadFixture(committeeFixture);
      const fot = await ethers.deployContract("FeeOnTransferERC20");
      await fot.mint(f.claimant.address, 10n ** 24n);
      await fot.connect(f.claimant).approve(await f.resolver.getAddress(), MAX_UINT);
      await f.resolver.registerProtocol({ ...f.registration, ticker: "FOT", feeToken: await fot.getAddress() });
      await expect(f.resolver.connect(f.claimant).fileClaim(f.protocolId + 1n, await time.latest(), "ipfs://e", WAD, MAX_UINT))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeFeeShortfall")
        .withArgs(await fot.getAddress(), BASE_FEE, BASE_FEE - BASE_FEE / 100n);
    });
  });

  describe("voteClaim", function () {
    it("passes when every voter has voted, at the lower median of all accepting votes, and records once t + F has passed", async function () {
      const f = await loadFixture(committeeFixture);
      const { claimId, incidentTime } = await file(f);
      const [m1, m2, m3, m4, m5] = f.members;
      await f.resolver.connect(m1).voteClaim(claimId, true, toWad("0.9"));
      await expect(f.resolver.connect(m2).voteClaim(claimId, true, toWad("0.2")))
        .to.emit(f.resolver, "ClaimVoted")
        .withArgs(claimId, f.protocolId, m2.address, true, toWad("0.2"));
      // The M-th acceptance does not decide: every accepting vote counts until voting closes.
      await expect(f.resolver.connect(m3).voteClaim(claimId, true, toWad("0.5"))).to.not.emit(f.market, "ClaimDecided");
      await f.resolver.connect(m4).voteClaim(claimId, false, 0n);
      expect((await f.resolver.claim(claimId)).status).to.equal(OPEN);
      // The last vote closes voting before t + F: the claim passes and waits for its turn.
      const closing = f.resolver.connect(m5).voteClaim(claimId, true, toWad("0.1"));
      await expect(closing)
        .to.emit(f.resolver, "ClaimPassed")
        .withArgs(claimId, f.protocolId, toWad("0.2"), incidentTime + FILING_WINDOW); // lower median of 0.9, 0.2, 0.5, 0.1
      await expect(closing).to.not.emit(f.market, "ClaimDecided");
      expect((await f.resolver.claim(claimId)).status).to.equal(PASSED);
      expect(await f.resolver.claimQueue(f.protocolId)).to.deep.equal([claimId]);
      // Before t + F nothing records it; from t + F anyone does.
      await time.setNextBlockTimestamp(incidentTime + FILING_WINDOW - 1n);
      await f.resolver.connect(f.outsider).recordClaims(f.protocolId, 10);
      expect((await f.resolver.claim(claimId)).status).to.equal(PASSED);
      await time.setNextBlockTimestamp(incidentTime + FILING_WINDOW);
      const tx = f.resolver.connect(f.outsider).recordClaims(f.protocolId, 10);
      await expect(tx)
        .to.emit(f.resolver, "ClaimResolved")
        .withArgs(claimId, f.protocolId, ACCEPTED, toWad("0.2"), f.claimant.address, BASE_FEE);
      await expect(tx).to.emit(f.market, "ClaimDecided").withArgs(claimId, f.protocolId, true, toWad("0.2"));
      await expect(tx).to.emit(f.market, "IncidentReported").withArgs(f.protocolId, 0n, claimId, incidentTime, anyValue, toWad("0.2"));
      await expect(tx).to.changeTokenBalances(ethers, f.feeToken, [f.claimant, f.resolver], [BASE_FEE, -BASE_FEE]);
      expect((await f.resolver.claim(claimId)).status).to.equal(ACCEPTED);
      expect((await f.market.claim(claimId)).status).to.equal(ACCEPTED);
      expect(await f.resolver.claimQueue(f.protocolId)).to.deep.equal([]);
    });

    it("records in the closing vote itself when t + F has passed already", async function () {
      const f = await loadFixture(committeeFixture);
      const { claimId, incidentTime } = await file(f);
      for (const m of f.members.slice(0, 4)) await f.resolver.connect(m).voteClaim(claimId, true, toWad("0.5"));
      await time.setNextBlockTimestamp(incidentTime + FILING_WINDOW);
      await expect(f.resolver.connect(f.members[4]).voteClaim(claimId, true, toWad("0.5")))
        .to.emit(f.market, "ClaimDecided")
        .withArgs(claimId, f.protocolId, true, toWad("0.5"));
    });

    it("takes the lower median of an even number of accepting votes", async function () {
      const f = await loadFixture(committeeFixture);
      const members = [...f.members.map((m) => m.address), f.outsider.address];
      await f.resolver.registerProtocol({ ...f.registration, ticker: "EVEN", members, threshold: 4 });
      const id = f.protocolId + 1n;
      const { claimId } = await fileClaim(f.resolver, f.claimant, id, BigInt(await time.latest()));
      const votes = ["0.6", "0.1", "0.9", "0.4"];
      for (let i = 0; i < 4; i++) await f.resolver.connect(f.members[i]).voteClaim(claimId, true, toWad(votes[i]));
      await f.resolver.connect(f.members[4]).voteClaim(claimId, false, 0n);
      await expect(f.resolver.connect(f.outsider).voteClaim(claimId, false, 0n))
        .to.emit(f.resolver, "ClaimPassed")
        .withArgs(claimId, id, toWad("0.4"), anyValue);
    });

    it("denies as soon as acceptance can no longer reach M, at once, and sends the fee to the receiver", async function () {
      const f = await loadFixture(committeeFixture);
      const { claimId } = await file(f);
      const [m1, m2, m3, m4, m5] = f.members;
      await f.resolver.connect(m1).voteClaim(claimId, true, toWad("0.5"));
      await f.resolver.connect(m2).voteClaim(claimId, false, 0n);
      await f.resolver.connect(m3).voteClaim(claimId, true, toWad("0.5"));
      await f.resolver.connect(m4).voteClaim(claimId, false, 0n);
      expect((await f.resolver.claim(claimId)).status).to.equal(OPEN); // m5 could still make 3 acceptances
      const tx = f.resolver.connect(m5).voteClaim(claimId, false, 0n);
      await expect(tx)
        .to.emit(f.resolver, "ClaimResolved")
        .withArgs(claimId, f.protocolId, DENIED, 0n, f.receiver.address, BASE_FEE);
      await expect(tx).to.emit(f.market, "ClaimDecided").withArgs(claimId, f.protocolId, false, 0n);
      await expect(tx).to.changeTokenBalances(ethers, f.feeToken, [f.receiver, f.resolver, f.claimant], [BASE_FEE, -BASE_FEE, 0n]);
      expect(await f.resolver.claimQueue(f.protocolId)).to.deep.equal([]);
    });

    it("denies early: three denials of five with M = 3 decide at once, before t + F", async function () {
      const f = await loadFixture(committeeFixture);
      const { claimId } = await file(f);
      await f.resolver.connect(f.members[0]).voteClaim(claimId, false, 0n);
      await f.resolver.connect(f.members[1]).voteClaim(claimId, false, 0n);
      await expect(f.resolver.connect(f.members[2]).voteClaim(claimId, false, 0n)).to.emit(f.market, "ClaimDecided");
      expect((await f.resolver.claim(claimId)).status).to.equal(DENIED);
      await expect(f.resolver.connect(f.members[3]).voteClaim(claimId, true, WAD))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeClaimNotOpen")
        .withArgs(claimId, DENIED);
    });

    it("refuses a second vote by the same member", async function () {
      const f = await loadFixture(committeeFixture);
      const { claimId } = await file(f);
      await f.resolver.connect(f.members[0]).voteClaim(claimId, true, WAD);
      expect(await f.resolver.voterStatus(claimId, f.members[0].address)).to.deep.equal([true, true]);
      for (const accept of [true, false]) {
        await expect(f.resolver.connect(f.members[0]).voteClaim(claimId, accept, accept ? WAD : 0n))
          .to.be.revertedWithCustomError(f.resolver, "CommitteeAlreadyVoted")
          .withArgs(claimId, f.members[0].address);
      }
    });

    it("refuses votes by non-members, unknown claims and payouts out of range", async function () {
      const f = await loadFixture(committeeFixture);
      const { claimId } = await file(f);
      await expect(f.resolver.connect(f.outsider).voteClaim(claimId, true, WAD))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeNotVoter")
        .withArgs(claimId, f.outsider.address);
      await expect(f.resolver.connect(f.members[0]).voteClaim(42n, true, WAD))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeUnknownClaim")
        .withArgs(42n);
      await expect(f.resolver.connect(f.members[0]).voteClaim(claimId, true, WAD + 1n))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidPayout")
        .withArgs(WAD + 1n);
      await expect(f.resolver.connect(f.members[0]).voteClaim(claimId, false, 1n))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidPayout")
        .withArgs(1n);
    });

    it("refuses votes from filing + V on", async function () {
      const f = await loadFixture(committeeFixture);
      const { claimId } = await file(f);
      const closesAt = (await f.resolver.claim(claimId)).filedAt + VOTING_PERIOD;
      await f.resolver.connect(f.members[0]).voteClaim(claimId, true, WAD);
      await time.setNextBlockTimestamp(closesAt - 1n);
      await f.resolver.connect(f.members[1]).voteClaim(claimId, true, WAD); // the last second still counts
      await time.setNextBlockTimestamp(closesAt);
      await expect(f.resolver.connect(f.members[2]).voteClaim(claimId, true, WAD))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeVotingClosed")
        .withArgs(claimId, closesAt);
    });

    it("holds a fee it cannot pay (a blocked account) instead of blocking the decision", async function () {
      const f = await loadFixture(committeeFixture);
      const token = await ethers.deployContract("BlocklistERC20");
      const tokenAddress = await token.getAddress();
      await token.mint(f.claimant.address, 10n ** 24n);
      await token.connect(f.claimant).approve(await f.resolver.getAddress(), MAX_UINT);
      await f.resolver.registerProtocol({ ...f.registration, ticker: "BLOCK", feeToken: tokenAddress });
      const id = f.protocolId + 1n;
      const { claimId } = await fileClaim(f.resolver, f.claimant, id, BigInt(await time.latest()));
      await token.setBlocked(f.claimant.address, true);
      for (const m of f.members.slice(0, 4)) await f.resolver.connect(m).voteClaim(claimId, true, WAD);
      await time.increaseTo((await f.resolver.claim(claimId)).incidentTime + FILING_WINDOW);
      await expect(f.resolver.connect(f.members[4]).voteClaim(claimId, true, WAD))
        .to.emit(f.resolver, "FeeHeld")
        .withArgs(tokenAddress, f.claimant.address, BASE_FEE);
      expect((await f.market.claim(claimId)).status).to.equal(ACCEPTED);
      expect(await f.resolver.heldFees(tokenAddress, f.claimant.address)).to.equal(BASE_FEE);

      await expect(f.resolver.connect(f.claimant).withdrawFees(tokenAddress, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        f.resolver,
        "CommitteeZeroRecipient",
      );
      const tx = f.resolver.connect(f.claimant).withdrawFees(tokenAddress, f.otherClaimant.address);
      await expect(tx).to.emit(f.resolver, "FeeWithdrawn").withArgs(tokenAddress, f.claimant.address, f.otherClaimant.address, BASE_FEE);
      await expect(tx).to.changeTokenBalances(ethers, token, [f.otherClaimant, f.resolver], [BASE_FEE, -BASE_FEE]);
      await expect(f.resolver.connect(f.claimant).withdrawFees(tokenAddress, f.claimant.address))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeNothingHeld")
        .withArgs(tokenAddress, f.claimant.address);
    });
  });

  describe("closeClaim and recordClaims", function () {
    it("closes voting from filing + V on: passed with M acceptances (recorded, t + F having passed), else denied", async function () {
      const f = await loadFixture(committeeFixture);
      const a = await file(f);
      const b = await file(f, toWad("0.3"), f.otherClaimant);
      for (const m of f.members.slice(0, 3)) await f.resolver.connect(m).voteClaim(a.claimId, true, toWad("0.4"));
      await f.resolver.connect(f.members[0]).voteClaim(b.claimId, true, toWad("0.3"));
      const closesAt = (await f.resolver.claim(a.claimId)).filedAt + VOTING_PERIOD;
      await time.setNextBlockTimestamp(closesAt - 1n);
      await expect(f.resolver.connect(f.outsider).closeClaim(a.claimId))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeVotingOpen")
        .withArgs(a.claimId, closesAt);
      await time.setNextBlockTimestamp((await f.resolver.claim(b.claimId)).filedAt + VOTING_PERIOD);
      // Closing b (one acceptance of three needed) denies it; the queue then records a, now closable too.
      const tx = f.resolver.connect(f.outsider).closeClaim(b.claimId);
      await expect(tx).to.emit(f.resolver, "ClaimResolved").withArgs(b.claimId, f.protocolId, DENIED, 0n, f.receiver.address, 2n * BASE_FEE);
      await expect(tx).to.emit(f.resolver, "ClaimPassed").withArgs(a.claimId, f.protocolId, toWad("0.4"), a.incidentTime + FILING_WINDOW);
      await expect(tx).to.emit(f.resolver, "ClaimResolved").withArgs(a.claimId, f.protocolId, ACCEPTED, toWad("0.4"), f.claimant.address, BASE_FEE);
      await expect(f.resolver.connect(f.outsider).closeClaim(a.claimId))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeClaimNotOpen")
        .withArgs(a.claimId, ACCEPTED);
      await expect(f.resolver.closeClaim(77n)).to.be.revertedWithCustomError(f.resolver, "CommitteeUnknownClaim").withArgs(77n);
      await expect(f.resolver.recordClaims(99, 1)).to.be.revertedWithCustomError(f.resolver, "CommitteeUnknownProtocol").withArgs(99);
    });

    it("expires a passed claim nobody recorded before the market's deadline, refunding the claimant", async function () {
      const f = await loadFixture(committeeFixture);
      const { claimId } = await file(f);
      for (const m of f.members) await f.resolver.connect(m).voteClaim(claimId, true, toWad("0.4"));
      expect((await f.resolver.claim(claimId)).status).to.equal(PASSED);
      await time.setNextBlockTimestamp((await f.resolver.claim(claimId)).filedAt + DECISION_PERIOD);
      const tx = f.resolver.connect(f.outsider).recordClaims(f.protocolId, 5);
      await expect(tx).to.emit(f.resolver, "ClaimResolved").withArgs(claimId, f.protocolId, EXPIRED, 0n, f.claimant.address, BASE_FEE);
      await expect(tx).to.emit(f.market, "ClaimDecided").withArgs(claimId, f.protocolId, false, 0n);
      await expect(tx).to.changeTokenBalances(ethers, f.feeToken, [f.claimant, f.resolver], [BASE_FEE, -BASE_FEE]);
    });
  });
});
