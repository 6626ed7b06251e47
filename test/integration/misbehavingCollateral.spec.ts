/**
 * Integration (core only): collateral that misbehaves (fee on transfer, false returns, re-entrant transfers) against
 * the market, and that nothing is lost with it. The other lifecycle specs use well-behaved test tokens only.
 */
import { expect } from "chai";
import { ethers, networkHelpers } from "../shared/connection.js";
import { marketFixture, seriesHandle, MAX_UINT } from "../shared/marketFixture.js";
import { now } from "../shared/clock.js";
import { WEEK } from "../../scripts/lib/market/calendar.js";
import { toWad } from "../../scripts/lib/market/payout.js";

const { loadFixture } = networkHelpers;

const UNIT = 10n ** 18n;

/** The fixture plus a series on `contractName` collateral, with alice funded and approved. */
async function seriesOn(contractName: "FeeOnTransferERC20" | "FalseReturnERC20" | "ReentrantERC20") {
  const f = await marketFixture();
  const token: any = await ethers.deployContract(contractName);
  const collateral = await token.getAddress();
  await f.market.createSeries(f.protocolId, collateral, f.expiry);
  const series = await seriesHandle(f.market, f.protocolId, collateral, f.expiry);
  const [alice] = f.users;
  await token.mint(alice.address, 1_000n * UNIT);
  await token.connect(alice).approve(await f.market.getAddress(), MAX_UINT);
  return { ...f, token, series, alice };
}

/** Collateral held for the series equals each side's supply (no settlement yet, one series on the token). */
async function expectFullyBacked(f: Awaited<ReturnType<typeof seriesOn>>) {
  const held = await f.token.balanceOf(await f.market.getAddress());
  expect(await f.series.claim.totalSupply()).to.equal(held);
  expect(await f.series.noclaim.totalSupply()).to.equal(held);
}

