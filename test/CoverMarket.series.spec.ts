import { expect } from "chai";
import { AbiCoder, concat, getCreate2Address, keccak256, solidityPacked, toBeHex } from "ethers";
import { ethers, networkHelpers } from "./shared/connection.js";
import { marketFixture, seriesHandle } from "./shared/marketFixture.js";
import { now } from "./shared/clock.js";
import { firstExpiryAfter, isoDate, nthExpiryAfter, DAY, WEEK, MAX_EXPIRY_AHEAD } from "../scripts/lib/market/calendar.js";
import { toWad } from "../scripts/lib/market/payout.js";
import { seriesTokenAddresses } from "../scripts/lib/market/series.js";

const { loadFixture, time } = networkHelpers;

const CLAIM = 0;
const NOCLAIM = 1;

/**
 * The CREATE2 address of an OpenZeppelin clone with immutable arguments (Clones.sol, v5.7), deployed by
 * `deployer` with `salt`: worked out here from the clone's init code, independently of the market's view.
 */
function cloneAddress(deployer: string, implementation: string, args: string, salt: string): string {
  const argsLength = (args.length - 2) / 2;
  const initCode = concat([
    "0x61",
    toBeHex(argsLength + 0x2d, 2),
    "0x3d81600a3d39f3363d3d373d3d3d363d73",
    implementation,
    "0x5af43d82803e903d91602b57fd5bf3",
    args,
  ]);
  return getCreate2Address(deployer, salt, keccak256(initCode));
}

