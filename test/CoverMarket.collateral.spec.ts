import { expect } from "chai";
import { ethers, networkHelpers } from "./shared/connection.js";
import { marketFixture, CLAIM_WINDOW, MAX_UINT } from "./shared/marketFixture.js";
import { now } from "./shared/clock.js";
import { redemptionValue, toWad } from "../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;

const USDC = 10n ** 6n;
const DAI = 10n ** 18n;

/** The fixture with an incident of payout 0.3 reported, and one user holding both sides of each series. */
async function settledAtThirtyPercent() {
  const f = await marketFixture();
  const [alice] = f.users;
  await f.market.connect(alice).mint(f.usdcSeries.id, 1_000n * USDC, alice.address, alice.address);
  await f.market.connect(alice).mint(f.daiSeries.id, 1_000n * DAI, alice.address, alice.address);
  await f.resolver.connect(f.resolverController).reportIncident(await now(), toWad("0.3"));
  return f;
}

describe("CoverMarket: mint, merge and redeem", function () {
  describe("mint", function () {
    it("locks the collateral and mints equal CLAIM and NOCLAIM to two recipients", async function () {
      const { market, usdc, usdcSeries, users } = await loadFixture(marketFixture);
      const [alice, bob, carol] = users;
      const amount = 250n * USDC;
      const tx = market.connect(alice).mint(usdcSeries.id, amount, bob.address, carol.address);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [alice, market], [-amount, amount]);
      await expect(tx).to.changeTokenBalances(ethers, usdcSeries.claim, [alice, bob, carol], [0n, amount, 0n]);
      await expect(tx).to.changeTokenBalances(ethers, usdcSeries.noclaim, [alice, bob, carol], [0n, 0n, amount]);
      await expect(tx)
        .to.emit(market, "Minted")
        .withArgs(usdcSeries.id, alice.address, bob.address, carol.address, amount);
    });

    it("mints to the caller alone when both recipients are the caller, in 18 decimals too", async function () {
      const { market, dai, daiSeries, users } = await loadFixture(marketFixture);
      const [alice] = users;
      const amount = 3n * DAI + 1n;
      const tx = market.connect(alice).mint(daiSeries.id, amount, alice.address, alice.address);
      await expect(tx).to.changeTokenBalances(ethers, dai, [alice, market], [-amount, amount]);
      await expect(tx).to.changeTokenBalance(ethers, daiSeries.claim, alice, amount);
      await expect(tx).to.changeTokenBalance(ethers, daiSeries.noclaim, alice, amount);
      expect(await daiSeries.claim.totalSupply()).to.equal(amount);
      expect(await daiSeries.noclaim.totalSupply()).to.equal(amount);
    });

    it("is possible until the second before expiry and refused from expiry on", async function () {
      const { market, usdcSeries, expiry, users } = await loadFixture(marketFixture);
      const [alice] = users;
      await time.setNextBlockTimestamp(expiry - 1n);
      await expect(market.connect(alice).mint(usdcSeries.id, USDC, alice.address, alice.address)).to.emit(market, "Minted");
      await time.setNextBlockTimestamp(expiry);
      await expect(market.connect(alice).mint(usdcSeries.id, USDC, alice.address, alice.address))
        .to.be.revertedWithCustomError(market, "CoverSeriesExpired")
        .withArgs(usdcSeries.id, expiry);
    });

    it("refuses a zero amount and a zero recipient on either side", async function () {
      const { market, usdcSeries, users } = await loadFixture(marketFixture);
      const [alice] = users;
      await expect(market.connect(alice).mint(usdcSeries.id, 0n, alice.address, alice.address)).to.be.revertedWithCustomError(
        market,
        "CoverZeroAmount",
      );
      for (const [claimTo, noclaimTo] of [
        [ethers.ZeroAddress, alice.address],
        [alice.address, ethers.ZeroAddress],
      ]) {
        await expect(market.connect(alice).mint(usdcSeries.id, USDC, claimTo, noclaimTo)).to.be.revertedWithCustomError(
          market,
          "CoverZeroRecipient",
        );
      }
    });

    it("refuses a caller whose allowance or balance of collateral falls short", async function () {
      const { market, usdc, usdcSeries } = await loadFixture(marketFixture);
      const signers = await ethers.getSigners();
      const [unapproved, broke] = [signers[10], signers[11]];
      const marketAddress = await market.getAddress();
      await usdc.mint(unapproved.address, 100n * USDC);
      await usdc.connect(unapproved).approve(marketAddress, 10n * USDC);
      await expect(market.connect(unapproved).mint(usdcSeries.id, 10n * USDC + 1n, unapproved.address, unapproved.address))
        .to.be.revertedWithCustomError(usdc, "ERC20InsufficientAllowance")
        .withArgs(marketAddress, 10n * USDC, 10n * USDC + 1n);

      await usdc.mint(broke.address, 5n * USDC);
      await usdc.connect(broke).approve(marketAddress, MAX_UINT);
      await expect(market.connect(broke).mint(usdcSeries.id, 5n * USDC + 1n, broke.address, broke.address))
        .to.be.revertedWithCustomError(usdc, "ERC20InsufficientBalance")
        .withArgs(broke.address, 5n * USDC, 5n * USDC + 1n);
      expect(await usdcSeries.claim.totalSupply()).to.equal(0n);
    });
  });

  describe("merge", function () {
    it("burns equal CLAIM and NOCLAIM of the caller and pays the same collateral to any address", async function () {
      const { market, usdc, usdcSeries, users } = await loadFixture(marketFixture);
      const [alice, bob] = users;
      await market.connect(alice).mint(usdcSeries.id, 100n * USDC, alice.address, alice.address);
      const amount = 40n * USDC;
      const tx = market.connect(alice).merge(usdcSeries.id, amount, bob.address);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [market, alice, bob], [-amount, 0n, amount]);
      await expect(tx).to.changeTokenBalance(ethers, usdcSeries.claim, alice, -amount);
      await expect(tx).to.changeTokenBalance(ethers, usdcSeries.noclaim, alice, -amount);
      await expect(tx).to.emit(market, "Merged").withArgs(usdcSeries.id, alice.address, bob.address, amount);
    });

    it("works after expiry, after settlement and while an incident pays CLAIM in full", async function () {
      const { market, resolver, resolverController, dai, daiSeries, expiry, users } = await loadFixture(marketFixture);
      const [alice] = users;
      await market.connect(alice).mint(daiSeries.id, 10n * DAI, alice.address, alice.address);
      await time.increaseTo(expiry + 1n);
      await expect(market.connect(alice).merge(daiSeries.id, DAI, alice.address)).to.changeTokenBalance(ethers, dai, alice, DAI);
      await resolver.connect(resolverController).reportIncident(expiry - 1n, toWad("1"));
      await market.settle(daiSeries.id);
      await expect(market.connect(alice).merge(daiSeries.id, 2n * DAI, alice.address)).to.changeTokenBalance(
        ethers,
        dai,
        alice,
        2n * DAI,
      );
      expect(await daiSeries.claim.balanceOf(alice.address)).to.equal(7n * DAI);
    });

    it("refuses a zero amount, a zero recipient, and more than the caller holds of either side", async function () {
      const { market, usdcSeries, users } = await loadFixture(marketFixture);
      const [alice, bob] = users;
      await market.connect(alice).mint(usdcSeries.id, 10n * USDC, alice.address, bob.address);
      await expect(market.connect(alice).merge(usdcSeries.id, 0n, alice.address)).to.be.revertedWithCustomError(
        market,
        "CoverZeroAmount",
      );
      await expect(market.connect(alice).merge(usdcSeries.id, USDC, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        market,
        "CoverZeroRecipient",
      );
      // alice holds CLAIM only, bob NOCLAIM only: neither can merge, and bob cannot use alice's CLAIM.
      await expect(market.connect(alice).merge(usdcSeries.id, USDC, alice.address))
        .to.be.revertedWithCustomError(usdcSeries.noclaim, "ERC20InsufficientBalance")
        .withArgs(alice.address, 0n, USDC);
      await expect(market.connect(bob).merge(usdcSeries.id, USDC, bob.address))
        .to.be.revertedWithCustomError(usdcSeries.claim, "ERC20InsufficientBalance")
        .withArgs(bob.address, 0n, USDC);
      await market.connect(bob).mint(usdcSeries.id, USDC, bob.address, bob.address);
      await expect(market.connect(bob).merge(usdcSeries.id, USDC + 1n, bob.address))
        .to.be.revertedWithCustomError(usdcSeries.claim, "ERC20InsufficientBalance")
        .withArgs(bob.address, USDC, USDC + 1n);
    });
  });

  describe("redeem", function () {
    it("pays claimAmount * p + noclaimAmount * (1 - p) and burns what it redeems", async function () {
      const { market, usdc, usdcSeries, users } = await loadFixture(settledAtThirtyPercent);
      const [alice, bob] = users;
      const claimAmount = 100n * USDC;
      const noclaimAmount = 50n * USDC;
      const paid = 30n * USDC + 35n * USDC;
      expect(redemptionValue(claimAmount, noclaimAmount, toWad("0.3"))).to.equal(paid);
      const tx = market.connect(alice).redeem(usdcSeries.id, claimAmount, noclaimAmount, bob.address);
      await expect(tx).to.changeTokenBalances(ethers, usdc, [market, alice, bob], [-paid, 0n, paid]);
      await expect(tx).to.changeTokenBalance(ethers, usdcSeries.claim, alice, -claimAmount);
      await expect(tx).to.changeTokenBalance(ethers, usdcSeries.noclaim, alice, -noclaimAmount);
      await expect(tx)
        .to.emit(market, "Redeemed")
        .withArgs(usdcSeries.id, alice.address, bob.address, claimAmount, noclaimAmount, paid);
    });

    it("rounds each term down, so the market keeps every remainder", async function () {
      const { market, dai, daiSeries, users } = await loadFixture(settledAtThirtyPercent);
      const [alice] = users;
      // 1 wei of each side is worth 0.3 and 0.7 wei: both terms round to 0, though together they are worth 1.
      const cases: Array<[bigint, bigint, bigint]> = [
        [1n, 1n, 0n],
        [3n, 0n, 0n], // 0.9
        [4n, 0n, 1n], // 1.2
        [0n, 3n, 2n], // 2.1
        [7n, 7n, 2n + 4n], // 2.1 + 4.9
      ];
      for (const [claimAmount, noclaimAmount, expected] of cases) {
        expect(redemptionValue(claimAmount, noclaimAmount, toWad("0.3"))).to.equal(expected);
        const tx = market.connect(alice).redeem(daiSeries.id, claimAmount, noclaimAmount, alice.address);
        await expect(tx)
          .to.emit(market, "Redeemed")
          .withArgs(daiSeries.id, alice.address, alice.address, claimAmount, noclaimAmount, expected);
        await expect(tx).to.changeTokenBalance(ethers, dai, alice, expected);
      }
    });

    it("burns without paying when what is redeemed is worth nothing", async function () {
      const { market, usdc, usdcSeries, expiry, users } = await loadFixture(marketFixture);
      const [alice] = users;
      await market.connect(alice).mint(usdcSeries.id, 10n * USDC, alice.address, alice.address);
      await time.increaseTo(expiry + CLAIM_WINDOW);
      const tx = market.connect(alice).redeem(usdcSeries.id, 10n * USDC, 0n, alice.address);
      await expect(tx).to.changeTokenBalance(ethers, usdc, alice, 0n);
      await expect(tx).to.changeTokenBalance(ethers, usdcSeries.claim, alice, -10n * USDC);
      await expect(tx).to.emit(market, "Redeemed").withArgs(usdcSeries.id, alice.address, alice.address, 10n * USDC, 0n, 0n);
    });

    it("refuses zero amounts, a zero recipient, and more than the caller holds", async function () {
      const { market, usdcSeries, users } = await loadFixture(settledAtThirtyPercent);
      const [alice, bob] = users;
      await expect(market.connect(alice).redeem(usdcSeries.id, 0n, 0n, alice.address)).to.be.revertedWithCustomError(
        market,
        "CoverZeroAmount",
      );
      await expect(market.connect(alice).redeem(usdcSeries.id, 1n, 0n, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        market,
        "CoverZeroRecipient",
      );
      await expect(market.connect(bob).redeem(usdcSeries.id, 1n, 0n, bob.address))
        .to.be.revertedWithCustomError(usdcSeries.claim, "ERC20InsufficientBalance")
        .withArgs(bob.address, 0n, 1n);
      const held = await usdcSeries.noclaim.balanceOf(alice.address);
      await expect(market.connect(alice).redeem(usdcSeries.id, 0n, held + 1n, alice.address))
        .to.be.revertedWithCustomError(usdcSeries.noclaim, "ERC20InsufficientBalance")
        .withArgs(alice.address, held, held + 1n);
    });

    it("refuses to redeem before the series is settled, naming when it can settle by time", async function () {
      const { market, usdcSeries, expiry, users } = await loadFixture(marketFixture);
      const [alice] = users;
      await market.connect(alice).mint(usdcSeries.id, 10n * USDC, alice.address, alice.address);
      for (const at of [expiry - 1n, expiry, expiry + CLAIM_WINDOW - 1n]) {
        await time.setNextBlockTimestamp(at);
        await expect(market.connect(alice).redeem(usdcSeries.id, 0n, USDC, alice.address))
          .to.be.revertedWithCustomError(market, "CoverNotSettled")
          .withArgs(usdcSeries.id, expiry + CLAIM_WINDOW);
      }
      await time.setNextBlockTimestamp(expiry + CLAIM_WINDOW);
      await expect(market.connect(alice).redeem(usdcSeries.id, 0n, USDC, alice.address)).to.emit(market, "Redeemed");
    });
  });
});