describe("integration: collateral that misbehaves", function () {
  describe("fee on transfer", function () {
    const feeOnTransfer = () => seriesOn("FeeOnTransferERC20");

    it("is refused at mint with the shortfall, and nothing moves", async function () {
      const f = await loadFixture(feeOnTransfer);
      const amount = 100n * UNIT;
      const tx = f.market.connect(f.alice).mint(f.series.id, amount, f.alice.address, f.alice.address);
      await expect(tx)
        .to.be.revertedWithCustomError(f.market, "CoverCollateralShortfall")
        .withArgs(await f.token.getAddress(), amount, amount - amount / 100n);
      expect(await f.token.balanceOf(f.alice.address)).to.equal(1_000n * UNIT);
      expect(await f.token.balanceOf(await f.market.getAddress())).to.equal(0n);
      expect(await f.series.claim.totalSupply()).to.equal(0n);
    });

    it("is refused whenever it takes a fee, down to one unit of fee", async function () {
      const f = await loadFixture(feeOnTransfer);
      await expect(f.market.connect(f.alice).mint(f.series.id, 100n, f.alice.address, f.alice.address))
        .to.be.revertedWithCustomError(f.market, "CoverCollateralShortfall")
        .withArgs(await f.token.getAddress(), 100n, 99n);
      // Below 100 units this token's fee rounds to nothing: it delivers in full and the mint is sound.
      await f.market.connect(f.alice).mint(f.series.id, 99n, f.alice.address, f.alice.address);
      await expectFullyBacked(f);
    });
  });

  describe("a token that returns false", function () {
    const falseReturn = async () => {
      const f = await seriesOn("FalseReturnERC20");
      await f.market.connect(f.alice).mint(f.series.id, 100n * UNIT, f.alice.address, f.alice.address);
      return f;
    };

    it("fails mint, merge and redeem loudly, moving and burning nothing", async function () {
      const f = await loadFixture(falseReturn);
      const tokenAddress = await f.token.getAddress();
      await f.resolver.connect(f.resolverController).reportIncident(await now(), toWad("0.5"));
      await f.token.setFailing(true);
      const calls = [
        () => f.market.connect(f.alice).mint(f.series.id, UNIT, f.alice.address, f.alice.address),
        () => f.market.connect(f.alice).merge(f.series.id, UNIT, f.alice.address),
        () => f.market.connect(f.alice).redeem(f.series.id, UNIT, UNIT, f.alice.address),
      ];
      for (const call of calls) {
        await expect(call()).to.be.revertedWithCustomError(f.market, "SafeERC20FailedOperation").withArgs(tokenAddress);
      }
      expect(await f.series.claim.balanceOf(f.alice.address)).to.equal(100n * UNIT);
      expect(await f.series.noclaim.balanceOf(f.alice.address)).to.equal(100n * UNIT);
      await expectFullyBacked(f);
    });

    it("loses nothing: once it transfers again, every unit comes back", async function () {
      const f = await loadFixture(falseReturn);
      await f.resolver.connect(f.resolverController).reportIncident(await now(), toWad("0.5"));
      await f.token.setFailing(true);
      await expect(f.market.connect(f.alice).merge(f.series.id, UNIT, f.alice.address)).to.be.revert(ethers);
      await f.token.setFailing(false);
      await expect(f.market.connect(f.alice).merge(f.series.id, 40n * UNIT, f.alice.address)).to.changeTokenBalance(
        ethers,
        f.token,
        f.alice,
        40n * UNIT,
      );
      await expect(f.market.connect(f.alice).redeem(f.series.id, 60n * UNIT, 60n * UNIT, f.alice.address)).to.changeTokenBalance(
        ethers,
        f.token,
        f.alice,
        60n * UNIT,
      );
      expect(await f.token.balanceOf(f.alice.address)).to.equal(1_000n * UNIT);
      expect(await f.token.balanceOf(await f.market.getAddress())).to.equal(0n);
    });
  });

  describe("a token whose transfer re-enters the market", function () {
    /** The token itself holds 10 pairs, so that a re-entering merge or redeem by it would otherwise succeed. */
    const reentrant = async () => {
      const f = await seriesOn("ReentrantERC20");
      const tokenAddress = await f.token.getAddress();
      await f.market.connect(f.alice).mint(f.series.id, 10n * UNIT, tokenAddress, tokenAddress);
      await f.market.connect(f.alice).mint(f.series.id, 100n * UNIT, f.alice.address, f.alice.address);
      return { ...f, tokenAddress, marketAddress: await f.market.getAddress() };
    };
    const guardSelector = () => ethers.id("ReentrancyGuardReentrantCall()").slice(0, 10);

    for (const [outer, reentry] of [
      ["mint", "merge"],
      ["mint", "createSeries"],
      ["merge", "merge"],
      ["merge", "mint"],
    ] as const) {
      it(`refuses ${reentry} from inside ${outer}; the outer call completes and all stays backed`, async function () {
        const f = await loadFixture(reentrant);
        const innerCalls = {
          merge: f.market.interface.encodeFunctionData("merge", [f.series.id, 5n * UNIT, f.tokenAddress]),
          mint: f.market.interface.encodeFunctionData("mint", [f.series.id, UNIT, f.tokenAddress, f.tokenAddress]),
          createSeries: f.market.interface.encodeFunctionData("createSeries", [f.protocolId, f.tokenAddress, f.expiry + WEEK]),
        };
        await f.token.arm(f.marketAddress, innerCalls[reentry]);
        const amount = 7n * UNIT;
        const call =
          outer === "mint"
            ? f.market.connect(f.alice).mint(f.series.id, amount, f.alice.address, f.alice.address)
            : f.market.connect(f.alice).merge(f.series.id, amount, f.alice.address);
        await expect(call).to.changeTokenBalance(ethers, f.token, f.alice, outer === "mint" ? -amount : amount);
        expect(await f.token.attempts()).to.equal(1n);
        expect(await f.token.lastCallSucceeded()).to.equal(false);
        expect(await f.token.lastReturnData()).to.equal(guardSelector());
        expect(await f.series.claim.balanceOf(f.tokenAddress)).to.equal(10n * UNIT);
        await expectFullyBacked(f);
      });
    }

    it("refuses a re-entering redeem; a re-entering settle changes nothing", async function () {
      const f = await loadFixture(reentrant);
      await f.resolver.connect(f.resolverController).reportIncident(await now(), toWad("0.3"));
      const redeemCall = f.market.interface.encodeFunctionData("redeem", [f.series.id, 10n * UNIT, 10n * UNIT, f.tokenAddress]);
      await f.token.arm(f.marketAddress, redeemCall);
      await expect(f.market.connect(f.alice).redeem(f.series.id, 10n * UNIT, 0n, f.alice.address)).to.changeTokenBalance(
        ethers,
        f.token,
        f.alice,
        3n * UNIT,
      );
      expect(await f.token.lastCallSucceeded()).to.equal(false);
      expect(await f.token.lastReturnData()).to.equal(guardSelector());
      expect(await f.series.claim.balanceOf(f.tokenAddress)).to.equal(10n * UNIT);

      await f.token.arm(f.marketAddress, f.market.interface.encodeFunctionData("settle", [f.series.id]));
      await expect(f.market.connect(f.alice).redeem(f.series.id, 0n, 10n * UNIT, f.alice.address)).to.changeTokenBalance(
        ethers,
        f.token,
        f.alice,
        7n * UNIT,
      );
      expect(await f.token.lastCallSucceeded()).to.equal(true);
      const series = await f.market.series(f.series.id);
      expect([series.state, series.payout]).to.deep.equal([1n, toWad("0.3")]);
      // Whatever remains outstanding is still fully covered: 0.3 per CLAIM plus 0.7 per NOCLAIM.
      const held = await f.token.balanceOf(f.marketAddress);
      const owed = ((await f.series.claim.totalSupply()) * 3n + (await f.series.noclaim.totalSupply()) * 7n) / 10n;
      expect(held).to.be.at.least(owed);
    });
  });
});
