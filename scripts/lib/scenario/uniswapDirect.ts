/**
 * A cover market on a local JSON-RPC chain (`hardhat node`), driven with plain ethers through the node's unlocked
 * accounts: the core, a test resolver, collaterals and Uniswap v3, series with their pools, liquidity and swaps.
 * Shared by the subgraph's integration test and the indexing benchmark.
 */
import { MaxUint256, type JsonRpcProvider, ZeroAddress, type JsonRpcSigner } from "ethers";
import { attach, deployArtifact, projectArtifact } from "../chain/artifacts.js";
import { uniswapArtifacts } from "../deploy/uniswap.js";
import type { SubgraphConfig } from "../subgraph/manifest.js";

/** Full-range ticks for the fee tiers used here. */
export const TICK_SPACING: Record<number, number> = { 500: 10, 3000: 60, 10000: 200 };
const MAX_TICK = 887272;
const MAX_UINT128 = 2n ** 128n - 1n;
const Q96 = 2n ** 96n;

/** One series and its tokens. */
export interface LocalSeries {
  id: string;
  expiry: bigint;
  collateral: any;
  collateralAddress: string;
  claim: any;
  noclaim: any;
  decimals: number;
}

/** One Uniswap pool of a series. */
export interface LocalPool {
  address: string;
  contract: any;
  series: LocalSeries;
  side: "Claim" | "Noclaim";
  fee: number;
  cover: string;
  coverIsToken0: boolean;
}

/** Uniswap v3 deployed from its npm artifacts, bound to plain ethers. */
export interface UniswapLocal {
  factory: any;
  weth9: any;
  positionManager: any;
  swapRouter: any;
  quoterV2: any;
}

/**
 * Uniswap v3 from its npm artifacts and this project's WETH9, as deployUniswap.ts's deployUniswapLocal does (same
 * contracts, same order: WETH9, factory, position manager, router, quoter) but with a plain ethers signer, outside
 * Hardhat's runtime.
 */
export async function deployUniswapPlain(signer: JsonRpcSigner): Promise<UniswapLocal> {
  const weth9 = await deployArtifact(projectArtifact("WETH9"), signer);
  const factory = await deployArtifact(uniswapArtifacts.factory, signer);
  const [factoryAddress, wethAddress] = [await factory.getAddress(), await weth9.getAddress()];
  const positionManager = await deployArtifact(uniswapArtifacts.positionManager, signer, factoryAddress, wethAddress, ZeroAddress);
  const swapRouter = await deployArtifact(uniswapArtifacts.swapRouter, signer, factoryAddress, wethAddress);
  const quoterV2 = await deployArtifact(uniswapArtifacts.quoterV2, signer, factoryAddress, wethAddress);
  return { factory, weth9, positionManager, swapRouter, quoterV2 };
}

/** The deployed stack. */
export interface LocalMarket {
  provider: JsonRpcProvider;
  accounts: JsonRpcSigner[];
  deployer: JsonRpcSigner;
  market: any;
  resolver: any;
  protocolId: bigint;
  usdc: any;
  dai: any;
  uniswap: UniswapLocal;
  /** The subgraph config for this deployment (network "localhost"). */
  config: SubgraphConfig;
}

/** Claim window W of the local test protocol, seconds. */
export const LOCAL_CLAIM_WINDOW = 14n * 86400n;

/**
 * Deploys the market (account 0; account 1 its guardian), a test resolver (controller: account 2), USDC (6) and
 * DAI (18) test collaterals, and Uniswap v3 (account 0), in that order. The market is account 0's first contract.
 */
export async function deployLocalMarket(provider: JsonRpcProvider): Promise<LocalMarket> {
  const accounts = await Promise.all(Array.from({ length: 10 }, (_, i) => provider.getSigner(i)));
  const [deployer, guardian, controller] = accounts;
  const market = await deployArtifact(projectArtifact("CoverMarket"), deployer, await guardian.getAddress());
  const marketBlock = (await market.deploymentTransaction()!.wait())!.blockNumber;
  const uniswap = await deployUniswapPlain(deployer);
  const factoryBlock = (await uniswap.factory.deploymentTransaction()!.wait())!.blockNumber;
  const resolver = await deployArtifact(projectArtifact("TestResolver"), controller, await market.getAddress(), "Test Lending v1", "TLEND", "ipfs://terms/test-lending", LOCAL_CLAIM_WINDOW);
  const usdc = await deployArtifact(projectArtifact("TestERC20"), deployer, "Test USD Coin", "USDC", 6);
  const dai = await deployArtifact(projectArtifact("TestERC20"), deployer, "Test Dai", "DAI", 18);
  return {
    provider,
    accounts,
    deployer,
    market,
    resolver,
    protocolId: await resolver.protocolId(),
    usdc,
    dai,
    uniswap,
    config: {
      network: "localhost",
      market: { address: await market.getAddress(), startBlock: marketBlock },
      factory: { address: await uniswap.factory.getAddress(), startBlock: factoryBlock },
    },
  };
}

