/**
 * Integration (core and resolvers): the real committee resolver (fees, votes, the lower median) and the real
 * parametric resolver (a de-peg proven from mock Chainlink feeds) reporting to the real market, each through a
 * series' life to redemption. Unlike claims.spec.ts and lifecycle.spec.ts, nothing reports by test fiat; no AMM.
 */
import { expect } from "chai";
import { ethers, networkHelpers } from "../shared/connection.js";
import { BASE_FEE, COMMITTEE_CLAIM_WINDOW, committeeFixture, FILING_WINDOW, type CommitteeFixture } from "../shared/committeeFixture.js";
import { decideAt, parametricFixture, referenceDepeg } from "../shared/parametricFixture.js";
import { DECISION_PERIOD } from "../shared/marketFixture.js";
import { fileClaim } from "../shared/fileClaim.js";
import { redemptionValue, toWad, WAD } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;
const HOUR = 3600n;
const BY_INCIDENT = 1n;
const BY_TIME = 2n;

/** Files a claim as `f.claimant`; returns its id. */
async function file(f: CommitteeFixture, incidentTime: bigint, requested = WAD) {
  return (await fileClaim(f.resolver, f.claimant, f.protocolId, incidentTime, requested)).claimId;
}

/** Has the first `count` members of the fixture's committee vote the same way on a claim. */
async function vote(f: CommitteeFixture, claimId: bigint, accept: boolean, payout: bigint, count = 3) {
  for (const member of f.members.slice(0, count)) await f.resolver.connect(member).voteClaim(claimId, accept, accept ? payout : 0n);
}

/** The whole committee accepts a claim at `payout`, then anyone records it once its incident time + F has passed. */
async function acceptAndRecord(f: CommitteeFixture, claimId: bigint, payout: bigint) {
  await vote(f, claimId, true, payout, f.members.length);
  const recordableAt = (await f.resolver.claim(claimId)).incidentTime + FILING_WINDOW;
  if (BigInt(await time.latest()) < recordableAt) await time.increaseTo(recordableAt);
  await f.resolver.connect(f.outsider).recordClaims(f.protocolId, 10);
}

/** Redeems all of the holder's CLAIM and NOCLAIM and checks the collateral paid at `payout`. */
async function redeemAll(f: { market: any; usdc: any; series: any; holder: any; minted: bigint }, payout: bigint) {
  const expected = redemptionValue(f.minted, f.minted, payout);
  await expect(f.market.connect(f.holder).redeem(f.series.id, f.minted, f.minted, f.holder.address)).to.changeTokenBalances(
    ethers,
    f.usdc,
    [f.holder, f.market],
    [expected, -expected],
  );
  expect(await f.series.claim.balanceOf(f.holder.address)).to.equal(0n);
  expect(await f.series.noclaim.balanceOf(f.holder.address)).to.equal(0n);
}

