/**
 * Uniswap v3 for Cover Market, for every caller (npm start, npm run deploy, fixtures, benchmarks): on a local
 * chain, the real v3-core factory and the v3-periphery NonfungiblePositionManager, SwapRouter and QuoterV2,
 * deployed from their npm artifacts (bytecode as published, so pool addresses follow the canonical init code hash),
 * with a WETH9 of our own; on a public network, the canonical deployment's addresses from config/uniswap.json.
 */
import { createRequire } from "node:module";
import { Contract, ContractFactory, ZeroAddress, type InterfaceAbi, type Signer } from "ethers";
import {
  IQuoterV2__factory, ISwapRouter__factory, IUniswapV3Factory__factory, WETH9__factory,
  type IPositionManager, type IQuoterV2, type ISwapRouter, type IUniswapV3Factory,
} from "../chain/contracts.js";

const require = createRequire(import.meta.url);

interface NpmArtifact {
  abi: InterfaceAbi;
  bytecode: string;
}

/** The npm artifacts: bytecode to deploy locally (the ABIs are typechain's, see chain/contracts.ts). */
export const uniswapArtifacts = {
  factory: require("@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json") as NpmArtifact,
  pool: require("@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json") as NpmArtifact,
  positionManager: require("@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json") as NpmArtifact,
  swapRouter: require("@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json") as NpmArtifact,
  quoterV2: require("@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json") as NpmArtifact,
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

/** A Uniswap v3 deployment with its contracts bound to a signer. */
export interface Uniswap {
  /** Deployed here from the npm artifacts (the deployer owns the factory). */
  local: boolean;
  addresses: UniswapAddresses;
  factory: IUniswapV3Factory;
  positionManager: IPositionManager;
  /** Null where only SwapRouter02 exists (the cover router uses neither). */
  swapRouter: ISwapRouter | null;
  quoterV2: IQuoterV2;
}

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
  const { networks } = uniswapSettings();
  const entry = networks[network];
  if (!entry) throw new Error(`no Uniswap v3 addresses for network "${network}" in config/uniswap.json (known: ${Object.keys(networks).join(", ")})`);
  return entry;
}

function bind(addresses: UniswapAddresses, signer: Signer, local: boolean): Uniswap {
  return {
    local,
    addresses,
    factory: IUniswapV3Factory__factory.connect(addresses.factory, signer),
    // IPositionManager types the part this project uses; the contract gets the whole npm ABI (its events too).
    positionManager: new Contract(addresses.positionManager, uniswapArtifacts.positionManager.abi, signer) as unknown as IPositionManager,
    swapRouter: addresses.swapRouter ? ISwapRouter__factory.connect(addresses.swapRouter, signer) : null,
    quoterV2: IQuoterV2__factory.connect(addresses.quoterV2, signer),
  };
}

/**
 * Deploys Uniswap v3 from the npm artifacts (and WETH9 from this project), in the order WETH9, factory, position
 * manager, router, quoter, signed by `signer`; returns it with the block the factory was deployed in.
 */
export async function deployUniswap(signer: Signer): Promise<Uniswap & { factoryBlock: number }> {
  const deploy = async (artifact: NpmArtifact, ...args: unknown[]) => {
    const contract = await new ContractFactory(artifact.abi, artifact.bytecode, signer).deploy(...args);
    await contract.waitForDeployment();
    return contract;
  };
  const weth = await new WETH9__factory(signer).deploy();
  const weth9 = await (await weth.waitForDeployment()).getAddress();
  const factory = await deploy(uniswapArtifacts.factory);
  const factoryBlock = (await factory.deploymentTransaction()!.wait())!.blockNumber;
  const factoryAddress = await factory.getAddress();
  const positionManager = await deploy(uniswapArtifacts.positionManager, factoryAddress, weth9, ZeroAddress);
  const swapRouter = await deploy(uniswapArtifacts.swapRouter, factoryAddress, weth9);
  const quoterV2 = await deploy(uniswapArtifacts.quoterV2, factoryAddress, weth9);
  const chainId = Number((await signer.provider!.getNetwork()).chainId);
  const addresses = {
    chainId, factory: factoryAddress, positionManager: await positionManager.getAddress(), swapRouter: await swapRouter.getAddress(), quoterV2: await quoterV2.getAddress(), weth9,
  };
  return { ...bind(addresses, signer, true), factoryBlock };
}

/** The canonical deployment of public network `network`; checks the RPC's chain id and that the factory has code. */
export async function attachUniswap(signer: Signer, network: string): Promise<Uniswap> {
  const addresses = canonicalUniswap(network);
  const provider = signer.provider!;
  const chainId = Number((await provider.getNetwork()).chainId);
  if (addresses.chainId !== undefined && addresses.chainId !== chainId) {
    throw new Error(`config/uniswap.json lists "${network}" as chain ${addresses.chainId}, but the RPC endpoint is chain ${chainId}`);
  }
  if ((await provider.getCode(addresses.factory)) === "0x") {
    throw new Error(`Uniswap v3 factory ${addresses.factory} has no code on "${network}": wrong network or config`);
  }
  return bind(addresses, signer, false);
}

/**
 * Makes sure the factory has `fee` with `tickSpacing`: enables it on a local deployment (the deployer owns the
 * factory); on a public one, only checks, since the tiers there are fixed.
 */
export async function ensureFeeTier(uniswap: Uniswap, fee: number, tickSpacing: number): Promise<void> {
  const current = Number(await uniswap.factory.feeAmountTickSpacing(fee));
  if (current === tickSpacing) return;
  if (current !== 0 || !uniswap.local) throw new Error(`fee tier ${fee} has tick spacing ${current} on this factory, config wants ${tickSpacing}`);
  await (await uniswap.factory.enableFeeAmount(fee, tickSpacing)).wait();
}
