/**
 * Uniswap v3 on a local network: the real v3-core factory and the v3-periphery NonfungiblePositionManager,
 * SwapRouter and QuoterV2 from their npm artifacts (so pool addresses follow the canonical init code hash), with
 * this project's WETH9 (contracts/test/WETH9.sol). Deploys in this order: WETH9, factory, position manager, router,
 * quoter.
 */
import { ZeroAddress, type Signer } from "ethers";
import { deployArtifact, projectArtifact, uniswapArtifact } from "./artifacts.js";

export interface UniswapLocal {
  factory: any;
  weth9: any;
  positionManager: any;
  swapRouter: any;
  quoterV2: any;
}

/** Deploys Uniswap v3 from its npm artifacts, signed by `signer`. */
export async function deployUniswapLocal(signer: Signer): Promise<UniswapLocal> {
  const weth9 = await deployArtifact(projectArtifact("WETH9"), signer);
  const factory = await deployArtifact(uniswapArtifact("v3-core", "UniswapV3Factory"), signer);
  const [factoryAddress, wethAddress] = [await factory.getAddress(), await weth9.getAddress()];
  // A zero token descriptor is fine: tokenURI is never needed here.
  const positionManager = await deployArtifact(uniswapArtifact("v3-periphery", "NonfungiblePositionManager"), signer, factoryAddress, wethAddress, ZeroAddress);
  const swapRouter = await deployArtifact(uniswapArtifact("v3-periphery", "SwapRouter"), signer, factoryAddress, wethAddress);
  const quoterV2 = await deployArtifact(uniswapArtifact("v3-periphery", "QuoterV2"), signer, factoryAddress, wethAddress);
  return { factory, weth9, positionManager, swapRouter, quoterV2 };
}
