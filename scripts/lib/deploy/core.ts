import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

/** Deploys the cover market with `guardian` as the guardian (its owner); returns the contract. */
export async function deployCore(ethers: HardhatEthers, guardian: string) {
  const market = await ethers.deployContract("CoverMarket", [guardian]);
  await market.waitForDeployment();
  return market;
}
