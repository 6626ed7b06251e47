/**
 * The committee resolver against those who would steer a settlement by the order of their transactions
 * (DESIGN section 2, "Order never matters"): each test tries one way and shows it failing.
 */
import { expect } from "chai";
import { ethers, networkHelpers } from "../shared/connection.js";
import { BASE_FEE, committeeFixture, FILING_WINDOW, type CommitteeFixture } from "../shared/committeeFixture.js";
import { fileClaim } from "../shared/fileClaim.js";
import { toWad } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;
const HOUR = 3600n;
const ACCEPTED = 2n;
const CAP_REACHED = 6n;
const MAX_INCIDENTS = 32;

/** Every member votes on `claimId`: accepting at each payout given (a fraction as text), denying where null. */
async function voteAll(f: CommitteeFixture, claimId: bigint, votes: (string | null)[], order = votes.map((_, i) => i)) {
  for (const i of order) {
    const v = votes[i];
    await f.resolver.connect(f.members[i]).voteClaim(claimId, v !== null, v === null ? 0n : toWad(v));
  }
}

describe("CommitteeResolver: order never matters", function () {
  it("a claim on a later incident voted through first does not settle a series before an earlier incident's claim", async function () {
    const f = await loadFixture(committeeFixture);
    const t0 = BigInt(await time.latest());
    const early = t0 - 50n * 60n;
    const late = t0 - 20n * 60n;
    // The later incident's claim is filed and voted through first (a voter waiting for it to pass before
    // voting on the earlier claim), at a higher payout.
    const { claimId: lateClaim } = await fileClaim(f.resolver, f.claimant, f.protocolId, late, toWad("0.8"));
    await voteAll(f, lateClaim, ["0.8", "0.8", "0.8", "0.8", "0.8"]);
    const { claimId: earlyClaim } = await fileClaim(f.resolver, f.otherClaimant, f.protocolId, early, toWad("0.1"));
    expect(await f.resolver.claimQueue(f.protocolId)).to.deep.equal([earlyClaim, lateClaim]);
    // Past the later claim's t + F, while the earlier one still votes, nothing is recorded: it waits its turn.
    await time.increaseTo(late + FILING_WINDOW);
    await f.resolver.connect(f.outsider).recordClaims(f.protocolId, 10);
    expect((await f.market.protocol(f.protocolId)).incidentCount).to.equal(0n);
    await voteAll(f, earlyClaim, ["0.1", "0.1", "0.1", null, null]);
    // The earlier incident reaches the market first and fixes the series' payout; the later one follows.
    expect((await f.market.incident(f.protocolId, 0)).claimId).to.equal(earlyClaim);
    expect((await f.market.incident(f.protocolId, 1)).claimId).to.equal(lateClaim);
    await f.market.settle(f.series.id);
    expect((await f.market.seriesStatus(f.series.id)).payout).to.equal(toWad("0.1"));
  });

  it("a voting order cannot move the payout: every accepting vote counts, whoever votes first", async function () {
    const payouts: bigint[] = [];
    const votes = ["0.1", "0.9", "0.5", "0.3", "0.7"];
    for (const order of [[0, 1, 2, 3, 4], [1, 4, 2, 0, 3], [4, 3, 2, 1, 0], [2, 0, 4, 1, 3]]) {
      const f = await loadFixture(committeeFixture);
      const { claimId } = await fileClaim(f.resolver, f.claimant, f.protocolId, BigInt(await time.latest()) - 60n);
      await voteAll(f, claimId, votes, order);
      payouts.push((await f.resolver.claim(claimId)).payout);
    }
    // The first M = 3 accepting votes differ between orders (their lower median would be 0.5, 0.7, 0.5, 0.1);
    // the lower median of all five is 0.5 in every order.
    expect(payouts).to.deep.equal(Array(4).fill(toWad("0.5")));
  });

  it("claims landing first cannot take the last incident slot from an earlier incident", async function () {
    const f = await loadFixture(committeeFixture);
    // Fill all but one of the protocol's incident slots with accepted claims, each recorded in turn.
    for (let i = 0; i < MAX_INCIDENTS - 1; i++) {
      const { claimId } = await fileClaim(f.resolver, f.claimant, f.protocolId, BigInt(await time.latest()) - 60n);
      await voteAll(f, claimId, ["0.5", "0.5", "0.5", null, null]);
      await time.increase(FILING_WINDOW);
      await f.resolver.recordClaims(f.protocolId, 10);
    }
    expect((await f.market.protocol(f.protocolId)).incidentCount).to.equal(BigInt(MAX_INCIDENTS - 1));
    const t0 = BigInt(await time.latest());
    // A claim on a later incident is filed and voted through first; the earlier incident's claim comes after.
    const { claimId: lateClaim, fee: lateFee } = await fileClaim(f.resolver, f.claimant, f.protocolId, t0 - 60n, toWad("0.9"));
    await voteAll(f, lateClaim, ["0.9", "0.9", "0.9", "0.9", "0.9"]);
    const { claimId: earlyClaim } = await fileClaim(f.resolver, f.otherClaimant, f.protocolId, t0 - HOUR, toWad("0.2"));
    await voteAll(f, earlyClaim, ["0.2", "0.2", "0.2", "0.2", "0.2"]);
    await time.increaseTo(t0 - 60n + FILING_WINDOW);
    const tx = f.resolver.connect(f.outsider).recordClaims(f.protocolId, 10);
    // The earliest incident takes the last slot; the later claim passed but finds the cap full: no incident,
    // and its fee is refunded (it was not denied).
    await expect(tx).to.emit(f.resolver, "ClaimResolved").withArgs(earlyClaim, f.protocolId, ACCEPTED, toWad("0.2"), f.otherClaimant.address, anyFee(f));
    await expect(tx).to.emit(f.resolver, "ClaimResolved").withArgs(lateClaim, f.protocolId, CAP_REACHED, 0n, f.claimant.address, lateFee);
    await expect(tx).to.changeTokenBalance(ethers, f.feeToken, f.claimant, lateFee);
    expect((await f.market.incident(f.protocolId, MAX_INCIDENTS - 1)).claimId).to.equal(earlyClaim);
    expect((await f.resolver.claim(lateClaim)).status).to.equal(CAP_REACHED);
    expect((await f.market.claim(lateClaim)).status).to.equal(3n); // denied in the market: no incident
  });

  it("a filer who approved generously pays no more than the fee they named, whatever lands first", async function () {
    const f = await loadFixture(committeeFixture);
    const quoted = await f.resolver.claimFee(f.protocolId);
    await fileClaim(f.resolver, f.otherClaimant, f.protocolId, BigInt(await time.latest()) - 60n); // lands first
    await expect(f.resolver.connect(f.claimant).fileClaim(f.protocolId, BigInt(await time.latest()) - 60n, "ipfs://e", toWad("0.5"), quoted))
      .to.be.revertedWithCustomError(f.resolver, "CommitteeFeeAboveMax")
      .withArgs(2n * BASE_FEE, quoted);
  });
});

/** Any fee value (the earlier claim's fee depends on the escalation window). */
function anyFee(_f: CommitteeFixture) {
  return (value: bigint) => value > 0n;
}
