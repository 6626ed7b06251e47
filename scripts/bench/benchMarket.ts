import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { deployMarket } from "../lib/deploy/stack.js";

/** Claim window W of the bench protocol, in seconds (14 days). */
const BENCH_CLAIM_WINDOW = 14n * 24n * 3600n;

/**
 * The market the gas benches measure against: the core (guardian `deployer`), one protocol registered by a
 * TestResolver that `controller` drives, and a 6-decimal USDC with an open mint.
 */
export async function deployBenchMarket(ethers: HardhatEthers, deployer: HardhatEthersSigner, controller: HardhatEthersSigner) {
  const market = await deployMarket(deployer, deployer.address);
  const marketAddress = await market.getAddress();
  const resolver = await ethers.deployContract(
    "TestResolver",
    [marketAddress, "Bench Lending", "BENCH", "ipfs://bench", BENCH_CLAIM_WINDOW],
    controller,
  );
  const protocolId = await resolver.protocolId();
  const usdc = await ethers.deployContract("TestERC20", ["USD Coin", "USDC", 6]);
  return { market, marketAddress, resolver, protocolId, usdc };
}
