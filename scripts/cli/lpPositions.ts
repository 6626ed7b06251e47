/**
 * Liquidity positions in cover pools, as the `lp` commands read them: Uniswap v3 position-manager NFTs whose pool
 * pairs a CLAIM or NOCLAIM token of this market with its series' collateral (any fee tier, whoever made the pool).
 * Each is described in implied-risk terms: its range, the pool's current risk and whether that lies in the range,
 * and what removing it would pay now (principal and fees, from the quoter).
 */
import { Contract, type Signer } from "ethers";
import type { IPositionManager, IUniswapV3Factory, IUniswapV3Pool } from "../lib/chain/contracts.js";
import { Side, type SideValue } from "../lib/market/enums.js";
import { isToken0, priceFromSqrtPriceX96, riskOfPrice, riskRangeOfTicks } from "../lib/market/pricing.js";
import type { Context, SeriesInfo } from "./context.js";
import { CliError, usage } from "./errors.js";

const POSITION_MANAGER_ABI = [
  "function balanceOf(address) view returns (uint256)",
  "function tokenOfOwnerByIndex(address,uint256) view returns (uint256)",
  "function ownerOf(uint256) view returns (address)",
  "function getApproved(uint256) view returns (address)",
  "function isApprovedForAll(address,address) view returns (bool)",
  "function positions(uint256) view returns (uint96 nonce, address operator, address token0, address token1, uint24 fee, int24 tickLower, int24 tickUpper, uint128 liquidity, uint256 feeGrowthInside0LastX128, uint256 feeGrowthInside1LastX128, uint128 tokensOwed0, uint128 tokensOwed1)",
];
const FACTORY_ABI = ["function getPool(address,address,uint24) view returns (address)"];
const POOL_ABI = [
  "function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16 observationIndex, uint16 observationCardinality, uint16 observationCardinalityNext, uint8 feeProtocol, bool unlocked)",
  "function tickSpacing() view returns (int24)",
];

/** A position of a cover pool. Amounts are raw units (cover tokens share the collateral's decimals). */
export interface CoverPosition {
  tokenId: bigint;
  series: SeriesInfo;
  side: SideValue;
  /** The cover token of the position's pool. */
  cover: string;
  coverIsToken0: boolean;
  fee: number;
  pool: string;
  tickLower: number;
  tickUpper: number;
  liquidity: bigint;
  /** tokensOwed of the position manager (fees and principal already credited, not yet collected). */
  owedCover: bigint;
  owedCollateral: bigint;
  /** The range in implied-risk terms (WAD). */
  riskLow: bigint;
  riskHigh: bigint;
}

/** The position manager the router and the quoter use, from the deployment file. */
export function positionManager(ctx: Context, runner: Signer | Context["provider"] = ctx.provider): IPositionManager {
  return new Contract(ctx.deployment.addresses.uniswap.positionManager, POSITION_MANAGER_ABI, runner) as unknown as IPositionManager;
}

/** A Uniswap v3 pool, read-only. */
export function poolContract(ctx: Context, address: string): IUniswapV3Pool {
  return new Contract(address, POOL_ABI, ctx.provider) as unknown as IUniswapV3Pool;
}

/** Every cover token of the market: address (lower case) -> its series and side. */
async function coverTokens(ctx: Context): Promise<Map<string, { seriesId: string; side: SideValue; collateral: string }>> {
  const map = new Map<string, { seriesId: string; side: SideValue; collateral: string }>();
  for (const s of await ctx.allSeries()) {
    map.set(s.claim.toLowerCase(), { seriesId: s.id, side: Side.Claim, collateral: s.collateral });
    map.set(s.noclaim.toLowerCase(), { seriesId: s.id, side: Side.Noclaim, collateral: s.collateral });
  }
  return map;
}

/** Reads positions by id, keeping those of cover pools (series read once each). */
class PositionReader {
  private tokens?: Map<string, { seriesId: string; side: SideValue; collateral: string }>;
  private infos = new Map<string, SeriesInfo>();
  private factory: IUniswapV3Factory;
  readonly manager: IPositionManager;

  constructor(private ctx: Context) {
    this.manager = positionManager(ctx);
    this.factory = new Contract(ctx.deployment.addresses.uniswap.factory, FACTORY_ABI, ctx.provider) as unknown as IUniswapV3Factory;
  }

