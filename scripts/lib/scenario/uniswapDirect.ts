/**
 * A cover market driven as anyone may drive Uniswap v3, not through the cover router: the stack (deploy/stack.ts,
 * local) with a test resolver whose controller reports claims at will; series; pools created and initialised at any
 * price through the position manager or straight through the factory and the pool; full-range liquidity added and
 * removed; swaps through Uniswap's SwapRouter. For the subgraph's integration test and the indexing benchmark,
 * which need pools and trades the router would never make.
 */
import { MaxUint256, type JsonRpcProvider, type JsonRpcSigner } from "ethers";
import {
  CoverToken__factory, ISwapRouter__factory, IUniswapV3Pool__factory, TestResolver__factory,
  type CoverMarket, type CoverToken, type IUniswapV3Pool, type TestERC20, type TestResolver,
} from "../chain/contracts.js";
import { send } from "../chain/send.js";
import { deployStack, type Stack } from "../deploy/stack.js";
import { deploymentOf, subgraphConfigOf } from "../deploy/deploymentFile.js";
import type { Uniswap } from "../deploy/uniswap.js";
import { MAX_TICK, sqrtPriceX96ForRatio, usableTick } from "../market/pricing.js";
import { seriesIdOf } from "../market/series.js";
import type { SubgraphConfig } from "../subgraph/manifest.js";

const MAX_UINT128 = 2n ** 128n - 1n;

/** Claim window W of the test resolver's protocol, seconds. */
export const LOCAL_CLAIM_WINDOW = 14n * 86400n;

/** The deployed market, its test resolver and collaterals, and the node's accounts. */
export interface DirectMarket {
  provider: JsonRpcProvider;
  accounts: JsonRpcSigner[];
  deployer: JsonRpcSigner;
  stack: Stack;
  market: CoverMarket;
  /** A TestResolver registered as protocol `protocolId`, controlled by account 2. */
  resolver: TestResolver;
  protocolId: bigint;
  usdc: TestERC20;
  dai: TestERC20;
  uniswap: Pick<Uniswap, "factory" | "positionManager"> & { swapRouter: NonNullable<Uniswap["swapRouter"]> };
  /** The subgraph config for this deployment (network "localhost"). */
  config: SubgraphConfig;
}

/** One series and its tokens. */
export interface DirectSeries {
  id: string;
  expiry: bigint;
  collateral: TestERC20;
  collateralAddress: string;
  claim: CoverToken;
  noclaim: CoverToken;
  decimals: number;
}

/** One Uniswap pool of a series. */
export interface DirectPool {
  address: string;
  contract: IUniswapV3Pool;
  series: DirectSeries;
  side: "Claim" | "Noclaim";
  fee: number;
  cover: string;
  coverIsToken0: boolean;
}

/**
 * The stack from account 0 (account 1 its guardian), then a test resolver registered by account 2, its controller.
 */
export async function deployDirectMarket(provider: JsonRpcProvider): Promise<DirectMarket> {
  const accounts = await Promise.all(Array.from({ length: 10 }, (_, i) => provider.getSigner(i)));
  const [deployer, guardian, controller] = accounts;
  const stack = await deployStack(deployer, { local: true, guardian: await guardian.getAddress() });
  const { market, collaterals, factory, positionManager } = stack.contracts;
  const resolver = await new TestResolver__factory(controller).deploy(stack.addresses.market, "Test Lending v1", "TLEND", "ipfs://terms/test-lending", LOCAL_CLAIM_WINDOW);
  await resolver.waitForDeployment();
  const swapRouter = ISwapRouter__factory.connect(stack.addresses.uniswap.swapRouter!, deployer);
  return {
    provider,
    accounts,
    deployer,
    stack,
    market,
    resolver,
    protocolId: await resolver.protocolId(),
    usdc: collaterals.USDC,
    dai: collaterals.DAI,
    uniswap: { factory, positionManager, swapRouter },
    config: subgraphConfigOf(deploymentOf("localhost", stack)),
  };
}

/** Creates a series (of the test resolver's protocol unless `protocolId` says otherwise) with its token contracts. */
export async function createSeries(m: DirectMarket, collateral: TestERC20, expiry: bigint, { signer = m.deployer, protocolId = m.protocolId }: { signer?: JsonRpcSigner; protocolId?: bigint } = {}): Promise<DirectSeries> {
  const collateralAddress = await collateral.getAddress();
  await send(m.market.connect(signer).createSeries(protocolId, collateralAddress, expiry));
  const id = seriesIdOf(protocolId, collateralAddress, expiry);
  const [info, [claim, noclaim]] = await Promise.all([m.market.series(id), m.market.seriesTokens(id)]);
  return {
    id, expiry, collateral, collateralAddress, decimals: Number(info.decimals),
    claim: CoverToken__factory.connect(claim, m.provider), noclaim: CoverToken__factory.connect(noclaim, m.provider),
  };
}