/** Sends a transaction and waits for its receipt; throws if it reverted. */
export async function send(tx: Promise<any>): Promise<any> {
  const response = await tx;
  const receipt = await response.wait();
  if (!receipt || receipt.status !== 1) throw new Error(`transaction ${response.hash} failed`);
  return receipt;
}

/** Creates a series (of the test resolver's protocol unless `protocolId` says otherwise) with its token contracts. */
export async function createSeries(m: LocalMarket, collateral: any, expiry: bigint, { signer = m.deployer, protocolId = m.protocolId }: { signer?: JsonRpcSigner; protocolId?: bigint } = {}): Promise<LocalSeries> {
  const collateralAddress: string = await collateral.getAddress();
  await send(m.market.connect(signer).createSeries(protocolId, collateralAddress, expiry));
  const id: string = await m.market.seriesIdOf(protocolId, collateralAddress, expiry);
  const info = await m.market.series(id);
  const [claimAddress, noclaimAddress] = await m.market.seriesTokens(id);
  const token = projectArtifact("CoverToken");
  return {
    id,
    expiry,
    collateral,
    collateralAddress,
    claim: attach(token, claimAddress, m.provider),
    noclaim: attach(token, noclaimAddress, m.provider),
    decimals: Number(info.decimals),
  };
}

/** Gives `signer` collateral and lets the market, position manager and router spend its collateral and cover. */
export async function fund(m: LocalMarket, signer: JsonRpcSigner, series: LocalSeries[], collateralAmount: bigint): Promise<void> {
  const spenders = [m.market, m.uniswap.positionManager, m.uniswap.swapRouter];
  const collaterals = [...new Set(series.map((s) => s.collateral))];
  for (const c of collaterals) {
    await send(c.connect(signer).mint(await signer.getAddress(), collateralAmount));
    for (const spender of spenders) await send(c.connect(signer).approve(await spender.getAddress(), MaxUint256));
  }
  for (const s of series) {
    for (const token of [s.claim, s.noclaim]) {
      for (const spender of spenders.slice(1)) await send(token.connect(signer).approve(await spender.getAddress(), MaxUint256));
    }
  }
}

/** Integer square root. */
export function sqrt(value: bigint): bigint {
  if (value < 2n) return value;
  let x = value;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + value / x) / 2n;
  }
  return x;
}

/** sqrtPriceX96 that prices the cover token at `numerator / denominator` collateral, for its token order. */
export function sqrtPriceX96For(numerator: bigint, denominator: bigint, coverIsToken0: boolean): bigint {
  // Uniswap's price is token1 per token0; the tokens share decimals, so raw and human prices agree.
  const [num, den] = coverIsToken0 ? [numerator, denominator] : [denominator, numerator];
  return sqrt((num * Q96 * Q96) / den);
}

/** The cover token's price in collateral from a pool's sqrtPriceX96 (as the subgraph computes it, in f64). */
export function coverPriceOf(sqrtPriceX96: bigint, coverIsToken0: boolean): number {
  const s = Number(sqrtPriceX96) / 2 ** 96;
  const price = s * s;
  return coverIsToken0 ? price : 1 / price;
}

/**
 * Creates and initializes a pool of one side of `series` through the position manager at a cover price of
 * `numerator / denominator` (or, with `direct`, through the factory and the pool itself, as anyone may).
 */
