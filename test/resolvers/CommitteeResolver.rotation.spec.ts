import { expect } from "chai";
import { networkHelpers } from "../shared/connection.js";
import { committeeFixture, type CommitteeFixture } from "../shared/committeeFixture.js";
import { fileClaim } from "../shared/fileClaim.js";
import { FILING_WINDOW } from "../shared/committeeFixture.js";
import { WAD } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;

const PROPOSAL_LIFETIME = 14n * 24n * 3600n;

/**
 * The fixture's committee (m1..m5, M = 3) proposes to swap m5 for `newMember` with M = 2; returns the
 * new member list and the proposal id after m1 proposed it (one approval).
 */
async function propose(f: CommitteeFixture) {
  const next = [...f.members.slice(0, 4).map((m) => m.address), f.newMember.address];
  const proposalId = await f.resolver.connect(f.members[0]).proposeCommittee.staticCall(f.protocolId, next, 2);
  await f.resolver.connect(f.members[0]).proposeCommittee(f.protocolId, next, 2);
  return { next, proposalId };
}

describe("CommitteeResolver: committee changes", function () {
  it("changes the committee when M members of the current one approved, as the next epoch", async function () {
    const f = await loadFixture(committeeFixture);
    const next = [...f.members.slice(0, 4).map((m) => m.address), f.newMember.address];
    const proposed = await f.resolver.connect(f.members[0]).proposeCommittee(f.protocolId, next, 2);
    const proposedAt = BigInt((await (await proposed.wait())!.getBlock()).timestamp);
    await expect(proposed)
      .to.emit(f.resolver, "CommitteeProposed")
      .withArgs(1n, f.protocolId, f.members[0].address, 1n, next, 2, proposedAt + PROPOSAL_LIFETIME);
    await expect(proposed).to.emit(f.resolver, "CommitteeProposalApproved").withArgs(1n, f.protocolId, f.members[0].address, 1n);
    await f.resolver.connect(f.members[1]).approveCommittee(1n);
    expect((await f.resolver.protocolConfig(f.protocolId)).epoch).to.equal(1n);
    await expect(f.resolver.connect(f.members[4]).approveCommittee(1n))
      .to.emit(f.resolver, "CommitteeChanged")
      .withArgs(f.protocolId, 2n, next, 2, 1n);

    const config = await f.resolver.protocolConfig(f.protocolId);
    expect([config.epoch, config.threshold, config.size]).to.deep.equal([2n, 2n, 5n]);
    expect(await f.resolver.committee(f.protocolId, 2)).to.deep.equal([next, 2n]);
    expect((await f.resolver.committee(f.protocolId, 1))[1]).to.equal(3n);
    const p = await f.resolver.proposal(1n);
    expect([p.epoch, p.approvals, p.executed]).to.deep.equal([1n, 3n, true]);
  });

  it("keeps the voters of a claim as they were at its filing", async function () {
    const f = await loadFixture(committeeFixture);
    const { claimId: before } = await fileClaim(f.resolver, f.claimant, f.protocolId, BigInt(await time.latest()));
    const { proposalId } = await propose(f);
    await f.resolver.connect(f.members[1]).approveCommittee(proposalId);
    await f.resolver.connect(f.members[2]).approveCommittee(proposalId);
    const { claimId: after } = await fileClaim(f.resolver, f.claimant, f.protocolId, BigInt(await time.latest()));

    // Filed before: the new member cannot vote, the removed m5 can, and M stays 3.
    await expect(f.resolver.connect(f.newMember).voteClaim(before, true, WAD))
      .to.be.revertedWithCustomError(f.resolver, "CommitteeNotVoter")
      .withArgs(before, f.newMember.address);
    await f.resolver.connect(f.members[4]).voteClaim(before, true, WAD);
    await f.resolver.connect(f.members[0]).voteClaim(before, true, WAD);
    await f.resolver.connect(f.members[1]).voteClaim(before, true, WAD);
    expect((await f.resolver.claim(before)).status).to.equal(1n); // open: voting closes when all five voted
    await f.resolver.connect(f.members[2]).voteClaim(before, false, 0n);
    await f.resolver.connect(f.members[3]).voteClaim(before, false, 0n);
    expect((await f.resolver.claim(before)).status).to.equal(5n); // passed: 3 of 5 accepted, M = 3

    // Filed after: the new member votes, m5 cannot, and M is 2.
    await expect(f.resolver.connect(f.members[4]).voteClaim(after, true, WAD))
      .to.be.revertedWithCustomError(f.resolver, "CommitteeNotVoter")
      .withArgs(after, f.members[4].address);
    expect(await f.resolver.voterStatus(after, f.newMember.address)).to.deep.equal([true, false]);
    await f.resolver.connect(f.newMember).voteClaim(after, true, WAD);
    await f.resolver.connect(f.members[3]).voteClaim(after, true, WAD / 2n);
    for (const m of f.members.slice(0, 3)) await f.resolver.connect(m).voteClaim(after, false, 0n);
    expect((await f.resolver.claim(after)).status).to.equal(5n); // passed: 2 of 5 accepted, M = 2
    await time.increaseTo((await f.resolver.claim(after)).incidentTime + FILING_WINDOW);
    await expect(f.resolver.recordClaims(f.protocolId, 5))
      .to.emit(f.market, "ClaimDecided")
      .withArgs(after, f.protocolId, true, WAD / 2n);
    expect((await f.market.claim(before)).status).to.equal(2n);
  });

  it("lets only members of the current committee propose and approve, each once", async function () {
    const f = await loadFixture(committeeFixture);
    await expect(f.resolver.connect(f.outsider).proposeCommittee(f.protocolId, [f.outsider.address], 1))
      .to.be.revertedWithCustomError(f.resolver, "CommitteeNotMember")
      .withArgs(f.protocolId, 1n, f.outsider.address);
    const { proposalId } = await propose(f);
    await expect(f.resolver.connect(f.newMember).approveCommittee(proposalId))
      .to.be.revertedWithCustomError(f.resolver, "CommitteeNotMember")
      .withArgs(f.protocolId, 1n, f.newMember.address);
    await expect(f.resolver.connect(f.members[0]).approveCommittee(proposalId))
      .to.be.revertedWithCustomError(f.resolver, "CommitteeAlreadyApproved")
      .withArgs(proposalId, f.members[0].address);
    await expect(f.resolver.approveCommittee(9n)).to.be.revertedWithCustomError(f.resolver, "CommitteeUnknownProposal").withArgs(9n);
    await expect(f.resolver.connect(f.members[0]).proposeCommittee(99, [f.outsider.address], 1))
      .to.be.revertedWithCustomError(f.resolver, "CommitteeUnknownProtocol")
      .withArgs(99);
  });

  it("voids proposals made under a committee that has changed since, and proposals past their lifetime", async function () {
    const f = await loadFixture(committeeFixture);
    const first = await propose(f);
    const second = await propose(f);
    await f.resolver.connect(f.members[1]).approveCommittee(first.proposalId);
    await f.resolver.connect(f.members[2]).approveCommittee(first.proposalId);
    for (const id of [first.proposalId, second.proposalId]) {
      await expect(f.resolver.connect(f.members[3]).approveCommittee(id))
        .to.be.revertedWithCustomError(f.resolver, "CommitteeProposalStale")
        .withArgs(id, 1n, 2n);
    }

    const members = [f.members[0].address, f.outsider.address];
    const third = await f.resolver.connect(f.members[0]).proposeCommittee.staticCall(f.protocolId, members, 2);
    await f.resolver.connect(f.members[0]).proposeCommittee(f.protocolId, members, 2);
    const expiresAt = BigInt(await time.latest()) + PROPOSAL_LIFETIME;
    await time.setNextBlockTimestamp(expiresAt);
    await expect(f.resolver.connect(f.members[1]).approveCommittee(third))
      .to.be.revertedWithCustomError(f.resolver, "CommitteeProposalExpired")
      .withArgs(third, expiresAt);
  });

  it("refuses a proposed committee that is invalid or includes the denied-fee receiver", async function () {
    const f = await loadFixture(committeeFixture);
    await expect(f.resolver.connect(f.members[0]).proposeCommittee(f.protocolId, [f.members[0].address, f.receiver.address], 1))
      .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidFeeReceiver")
      .withArgs(f.receiver.address);
    await expect(f.resolver.connect(f.members[0]).proposeCommittee(f.protocolId, [f.members[0].address], 2))
      .to.be.revertedWithCustomError(f.resolver, "CommitteeInvalidSize")
      .withArgs(1, 2, 32);
  });
});
