/**
 * The one deploy path of Cover Market, layer by layer, from any ethers signer (a local node's unlocked account, a
 * public network's deployer key, a Hardhat test signer): the market; the committee and parametric resolvers; the
 * periphery (pool deployer, router, quoter, risk oracle) on a Uniswap v3 deployment with config/uniswap.json's
 * fee tier and TWAP guards; test collaterals. `deployStack` runs them all, with Uniswap v3 deployed from its npm
 * artifacts on a local chain or the canonical deployment on a public one; fixtures and benchmarks take the layers
 * they need.
 */
import type { Provider, Signer } from "ethers";
import {
  CommitteeResolver__factory, CoverMarket__factory, CoverPools__factory, CoverQuoter__factory, CoverRiskOracle__factory,
  CoverRouter__factory, ParametricResolver__factory, TestERC20__factory,
  type CommitteeResolver, type CoverMarket, type CoverPools, type CoverQuoter, type CoverRiskOracle, type CoverRouter,
  type IPositionManager, type IUniswapV3Factory, type ParametricResolver, type TestERC20,
} from "../chain/contracts.js";
import { attachUniswap, deployUniswap, ensureFeeTier, uniswapSettings, type Uniswap, type UniswapAddresses } from "./uniswap.js";

/** Addresses of a deployed stack. */
export interface StackAddresses {
  market: string;
  committeeResolver: string;
  parametricResolver: string;
  coverPools: string;
  coverRouter: string;
  coverQuoter: string;
  coverRiskOracle: string;
  uniswap: UniswapAddresses;
  /** Test collaterals (local chains only). */
  collaterals: Record<string, string>;
}

/** A deployed stack: addresses, the block the market was deployed in, and contracts bound to the signer. */
export interface Stack {
  local: boolean;
  chainId: number;
  startBlock: number;
  /** The block of the Uniswap factory's deployment (the market's start block when the factory existed before). */
  factoryBlock: number;
  guardian: string;
  addresses: StackAddresses;
  contracts: {
    market: CoverMarket;
    committee: CommitteeResolver;
    parametric: ParametricResolver;
    pools: CoverPools;
    router: CoverRouter;
    quoter: CoverQuoter;
    riskOracle: CoverRiskOracle;
    factory: IUniswapV3Factory;
    positionManager: IPositionManager;
    collaterals: Record<string, TestERC20>;
  };
}

export interface StackOptions {
  /** Deploy Uniswap v3 and test collaterals here (a local chain) rather than use canonical addresses. */
  local: boolean;
  /** The network's name in config/uniswap.json (public networks only). */
  network?: string;
  /** The market's guardian (default: the deployer). */
  guardian?: string;
  /** Called with each step's name as it starts. */
  onStep?: (name: string) => void;
}

/** The block a contract was deployed in. */
async function blockOf(contract: { deploymentTransaction(): { wait(): Promise<{ blockNumber: number } | null> } | null }): Promise<number> {
  return (await contract.deploymentTransaction()!.wait())!.blockNumber;
}

/** Waits for a deployment; returns the contract. */
async function deployed<T extends { waitForDeployment(): Promise<unknown> }>(contract: Promise<T>): Promise<T> {
  const c = await contract;
  await c.waitForDeployment();
  return c;
}

/** The core: the market, with `guardian` as its guardian (owner). */
export function deployMarket(signer: Signer, guardian: string): Promise<CoverMarket> {
  return deployed(new CoverMarket__factory(signer).deploy(guardian));
}

/** The committee and the parametric resolver of `market`. */
export async function deployResolvers(signer: Signer, market: string): Promise<{ committee: CommitteeResolver; parametric: ParametricResolver }> {
  const committee = await deployed(new CommitteeResolver__factory(signer).deploy(market));
  const parametric = await deployed(new ParametricResolver__factory(signer).deploy(market));
  return { committee, parametric };
}

