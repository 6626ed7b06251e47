import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ethers } from "./connection.js";
import { nthExpiryAfter } from "../../scripts/lib/market/calendar.js";
import { deployMarket } from "../../scripts/lib/deploy/stack.js";

/** Claim window W of the fixture's protocol, in seconds. */
export const CLAIM_WINDOW = 14n * 24n * 3600n;
/** D, the market's claim decision period, in seconds (Constants.CLAIM_DECISION_PERIOD). */
export const DECISION_PERIOD = 7n * 24n * 3600n;
export const MAX_UINT = 2n ** 256n - 1n;

/**
 * The core layer: a market, a protocol registered by a resolver the tests control, a 6-decimal and an
 * 18-decimal collateral, five funded users who approved the market, and one series per collateral.
 */
export async function marketFixture() {
  const [deployer, guardian, resolverController, ...users] = await ethers.getSigners();
  const market = await deployMarket(deployer, guardian.address);
  const resolver = await ethers.deployContract(
    "TestResolver",
    [await market.getAddress(), "Test Lending v1", "TLEND", "ipfs://terms/test-lending", CLAIM_WINDOW],
    resolverController,
  );
  const protocolId = await resolver.protocolId();
  const usdc = await ethers.deployContract("TestERC20", ["Test USD Coin", "USDC", 6]);
  const dai = await ethers.deployContract("TestERC20", ["Test Dai", "DAI", 18]);
  const holders = users.slice(0, 5);
  for (const user of holders) {
    for (const token of [usdc, dai]) {
      await token.mint(user.address, 10n ** 30n);
      await token.connect(user).approve(await market.getAddress(), MAX_UINT);
    }
  }
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const expiry = nthExpiryAfter(now, 4);
  await market.createSeries(protocolId, await usdc.getAddress(), expiry);
  await market.createSeries(protocolId, await dai.getAddress(), expiry);
  const usdcSeries = await seriesHandle(market, protocolId, await usdc.getAddress(), expiry);
  const daiSeries = await seriesHandle(market, protocolId, await dai.getAddress(), expiry);
  return { market, resolver, protocolId, usdc, dai, usdcSeries, daiSeries, expiry, deployer, guardian, resolverController, users: holders };
}

export type MarketFixture = Awaited<ReturnType<typeof marketFixture>>;

/** A series' id and its two tokens as contracts. */
export async function seriesHandle(market: any, protocolId: bigint | number, collateral: string, expiry: bigint) {
  const id: string = await market.seriesIdOf(protocolId, collateral, expiry);
  const [claimAddress, noclaimAddress] = await market.seriesTokens(id);
  const claim = await ethers.getContractAt("CoverToken", claimAddress);
  const noclaim = await ethers.getContractAt("CoverToken", noclaimAddress);
  return { id, claim, noclaim, expiry, collateral };
}

export type Signer = HardhatEthersSigner;
