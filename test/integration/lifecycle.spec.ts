/**
 * Integration (core only): one series from mint to redemption against the market and a test resolver that reports
 * incidents at will, no AMM, no real resolver. Beside it: claims.spec.ts (the same core, for what open claims do
 * to NOCLAIM and time), claims.lifecycle.spec.ts (the real committee and parametric resolvers), amm.lifecycle.spec.ts
 * (the same life through Uniswap pools and the router), misbehavingCollateral.spec.ts (bad tokens), and the
 * property test (solvency.property.spec.ts: random sequences of core and router actions against a model).
 */
import { expect } from "chai";
import { ethers, networkHelpers } from "../shared/connection.js";
import { marketFixture, seriesHandle, CLAIM_WINDOW, DECISION_PERIOD } from "../shared/marketFixture.js";
import { now } from "../shared/clock.js";
import { WEEK } from "../../scripts/lib/market/calendar.js";
import { redemptionValue, toWad, WAD } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;

/**
 * In each series of the fixture: alice underwrites (keeps NOCLAIM, sends CLAIM to bob), carol mints both
 * sides and sells part of her CLAIM to bob. Amounts are odd on purpose, so rounding shows.
 */
async function positionsTaken() {
  const f = await marketFixture();
  const [alice, bob, carol] = f.users;
  const series = [
    { ...f.usdcSeries, collateralToken: f.usdc, unit: 10n ** 6n },
    { ...f.daiSeries, collateralToken: f.dai, unit: 10n ** 18n },
  ];
  for (const s of series) {
    await f.market.connect(alice).mint(s.id, 1_234n * s.unit + 567n, bob.address, alice.address);
    await f.market.connect(carol).mint(s.id, 89n * s.unit + 3n, carol.address, carol.address);
    await s.claim.connect(carol).transfer(bob.address, 40n * s.unit + 1n);
  }
  return { ...f, series, holders: [alice, bob, carol] };
}

/** Every holder redeems everything; checks each payment against the shared maths; returns what the market keeps. */
async function redeemEverything(f: Awaited<ReturnType<typeof positionsTaken>>, s: (typeof f.series)[number], payout: bigint) {
  const lockedBefore = await s.collateralToken.balanceOf(await f.market.getAddress());
  let paid = 0n;
  for (const holder of f.holders) {
    const claimAmount = await s.claim.balanceOf(holder.address);
    const noclaimAmount = await s.noclaim.balanceOf(holder.address);
    if (claimAmount === 0n && noclaimAmount === 0n) continue;
    const expected = redemptionValue(claimAmount, noclaimAmount, payout);
    await expect(f.market.connect(holder).redeem(s.id, claimAmount, noclaimAmount, holder.address)).to.changeTokenBalances(
      ethers,
      s.collateralToken,
      [holder, f.market],
      [expected, -expected],
    );
    paid += expected;
  }
  expect(await s.claim.totalSupply()).to.equal(0n);
  expect(await s.noclaim.totalSupply()).to.equal(0n);
  return lockedBefore - paid;
}