describe("Claims lifecycle, through the real market", function () {
  it("committee: mint, file a claim, vote it through, redeem both sides at the median payout", async function () {
    const f = await loadFixture(committeeFixture);
    const incidentTime = BigInt(await time.latest()) - 60n;
    const claimId = await file(f, incidentTime, toWad("0.6"));
    expect((await f.market.seriesStatus(f.series.id)).state).to.equal(0n);
    await f.resolver.connect(f.members[0]).voteClaim(claimId, true, toWad("0.6"));
    await f.resolver.connect(f.members[1]).voteClaim(claimId, false, 0n);
    await f.resolver.connect(f.members[2]).voteClaim(claimId, true, toWad("0.3"));
    await f.resolver.connect(f.members[3]).voteClaim(claimId, true, toWad("0.4"));
    // The last vote closes voting (lower median of 0.6, 0.3, 0.4) and, at the incident time + F, records it.
    await time.setNextBlockTimestamp(incidentTime + FILING_WINDOW);
    await expect(f.resolver.connect(f.members[4]).voteClaim(claimId, false, 0n)).to.changeTokenBalance(ethers, f.feeToken, f.claimant, BASE_FEE);
    const status = await f.market.seriesStatus(f.series.id);
    expect([status.state, status.payout]).to.deep.equal([BY_INCIDENT, toWad("0.4")]);
    await redeemAll(f, toWad("0.4"));
  });

  it("committee: claim spam pays escalating fees and holds NOCLAIM no longer than the market allows", async function () {
    const f = await loadFixture(committeeFixture);
    const filingEnd = f.expiry + COMMITTEE_CLAIM_WINDOW;
    // Four claims for an incident an hour before expiry, filed as late as its filing window F allows (a second
    // apart, from an hour before it closes).
    const claims: bigint[] = [];
    const feesBefore = await f.feeToken.balanceOf(f.claimant.address);
    for (let i = 0n; i < 4n; i++) {
      await time.setNextBlockTimestamp(f.expiry - HOUR + FILING_WINDOW - HOUR + i);
      claims.push(await file(f, f.expiry - HOUR));
    }
    expect(feesBefore - (await f.feeToken.balanceOf(f.claimant.address))).to.equal(15n * BASE_FEE); // 1 + 2 + 4 + 8
    const lastDeadline = (await f.resolver.claim(claims[3])).filedAt + DECISION_PERIOD;

    // The committee denies three of them early; the fourth is never decided. Filed within F of an incident
    // before expiry, every deadline (filing + D) falls before expiry + W here: the spam cannot hold NOCLAIM past
    // the series' own claim window.
    for (const id of claims.slice(0, 3)) await vote(f, id, false, 0n);
    expect(lastDeadline).to.be.lessThan(filingEnd);
    await time.setNextBlockTimestamp(filingEnd - 1n);
    await expect(f.market.connect(f.holder).redeem(f.series.id, 0n, f.minted, f.holder.address))
      .to.be.revertedWithCustomError(f.market, "CoverNotSettled")
      .withArgs(f.series.id, filingEnd);
    await time.setNextBlockTimestamp(filingEnd);
    await redeemAll(f, 0n); // nobody decided the last claim: its deadline passed, NOCLAIM pays 1 from expiry + W
    await expect(f.resolver.connect(f.outsider).closeClaim(claims[3])).to.changeTokenBalance(ethers, f.feeToken, f.receiver, 8n * BASE_FEE);
    expect(await f.feeToken.balanceOf(f.receiver.address)).to.equal(15n * BASE_FEE);
  });

  it("committee: an accepted claim for an incident outside the coverage window pays nothing", async function () {
    const f = await loadFixture(committeeFixture);
    await time.increaseTo(f.expiry + HOUR);
    const claimId = await file(f, f.expiry); // the coverage window is [createdAt, expiry)
    await acceptAndRecord(f, claimId, WAD);
    expect((await f.market.incident(f.protocolId, 0)).incidentTime).to.equal(f.expiry);
    await time.increaseTo(f.expiry + COMMITTEE_CLAIM_WINDOW);
    const status = await f.market.seriesStatus(f.series.id);
    expect([status.state, status.payout]).to.deep.equal([BY_TIME, 0n]);
    await redeemAll(f, 0n);
  });

  it("committee: a claim filed after the series' claim window neither holds NOCLAIM nor pays, even when accepted", async function () {
    const f = await loadFixture(committeeFixture);
    const filingEnd = f.expiry + COMMITTEE_CLAIM_WINDOW;
    await time.setNextBlockTimestamp(filingEnd);
    // The latest incident such a filing may name (F before it) lies after expiry already, since F <= W.
    const claimId = await file(f, filingEnd - FILING_WINDOW);
    expect((await f.market.seriesStatus(f.series.id)).state).to.equal(BY_TIME); // not held by the open claim
    await acceptAndRecord(f, claimId, WAD);
    expect((await f.market.claim(claimId)).status).to.equal(2n);
    const status = await f.market.seriesStatus(f.series.id);
    expect([status.state, status.payout]).to.deep.equal([BY_TIME, 0n]);
    await redeemAll(f, 0n);
  });

  it("parametric: mint, a de-peg proven from the feeds and decided at t + L + P, redeem both sides at the median depth", async function () {
    const f = await loadFixture(parametricFixture);
    const d = await referenceDepeg(f);
    await expect(f.market.connect(f.holder).redeem(f.series.id, f.minted, 0n, f.holder.address)).to.be.revertedWithCustomError(
      f.market,
      "CoverNotSettled",
    );
    await f.resolver.connect(f.alice).triggerIncident(f.protocolId, d.incidentTime, d.counted, d.proof);
    // Filed as a claim: the series stays open (NOCLAIM held) until the decision.
    expect((await f.market.seriesStatus(f.series.id)).state).to.equal(0n);
    await decideAt(f, d.incidentTime);
    const status = await f.market.seriesStatus(f.series.id);
    expect([status.state, status.payout]).to.deep.equal([BY_INCIDENT, d.payout]);
    await redeemAll(f, d.payout);
  });
});
