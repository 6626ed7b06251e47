/**
 * Integration (core only): what filed claims do to NOCLAIM over time, with a test resolver that files and decides
 * claims at will: they hold NOCLAIM past expiry + W while open, never past expiry + W + D, and apply only inside
 * their window. Unlike claims.lifecycle.spec.ts, no real resolver (no committee, no fees, no feeds); unlike
 * lifecycle.spec.ts, the subject is the claim's deadline and filing window, not the payout arithmetic.
 */
import { expect } from "chai";
import { ethers, networkHelpers } from "../shared/connection.js";
import { marketFixture, seriesHandle, CLAIM_WINDOW, DECISION_PERIOD } from "../shared/marketFixture.js";
import { now } from "../shared/clock.js";
import { deployResolver } from "../shared/deployResolver.js";
import { WEEK } from "../../scripts/lib/market/calendar.js";
import { toWad, WAD } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;

const USDC = 10n ** 6n;
const DAY = 24n * 3600n;
const OPEN = 0n;
const BY_INCIDENT = 1n;
const BY_TIME = 2n;

/** The fixture with alice holding 100 of each side of the usdc series. */
async function underwritten() {
  const f = await marketFixture();
  const [alice] = f.users;
  await f.market.connect(alice).mint(f.usdcSeries.id, 100n * USDC, alice.address, alice.address);
  const createdAt = (await f.market.series(f.usdcSeries.id)).createdAt;
  return { ...f, alice, createdAt, filingEnd: f.expiry + CLAIM_WINDOW };
}

type Underwritten = Awaited<ReturnType<typeof underwritten>>;

/** Files a claim at `filedAt` for an incident at `incidentTime`; returns its id. */
async function fileAt(f: Underwritten, filedAt: bigint, incidentTime: bigint): Promise<bigint> {
  await time.setNextBlockTimestamp(filedAt);
  const tx = await f.resolver.connect(f.resolverController).fileClaim(incidentTime);
  const receipt = await tx.wait();
  const event = f.market.interface.parseLog(receipt!.logs[0])!;
  return event.args.claimId;
}

/** Expects alice's NOCLAIM redemption at `at` to be held until `until`. */
async function expectHeld(f: Underwritten, at: bigint, until: bigint) {
  await time.setNextBlockTimestamp(at);
  await expect(f.market.connect(f.alice).redeem(f.usdcSeries.id, 0n, USDC, f.alice.address))
    .to.be.revertedWithCustomError(f.market, "CoverNotSettled")
    .withArgs(f.usdcSeries.id, until);
}

/** Expects alice's NOCLAIM to redeem at `at` for `perUnit` (a WAD fraction) of each unit. */
async function expectNoclaimPays(f: Underwritten, at: bigint, perUnit: bigint) {
  await time.setNextBlockTimestamp(at);
  await expect(f.market.connect(f.alice).redeem(f.usdcSeries.id, 0n, USDC, f.alice.address)).to.changeTokenBalance(
    ethers,
    f.usdc,
    f.alice,
    (USDC * perUnit) / WAD,
  );
}

