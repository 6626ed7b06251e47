import { expect } from "chai";
import { ethers, networkHelpers } from "../shared/connection.js";
import { vaultFixture, vaultTerms, UNIT } from "../shared/vaultFixture.js";
import { createdVault } from "../../scripts/lib/deploy/vault.js";
import { DAY } from "../../scripts/lib/market/calendar.js";
import { VaultGate } from "../../scripts/lib/market/enums.js";
import { toWad } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;
const OFFSET = 10n ** 6n;
const DEPOSIT = 10_000n * UNIT;

/** Alice and bob deposit 10,000 each at start + 10 s and + 11 s; the vault underwrites at start + 20 s. */
async function twoHoldersFixture() {
  const f = await vaultFixture();
  await time.setNextBlockTimestamp(f.start + 10n);
  await f.vault.connect(f.alice).deposit(DEPOSIT, f.alice.address);
  await time.setNextBlockTimestamp(f.start + 11n);
  await f.vault.connect(f.bob).deposit(DEPOSIT, f.bob.address);
  await time.setNextBlockTimestamp(f.start + 20n);
  await f.vault.underwrite(f.protocolId);
  return f;
}

/** Value per share at both marks, as a fraction scaled by 1e18, with the vault's virtual share and asset. */
async function perShare(vault: Awaited<ReturnType<typeof vaultFixture>>["vault"]) {
  const [high, low] = await vault.marks();
  const supply = (await vault.totalSupply()) + OFFSET;
  return { high: ((high + 1n) * 10n ** 18n) / supply, low: ((low + 1n) * 10n ** 18n) / supply };
}