describe("integration: a series from mint to redemption", function () {
  it("mint, incident, redeem: CLAIM takes everything at a full payout, NOCLAIM nothing", async function () {
    const f = await loadFixture(positionsTaken);
    await f.resolver.connect(f.resolverController).reportIncident(await now(), WAD);
    for (const s of f.series) {
      const [alice, bob] = f.holders;
      const bobClaim = await s.claim.balanceOf(bob.address);
      await expect(f.market.connect(bob).redeem(s.id, bobClaim, 0n, bob.address)).to.changeTokenBalance(
        ethers,
        s.collateralToken,
        bob,
        bobClaim,
      );
      const aliceNoclaim = await s.noclaim.balanceOf(alice.address);
      await expect(f.market.connect(alice).redeem(s.id, 0n, aliceNoclaim, alice.address)).to.changeTokenBalance(
        ethers,
        s.collateralToken,
        alice,
        0n,
      );
      expect(await redeemEverything(f, s, WAD)).to.equal(0n);
    }
  });

  it("mint, expiry, claim window, redeem: NOCLAIM takes everything back, CLAIM nothing", async function () {
    const f = await loadFixture(positionsTaken);
    const [alice] = f.holders;
    await time.increaseTo(f.expiry + CLAIM_WINDOW - 2n);
    for (const s of f.series) {
      await expect(f.market.connect(alice).redeem(s.id, 0n, 1n, alice.address))
        .to.be.revertedWithCustomError(f.market, "CoverNotSettled")
        .withArgs(s.id, f.expiry + CLAIM_WINDOW);
    }
    await time.increaseTo(f.expiry + CLAIM_WINDOW);
    for (const s of f.series) {
      const status = await f.market.seriesStatus(s.id);
      expect([status.state, status.payout]).to.deep.equal([2n, 0n]);
      expect(await redeemEverything(f, s, 0n)).to.equal(0n);
    }
  });

  it("a partial payout of 0.3 splits each unit 0.3 / 0.7, and the market keeps only rounding dust", async function () {
    const f = await loadFixture(positionsTaken);
    await time.increaseTo(f.expiry - 3n * 24n * 3600n);
    await f.resolver.connect(f.resolverController).reportIncident(f.expiry - 4n * 24n * 3600n, toWad("0.3"));
    await time.increaseTo(f.expiry + CLAIM_WINDOW + DECISION_PERIOD + WEEK); // settlement does not move with time
    for (const s of f.series) {
      const [alice, bob] = f.holders;
      // bob's CLAIM alone, in round units: exactly 0.3 each.
      await expect(f.market.connect(bob).redeem(s.id, 10n * s.unit, 0n, bob.address)).to.changeTokenBalance(
        ethers,
        s.collateralToken,
        bob,
        3n * s.unit,
      );
      // alice's NOCLAIM, in round units: exactly 0.7 each.
      await expect(f.market.connect(alice).redeem(s.id, 0n, 10n * s.unit, alice.address)).to.changeTokenBalance(
        ethers,
        s.collateralToken,
        alice,
        7n * s.unit,
      );
      const dust = await redeemEverything(f, s, toWad("0.3"));
      // Each of the three final redemptions loses less than one unit per side.
      expect(dust).to.be.lessThan(6n);
      expect(await s.collateralToken.balanceOf(await f.market.getAddress())).to.equal(dust);
    }
  });

  it("an incident outside the coverage window leaves the series alone", async function () {
    const f = await loadFixture(positionsTaken);
    const beforeCreation = (await f.market.protocol(f.protocolId)).registeredAt; // registered before the series
    await f.resolver.connect(f.resolverController).reportIncident(beforeCreation, WAD);
    await time.increaseTo(f.expiry + 3600n);
    await f.resolver.connect(f.resolverController).reportIncident(f.expiry, WAD); // at expiry: outside [createdAt, expiry)
    expect((await f.market.seriesStatus(f.usdcSeries.id)).state).to.equal(0n);
    await time.increaseTo(f.expiry + CLAIM_WINDOW);
    for (const s of f.series) {
      const status = await f.market.seriesStatus(s.id);
      expect([status.state, status.payout]).to.deep.equal([2n, 0n]);
      expect(await redeemEverything(f, s, 0n)).to.equal(0n);
    }
  });

  it("of two applying incidents the first reported fixes the payout, even if the second happened earlier", async function () {
    const f = await loadFixture(positionsTaken);
    const early = (await now()) + 10n;
    await time.increaseTo(early + 24n * 3600n);
    const late = await now();
    await f.resolver.connect(f.resolverController).reportIncident(late, toWad("0.25"));
    await f.resolver.connect(f.resolverController).reportIncident(early, toWad("0.75"));
    // A series created after both reports has neither incident time in its window.
    await f.market.createSeries(f.protocolId, await f.usdc.getAddress(), f.expiry + WEEK);
    const later = await seriesHandle(f.market, f.protocolId, await f.usdc.getAddress(), f.expiry + WEEK);
    expect((await f.market.seriesStatus(later.id)).state).to.equal(0n);
    for (const s of f.series) {
      const status = await f.market.seriesStatus(s.id);
      expect([status.state, status.payout]).to.deep.equal([1n, toWad("0.25")]);
      await f.market.settle(s.id);
      expect((await f.market.series(s.id)).incidentsChecked).to.equal(0n);
      const dust = await redeemEverything(f, s, toWad("0.25"));
      expect(dust).to.be.lessThan(6n);
    }
  });
});