describe("CoverMarket: series", function () {
  it("creates a series, stores it and announces it with its two tokens", async function () {
    const { market, protocolId, usdc, expiry, users } = await loadFixture(marketFixture);
    const collateral = await usdc.getAddress();
    const later = expiry + WEEK;
    const id = await market.seriesIdOf(protocolId, collateral, later);
    const { claim: claimAddress, noclaim: noclaimAddress } = seriesTokenAddresses(await market.getAddress(), id, 6);
    expect(await ethers.provider.getCode(claimAddress)).to.equal("0x");

    const createdAt = (await now()) + 30n;
    await time.setNextBlockTimestamp(createdAt);
    await expect(market.connect(users[3]).createSeries(protocolId, collateral, later))
      .to.emit(market, "SeriesCreated")
      .withArgs(id, protocolId, collateral, later, createdAt, claimAddress, noclaimAddress, 6n, "USDC", users[3].address);

    const series = await market.series(id);
    expect(series.collateral).to.equal(collateral);
    expect(series.expiry).to.equal(later);
    expect(series.createdAt).to.equal(createdAt);
    expect(series.decimals).to.equal(6n);
    expect(series.protocolId).to.equal(protocolId);
    expect(series.payout).to.equal(0n);
    expect(series.incidentsChecked).to.equal(0n);
    expect(series.state).to.equal(0n); // Open

    for (const [address, side] of [[claimAddress, CLAIM], [noclaimAddress, NOCLAIM]] as const) {
      expect(await ethers.provider.getCode(address)).to.not.equal("0x");
      const token = await ethers.getContractAt("CoverToken", address);
      expect(await token.market()).to.equal(await market.getAddress());
      expect(await token.seriesId()).to.equal(id);
      expect(await token.side()).to.equal(BigInt(side));
      expect(await token.totalSupply()).to.equal(0n);
    }
  });

  it("derives the id from (protocol, collateral, expiry) as keccak256(abi.encode(...))", async function () {
    const { market, protocolId, usdc, dai, expiry } = await loadFixture(marketFixture);
    const collateral = await usdc.getAddress();
    const encoded = AbiCoder.defaultAbiCoder().encode(["uint32", "address", "uint256"], [protocolId, collateral, expiry]);
    expect(await market.seriesIdOf(protocolId, collateral, expiry)).to.equal(keccak256(encoded));
    expect(await market.createSeries.staticCall(protocolId, collateral, expiry + WEEK)).to.equal(
      await market.seriesIdOf(protocolId, collateral, expiry + WEEK),
    );
    const ids = new Set([
      await market.seriesIdOf(protocolId, collateral, expiry),
      await market.seriesIdOf(protocolId + 1n, collateral, expiry),
      await market.seriesIdOf(protocolId, await dai.getAddress(), expiry),
      await market.seriesIdOf(protocolId, collateral, expiry + WEEK),
    ]);
    expect(ids.size).to.equal(4);
  });

  it("puts the tokens at CREATE2 clone addresses of the market, salted by the id, with the decimals in the arguments", async function () {
    const { market, usdcSeries, daiSeries } = await loadFixture(marketFixture);
    const deployer = await market.getAddress();
    const implementation = await market.tokenImplementation();
    for (const [series, decimals] of [[usdcSeries, 6], [daiSeries, 18]] as const) {
      for (const [token, side] of [[series.claim, CLAIM], [series.noclaim, NOCLAIM]] as const) {
        const args = solidityPacked(["bytes32", "uint8", "uint8"], [series.id, side, decimals]);
        expect(await token.getAddress()).to.equal(cloneAddress(deployer, implementation, args, series.id));
      }
    }
    expect(await market.seriesTokens(usdcSeries.id)).to.deep.equal([await usdcSeries.claim.getAddress(), await usdcSeries.noclaim.getAddress()]);
    const claim6 = seriesTokenAddresses(deployer, usdcSeries.id, 6).claim;
    const claim18 = seriesTokenAddresses(deployer, usdcSeries.id, 18).claim;
    expect(claim6).to.not.equal(claim18);
  });

  it("gives the tokens the collateral's decimals, whatever they are", async function () {
    const { market, protocolId, expiry } = await loadFixture(marketFixture);
    for (const decimals of [0, 2, 8, 24]) {
      const token = await ethers.deployContract("TestERC20", [`Token ${decimals}`, `T${decimals}`, decimals]);
      await market.createSeries(protocolId, await token.getAddress(), expiry);
      const handle = await seriesHandle(market, protocolId, await token.getAddress(), expiry);
      expect(await handle.claim.decimals()).to.equal(BigInt(decimals));
      expect(await handle.noclaim.decimals()).to.equal(BigInt(decimals));
      expect((await market.series(handle.id)).decimals).to.equal(BigInt(decimals));
    }
  });

  it("reads the collateral's symbol however it is returned, cut to 16 printable bytes", async function () {
    const { market, protocolId, expiry } = await loadFixture(marketFixture);
    const mkr = await ethers.deployContract("Bytes32SymbolERC20");
    const cases: Array<[string, string]> = [
      [await mkr.getAddress(), "MKR"],
      [await (await ethers.deployContract("TestERC20", ["Long", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 18])).getAddress(), "ABCDEFGHIJKLMNOP"],
      [await (await ethers.deployContract("TestERC20", ["Odd", "a b\tc€", 18])).getAddress(), "a?b?c???"],
      [await (await ethers.deployContract("TestERC20", ["None", "", 18])).getAddress(), ""],
    ];
    for (const [collateral, symbol] of cases) {
      await expect(market.createSeries(protocolId, collateral, expiry))
        .to.emit(market, "SeriesCreated")
        .withArgs(
          await market.seriesIdOf(protocolId, collateral, expiry),
          protocolId,
          collateral,
          expiry,
          (value: bigint) => value > 0n,
          (value: string) => ethers.isAddress(value),
          (value: string) => ethers.isAddress(value),
          18n,
          symbol,
          (value: string) => ethers.isAddress(value),
        );
      const handle = await seriesHandle(market, protocolId, collateral, expiry);
      expect(await handle.claim.symbol()).to.equal(`CLAIM-TLEND-${isoDate(expiry)}-${symbol}`);
    }
  });

  it("is open to anyone, even an account with no collateral", async function () {
    const { market, protocolId, dai, expiry } = await loadFixture(marketFixture);
    const [, , , , , , , , , stranger] = await ethers.getSigners();
    await expect(market.connect(stranger).createSeries(protocolId, await dai.getAddress(), expiry + 2n * WEEK)).to.emit(
      market,
      "SeriesCreated",
    );
  });

  it("skips the incidents reported before its creation, which cannot apply to it", async function () {
    const { market, resolver, resolverController, protocolId, usdc, expiry } = await loadFixture(marketFixture);
    const incidentTime = await now();
    await resolver.connect(resolverController).reportIncident(incidentTime, toWad("1"));
    await resolver.connect(resolverController).reportIncident(incidentTime, toWad("0.5"));
    await market.createSeries(protocolId, await usdc.getAddress(), expiry + WEEK);
    const id = await market.seriesIdOf(protocolId, await usdc.getAddress(), expiry + WEEK);
    expect((await market.series(id)).incidentsChecked).to.equal(2n);
    expect((await market.seriesStatus(id)).state).to.equal(0n); // still Open: neither incident applies
  });

  describe("refusals", function () {
    it("refuses an unknown protocol", async function () {
      const { market, usdc, expiry } = await loadFixture(marketFixture);
      for (const id of [0n, 2n]) {
        await expect(market.createSeries(id, await usdc.getAddress(), expiry))
          .to.be.revertedWithCustomError(market, "CoverUnknownProtocol")
          .withArgs(id);
      }
    });

    it("refuses a series that exists already", async function () {
      const { market, protocolId, usdc, usdcSeries, expiry } = await loadFixture(marketFixture);
      await expect(market.createSeries(protocolId, await usdc.getAddress(), expiry))
        .to.be.revertedWithCustomError(market, "CoverSeriesExists")
        .withArgs(usdcSeries.id);
    });

    it("refuses an expiry that is not after now, including one equal to the block's time", async function () {
      const { market, protocolId, usdc } = await loadFixture(marketFixture);
      const collateral = await usdc.getAddress();
      const past = firstExpiryAfter(await now()) - WEEK;
      const at = (await now()) + 10n;
      await time.setNextBlockTimestamp(at);
      await expect(market.createSeries(protocolId, collateral, past))
        .to.be.revertedWithCustomError(market, "CoverExpiryNotInFuture")
        .withArgs(past, at);
      const next = firstExpiryAfter(await now());
      await time.setNextBlockTimestamp(next);
      await expect(market.createSeries(protocolId, collateral, next))
        .to.be.revertedWithCustomError(market, "CoverExpiryNotInFuture")
        .withArgs(next, next);
    });

    it("refuses an expiry off the calendar (not a Friday at 08:00 UTC)", async function () {
      const { market, protocolId, usdc, expiry } = await loadFixture(marketFixture);
      for (const offCalendar of [expiry + 1n, expiry - 1n, expiry + DAY, expiry - 3600n, expiry + WEEK / 2n]) {
        await expect(market.createSeries(protocolId, await usdc.getAddress(), offCalendar))
          .to.be.revertedWithCustomError(market, "CoverExpiryOffCalendar")
          .withArgs(offCalendar);
      }
    });

    it("accepts an expiry exactly 52 weeks ahead and refuses one a week further", async function () {
      const { market, protocolId, usdc } = await loadFixture(marketFixture);
      const collateral = await usdc.getAddress();
      const at = nthExpiryAfter(await now(), 1);
      await time.setNextBlockTimestamp(at);
      await expect(market.createSeries(protocolId, collateral, at + MAX_EXPIRY_AHEAD)).to.emit(market, "SeriesCreated");
      const at2 = at + 60n;
      await time.setNextBlockTimestamp(at2);
      const tooFar = at + MAX_EXPIRY_AHEAD + WEEK;
      await expect(market.createSeries(protocolId, collateral, tooFar))
        .to.be.revertedWithCustomError(market, "CoverExpiryTooFar")
        .withArgs(tooFar, at2 + MAX_EXPIRY_AHEAD);
    });

    it("refuses collateral that is not a contract answering decimals()", async function () {
      const { market, protocolId, expiry, users } = await loadFixture(marketFixture);
      const notTokens = [users[0].address, ethers.ZeroAddress, await market.getAddress()];
      for (const collateral of notTokens) {
        await expect(market.createSeries(protocolId, collateral, expiry))
          .to.be.revertedWithCustomError(market, "CoverInvalidCollateral")
          .withArgs(collateral);
      }
    });

    it("refuses collateral with more than 36 decimals (the lens' price maths would overflow), and takes 36", async function () {
      const { market, protocolId, expiry } = await loadFixture(marketFixture);
      for (const decimals of [37, 78, 255]) {
        const token = await ethers.deployContract("TestERC20", [`Token ${decimals}`, `T${decimals}`, decimals]);
        const collateral = await token.getAddress();
        await expect(market.createSeries(protocolId, collateral, expiry))
          .to.be.revertedWithCustomError(market, "CoverCollateralDecimalsUnsupported")
          .withArgs(collateral, decimals, 36);
      }
      const token36 = await ethers.deployContract("TestERC20", ["Token 36", "T36", 36]);
      await expect(market.createSeries(protocolId, await token36.getAddress(), expiry)).to.emit(market, "SeriesCreated");
    });

    it("answers CoverUnknownSeries for an id never created, in every view and action", async function () {
      const { market, protocolId, usdc, expiry, users } = await loadFixture(marketFixture);
      const id = await market.seriesIdOf(protocolId, await usdc.getAddress(), expiry + WEEK);
      for (const call of [
        () => market.series(id),
        () => market.seriesStatus(id),
        () => market.settle(id),
        () => market.connect(users[0]).mint(id, 1n, users[0].address, users[0].address),
        () => market.connect(users[0]).merge(id, 1n, users[0].address),
        () => market.connect(users[0]).redeem(id, 1n, 1n, users[0].address),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(market, "CoverUnknownSeries").withArgs(id);
      }
    });
  });
});
