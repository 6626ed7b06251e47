/**
 * The whole Cover Market stack, deployed with plain ethers from one signer (a local node's unlocked account or a
 * public network's deployer key): the market, the committee and parametric resolvers, Uniswap v3 (from its npm
 * artifacts on a local chain, the canonical deployment's addresses from config/uniswap.json elsewhere), then the
 * pool deployer, the router, the quoter and the risk oracle with config/uniswap.json's fee tier and TWAP guards. On a local chain
 * also two test collaterals, USDC (6 decimals) and DAI (18).
 */
import type { Provider, Signer } from "ethers";
import { attach, deployArtifact, projectArtifact } from "../chain/artifacts.js";
import { canonicalUniswap, uniswapArtifacts, uniswapSettings, type UniswapAddresses } from "./uniswap.js";
import { deployUniswapPlain } from "../scenario/uniswapDirect.js";

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
    market: any;
    committee: any;
    parametric: any;
    pools: any;
    router: any;
    quoter: any;
    riskOracle: any;
    factory: any;
    positionManager: any;
    collaterals: Record<string, any>;
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

async function blockOf(contract: any): Promise<number> {
  return (await contract.deploymentTransaction()!.wait())!.blockNumber;
}

/** Deploys the stack from `signer`; see the file's comment. */
export async function deployStack(signer: Signer, options: StackOptions): Promise<Stack> {
  const provider = signer.provider as Provider;
  if (!provider) throw new Error("deployStack: the signer has no provider");
  const step = options.onStep ?? (() => {});
  const deployer = await signer.getAddress();
  const guardian = options.guardian ?? deployer;
  const chainId = Number((await provider.getNetwork()).chainId);
  const settings = uniswapSettings();
  const { fee, tickSpacing } = settings.pools;

  step("market");
  const market = await deployArtifact(projectArtifact("CoverMarket"), signer, guardian);
  const startBlock = await blockOf(market);
  const marketAddress: string = await market.getAddress();

  step("Uniswap v3");
  let factory: any;
  let positionManager: any;
  let uniswap: UniswapAddresses;
  let factoryBlock = startBlock;
  if (options.local) {
    const u = await deployUniswapPlain(signer as any);
    factory = u.factory;
    positionManager = u.positionManager;
    factoryBlock = await blockOf(u.factory);
    uniswap = {
      chainId,
      factory: await u.factory.getAddress(),
      positionManager: await u.positionManager.getAddress(),
      swapRouter: await u.swapRouter.getAddress(),
      quoterV2: await u.quoterV2.getAddress(),
      weth9: await u.weth9.getAddress(),
    };
    if (Number(await factory.feeAmountTickSpacing(fee)) !== tickSpacing) await (await factory.enableFeeAmount(fee, tickSpacing)).wait();
  } else {
    if (!options.network) throw new Error("deployStack: a public deployment needs the network's name");
    uniswap = canonicalUniswap(options.network);
    if (uniswap.chainId !== undefined && uniswap.chainId !== chainId) {
      throw new Error(`config/uniswap.json lists "${options.network}" as chain ${uniswap.chainId}, but the RPC endpoint is chain ${chainId}`);
    }
    if ((await provider.getCode(uniswap.factory)) === "0x") {
      throw new Error(`Uniswap v3 factory ${uniswap.factory} has no code on "${options.network}": wrong network or config`);
    }
    factory = attach(uniswapArtifacts.factory as any, uniswap.factory, signer);
    positionManager = attach(uniswapArtifacts.positionManager as any, uniswap.positionManager, signer);
  }

  step("resolvers");
  const committee = await deployArtifact(projectArtifact("CommitteeResolver"), signer, marketAddress);
  const parametric = await deployArtifact(projectArtifact("ParametricResolver"), signer, marketAddress);

  step("pools, router, quoter and risk oracle");
  const pools = await deployArtifact(projectArtifact("CoverPools"), signer, marketAddress, uniswap.factory, fee, tickSpacing);
  const router = await deployArtifact(projectArtifact("CoverRouter"), signer, marketAddress, uniswap.factory, fee, uniswap.positionManager);
  const quoter = await deployArtifact(projectArtifact("CoverQuoter"), signer, marketAddress, uniswap.factory, fee, uniswap.positionManager);
  const { window, minCardinality, minLiquidityPerUnit } = settings.oracle;
  const riskOracle = await deployArtifact(projectArtifact("CoverRiskOracle"), signer, marketAddress, uniswap.factory, fee, { window, minCardinality, minLiquidityPerUnit });

  const collaterals: Record<string, any> = {};
  if (options.local) {
    step("test collaterals");
    collaterals.USDC = await deployArtifact(projectArtifact("TestERC20"), signer, "Test USD Coin", "USDC", 6);
    collaterals.DAI = await deployArtifact(projectArtifact("TestERC20"), signer, "Test Dai", "DAI", 18);
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
      uniswap,
      collaterals: collateralAddresses,
    },
    contracts: { market, committee, parametric, pools, router, quoter, riskOracle, factory, positionManager, collaterals },
  };
}