/**
 * The periphery of `market` on `uniswap`: CoverPools, CoverRouter, CoverQuoter and CoverRiskOracle at
 * config/uniswap.json's fee tier (enabled on a local factory if missing), the oracle with its default TWAP guards.
 */
export async function deployPeriphery(signer: Signer, market: string, uniswap: Uniswap) {
  const settings = uniswapSettings();
  const { fee, tickSpacing } = settings.pools;
  await ensureFeeTier(uniswap, fee, tickSpacing);
  const { factory, positionManager } = uniswap.addresses;
  const { window, minCardinality, minLiquidityPerUnit } = settings.oracle;
  const pools = await deployed(new CoverPools__factory(signer).deploy(market, factory, fee, tickSpacing));
  const router = await deployed(new CoverRouter__factory(signer).deploy(market, factory, fee, positionManager));
  const quoter = await deployed(new CoverQuoter__factory(signer).deploy(market, factory, fee, positionManager));
  const riskOracle = await deployed(new CoverRiskOracle__factory(signer).deploy(market, factory, fee, { window, minCardinality, minLiquidityPerUnit }));
  return { pools, router, quoter, riskOracle, fee, tickSpacing, oracle: settings.oracle };
}

export type Periphery = Awaited<ReturnType<typeof deployPeriphery>>;

/** Test collaterals that mint to anyone: USDC (6 decimals) and DAI (18). */
export async function deployTestCollaterals(signer: Signer): Promise<{ USDC: TestERC20; DAI: TestERC20 }> {
  const USDC = await deployed(new TestERC20__factory(signer).deploy("Test USD Coin", "USDC", 6));
  const DAI = await deployed(new TestERC20__factory(signer).deploy("Test Dai", "DAI", 18));
  return { USDC, DAI };
}

/** Deploys the whole stack from `signer`; see the file's comment. */
export async function deployStack(signer: Signer, options: StackOptions): Promise<Stack> {
  const provider = signer.provider as Provider;
  if (!provider) throw new Error("deployStack: the signer has no provider");
  if (!options.local && !options.network) throw new Error("deployStack: a public deployment needs the network's name");
  const step = options.onStep ?? (() => {});
  const guardian = options.guardian ?? (await signer.getAddress());
  const chainId = Number((await provider.getNetwork()).chainId);

  step("market");
  const market = await deployMarket(signer, guardian);
  const startBlock = await blockOf(market);
  const marketAddress = await market.getAddress();

  step("Uniswap v3");
  let uniswap: Uniswap;
  let factoryBlock = startBlock;
  if (options.local) {
    const local = await deployUniswap(signer);
    uniswap = local;
    factoryBlock = local.factoryBlock;
  } else {
    uniswap = await attachUniswap(signer, options.network!);
  }

  step("resolvers");
  const { committee, parametric } = await deployResolvers(signer, marketAddress);

  step("pools, router, quoter and risk oracle");
  const { pools, router, quoter, riskOracle } = await deployPeriphery(signer, marketAddress, uniswap);

  let collaterals: Record<string, TestERC20> = {};
  if (options.local) {
    step("test collaterals");
    collaterals = await deployTestCollaterals(signer);
  }
  const collateralAddresses: Record<string, string> = {};
  for (const [symbol, c] of Object.entries(collaterals)) collateralAddresses[symbol] = await c.getAddress();

  return {
    local: options.local,
    chainId,
    startBlock,
    factoryBlock,
    guardian,
    addresses: {
      market: marketAddress,
      committeeResolver: await committee.getAddress(),
      parametricResolver: await parametric.getAddress(),
      coverPools: await pools.getAddress(),
      coverRouter: await router.getAddress(),
      coverQuoter: await quoter.getAddress(),
      coverRiskOracle: await riskOracle.getAddress(),
      uniswap: uniswap.addresses,
      collaterals: collateralAddresses,
    },
    contracts: { market, committee, parametric, pools, router, quoter, riskOracle, factory: uniswap.factory, positionManager: uniswap.positionManager, collaterals },
  };
}