  /** The position if it exists and is in a cover pool; undefined if it exists elsewhere; throws if unknown. */
  async read(tokenId: bigint): Promise<CoverPosition | undefined> {
    let p: Awaited<ReturnType<IPositionManager["positions"]>>;
    try {
      p = await this.manager.positions(tokenId);
    } catch {
      throw usage(`unknown position ${tokenId}: the position manager ${await this.manager.getAddress()} has no such position (burned, or never minted)`);
    }
    this.tokens ??= await coverTokens(this.ctx);
    const [t0, t1] = [String(p.token0), String(p.token1)];
    const as0 = this.tokens.get(t0.toLowerCase());
    const as1 = this.tokens.get(t1.toLowerCase());
    const match = as0 && as0.collateral.toLowerCase() === t1.toLowerCase() ? { ...as0, cover: t0 } : as1 && as1.collateral.toLowerCase() === t0.toLowerCase() ? { ...as1, cover: t1 } : undefined;
    if (!match) return undefined;
    const key = match.seriesId.toLowerCase();
    if (!this.infos.has(key)) this.infos.set(key, await this.ctx.seriesInfo(match.seriesId));
    const series = this.infos.get(key)!;
    const coverIsToken0 = isToken0(match.cover, series.collateral);
    const [tickLower, tickUpper] = [Number(p.tickLower), Number(p.tickUpper)];
    const { low, high } = riskRangeOfTicks(tickLower, tickUpper, match.side, coverIsToken0);
    const fee = Number(p.fee);
    return {
      tokenId,
      series,
      side: match.side,
      cover: match.cover,
      coverIsToken0,
      fee,
      pool: await this.factory.getPool(t0, t1, fee),
      tickLower,
      tickUpper,
      liquidity: BigInt(p.liquidity),
      owedCover: coverIsToken0 ? BigInt(p.tokensOwed0) : BigInt(p.tokensOwed1),
      owedCollateral: coverIsToken0 ? BigInt(p.tokensOwed1) : BigInt(p.tokensOwed0),
      riskLow: low,
      riskHigh: high,
    };
  }
}

/** Position `tokenId`, which must exist and be in a cover pool (else a usage error saying which). */
export async function coverPosition(ctx: Context, tokenId: bigint): Promise<CoverPosition> {
  const reader = new PositionReader(ctx);
  const position = await reader.read(tokenId);
  if (!position) throw usage(`position ${tokenId} is not in a cover pool: its pool does not pair a CLAIM or NOCLAIM token of this market with its collateral`);
  return position;
}

/** Refuses position `tokenId` unless `who` owns it (the owner named; nothing sent). */
export async function requireOwnPosition(ctx: Context, tokenId: bigint, who: string): Promise<void> {
  const owner: string = await positionManager(ctx).ownerOf(tokenId);
  if (owner.toLowerCase() !== who.toLowerCase()) throw usage(`position ${tokenId} is not yours: it belongs to ${owner}; nothing was sent`);
}

/** Every position of `owner` in cover pools, by ascending id. */
export async function coverPositionsOf(ctx: Context, owner: string): Promise<CoverPosition[]> {
  const reader = new PositionReader(ctx);
  const count = Number(await reader.manager.balanceOf(owner));
  const ids: bigint[] = [];
  for (let i = 0; i < count; i++) ids.push(BigInt(await reader.manager.tokenOfOwnerByIndex(owner, i)));
  const out: CoverPosition[] = [];
  for (const id of ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const p = await reader.read(id);
    if (p) out.push(p);
  }
  return out;
}

/** The pool's current implied risk (WAD) and whether its tick lies in the position's range (tickLower <= tick < tickUpper). */
export async function poolNow(ctx: Context, p: CoverPosition): Promise<{ risk: bigint; tick: number; inRange: boolean }> {
  const slot0 = await poolContract(ctx, p.pool).slot0();
  const tick = Number(slot0.tick);
  return { risk: riskOfPrice(priceFromSqrtPriceX96(slot0.sqrtPriceX96, p.coverIsToken0), p.side), tick, inRange: p.tickLower <= tick && tick < p.tickUpper };
}

/** What removing `liquidity` of the position would pay now, principal and all fees owed (the quoter's quote). */
export async function removalValue(ctx: Context, p: CoverPosition, liquidity: bigint): Promise<{ cover: bigint; collateral: bigint }> {
  const [cover, collateral] = await ctx.contracts.quoter.quoteRemoveLiquidity(p.series.id, p.tokenId, liquidity);
  return { cover: BigInt(cover), collateral: BigInt(collateral) };
}
