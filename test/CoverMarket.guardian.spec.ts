import { expect } from "chai";
import { ethers, networkHelpers } from "./shared/connection.js";
import { marketFixture } from "./shared/marketFixture.js";
import { now } from "./shared/clock.js";
import { WEEK } from "../scripts/lib/market/calendar.js";
import { toWad } from "../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;

const MAX_PAUSE = 14n * 24n * 3600n;
const USDC = 10n ** 6n;

/** The fixture with alice holding both sides of the usdc series, an incident of 0.5 reported, then a full pause. */
async function pausedAfterIncident() {
  const f = await marketFixture();
  const [alice] = f.users;
  await f.market.connect(alice).mint(f.usdcSeries.id, 100n * USDC, alice.address, alice.address);
  await f.resolver.connect(f.resolverController).reportIncident(await now(), toWad("0.5"));
  await f.market.connect(f.guardian).pause(MAX_PAUSE);
  return { ...f, until: await f.market.pausedUntil() };
}

describe("CoverMarket: guardian", function () {
  it("is the market's owner, and alone may pause and unpause", async function () {
    const { market, guardian, users } = await loadFixture(marketFixture);
    expect(await market.owner()).to.equal(guardian.address);
    expect(await market.pausedUntil()).to.equal(0n);
    for (const call of [() => market.connect(users[0]).pause(3600n), () => market.connect(users[0]).unpause()]) {
      await expect(call()).to.be.revertedWithCustomError(market, "OwnableUnauthorizedAccount").withArgs(users[0].address);
    }
  });

  it("pauses for at most 14 days from now, and announces until when", async function () {
    const { market, guardian } = await loadFixture(marketFixture);
    const at = (await now()) + 10n;
    await time.setNextBlockTimestamp(at);
    await expect(market.connect(guardian).pause(MAX_PAUSE)).to.emit(market, "PauseSet").withArgs(guardian.address, at + MAX_PAUSE);
    expect(await market.pausedUntil()).to.equal(at + MAX_PAUSE);
    await expect(market.connect(guardian).pause(MAX_PAUSE + 1n))
      .to.be.revertedWithCustomError(market, "CoverPauseTooLong")
      .withArgs(MAX_PAUSE + 1n, MAX_PAUSE);
  });

  it("stops new mints and new series, naming until when", async function () {
    const { market, protocolId, usdc, usdcSeries, expiry, users, until } = await loadFixture(pausedAfterIncident);
    const [alice] = users;
    await expect(market.connect(alice).mint(usdcSeries.id, USDC, alice.address, alice.address))
      .to.be.revertedWithCustomError(market, "CoverPaused")
      .withArgs(until);
    await expect(market.createSeries(protocolId, await usdc.getAddress(), expiry + WEEK))
      .to.be.revertedWithCustomError(market, "CoverPaused")
      .withArgs(until);
  });

  it("never stops merge, redeem, settle or what resolvers report", async function () {
    const { market, resolver, resolverController, usdc, usdcSeries, users } = await loadFixture(pausedAfterIncident);
    const [alice] = users;
    await expect(market.connect(alice).merge(usdcSeries.id, 10n * USDC, alice.address)).to.changeTokenBalance(
      ethers,
      usdc,
      alice,
      10n * USDC,
    );
    await expect(market.connect(alice).redeem(usdcSeries.id, 10n * USDC, 10n * USDC, alice.address)).to.changeTokenBalance(
      ethers,
      usdc,
      alice,
      10n * USDC,
    );
    await expect(market.settle(usdcSeries.id)).to.not.be.revert(ethers);
    await expect(resolver.connect(resolverController).fileClaim(await now())).to.emit(market, "ClaimFiled");
    await expect(resolver.connect(resolverController).reportIncident(await now(), 0n)).to.emit(market, "IncidentReported");
  });

  it("lapses on its own at the time it names", async function () {
    const { market, usdcSeries, users, until } = await loadFixture(pausedAfterIncident);
    const [alice] = users;
    await time.setNextBlockTimestamp(until - 1n);
    await expect(market.connect(alice).mint(usdcSeries.id, USDC, alice.address, alice.address))
      .to.be.revertedWithCustomError(market, "CoverPaused")
      .withArgs(until);
    await time.setNextBlockTimestamp(until);
    await expect(market.connect(alice).mint(usdcSeries.id, USDC, alice.address, alice.address)).to.emit(market, "Minted");
  });

  it("may be renewed or shortened by pausing again, and ended by unpause", async function () {
    const { market, guardian, usdcSeries, users } = await loadFixture(pausedAfterIncident);
    const [alice] = users;
    await time.increase(MAX_PAUSE - 3600n);
    await market.connect(guardian).pause(MAX_PAUSE); // renewed: a fresh 14 days from now
    const renewed = await market.pausedUntil();
    expect(renewed).to.equal((await now()) + MAX_PAUSE);
    await market.connect(guardian).pause(60n); // shortened
    expect(await market.pausedUntil()).to.equal((await now()) + 60n);
    await expect(market.connect(guardian).unpause()).to.emit(market, "PauseSet").withArgs(guardian.address, 0n);
    expect(await market.pausedUntil()).to.equal(0n);
    await expect(market.connect(alice).mint(usdcSeries.id, USDC, alice.address, alice.address)).to.emit(market, "Minted");
  });

  it("hands over in two steps: the new guardian must accept before it can pause", async function () {
    const { market, guardian, users } = await loadFixture(marketFixture);
    const [, , , , successor] = users;
    await market.connect(guardian).transferOwnership(successor.address);
    expect(await market.pendingOwner()).to.equal(successor.address);
    await expect(market.connect(successor).pause(60n))
      .to.be.revertedWithCustomError(market, "OwnableUnauthorizedAccount")
      .withArgs(successor.address);
    await market.connect(successor).acceptOwnership();
    await expect(market.connect(successor).pause(60n)).to.emit(market, "PauseSet");
    await expect(market.connect(guardian).pause(60n))
      .to.be.revertedWithCustomError(market, "OwnableUnauthorizedAccount")
      .withArgs(guardian.address);
  });
});