/** Gives `signer` collateral and lets the market, position manager and router spend its collateral and cover. */
export async function fund(m: DirectMarket, signer: JsonRpcSigner, series: DirectSeries[], collateralAmount: bigint): Promise<void> {
  const spenders = [m.market, m.uniswap.positionManager, m.uniswap.swapRouter];
  for (const c of new Set(series.map((s) => s.collateral))) {
    await send(c.connect(signer).mint(await signer.getAddress(), collateralAmount));
    for (const spender of spenders) await send(c.connect(signer).approve(await spender.getAddress(), MaxUint256));
  }
  for (const s of series) {
    for (const token of [s.claim, s.noclaim]) {
      for (const spender of spenders.slice(1)) await send(token.connect(signer).approve(await spender.getAddress(), MaxUint256));
    }
  }
}

/**
 * Creates and initialises a pool of one side of `series` through the position manager at a cover price of
 * `numerator / denominator` collateral (or, with `direct`, through the factory and the pool itself, as anyone may).
 */
export async function createPool(
  m: DirectMarket,
  series: DirectSeries,
  side: "Claim" | "Noclaim",
  fee: number,
  [numerator, denominator]: [bigint, bigint],
  { signer = m.deployer, direct = false }: { signer?: JsonRpcSigner; direct?: boolean } = {},
): Promise<DirectPool> {
  const cover = await (side === "Claim" ? series.claim : series.noclaim).getAddress();
  const coverIsToken0 = BigInt(cover) < BigInt(series.collateralAddress);
  const [token0, token1] = coverIsToken0 ? [cover, series.collateralAddress] : [series.collateralAddress, cover];
  // The tokens share decimals, so the raw price is the human one.
  const sqrtPrice = sqrtPriceX96ForRatio(numerator, denominator, coverIsToken0);
  if (direct) {
    await send(m.uniswap.factory.connect(signer).createPool(token0, token1, fee));
    const address = await m.uniswap.factory.getPool(token0, token1, fee);
    await send(IUniswapV3Pool__factory.connect(address, signer).initialize(sqrtPrice));
  } else {
    await send(m.uniswap.positionManager.connect(signer).createAndInitializePoolIfNecessary(token0, token1, fee, sqrtPrice));
  }
  const address = await m.uniswap.factory.getPool(token0, token1, fee);
  return { address, contract: IUniswapV3Pool__factory.connect(address, m.provider), series, side, fee, cover, coverIsToken0 };
}

/** Adds full-range liquidity of up to `coverAmount` cover and `collateralAmount` collateral; returns the NFT id. */
export async function addLiquidity(m: DirectMarket, pool: DirectPool, signer: JsonRpcSigner, coverAmount: bigint, collateralAmount: bigint): Promise<bigint> {
  const top = usableTick(MAX_TICK, Number(await pool.contract.tickSpacing()), "down");
  const [token0, token1] = pool.coverIsToken0 ? [pool.cover, pool.series.collateralAddress] : [pool.series.collateralAddress, pool.cover];
  const [amount0, amount1] = pool.coverIsToken0 ? [coverAmount, collateralAmount] : [collateralAmount, coverAmount];
  const owner = await signer.getAddress();
  const npm = m.uniswap.positionManager;
  await send(npm.connect(signer).mint({
    token0, token1, fee: pool.fee, tickLower: -top, tickUpper: top,
    amount0Desired: amount0, amount1Desired: amount1, amount0Min: 0, amount1Min: 0,
    recipient: owner, deadline: MaxUint256,
  }));
  return npm.tokenOfOwnerByIndex(owner, (await npm.balanceOf(owner)) - 1n);
}

/** Removes `percent` of a position's liquidity and collects everything owed. */
export async function removeLiquidity(m: DirectMarket, tokenId: bigint, signer: JsonRpcSigner, percent: bigint): Promise<void> {
  const npm = m.uniswap.positionManager.connect(signer);
  const position = await m.uniswap.positionManager.positions(tokenId);
  const liquidity = (position.liquidity * percent) / 100n;
  await send(npm.decreaseLiquidity({ tokenId, liquidity, amount0Min: 0, amount1Min: 0, deadline: MaxUint256 }));
  await send(npm.collect({ tokenId, recipient: await signer.getAddress(), amount0Max: MAX_UINT128, amount1Max: MAX_UINT128 }));
}

/** Swaps exactly `amountIn` of `tokenIn` for the other token of `pool` through the SwapRouter (not yet mined). */
export async function swapExactIn(m: DirectMarket, pool: DirectPool, signer: JsonRpcSigner, tokenIn: string, amountIn: bigint) {
  const tokenOut = tokenIn.toLowerCase() === pool.cover.toLowerCase() ? pool.series.collateralAddress : pool.cover;
  return m.uniswap.swapRouter.connect(signer).exactInputSingle({
    tokenIn, tokenOut, fee: pool.fee, recipient: await signer.getAddress(), deadline: MaxUint256, amountIn, amountOutMinimum: 0, sqrtPriceLimitX96: 0,
  });
}
