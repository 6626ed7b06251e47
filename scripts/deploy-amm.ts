/**
 * Deploys the AMM layer for a cover market: Uniswap v3 from its npm artifacts on a local network (the canonical
 * deployment's addresses from config/uniswap.json elsewhere), then CoverPools, CoverRouter and CoverLens with
 * the fee tier, tick spacing and TWAP guards of config/uniswap.json. Prints the addresses as JSON.
 *
 *   MARKET=0x... npx hardhat run scripts/deploy-amm.ts --network <name>
 *
 * Without MARKET, on a local network only, a fresh market is deployed first (guardian: the first signer).
 */
import { network } from "hardhat";
import { deployCore } from "./lib/deploy/core.js";
import { deployAmm } from "./lib/deploy/amm.js";
import { LOCAL_NETWORKS } from "./lib/deploy/uniswap.js";

const { ethers, networkName } = await network.create();
const [deployer] = await ethers.getSigners();
let market = process.env.MARKET;
if (!market) {
  if (!LOCAL_NETWORKS.has(networkName)) throw new Error(`set MARKET to the cover market's address on "${networkName}"`);
  market = await (await deployCore(ethers, deployer.address)).getAddress();
}
const { uniswap, pools, router, lens, fee, tickSpacing } = await deployAmm(ethers, market, { network: networkName });
console.log(
  JSON.stringify(
    {
      network: networkName,
      chainId: Number((await ethers.provider.getNetwork()).chainId),
      market,
      uniswap: { local: uniswap.local, ...uniswap.addresses },
      pools: { fee, tickSpacing },
      coverPools: await pools.getAddress(),
      coverRouter: await router.getAddress(),
      coverLens: await lens.getAddress(),
    },
    null,
    2,
  ),
);