describe("integration: claims hold NOCLAIM, but never for long", function () {
  it("an open claim holds NOCLAIM past expiry + W until it is denied", async function () {
    const f = await loadFixture(underwritten);
    const filedAt = f.filingEnd - DAY;
    const claimId = await fileAt(f, filedAt, f.expiry - DAY);
    await expectHeld(f, f.filingEnd, filedAt + DECISION_PERIOD);
    await networkHelpers.mine(); // the refused redemption was only estimated: mine a block at expiry + W
    expect(await now()).to.equal(f.filingEnd);
    const status = await f.market.seriesStatus(f.usdcSeries.id);
    expect([status.state, status.finalAt]).to.deep.equal([OPEN, filedAt + DECISION_PERIOD]);
    await f.resolver.connect(f.resolverController).decideClaim(claimId, false, 0n);
    await expectNoclaimPays(f, (await now()) + 1n, WAD);
    expect((await f.market.series(f.usdcSeries.id)).state).to.equal(BY_TIME);
  });

  it("an open claim that is accepted fixes the payout, even when decided after expiry + W", async function () {
    const f = await loadFixture(underwritten);
    const filedAt = f.filingEnd - 1n;
    const claimId = await fileAt(f, filedAt, f.expiry - 1n);
    await expectHeld(f, f.filingEnd + DAY, filedAt + DECISION_PERIOD);
    await time.setNextBlockTimestamp(filedAt + DECISION_PERIOD - 1n);
    await f.resolver.connect(f.resolverController).decideClaim(claimId, true, toWad("0.8"));
    await expectNoclaimPays(f, filedAt + DECISION_PERIOD, toWad("0.2"));
    expect((await f.market.series(f.usdcSeries.id)).state).to.equal(BY_INCIDENT);
  });

  it("a claim past its deadline counts as denied: NOCLAIM pays in full and acceptance comes too late", async function () {
    const f = await loadFixture(underwritten);
    const filedAt = f.filingEnd - 2n * DAY;
    const claimId = await fileAt(f, filedAt, f.expiry - DAY);
    const deadline = filedAt + DECISION_PERIOD;
    await expectHeld(f, deadline - 1n, deadline);
    await expectNoclaimPays(f, deadline, WAD);
    await expect(f.resolver.connect(f.resolverController).decideClaim(claimId, true, WAD))
      .to.be.revertedWithCustomError(f.market, "CoverClaimDeadlinePassed")
      .withArgs(claimId, deadline);
    expect((await f.market.claim(claimId)).status).to.equal(1n); // still open in name, and holding nothing
  });

  it("a claim filed at expiry + W or later neither holds nor applies to the series", async function () {
    const f = await loadFixture(underwritten);
    const claimId = await fileAt(f, f.filingEnd, f.expiry - DAY);
    await time.setNextBlockTimestamp(f.filingEnd + 1n);
    await f.resolver.connect(f.resolverController).decideClaim(claimId, true, WAD);
    const status = await f.market.seriesStatus(f.usdcSeries.id);
    expect([status.state, status.payout]).to.deep.equal([BY_TIME, 0n]);
    await expectNoclaimPays(f, f.filingEnd + 2n, WAD);
  });

  it("the same accepted late claim still applies to a later series whose window holds the incident", async function () {
    const f = await loadFixture(underwritten);
    const later = f.expiry + WEEK;
    await f.market.createSeries(f.protocolId, await f.usdc.getAddress(), later);
    const laterSeries = await seriesHandle(f.market, f.protocolId, await f.usdc.getAddress(), later);
    const claimId = await fileAt(f, f.filingEnd, f.expiry - DAY);
    await f.resolver.connect(f.resolverController).decideClaim(claimId, true, WAD);
    expect((await f.market.seriesStatus(laterSeries.id)).state).to.equal(BY_INCIDENT);
    expect((await f.market.seriesStatus(f.usdcSeries.id)).state).to.equal(BY_TIME);
  });

  it("a resolver that never decides cannot hold NOCLAIM past expiry + W + D", async function () {
    const f = await loadFixture(underwritten);
    // The latest filing that can hold the series: a second before expiry + W.
    await fileAt(f, f.filingEnd - 1n, f.expiry - 1n);
    const latest = f.filingEnd + DECISION_PERIOD;
    await expectHeld(f, latest - 2n, latest - 1n);
    await expectNoclaimPays(f, latest - 1n, WAD);
    const status = await f.market.seriesStatus(f.usdcSeries.id);
    expect(status.finalAt).to.be.at.most(latest);
  });

  it("many open claims (spam) hold the series no longer than W + D after expiry, and no other protocol's", async function () {
    const f = await loadFixture(underwritten);
    const other = await deployResolver(f.market, f.users[4]);
    await f.market.createSeries(other.protocolId, await f.usdc.getAddress(), f.expiry);
    const otherSeries = await seriesHandle(f.market, other.protocolId, await f.usdc.getAddress(), f.expiry);
    await f.market.connect(f.alice).mint(otherSeries.id, 10n * USDC, f.alice.address, f.alice.address);
    // A claim every 12 hours from the series' creation to the end of its claim window, none ever decided.
    let count = 0;
    for (let filedAt = f.createdAt + 60n; filedAt < f.filingEnd - 1n; filedAt += 12n * 3600n, count++) {
      await fileAt(f, filedAt, f.createdAt);
      expect((await f.market.seriesStatus(f.usdcSeries.id)).finalAt).to.be.at.most(f.filingEnd + DECISION_PERIOD);
    }
    await fileAt(f, f.filingEnd - 1n, f.createdAt);
    expect(count).to.be.greaterThan(50);
    const lastDeadline = f.filingEnd - 1n + DECISION_PERIOD;
    await expectHeld(f, f.filingEnd, lastDeadline);
    // The other protocol's series of the same expiry and W settles on time, spam or not.
    await time.setNextBlockTimestamp(f.filingEnd);
    await expect(f.market.connect(f.alice).redeem(otherSeries.id, 0n, 10n * USDC, f.alice.address)).to.changeTokenBalance(
      ethers,
      f.usdc,
      f.alice,
      10n * USDC,
    );
    await expectHeld(f, lastDeadline - 1n, lastDeadline);
    await expectNoclaimPays(f, lastDeadline, WAD);
  });
});
