import { expect } from "chai";
import { ethers, networkHelpers } from "./shared/connection.js";
import { marketFixture, CLAIM_WINDOW, DECISION_PERIOD } from "./shared/marketFixture.js";
import { deployResolver } from "./shared/deployResolver.js";
import { now } from "./shared/clock.js";
import { WEEK } from "../scripts/lib/market/calendar.js";
import { toWad, WAD } from "../scripts/lib/market/payout.js";
import { gasOf } from "../scripts/bench/gasReport.js";

const { loadFixture, time } = networkHelpers;

const OPEN = 0n;
const BY_INCIDENT = 1n;
const BY_TIME = 2n;

/** seriesStatus as a plain tuple: [state, payout, finalAt, recorded]. */
async function statusOf(market: any, id: string) {
  const s = await market.seriesStatus(id);
  return [s.state, s.payout, s.finalAt, s.recorded];
}

describe("CoverMarket: settlement", function () {
  it("is open until expiry + W, and settle() says when it can settle by time", async function () {
    const { market, usdcSeries, expiry } = await loadFixture(marketFixture);
    const filingEnd = expiry + CLAIM_WINDOW;
    expect(await statusOf(market, usdcSeries.id)).to.deep.equal([OPEN, 0n, filingEnd, false]);
    await time.increaseTo(filingEnd - 2n);
    expect(await statusOf(market, usdcSeries.id)).to.deep.equal([OPEN, 0n, filingEnd, false]);
    await time.setNextBlockTimestamp(filingEnd - 1n);
    await expect(market.settle(usdcSeries.id))
      .to.be.revertedWithCustomError(market, "CoverNotSettled")
      .withArgs(usdcSeries.id, filingEnd);
  });

  it("settles by time at expiry + W with no claim, records it once, and announces it once", async function () {
    const { market, usdcSeries, expiry } = await loadFixture(marketFixture);
    const filingEnd = expiry + CLAIM_WINDOW;
    await time.increaseTo(filingEnd);
    expect(await statusOf(market, usdcSeries.id)).to.deep.equal([BY_TIME, 0n, filingEnd, false]);
    expect(await market.settle.staticCall(usdcSeries.id)).to.deep.equal([BY_TIME, 0n]);
    await expect(market.settle(usdcSeries.id)).to.emit(market, "SeriesSettled").withArgs(usdcSeries.id, BY_TIME, 0n, 0n);
    const series = await market.series(usdcSeries.id);
    expect([series.state, series.payout]).to.deep.equal([BY_TIME, 0n]);
    expect((await statusOf(market, usdcSeries.id)).slice(0, 2)).to.deep.equal([BY_TIME, 0n]);
    expect((await market.seriesStatus(usdcSeries.id)).recorded).to.equal(true);
    await expect(market.settle(usdcSeries.id)).to.not.emit(market, "SeriesSettled");
  });

  it("keeps finalAt of a settlement by time at expiry + W, before and after expiry + W + D, recorded or not", async function () {
    const { market, usdcSeries, daiSeries, expiry } = await loadFixture(marketFixture);
    const filingEnd = expiry + CLAIM_WINDOW;
    await time.increaseTo(filingEnd);
    await market.settle(usdcSeries.id);
    await time.increaseTo(filingEnd + DECISION_PERIOD + 1n);
    expect(await statusOf(market, usdcSeries.id)).to.deep.equal([BY_TIME, 0n, filingEnd, true]);
    expect(await statusOf(market, daiSeries.id)).to.deep.equal([BY_TIME, 0n, filingEnd, false]);
  });

  it("settles by incident as soon as one applies, even before expiry, naming the incident", async function () {
    const { market, resolver, resolverController, protocolId, usdcSeries, daiSeries, users } = await loadFixture(marketFixture);
    const t = await now();
    // An incident of another protocol is no concern of this one's series.
    const other = await deployResolver(market, users[0]);
    await other.resolver.reportIncident(await now(), WAD);
    await resolver.connect(resolverController).reportIncident(t, toWad("0.6"));
    const reportedAt = await now();
    expect(await statusOf(market, usdcSeries.id)).to.deep.equal([BY_INCIDENT, toWad("0.6"), reportedAt, false]);
    await expect(market.settle(usdcSeries.id))
      .to.emit(market, "SeriesSettled")
      .withArgs(usdcSeries.id, BY_INCIDENT, toWad("0.6"), 0n);
    expect(await statusOf(market, usdcSeries.id)).to.deep.equal([BY_INCIDENT, toWad("0.6"), reportedAt, true]);
    expect((await market.series(daiSeries.id)).state).to.equal(OPEN); // recorded lazily, one series at a time
    expect((await market.protocol(protocolId)).incidentCount).to.equal(1n);
  });

  describe("when an incident applies: incidentTime in [createdAt, expiry) and filedAt < expiry + W", function () {
    // [label, incident time, report time (filedAt), applies?], relative to the fixture's usdc series.
    type Case = [string, (c: bigint, e: bigint) => bigint, (c: bigint, e: bigint) => bigint, boolean];
    const cases: Case[] = [
      // Reported an hour after createdAt: later than any block of the fixture, however slowly it ran.
      ["incident at createdAt", (c) => c, (c) => c + 3600n, true],
      ["incident a second before createdAt", (c) => c - 1n, (c) => c + 3600n, false],
      ["incident a second before expiry, reported later", (_, e) => e - 1n, (_, e) => e + WEEK, true],
      ["incident at expiry", (_, e) => e, (_, e) => e + 10n, false],
      ["filed a second before expiry + W", (c) => c, (_, e) => e + CLAIM_WINDOW - 1n, true],
      ["filed at expiry + W", (c) => c, (_, e) => e + CLAIM_WINDOW, false],
    ];
    for (const [label, incidentAt, reportAt, applies] of cases) {
      it(`${label}: ${applies ? "applies" : "does not apply"}`, async function () {
        const { market, resolver, resolverController, usdcSeries, expiry } = await loadFixture(marketFixture);
        const createdAt = (await market.series(usdcSeries.id)).createdAt;
        await time.setNextBlockTimestamp(reportAt(createdAt, expiry));
        await resolver.connect(resolverController).reportIncident(incidentAt(createdAt, expiry), toWad("0.5"));
        const status = await market.seriesStatus(usdcSeries.id);
        if (applies) {
          expect([status.state, status.payout]).to.deep.equal([BY_INCIDENT, toWad("0.5")]);
        } else {
          expect(status.state).to.not.equal(BY_INCIDENT);
          await time.increaseTo(expiry + CLAIM_WINDOW + DECISION_PERIOD);
          expect(await market.settle.staticCall(usdcSeries.id)).to.deep.equal([BY_TIME, 0n]);
        }
      });
    }
  });

  it("does not depend on who settles first: the first applying incident fixes every series", async function () {
    const { market, resolver, resolverController, usdcSeries, daiSeries, expiry } = await loadFixture(marketFixture);
    const t = await now();
    await resolver.connect(resolverController).reportIncident(t, toWad("0.4"));
    await market.settle(usdcSeries.id); // settled between the two reports
    await resolver.connect(resolverController).reportIncident(t, toWad("0.9"));
    await time.increaseTo(expiry + CLAIM_WINDOW + DECISION_PERIOD + WEEK);
    await market.settle(daiSeries.id); // settled long after both
    for (const id of [usdcSeries.id, daiSeries.id]) {
      const series = await market.series(id);
      expect([series.state, series.payout, series.incidentsChecked]).to.deep.equal([BY_INCIDENT, toWad("0.4"), 0n]);
    }
  });

  it("costs a resolver the same to report whatever the number of series of its protocol", async function () {
    const { market, users, usdc, dai, expiry } = await loadFixture(marketFixture);
    const lonely = await deployResolver(market, users[0], { name: "One", ticker: "ONE" });
    const busy = await deployResolver(market, users[1], { name: "Many", ticker: "MANY" });
    await market.createSeries(lonely.protocolId, await usdc.getAddress(), expiry);
    for (let k = 0n; k < 6n; k++) {
      await market.createSeries(busy.protocolId, await usdc.getAddress(), expiry + k * WEEK);
      await market.createSeries(busy.protocolId, await dai.getAddress(), expiry + k * WEEK);
    }
    const t = await now();
    const gasLonely = await gasOf(lonely.resolver.reportIncident(t, toWad("0.5")));
    const gasBusy = await gasOf(busy.resolver.reportIncident(t, toWad("0.5")));
    expect(gasBusy).to.equal(gasLonely);
  });

  it("redeems within a small gas budget even when all 32 incidents must be scanned", async function () {
    const { market, resolver, resolverController, usdcSeries, expiry, users } = await loadFixture(marketFixture);
    const [alice] = users;
    await market.connect(alice).mint(usdcSeries.id, 10n ** 6n, alice.address, alice.address);
    // 32 incidents, all reported after expiry + W: none applies, and each is scanned.
    await time.increaseTo(expiry + CLAIM_WINDOW);
    for (let i = 0; i < 32; i++) await resolver.connect(resolverController).reportIncident(expiry - 1n, WAD);
    await time.increaseTo(expiry + CLAIM_WINDOW + DECISION_PERIOD);
    const gas = await gasOf(market.connect(alice).redeem(usdcSeries.id, 0n, 10n ** 6n, alice.address));
    expect((await market.series(usdcSeries.id)).incidentsChecked).to.equal(32n);
    // About 145,000 here: the cap keeps the worst case a small fraction of any block.
    expect(gas).to.be.lessThan(250_000);
  });
});