describe("CoverVault: attacks", function () {
  it("inflation: a first deposit of 1 wei and a donation change neither the victim's shares nor its exit", async function () {
    const { vault, vaultAddress, usdc, alice, mallory, start } = await loadFixture(vaultFixture);
    const fair = await vault.previewDeposit(1_000n * UNIT);
    await time.setNextBlockTimestamp(start + 10n);
    await vault.connect(mallory).deposit(1n, mallory.address);
    await usdc.connect(mallory).transfer(vaultAddress, 1_000_000n * UNIT);
    const marks = await vault.marks();
    expect([marks[0], marks[1]]).to.deep.equal([1n, 1n]); // the ledger never reads balanceOf
    await time.setNextBlockTimestamp(start + 20n);
    await vault.connect(alice).deposit(1_000n * UNIT, alice.address);
    // Mallory's 10^6 shares against 10^6 virtual ones: alice's price is the 1:1 of an empty vault.
    expect(await vault.balanceOf(alice.address)).to.equal(fair);
    const malloryShares = await vault.balanceOf(mallory.address);
    // Her 10^6 shares are worth less than 1 wei of the ledger's 1,000,000,001: nothing to take (the donation is
    // not in the ledger), so the exit is refused as dust.
    expect(malloryShares).to.equal(OFFSET);
    await expect(vault.connect(mallory).redeemInKind(malloryShares, mallory.address))
      .to.be.revertedWithCustomError(vault, "CoverVaultZeroAmount");
    const aliceBefore = await usdc.balanceOf(alice.address);
    await vault.connect(alice).redeemInKind(await vault.balanceOf(alice.address), alice.address);
    // Dust bound: the virtual shares keep at most 1 wei per 10^6 shares' worth.
    expect((await usdc.balanceOf(alice.address)) - aliceBefore).to.be.greaterThanOrEqual(1_000n * UNIT - 1n);
  });

  it("a donated position changes no mark and no exit", async function () {
    const { vault, vaultAddress, market, tenor, mallory, alice, start } = await loadFixture(twoHoldersFixture);
    const marks = await vault.marks();
    const [, held] = await vault.positions();
    await market.connect(mallory).mint(tenor.id, 5_000n * UNIT, mallory.address, mallory.address);
    await tenor.noclaim.connect(mallory).transfer(vaultAddress, 5_000n * UNIT);
    await tenor.claim.connect(mallory).transfer(vaultAddress, 5_000n * UNIT);
    expect(await vault.marks()).to.deep.equal(marks);
    expect((await vault.positions())[1][0].noclaim).to.equal(held[0].noclaim);
    const shares = await vault.balanceOf(alice.address);
    const supply = await vault.totalSupply();
    await time.setNextBlockTimestamp(start + 30n);
    await vault.connect(alice).redeemInKind(shares, alice.address);
    expect(await tenor.noclaim.balanceOf(alice.address)).to.equal((held[0].noclaim * shares) / (supply + OFFSET));
    expect(await tenor.claim.balanceOf(alice.address)).to.equal(0n);
  });

  it("no deposit at face while a loss is pending: shut from the claim's filing until the harvest", async function () {
    const { vault, resolver, controller, protocolId, tenor, carol, start } = await loadFixture(twoHoldersFixture);
    const exploit = start + 100n;
    await time.setNextBlockTimestamp(exploit + 3600n);
    await resolver.connect(controller).fileClaim(exploit);
    await expect(vault.connect(carol).deposit(DEPOSIT, carol.address))
      .to.be.revertedWithCustomError(vault, "CoverVaultGateShut").withArgs(VaultGate.ClaimPending, ethers.zeroPadValue(ethers.toBeHex(protocolId), 32));
    await time.setNextBlockTimestamp(exploit + DAY);
    await resolver.connect(controller).decideClaim(1n, true, toWad("0.5"));
    // The claim is decided; its incident applies to the held series, whose NOCLAIM the high mark now counts at
    // 1 - 0.5, and deposits stay shut until the harvest.
    await expect(vault.connect(carol).deposit(DEPOSIT, carol.address))
      .to.be.revertedWithCustomError(vault, "CoverVaultGateShut").withArgs(VaultGate.IncidentApplied, tenor.id);
    expect(await vault.maxDeposit(carol.address)).to.equal(0n);
    await vault.harvest(tenor.id);
    const { high } = await perShare(vault);
    await time.setNextBlockTimestamp(exploit + DAY + 10n);
    await vault.connect(carol).deposit(DEPOSIT, carol.address);
    expect((await perShare(vault)).high).to.be.greaterThanOrEqual(high);
  });

  it("a cash exit requested between an exploit and its claim takes its share of the loss", async function () {
    const { vault, resolver, controller, bob, tenor, start } = await loadFixture(twoHoldersFixture);
    const exploit = start + 100n;
    const requestAt = exploit + 60n;
    await time.setNextBlockTimestamp(requestAt);
    const shares = await vault.balanceOf(bob.address);
    await vault.connect(bob).requestRedeem(shares);
    const [request] = await vault.redeemRequest(bob.address);
    await time.setNextBlockTimestamp(exploit + DAY);
    await resolver.connect(controller).fileClaim(exploit);
    await time.setNextBlockTimestamp(exploit + 2n * DAY);
    await resolver.connect(controller).decideClaim(1n, true, toWad("1"));
    const [, notice] = await vault.terms();
    await time.setNextBlockTimestamp(requestAt + notice);
    await networkHelpers.mine();
    // Matured, but an applied incident waits for its harvest: nothing is payable.
    expect(await vault.maxRedeem(bob.address)).to.equal(0n);
    await expect(vault.connect(bob).redeem(shares, bob.address, bob.address))
      .to.be.revertedWithCustomError(vault, "CoverVaultGateShut").withArgs(VaultGate.IncidentApplied, tenor.id);
    await vault.harvest(tenor.id);
    const before = await perShare(vault);
    const [, low] = await vault.marks();
    const supply = await vault.totalSupply();
    const fair = (shares * (low + 1n)) / (supply + OFFSET);
    expect(fair).to.be.lessThan(request.assets); // the loss lowered the low mark below the request's
    await expect(vault.connect(bob).redeem(shares, bob.address, bob.address))
      .to.emit(vault, "Withdraw").withArgs(bob.address, bob.address, bob.address, fair, shares);
    const after = await perShare(vault);
    expect(after.low).to.be.greaterThanOrEqual(before.low);
    expect(after.high).to.be.greaterThanOrEqual(before.high);
  });

  it("read-only reentrancy: a mark read from inside a vault call reverts instead of seeing a half-made change", async function () {
    const { vaultFactory, protocolId, curator, alice, start } = await loadFixture(vaultFixture);
    // A collateral whose transfers call back (contracts/test/ReentrantERC20.sol), armed to read totalAssets()
    // while the vault's deposit is pulling it.
    const token = await ethers.deployContract("ReentrantERC20");
    const vault = await ethers.getContractAt(
      "CoverVault", await createdVault(vaultFactory, await vaultFactory.createVault(vaultTerms(await token.getAddress(), protocolId, curator.address))),
    );
    await token.mint(alice.address, DEPOSIT);
    await token.connect(alice).approve(await vault.getAddress(), DEPOSIT);
    await token.arm(await vault.getAddress(), vault.interface.encodeFunctionData("totalAssets"));
    await time.setNextBlockTimestamp(start + 10n);
    await vault.connect(alice).deposit(DEPOSIT, alice.address);
    expect(await token.attempts()).to.equal(1n);
    expect(await token.lastCallSucceeded()).to.equal(false);
    expect(await token.lastReturnData()).to.equal(vault.interface.getError("ReentrancyGuardReentrantCall")!.selector);
    expect(await vault.totalAssets()).to.equal(DEPOSIT); // outside the call, the mark reads
  });

  it("a pool emptied to lift the low mark: no guarded TWAP, so at most cost basis and cash exits wait", async function () {
    const { vault, router, uniswap, lp, bob, tenor, riskOracle, start, deadline } = await loadFixture(twoHoldersFixture);
    await time.setNextBlockTimestamp(start + 30n);
    await vault.connect(bob).requestRedeem(await vault.balanceOf(bob.address));
    const [, lowBefore, pricedBefore] = await vault.marks();
    expect(pricedBefore).to.equal(true);
    // The only LP takes all its liquidity out of both of the tenor series' pools.
    const pm = uniswap.positionManager as any;
    await (pm.connect(lp) as any).setApprovalForAll(await router.getAddress(), true);
    const count = await pm.balanceOf(lp.address);
    for (let i = 0n; i < count; i++) {
      const tokenId = await pm.tokenOfOwnerByIndex(lp.address, i);
      const { liquidity } = await pm.positions(tokenId);
      await router.connect(lp).removeLiquidity({
        seriesId: tenor.id, tokenId, liquidity, coverMin: 0, collateralMin: 0, unwind: 0, burn: false, recipient: lp.address, deadline,
      });
    }
    const [, notice] = await vault.terms();
    await time.increaseTo(start + 30n + notice);
    expect((await riskOracle.twapRisk(tenor.id)).status).to.equal(6n); // ThinLiquidity
    const [, held] = await vault.positions();
    const idle = await vault.idle();
    const [, low, priced] = await vault.marks();
    expect(priced).to.equal(false);
    expect(low).to.be.lessThanOrEqual(idle + (held[0].noclaim * held[0].costPrice) / 10n ** 18n);
    // DESIGN's fallback, min(cost basis, 1 - spot CLAIM), may sit a little above the TWAP mark it replaces (here
    // cost 0.9508 and 1 - spot CLAIM 0.9512 against the NOCLAIM TWAP's 0.9498): never above cost, and nobody can
    // cash it, since cash exits wait for a guarded price.
    expect(low - lowBefore).to.be.lessThan(held[0].noclaim / 100n);
    expect(await vault.gate(true)).to.deep.equal([BigInt(VaultGate.NoPrice), tenor.id]);
    expect(await vault.maxRedeem(bob.address)).to.equal(0n);
    await expect(vault.connect(bob).redeem(1n, bob.address, bob.address))
      .to.be.revertedWithCustomError(vault, "CoverVaultGateShut").withArgs(VaultGate.NoPrice, tenor.id);
  });

  it("an exit never lowers the other holders' value per share at either mark", async function () {
    const { vault, alice, start } = await loadFixture(twoHoldersFixture);
    const before = await perShare(vault);
    await time.setNextBlockTimestamp(start + 30n);
    await vault.connect(alice).redeemInKind((await vault.balanceOf(alice.address)) / 3n, alice.address);
    const after = await perShare(vault);
    // The in-kind exit takes NOCLAIM at its ledger share; the marks per share stay put or rise by rounding.
    expect(after.high).to.be.greaterThanOrEqual(before.high);
    expect(after.low).to.be.greaterThanOrEqual(before.low);
  });
});
