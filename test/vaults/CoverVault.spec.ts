import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { ethers, networkHelpers } from "../shared/connection.js";
import { vaultFixture, vaultTerms, TWAP_WINDOW, UNIT, VAULT_CLAIM_WINDOW } from "../shared/vaultFixture.js";
import { createdVault } from "../../scripts/lib/deploy/vault.js";
import { DAY } from "../../scripts/lib/market/calendar.js";
import { PriceStatus, VaultGate } from "../../scripts/lib/market/enums.js";
import { toWad, WAD } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;
const OFFSET = 10n ** 6n; // virtual shares per unit of assets (the vault's decimals offset)
const YEAR = 365n * DAY;
const DEPOSIT = 10_000n * UNIT;

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
const asBytes32 = (n: bigint) => ethers.zeroPadValue(ethers.toBeHex(n), 32);

/** The fixture with alice's deposit made at start + 10 s. */
async function fundedFixture() {
  const f = await vaultFixture();
  await time.setNextBlockTimestamp(f.start + 10n);
  await f.vault.connect(f.alice).deposit(DEPOSIT, f.alice.address);
  return f;
}

/** The funded fixture after one underwrite at start + 20 s. */
async function writtenFixture() {
  const f = await fundedFixture();
  await time.setNextBlockTimestamp(f.start + 20n);
  await f.vault.underwrite(f.protocolId);
  return f;
}