export async function createPool(
  m: LocalMarket,
  series: LocalSeries,
  side: "Claim" | "Noclaim",
  fee: number,
  [numerator, denominator]: [bigint, bigint],
  { signer = m.deployer, direct = false }: { signer?: JsonRpcSigner; direct?: boolean } = {},
): Promise<LocalPool> {
  const cover: string = await (side === "Claim" ? series.claim : series.noclaim).getAddress();
  const coverIsToken0 = BigInt(cover) < BigInt(series.collateralAddress);
  const [token0, token1] = coverIsToken0 ? [cover, series.collateralAddress] : [series.collateralAddress, cover];
  const sqrtPrice = sqrtPriceX96For(numerator, denominator, coverIsToken0);
  const poolArtifact = uniswapArtifacts.pool;
  if (direct) {
    await send(m.uniswap.factory.connect(signer).createPool(token0, token1, fee));
    const address: string = await m.uniswap.factory.getPool(token0, token1, fee);
    await send(attach(poolArtifact, address, signer).initialize(sqrtPrice));
  } else {
    await send(m.uniswap.positionManager.connect(signer).createAndInitializePoolIfNecessary(token0, token1, fee, sqrtPrice));
  }
  const address: string = await m.uniswap.factory.getPool(token0, token1, fee);
  return { address, contract: attach(poolArtifact, address, m.provider), series, side, fee, cover, coverIsToken0 };
}

/** Adds full-range liquidity of up to `coverAmount` cover and `collateralAmount` collateral; returns the NFT id. */
export async function addLiquidity(m: LocalMarket, pool: LocalPool, signer: JsonRpcSigner, coverAmount: bigint, collateralAmount: bigint): Promise<bigint> {
  const spacing = TICK_SPACING[pool.fee];
  const top = Math.floor(MAX_TICK / spacing) * spacing;
  const [token0, token1] = pool.coverIsToken0 ? [pool.cover, pool.series.collateralAddress] : [pool.series.collateralAddress, pool.cover];
  const [amount0, amount1] = pool.coverIsToken0 ? [coverAmount, collateralAmount] : [collateralAmount, coverAmount];
  const owner = await signer.getAddress();
  const npm = m.uniswap.positionManager.connect(signer);
  await send(npm.mint({
    token0, token1, fee: pool.fee, tickLower: -top, tickUpper: top,
    amount0Desired: amount0, amount1Desired: amount1, amount0Min: 0, amount1Min: 0,
    recipient: owner, deadline: MaxUint256,
  }));
  const count: bigint = await m.uniswap.positionManager.balanceOf(owner);
  return m.uniswap.positionManager.tokenOfOwnerByIndex(owner, count - 1n);
}

/** Removes `fraction` (in percent) of a position's liquidity and collects everything owed. */
export async function removeLiquidity(m: LocalMarket, tokenId: bigint, signer: JsonRpcSigner, percent: bigint): Promise<void> {
  const npm = m.uniswap.positionManager.connect(signer);
  const position = await m.uniswap.positionManager.positions(tokenId);
  const liquidity = (position.liquidity * percent) / 100n;
  await send(npm.decreaseLiquidity({ tokenId, liquidity, amount0Min: 0, amount1Min: 0, deadline: MaxUint256 }));
  await send(npm.collect({ tokenId, recipient: await signer.getAddress(), amount0Max: MAX_UINT128, amount1Max: MAX_UINT128 }));
}

/** Swaps exactly `amountIn` of `tokenIn` for the other token of `pool` through the SwapRouter. */
export async function swapExactIn(m: LocalMarket, pool: LocalPool, signer: JsonRpcSigner, tokenIn: string, amountIn: bigint, gasLimit?: bigint): Promise<any> {
  const tokenOut = tokenIn.toLowerCase() === pool.cover.toLowerCase() ? pool.series.collateralAddress : pool.cover;
  return m.uniswap.swapRouter.connect(signer).exactInputSingle(
    { tokenIn, tokenOut, fee: pool.fee, recipient: await signer.getAddress(), deadline: MaxUint256, amountIn, amountOutMinimum: 0, sqrtPriceLimitX96: 0 },
    gasLimit === undefined ? {} : { gasLimit },
  );
}

/** Moves the chain's clock forward by `seconds` and mines one block. */
export async function increaseTime(provider: JsonRpcProvider, seconds: bigint): Promise<void> {
  await provider.send("evm_increaseTime", [Number(seconds)]);
  await provider.send("evm_mine", []);
}

/** The latest block's timestamp. */
export async function now(provider: JsonRpcProvider): Promise<bigint> {
  return BigInt((await provider.getBlock("latest"))!.timestamp);
}
