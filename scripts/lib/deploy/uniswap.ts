/**
 * Uniswap v3 for Cover Market: on a local network, the real v3-core factory and the v3-periphery
 * NonfungiblePositionManager, SwapRouter and QuoterV2, deployed from their npm artifacts (bytecode as
 * published, so pool addresses follow the canonical init code hash), with a WETH9 of our own; on a public
 * network, the canonical deployment's addresses from config/uniswap.json.
 */
import { createRequire } from "node:module";
import { ContractFactory, type Contract, type Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

const require = createRequire(import.meta.url);

interface Artifact {
  abi: any[];
  bytecode: string;
}

/** The npm artifacts, loaded once. */
export const uniswapArtifacts = {
  factory: require("@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json") as Artifact,
  pool: require("@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json") as Artifact,
  positionManager: require(
    "@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json",
  ) as Artifact,
  swapRouter: require("@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json") as Artifact,
  quoterV2: require("@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json") as Artifact,
};

/** Addresses of a Uniswap v3 deployment. `swapRouter` is null where only SwapRouter02 exists. */
export interface UniswapAddresses {
  chainId?: number;
  factory: string;
  positionManager: string;
  swapRouter: string | null;
  quoterV2: string;
  weth9: string;
}

/** The pool fee tier and the risk oracle's default TWAP guards, from config/uniswap.json. */
export interface UniswapSettings {
  pools: { fee: number; tickSpacing: number };
  oracle: { window: number; minCardinality: number; minLiquidityPerUnit: bigint };
  networks: Record<string, UniswapAddresses>;
}

/** A Uniswap v3 deployment with contracts bound to a signer. */
export interface UniswapDeployment {
  local: boolean;
  addresses: UniswapAddresses;
  factory: Contract;
  positionManager: Contract;
  swapRouter: Contract | null;
  quoterV2: Contract;
}

/** Networks on which Uniswap is deployed from the npm artifacts rather than looked up. */
export const LOCAL_NETWORKS = new Set(["hardhat", "hardhatMainnet", "localhost", "default", "local"]);

/** config/uniswap.json, typed. */
export function uniswapSettings(): UniswapSettings {
  const raw = require("../../../config/uniswap.json");
  return {
    pools: raw.pools,
    oracle: { ...raw.oracle, minLiquidityPerUnit: BigInt(raw.oracle.minLiquidityPerUnit) },
    networks: raw.networks,
  };
}

/** The canonical addresses for a public network; throws for a network the config does not list. */
export function canonicalUniswap(network: string): UniswapAddresses {
  const entry = uniswapSettings().networks[network];
  if (!entry) {
    const known = Object.keys(uniswapSettings().networks).join(", ");
    throw new Error(`no Uniswap v3 addresses for network "${network}" in config/uniswap.json (known: ${known})`);
  }
  return entry;
}

/** Deploys Uniswap v3 from the npm artifacts (and WETH9 from this project), signed by `deployer`. */
export async function deployUniswapLocal(ethers: HardhatEthers, deployer?: Signer): Promise<UniswapDeployment> {
  const signer = deployer ?? (await ethers.getSigners())[0];
  const deploy = async (artifact: Artifact, args: unknown[]) => {
    const contract = await new ContractFactory(artifact.abi, artifact.bytecode, signer).deploy(...args);
    await contract.waitForDeployment();
    return contract as unknown as Contract;
  };
  const weth = await ethers.deployContract("WETH9", [], signer);
  const weth9 = await weth.getAddress();
  const factory = await deploy(uniswapArtifacts.factory, []);
  const factoryAddress = await factory.getAddress();
  const positionManager = await deploy(uniswapArtifacts.positionManager, [factoryAddress, weth9, ethers.ZeroAddress]);
  const swapRouter = await deploy(uniswapArtifacts.swapRouter, [factoryAddress, weth9]);
  const quoterV2 = await deploy(uniswapArtifacts.quoterV2, [factoryAddress, weth9]);
  return {
    local: true,
    addresses: {
      factory: factoryAddress,
      positionManager: await positionManager.getAddress(),
      swapRouter: await swapRouter.getAddress(),
      quoterV2: await quoterV2.getAddress(),
      weth9,
    },
    factory,
    positionManager,
    swapRouter,
    quoterV2,
  };
}

/** Binds the canonical deployment of a public network; checks that the factory has code there. */
export async function attachUniswap(ethers: HardhatEthers, network: string, signer?: Signer): Promise<UniswapDeployment> {
  const addresses = canonicalUniswap(network);
  if ((await ethers.provider.getCode(addresses.factory)) === "0x") {
    throw new Error(`Uniswap v3 factory ${addresses.factory} has no code on "${network}": wrong network or config`);
  }
  const runner = signer ?? (await ethers.getSigners())[0];
  const at = (artifact: Artifact, address: string) => ethers.getContractAt(artifact.abi, address, runner) as Promise<Contract>;
  return {
    local: false,
    addresses,
    factory: await at(uniswapArtifacts.factory, addresses.factory),
    positionManager: await at(uniswapArtifacts.positionManager, addresses.positionManager),
    swapRouter: addresses.swapRouter ? await at(uniswapArtifacts.swapRouter, addresses.swapRouter) : null,
    quoterV2: await at(uniswapArtifacts.quoterV2, addresses.quoterV2),
  };
}

/** Uniswap for `network`: deployed from npm artifacts on local networks, the canonical one elsewhere. */
export async function deployUniswap(ethers: HardhatEthers, network = "hardhat", signer?: Signer): Promise<UniswapDeployment> {
  return LOCAL_NETWORKS.has(network) ? deployUniswapLocal(ethers, signer) : attachUniswap(ethers, network, signer);
}

/**
 * Makes sure the factory has `fee` with `tickSpacing`: enables it on a local deployment (the deployer owns the
 * factory); on a public one, only checks, since the tiers there are fixed.
 */
export async function ensureFeeTier(uniswap: UniswapDeployment, fee: number, tickSpacing: number): Promise<void> {
  const current = Number(await uniswap.factory.feeAmountTickSpacing(fee));
  if (current === tickSpacing) return;
  if (current !== 0 || !uniswap.local) {
    throw new Error(`fee tier ${fee} has tick spacing ${current} on this factory, config wants ${tickSpacing}`);
  }
  await (await uniswap.factory.enableFeeAmount(fee, tickSpacing)).wait();
}
