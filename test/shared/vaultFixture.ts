import { ethers, networkHelpers } from "./connection.js";
import { MAX_UINT } from "./marketFixture.js";
import { deployMarket, deployPeriphery } from "../../scripts/lib/deploy/stack.js";
import { deployUniswap } from "../../scripts/lib/deploy/uniswap.js";
import { createdVault, deployVaultFactory } from "../../scripts/lib/deploy/vault.js";
import { openPricedSeries } from "../../scripts/lib/scenario/pricedSeries.js";
import { DAY, WEEK } from "../../scripts/lib/market/calendar.js";
import { toWad } from "../../scripts/lib/market/payout.js";

const { time } = networkHelpers;

/** Claim window W of the fixture's protocols, seconds. */
export const VAULT_CLAIM_WINDOW = 14n * DAY;
/** The risk oracle's TWAP window (config/uniswap.json), seconds. */
export const TWAP_WINDOW = 1800n;
export const UNIT = 10n ** 6n;
/** Starting implied risk of the tenor series' pools. */
export const TENOR_RISK = toWad("0.05");

/** The fixture vault's terms (one protocol; see vaultFixture). */
export function vaultTerms(collateral: string, protocolId: bigint, curator: string) {
  return {
    collateral,
    name: "Cover Vault USDC",
    symbol: "cvUSDC",
    curator,
    protocols: [{ protocolId, cap: toWad("0.5"), minRate: toWad("0.1") }],
    tenorWeeks: 4,
    noticePeriod: TWAP_WINDOW + VAULT_CLAIM_WINDOW + DAY,
    spotTolerance: toWad("0.05"),
    windowFraction: toWad("0.25"),
    maxImpact: toWad("0.03"),
  };
}

/**
 * The vault layer on a fresh market, at explicit times. T0 is the Monday 00:00 UTC of the week after the latest
 * block; every time the specs use is T0 plus a stated offset. A protocol (TestResolver, W = 14 days) and a
 * second one for book tests, USDC (6 decimals), Uniswap v3 and the periphery, the vault factory, and one vault
 * (cap 50%, floor 10% a year, tenor: last Friday of the month at least 4 weeks ahead, notice W + window + 1 day)
 * created by `deployer` with `curator` as curator. The tenor series of T0 + 1 day has both pools seeded at 5%,
 * with history: the fixture ends at `start` = T0 + 1 day, two TWAP windows after the pools' first trades.
 */
export async function vaultFixture() {
  const [deployer, guardian, controller, lp, alice, bob, carol, mallory, curator, trader] = await ethers.getSigners();
  const latest = BigInt(await time.latest());
  // 1970-01-05 was a Monday.
  const T0 = ((latest / WEEK) + 1n) * WEEK + 4n * DAY;
  await time.increaseTo(T0);

  const market = await deployMarket(deployer, guardian.address);
  const marketAddress = await market.getAddress();
  const resolver = await ethers.deployContract(
    "TestResolver", [marketAddress, "Vault Lending v1", "VLEND", "ipfs://terms/vault-lending", VAULT_CLAIM_WINDOW], controller,
  );
  const protocolId = await resolver.protocolId();
  const resolver2 = await ethers.deployContract(
    "TestResolver", [marketAddress, "Vault Bridge v1", "VBRDG", "ipfs://terms/vault-bridge", VAULT_CLAIM_WINDOW], controller,
  );
  const protocolId2 = await resolver2.protocolId();
  const usdc = await ethers.deployContract("TestERC20", ["Test USD Coin", "USDC", 6]);
  const collateral = await usdc.getAddress();

  const uniswap = await deployUniswap(deployer);
  const periphery = await deployPeriphery(deployer, marketAddress, uniswap);
  const { router, riskOracle, pools, tickSpacing } = periphery;
  const routerAddress = await router.getAddress();
  const { vaultFactory, vaultDeployer } = await deployVaultFactory(deployer, marketAddress, routerAddress, await riskOracle.getAddress());

  const terms = vaultTerms(collateral, protocolId, curator.address);
  const vault = await ethers.getContractAt("CoverVault", await createdVault(vaultFactory, await vaultFactory.createVault(terms)));
  const vaultAddress = await vault.getAddress();
  for (const user of [lp, alice, bob, carol, mallory, trader]) {
    await usdc.mint(user.address, 10n ** 12n * UNIT);
    for (const spender of [marketAddress, routerAddress, vaultAddress]) await usdc.connect(user).approve(spender, MAX_UINT);
  }

  const start = T0 + DAY;
  const tenorExpiry = await vault.tenorExpiry(start);
  const deadline = T0 + 365n * DAY;
  const tenor = await openPricedSeries({
    market, pools, router, protocolId, collateral, expiry: tenorExpiry, risk: TENOR_RISK, lp, trader,
    liquidity: 100_000n * UNIT, trade: 100n * UNIT, tickSpacing, deadline,
  });
  for (const user of [lp, alice, bob, carol, mallory, trader]) {
    await tenor.claim.connect(user).approve(routerAddress, MAX_UINT);
    await tenor.noclaim.connect(user).approve(routerAddress, MAX_UINT);
  }
  await time.increaseTo(start);

  return {
    market, resolver, resolver2, protocolId, protocolId2, usdc, collateral, uniswap, ...periphery, vaultFactory, vaultDeployer,
    vault, vaultAddress, terms, tenor, T0, start, deadline,
    deployer, guardian, controller, lp, alice, bob, carol, mallory, curator, trader,
  };
}

export type VaultFixture = Awaited<ReturnType<typeof vaultFixture>>;
