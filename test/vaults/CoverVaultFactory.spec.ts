import { expect } from "chai";
import { ethers, networkHelpers } from "../shared/connection.js";
import { vaultFixture, vaultTerms, TWAP_WINDOW, VAULT_CLAIM_WINDOW } from "../shared/vaultFixture.js";
import { createdVault } from "../../scripts/lib/deploy/vault.js";
import { DAY } from "../../scripts/lib/market/calendar.js";
import { toWad, WAD } from "../../scripts/lib/market/payout.js";

const { loadFixture } = networkHelpers;

describe("CoverVaultFactory", function () {
  it("creates a vault with its book, registers it and emits VaultCreated", async function () {
    const { vaultFactory, collateral, protocolId, protocolId2, curator, deployer, market, router, riskOracle } = await loadFixture(vaultFixture);
    const terms = vaultTerms(collateral, protocolId, curator.address);
    terms.protocols.push({ protocolId: protocolId2, cap: toWad("0.2"), minRate: toWad("0.05") });
    const count = await vaultFactory.vaultCount();
    const tx = await vaultFactory.createVault(terms);
    const address = await createdVault(vaultFactory, tx);
    await expect(tx).to.emit(vaultFactory, "VaultCreated").withArgs(
      address, collateral, deployer.address, curator.address, terms.name, terms.symbol,
      [protocolId, protocolId2], [toWad("0.5"), toWad("0.2")], [toWad("0.1"), toWad("0.05")], 4n, terms.noticePeriod,
    );
    expect(await vaultFactory.isVault(address)).to.equal(true);
    expect(await vaultFactory.isVault(curator.address)).to.equal(false);
    expect(await vaultFactory.vaultCount()).to.equal(count + 1n);
    expect(await vaultFactory.vaultAt(count)).to.equal(address);
    const vault = await ethers.getContractAt("CoverVault", address);
    expect(await vault.asset()).to.equal(collateral);
    expect(await vault.market()).to.equal(await market.getAddress());
    expect(await vault.router()).to.equal(await router.getAddress());
    expect(await vault.riskOracle()).to.equal(await riskOracle.getAddress());
    expect(await vault.curator()).to.equal(curator.address);
    const book = await vault.book();
    expect(book.map((b) => [b.protocolId, b.claimWindow, b.cap, b.minRate, b.stopped])).to.deep.equal([
      [protocolId, VAULT_CLAIM_WINDOW, toWad("0.5"), toWad("0.1"), false],
      [protocolId2, VAULT_CLAIM_WINDOW, toWad("0.2"), toWad("0.05"), false],
    ]);
    expect(await vault.terms()).to.deep.equal([4n, terms.noticePeriod, TWAP_WINDOW, toWad("0.05"), toWad("0.25"), toWad("0.03")]);
  });

  it("writes the last Friday of the month at least N weeks ahead", async function () {
    const { vault } = await loadFixture(vaultFixture);
    // Monday 2027-03-01 00:00 UTC + 4 weeks = 2027-03-29; the first expiry at or after it is Friday 2027-04-02,
    // not the last of its month, so the tenor is the last Friday of April, 2027-04-30 08:00 UTC.
    expect(await vault.tenorExpiry(BigInt(Date.UTC(2027, 2, 1) / 1000))).to.equal(BigInt(Date.UTC(2027, 3, 30, 8) / 1000));
    // Exactly N weeks before a last Friday: that Friday (2027-04-30 08:00 - 4 weeks = 2027-04-02 08:00).
    expect(await vault.tenorExpiry(BigInt(Date.UTC(2027, 3, 2, 8) / 1000))).to.equal(BigInt(Date.UTC(2027, 3, 30, 8) / 1000));
    // One second later: the next month's last Friday, 2027-05-28.
    expect(await vault.tenorExpiry(BigInt(Date.UTC(2027, 3, 2, 8) / 1000) + 1n)).to.equal(BigInt(Date.UTC(2027, 4, 28, 8) / 1000));
  });

  it("refuses books the rules do not allow, each with its error", async function () {
    const { vaultFactory, market, collateral, protocolId, protocolId2, curator } = await loadFixture(vaultFixture);
    const base = () => vaultTerms(collateral, protocolId, curator.address);
    const cases: [ReturnType<typeof base>, string, unknown[]][] = [];
    let t = base(); t.protocols = []; cases.push([t, "CoverVaultEmptyBook", []]);
    t = base(); t.protocols[0].cap = toWad("0.5") + 1n; cases.push([t, "CoverVaultInvalidCap", [protocolId, toWad("0.5") + 1n]]);
    t = base(); t.protocols[0].cap = 0n; cases.push([t, "CoverVaultInvalidCap", [protocolId, 0n]]);
    t = base(); t.protocols.push({ ...t.protocols[0] }); cases.push([t, "CoverVaultDuplicateProtocol", [protocolId]]);
    t = base(); t.tenorWeeks = 0; cases.push([t, "CoverVaultInvalidTenor", [0n]]);
    t = base(); t.tenorWeeks = 48; cases.push([t, "CoverVaultInvalidTenor", [48n]]);
    t = base(); t.noticePeriod = TWAP_WINDOW + VAULT_CLAIM_WINDOW - 1n;
    cases.push([t, "CoverVaultNoticeTooShort", [TWAP_WINDOW + VAULT_CLAIM_WINDOW - 1n, TWAP_WINDOW + VAULT_CLAIM_WINDOW]]);
    t = base(); t.spotTolerance = WAD + 1n; cases.push([t, "CoverVaultInvalidGuards", [WAD + 1n, toWad("0.25"), toWad("0.03")]]);
    t = base(); t.windowFraction = 0n; cases.push([t, "CoverVaultInvalidGuards", [toWad("0.05"), 0n, toWad("0.03")]]);
    t = base(); t.maxImpact = WAD; cases.push([t, "CoverVaultInvalidGuards", [toWad("0.05"), toWad("0.25"), WAD]]);
    t = base(); t.collateral = ethers.ZeroAddress; cases.push([t, "CoverVaultZeroCollateral", []]);
    // N = 40 weeks, W = 14 days: (40 + 5 weeks + 14 days + 7 days) / 4 weeks + 1 = 13 positions per protocol; two
    // protocols could need 26 > 16.
    t = base(); t.tenorWeeks = 40; t.protocols.push({ protocolId: protocolId2, cap: toWad("0.1"), minRate: 0n });
    cases.push([t, "CoverVaultBookTooLarge", [26n, 16n]]);
    for (const [terms, error, args] of cases) {
      await expect(vaultFactory.createVault(terms), error).to.be.revertedWithCustomError(vaultFactory, error).withArgs(...args);
    }
    const unknown = base(); unknown.protocols[0].protocolId = 99n;
    await expect(vaultFactory.createVault(unknown)).to.be.revertedWithCustomError(market, "CoverUnknownProtocol").withArgs(99);
    // The largest book the bound allows is accepted: one protocol at N = 40 needs 13.
    const one = base(); one.tenorWeeks = 40;
    await expect(vaultFactory.createVault(one)).to.emit(vaultFactory, "VaultCreated");
    void DAY;
  });
});