describe("CoverVault", function () {
  describe("deposit and mint", function () {
    it("mints at the high mark with the decimals offset, writes the ledger and emits Deposit", async function () {
      const { vault, alice, bob, usdc, vaultAddress, start } = await loadFixture(vaultFixture);
      expect(await vault.previewDeposit(DEPOSIT)).to.equal(DEPOSIT * OFFSET);
      await time.setNextBlockTimestamp(start + 10n);
      const sent = vault.connect(alice).deposit(DEPOSIT, bob.address);
      await expect(sent).to.emit(vault, "Deposit").withArgs(alice.address, bob.address, DEPOSIT, DEPOSIT * OFFSET);
      await expect(sent).to.changeTokenBalances(ethers, usdc, [alice, vaultAddress], [-DEPOSIT, DEPOSIT]);
      expect(await vault.balanceOf(bob.address)).to.equal(DEPOSIT * OFFSET);
      expect(await vault.idle()).to.equal(DEPOSIT);
      const [high, low, priced] = await vault.marks();
      expect([high, low, priced]).to.deep.equal([DEPOSIT, DEPOSIT, true]);
      expect(await vault.totalAssets()).to.equal(DEPOSIT);
      expect(await vault.decimals()).to.equal(12n);
    });

    it("mint takes the assets rounded up, and previewMint says so", async function () {
      const { vault, alice, bob } = await loadFixture(fundedFixture);
      const shares = 12_345n;
      // (shares x (total + 1)) / (supply + 10^6), rounded up.
      const supply = await vault.totalSupply();
      const expected = ceilDiv(shares * (DEPOSIT + 1n), supply + OFFSET);
      expect(await vault.previewMint(shares)).to.equal(expected);
      await expect(vault.connect(bob).mint(shares, bob.address)).to.emit(vault, "Deposit").withArgs(bob.address, bob.address, expected, shares);
    });

    it("refuses zero", async function () {
      const { vault, alice } = await loadFixture(vaultFixture);
      await expect(vault.connect(alice).deposit(0n, alice.address)).to.be.revertedWithCustomError(vault, "CoverVaultZeroAmount");
      await expect(vault.connect(alice).mint(0n, alice.address)).to.be.revertedWithCustomError(vault, "CoverVaultZeroAmount");
    });

    it("is shut while a claim is pending on the book, and maxDeposit says so", async function () {
      const { vault, resolver, controller, alice, protocolId, start } = await loadFixture(vaultFixture);
      expect(await vault.maxDeposit(alice.address)).to.equal(ethers.MaxUint256);
      await time.setNextBlockTimestamp(start + 10n);
      await resolver.connect(controller).fileClaim(start);
      expect(await vault.maxDeposit(alice.address)).to.equal(0n);
      expect(await vault.maxMint(alice.address)).to.equal(0n);
      expect(await vault.gate(false)).to.deep.equal([BigInt(VaultGate.ClaimPending), asBytes32(protocolId)]);
      await expect(vault.connect(alice).deposit(DEPOSIT, alice.address))
        .to.be.revertedWithCustomError(vault, "CoverVaultGateShut").withArgs(VaultGate.ClaimPending, asBytes32(protocolId));
    });
  });

  describe("underwrite", function () {
    it("writes the window's share of the cap into the tenor series, above the rate floor", async function () {
      const { vault, vaultAddress, protocolId, tenor, usdc, riskOracle, start } = await loadFixture(fundedFixture);
      const t = start + 20n;
      const spot = await riskOracle.spotRisk(tenor.id);
      await time.setNextBlockTimestamp(t);
      const tx = vault.underwrite(protocolId);
      // low = 10,000; cap 50% -> 5,000; window fraction 25% -> 1,250 (the cap's own room is larger).
      const face = 1_250n * UNIT;
      await expect(tx).to.emit(vault, "Underwritten").withArgs(protocolId, tenor.id, face, anyValue, face, DEPOSIT);
      const receipt = await (await tx).wait();
      const event = receipt!.logs.map((l: any) => vault.interface.parseLog(l)).find((e: any) => e?.name === "Underwritten")!;
      const premium: bigint = event.args.premium;
      const floor = ceilDiv(toWad("0.1") * (tenor.expiry - t), YEAR);
      const impactFloor = ceilDiv(spot.claimPrice * (WAD - toWad("0.03")), WAD);
      expect(premium).to.be.greaterThanOrEqual(ceilDiv(face * (floor > impactFloor ? floor : impactFloor), WAD));
      expect(premium).to.be.lessThan((face * spot.claimPrice) / WAD);
      expect(await vault.idle()).to.equal(DEPOSIT - face + premium);
      expect(await usdc.balanceOf(vaultAddress)).to.equal(DEPOSIT - face + premium);
      expect(await tenor.noclaim.balanceOf(vaultAddress)).to.equal(face);
      expect(await tenor.claim.balanceOf(vaultAddress)).to.equal(0n);
      const [ids, held] = await vault.positions();
      expect(ids).to.deep.equal([tenor.id]);
      expect(held[0].noclaim).to.equal(face);
      expect(held[0].costPrice).to.equal(((face - premium) * WAD) / face);
      expect(held[0].protocolId).to.equal(protocolId);
      const [high, low, priced] = await vault.marks();
      expect(high).to.equal(DEPOSIT + premium);
      expect(priced).to.equal(true);
      const twap = await riskOracle.twapRisk(tenor.id);
      const m = [WAD, twap.noclaimPrice, WAD - twap.claimPrice].reduce((a, b) => (a < b ? a : b));
      expect(low).to.equal(DEPOSIT - face + premium + (face * m) / WAD);
      expect((await vault.book())[0].face).to.equal(face);
    });

    it("writes no more than the window's share until the window has passed", async function () {
      const { vault, protocolId, start } = await loadFixture(writtenFixture);
      const idle = await vault.idle();
      await time.setNextBlockTimestamp(start + 30n);
      await expect(vault.underwrite(protocolId))
        .to.be.revertedWithCustomError(vault, "CoverVaultNoCapacity").withArgs(protocolId, idle, anyValue, 0n);
      await time.setNextBlockTimestamp(start + 20n + TWAP_WINDOW);
      await expect(vault.underwrite(protocolId)).to.emit(vault, "Underwritten");
      expect((await vault.positions())[0].length).to.equal(1);
    });

    it("refuses a protocol outside the book, a stopped one, and one with a claim pending", async function () {
      const { vault, protocolId, resolver, controller, curator, tenor, start } = await loadFixture(fundedFixture);
      await expect(vault.underwrite(99)).to.be.revertedWithCustomError(vault, "CoverVaultUnknownProtocol").withArgs(99);
      await time.setNextBlockTimestamp(start + 20n);
      await resolver.connect(controller).fileClaim(start);
      await expect(vault.underwrite(protocolId))
        .to.be.revertedWithCustomError(vault, "CoverVaultClaimPending").withArgs(protocolId, tenor.id);
      await vault.connect(curator).stopUnderwriting(protocolId);
      await expect(vault.underwrite(protocolId))
        .to.be.revertedWithCustomError(vault, "CoverVaultUnderwritingStopped").withArgs(protocolId);
    });

    it("refuses a series without a guarded TWAP", async function () {
      const f = await loadFixture(vaultFixture);
      const terms = { ...vaultTerms(f.collateral, f.protocolId2, f.curator.address) };
      const vault = await ethers.getContractAt("CoverVault", await createdVault(f.vaultFactory, await f.vaultFactory.createVault(terms)));
      await f.usdc.connect(f.alice).approve(await vault.getAddress(), ethers.MaxUint256);
      await vault.connect(f.alice).deposit(DEPOSIT, f.alice.address);
      const expiry = await vault.tenorExpiry(f.start + 100n);
      await f.market.createSeries(f.protocolId2, f.collateral, expiry);
      const id = await f.market.seriesIdOf(f.protocolId2, f.collateral, expiry);
      await time.setNextBlockTimestamp(f.start + 100n);
      await expect(vault.underwrite(f.protocolId2))
        .to.be.revertedWithCustomError(vault, "CoverVaultNoTwap").withArgs(id, PriceStatus.NoPool);
    });

    it("refuses a spot price pushed off its TWAP, and leaves the vault as it was", async function () {
      const { vault, protocolId, router, trader, tenor, start, deadline } = await loadFixture(fundedFixture);
      await router.connect(trader).buyCoverExactOut({
        seriesId: tenor.id, route: 0, claimAmount: 20_000n * UNIT, maxCollateralIn: ethers.MaxUint256, recipient: trader.address, deadline,
      });
      await time.setNextBlockTimestamp(start + 30n);
      await expect(vault.underwrite(protocolId))
        .to.be.revertedWithCustomError(vault, "CoverVaultSpotOffTwap").withArgs(tenor.id, 0, anyValue, anyValue);
      expect(await vault.idle()).to.equal(DEPOSIT);
      expect((await vault.positions())[0]).to.deep.equal([]);
    });

    it("refuses to sell below the rate floor", async function () {
      const f = await loadFixture(vaultFixture);
      const terms = vaultTerms(f.collateral, f.protocolId, f.curator.address);
      terms.protocols[0].minRate = 2n * WAD; // 200% a year: about 0.2 for ~5 weeks, above the 5% CLAIM price
      const vault = await ethers.getContractAt("CoverVault", await createdVault(f.vaultFactory, await f.vaultFactory.createVault(terms)));
      await f.usdc.connect(f.alice).approve(await vault.getAddress(), ethers.MaxUint256);
      await vault.connect(f.alice).deposit(DEPOSIT, f.alice.address);
      const t = f.start + 100n;
      const spot = await f.riskOracle.spotRisk(f.tenor.id);
      const floor = ceilDiv(2n * WAD * (f.tenor.expiry - t), YEAR);
      await time.setNextBlockTimestamp(t);
      await expect(vault.underwrite(f.protocolId))
        .to.be.revertedWithCustomError(vault, "CoverVaultBelowRateFloor").withArgs(f.protocolId, spot.claimPrice, floor);
    });

    it("refuses a sale whose price impact is beyond the bound (the router's minimum premium)", async function () {
      const f = await loadFixture(vaultFixture);
      const terms = vaultTerms(f.collateral, f.protocolId, f.curator.address);
      terms.maxImpact = toWad("0.001"); // below the pool's 0.3% fee: no sale can meet it
      const vault = await ethers.getContractAt("CoverVault", await createdVault(f.vaultFactory, await f.vaultFactory.createVault(terms)));
      await f.usdc.connect(f.alice).approve(await vault.getAddress(), ethers.MaxUint256);
      await vault.connect(f.alice).deposit(DEPOSIT, f.alice.address);
      await time.setNextBlockTimestamp(f.start + 100n);
      await expect(vault.underwrite(f.protocolId)).to.be.revertedWithCustomError(f.router, "CoverRouterInsufficientOutput");
      expect(await vault.idle()).to.equal(DEPOSIT);
    });

    it("has nothing to write without idle collateral", async function () {
      const { vault, protocolId, start } = await loadFixture(vaultFixture);
      await time.setNextBlockTimestamp(start + 20n);
      await expect(vault.underwrite(protocolId))
        .to.be.revertedWithCustomError(vault, "CoverVaultNoCapacity").withArgs(protocolId, 0n, 0n, 0n);
    });
  });

  describe("harvest", function () {
    it("refuses an open series and a series not held", async function () {
      const { vault, market, tenor } = await loadFixture(writtenFixture);
      const status = await market.seriesStatus(tenor.id);
      await expect(vault.harvest(tenor.id)).to.be.revertedWithCustomError(vault, "CoverVaultNotSettled").withArgs(tenor.id, status.finalAt);
      await expect(vault.harvest(ethers.ZeroHash)).to.be.revertedWithCustomError(vault, "CoverVaultUnknownPosition").withArgs(ethers.ZeroHash);
    });

    it("redeems a series settled by time at face and closes the position", async function () {
      const { vault, vaultAddress, protocolId, market, tenor, usdc } = await loadFixture(writtenFixture);
      const [, held] = await vault.positions();
      const idle = await vault.idle();
      await time.increaseTo(tenor.expiry + VAULT_CLAIM_WINDOW);
      const sent = vault.harvest(tenor.id);
      await expect(sent).to.emit(vault, "Harvested").withArgs(protocolId, tenor.id, held[0].noclaim, held[0].noclaim, 0n, (held[0].noclaim * held[0].costPrice) / WAD);
      await expect(sent).to.changeTokenBalance(ethers, usdc, vaultAddress, held[0].noclaim);
      expect(await vault.idle()).to.equal(idle + held[0].noclaim);
      expect((await vault.positions())[0]).to.deep.equal([]);
      expect((await vault.book())[0].face).to.equal(0n);
      expect((await market.seriesStatus(tenor.id)).state).to.equal(2n);
    });

    it("redeems a series settled by an incident at 1 - payout", async function () {
      const { vault, protocolId, resolver, controller, tenor, start } = await loadFixture(writtenFixture);
      const [, held] = await vault.positions();
      await time.setNextBlockTimestamp(start + 3600n);
      await resolver.connect(controller).reportIncident(start + 1800n, toWad("0.4"));
      const proceeds = (held[0].noclaim * (WAD - toWad("0.4"))) / WAD;
      await expect(vault.harvest(tenor.id))
        .to.emit(vault, "Harvested").withArgs(protocolId, tenor.id, held[0].noclaim, proceeds, toWad("0.4"), (held[0].noclaim * held[0].costPrice) / WAD);
    });
  });

  describe("redeemInKind", function () {
    it("sends a pro-rata share of idle collateral and of every position, even while the gate is shut", async function () {
      const { vault, alice, bob, tenor, usdc, resolver, controller, start } = await loadFixture(writtenFixture);
      await time.setNextBlockTimestamp(start + 40n);
      await resolver.connect(controller).fileClaim(start + 30n);
      expect((await vault.gate(true))[0]).to.equal(BigInt(VaultGate.ClaimPending));
      const shares = (await vault.balanceOf(alice.address)) / 3n;
      const supply = await vault.totalSupply();
      const idle = await vault.idle();
      const [, held] = await vault.positions();
      const collateral = (idle * shares) / (supply + OFFSET);
      const noclaim = (held[0].noclaim * shares) / (supply + OFFSET);
      const sent = vault.connect(alice).redeemInKind(shares, bob.address);
      await expect(sent).to.emit(vault, "RedeemedInKind").withArgs(alice.address, bob.address, shares, collateral, 1n);
      await expect(sent).to.emit(tenor.noclaim, "Transfer").withArgs(await vault.getAddress(), bob.address, noclaim);
      const [outCollateral, outIds, outNoclaim] = await vault.connect(alice).redeemInKind.staticCall(shares, bob.address);
      expect([outIds, outNoclaim.length, outCollateral > 0n]).to.deep.equal([[tenor.id], 1, true]);
      await expect(sent).to.changeTokenBalance(ethers, usdc, bob, collateral);
      expect(await tenor.noclaim.balanceOf(bob.address)).to.equal(noclaim);
      expect(await vault.idle()).to.equal(idle - collateral);
      expect((await vault.positions())[1][0].noclaim).to.equal(held[0].noclaim - noclaim);
      expect(await vault.totalSupply()).to.equal(supply - shares);
    });

    it("refuses zero shares and more shares than held", async function () {
      const { vault, alice, bob } = await loadFixture(writtenFixture);
      await expect(vault.connect(alice).redeemInKind(0n, alice.address)).to.be.revertedWithCustomError(vault, "CoverVaultZeroAmount");
      await expect(vault.connect(bob).redeemInKind(1n, bob.address))
        .to.be.revertedWithCustomError(vault, "ERC20InsufficientBalance").withArgs(bob.address, 0n, 1n);
    });
  });

  describe("cash exits", function () {
    it("are requested, wait the notice, and pay the lower of the two low marks", async function () {
      const { vault, alice, bob, usdc, start } = await loadFixture(fundedFixture);
      const shares = (await vault.balanceOf(alice.address)) / 2n;
      const assets = (shares * (DEPOSIT + 1n)) / ((await vault.totalSupply()) + OFFSET);
      const [, notice] = await vault.terms();
      const t = start + 20n;
      await time.setNextBlockTimestamp(t);
      await expect(vault.connect(alice).requestRedeem(shares))
        .to.emit(vault, "RedeemRequested").withArgs(alice.address, shares, assets, shares, assets, t + notice);
      expect(await vault.balanceOf(await vault.getAddress())).to.equal(shares);
      expect(await vault.maxRedeem(alice.address)).to.equal(0n);
      await expect(vault.previewRedeem(shares)).to.be.revertedWithCustomError(vault, "CoverVaultAsyncExit");
      await expect(vault.previewWithdraw(assets)).to.be.revertedWithCustomError(vault, "CoverVaultAsyncExit");
      await time.setNextBlockTimestamp(t + notice - 1n);
      await expect(vault.connect(alice).redeem(shares, alice.address, alice.address))
        .to.be.revertedWithCustomError(vault, "CoverVaultRequestNotMatured").withArgs(alice.address, t + notice);
      await time.setNextBlockTimestamp(t + notice);
      await networkHelpers.mine();
      expect(await vault.maxRedeem(alice.address)).to.equal(shares);
      expect(await vault.maxWithdraw(alice.address)).to.equal(assets);
      await expect(vault.connect(alice).redeem(shares + 1n, bob.address, alice.address))
        .to.be.revertedWithCustomError(vault, "CoverVaultExceedsRequest").withArgs(alice.address, shares + 1n, shares);
      await expect(vault.connect(bob).redeem(shares, bob.address, alice.address))
        .to.be.revertedWithCustomError(vault, "CoverVaultCallerNotOwner").withArgs(bob.address, alice.address);
      const sent = vault.connect(alice).redeem(shares, bob.address, alice.address);
      await expect(sent).to.emit(vault, "Withdraw").withArgs(alice.address, bob.address, alice.address, assets, shares);
      await expect(sent).to.changeTokenBalance(ethers, usdc, bob, assets);
      expect(await vault.idle()).to.equal(DEPOSIT - assets);
      expect((await vault.redeemRequest(alice.address))[0].shares).to.equal(0n);
    });

    it("withdraw pays exactly maxWithdraw and burns no more than maxRedeem", async function () {
      const { vault, alice, start } = await loadFixture(writtenFixture);
      const shares = (await vault.balanceOf(alice.address)) / 4n;
      await time.setNextBlockTimestamp(start + 40n);
      await vault.connect(alice).requestRedeem(shares);
      const [, notice] = await vault.terms();
      await time.increaseTo(start + 40n + notice);
      const maxRedeem = await vault.maxRedeem(alice.address);
      const maxWithdraw = await vault.maxWithdraw(alice.address);
      expect(maxRedeem).to.equal(shares);
      const before = await vault.balanceOf(await vault.getAddress());
      await expect(vault.connect(alice).withdraw(maxWithdraw, alice.address, alice.address)).to.emit(vault, "Withdraw");
      const burnt = before - (await vault.balanceOf(await vault.getAddress()));
      expect(burnt).to.be.lessThanOrEqual(maxRedeem);
    });

    it("wait while the gate is shut, and can be cancelled at any time", async function () {
      const { vault, alice, resolver, controller, protocolId, start } = await loadFixture(fundedFixture);
      const shares = await vault.balanceOf(alice.address);
      await time.setNextBlockTimestamp(start + 20n);
      await vault.connect(alice).requestRedeem(shares);
      const [, notice] = await vault.terms();
      await time.setNextBlockTimestamp(start + 20n + notice);
      await resolver.connect(controller).fileClaim(start + 20n + notice - DAY);
      expect(await vault.maxRedeem(alice.address)).to.equal(0n);
      await expect(vault.connect(alice).redeem(shares, alice.address, alice.address))
        .to.be.revertedWithCustomError(vault, "CoverVaultGateShut").withArgs(VaultGate.ClaimPending, asBytes32(protocolId));
      await expect(vault.connect(alice).cancelRedeemRequest()).to.emit(vault, "RedeemRequestCancelled").withArgs(alice.address, shares);
      expect(await vault.balanceOf(alice.address)).to.equal(shares);
      await expect(vault.connect(alice).cancelRedeemRequest()).to.be.revertedWithCustomError(vault, "CoverVaultZeroAmount");
      await expect(vault.connect(alice).requestRedeem(0n)).to.be.revertedWithCustomError(vault, "CoverVaultZeroAmount");
    });
  });

  describe("curator", function () {
    it("may only lower caps and stop underwriting", async function () {
      const { vault, curator, alice, protocolId } = await loadFixture(vaultFixture);
      await expect(vault.connect(alice).lowerCap(protocolId, 1n)).to.be.revertedWithCustomError(vault, "CoverVaultNotCurator").withArgs(alice.address);
      await expect(vault.connect(alice).stopUnderwriting(protocolId)).to.be.revertedWithCustomError(vault, "CoverVaultNotCurator").withArgs(alice.address);
      await expect(vault.connect(curator).lowerCap(protocolId, toWad("0.5")))
        .to.be.revertedWithCustomError(vault, "CoverVaultCapNotLowered").withArgs(protocolId, toWad("0.5"), toWad("0.5"));
      await expect(vault.connect(curator).lowerCap(99, 1n)).to.be.revertedWithCustomError(vault, "CoverVaultUnknownProtocol").withArgs(99);
      await expect(vault.connect(curator).lowerCap(protocolId, toWad("0.2"))).to.emit(vault, "CapLowered").withArgs(protocolId, toWad("0.5"), toWad("0.2"));
      expect((await vault.book())[0].cap).to.equal(toWad("0.2"));
      await expect(vault.connect(curator).stopUnderwriting(protocolId)).to.emit(vault, "UnderwritingStopped").withArgs(protocolId);
      expect((await vault.book())[0].stopped).to.equal(true);
    });
  });
});
