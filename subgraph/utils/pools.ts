// Following Uniswap v3 pools: every pool pairing a cover token with its series' collateral, whoever created it,
// at whatever fee tier, and whenever: a pool created before its series (anyone can compute a future series' token
// addresses) is remembered by token and followed from the series' creation on, its price unknown until an event
// gives it.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { Pool, Series, UnmatchedToken, UnmatchedPool } from "../generated/schema";
import { Pool as PoolTemplate } from "../generated/templates";
import { canonicalFee } from "./config";
import { loadMarket } from "./entities";

/** What a followed pool starts from: the factory's PoolCreated, seen then or remembered. */
export class PoolOrigin {
  constructor(
    public pool: Bytes,
    public token0: Bytes,
    public token1: Bytes,
    public fee: i32,
    public tickSpacing: i32,
    public createdAt: BigInt,
    public createdAtBlock: BigInt,
    public creator: Bytes,
  ) {}
}

/**
 * Follows `origin`'s pool for `series` (the caller saves the series) from the block of `event`: `known` says
 * whether its price and liquidity are known from here (a pool seen at its creation: nothing happened in it yet).
 */
export function followPool(series: Series, origin: PoolOrigin, event: ethereum.Event, known: boolean): Pool {
  const coverIsToken0 = origin.token0.equals(series.claimToken) || origin.token0.equals(series.noclaimToken);
  const coverToken = coverIsToken0 ? origin.token0 : origin.token1;
  const claimSide = coverToken.equals(series.claimToken);
  const pool = new Pool(origin.pool);
  pool.series = series.id;
  pool.side = claimSide ? "Claim" : "Noclaim";
  pool.coverToken = coverToken;
  pool.collateral = series.collateral;
  pool.token0 = origin.token0;
  pool.token1 = origin.token1;
  pool.coverIsToken0 = coverIsToken0;
  pool.fee = origin.fee;
  pool.tickSpacing = origin.tickSpacing;
  pool.createdAt = origin.createdAt;
  pool.createdAtBlock = origin.createdAtBlock;
  pool.creator = origin.creator;
  pool.canonical = origin.fee == canonicalFee();
  pool.followedFrom = event.block.timestamp;
  pool.followedFromBlock = event.block.number;
  pool.stateKnown = known;
  pool.sqrtPriceX96 = BigInt.zero();
  pool.liquidity = BigInt.zero();
  pool.coverReserve = BigInt.zero();
  pool.collateralReserve = BigInt.zero();
  pool.volume = BigInt.zero();
  pool.swapCount = 0;
  pool.save();

  if (claimSide) series.claimPoolCount += 1;
  else series.noclaimPoolCount += 1;
  if (pool.canonical) {
    if (claimSide) series.claimPool = pool.id;
    else series.noclaimPool = pool.id;
  }

  const market = loadMarket();
  market.poolCount += 1;
  market.save();

  PoolTemplate.create(Address.fromBytes(origin.pool));
  return pool;
}

/** Remembers a pool whose tokens no series has yet, under each token that is not a known cover token. */
export function rememberPool(origin: PoolOrigin, token0Known: boolean, token1Known: boolean): void {
  const unmatched = new UnmatchedPool(origin.pool);
  unmatched.token0 = origin.token0;
  unmatched.token1 = origin.token1;
  unmatched.fee = origin.fee;
  unmatched.tickSpacing = origin.tickSpacing;
  unmatched.createdAt = origin.createdAt;
  unmatched.createdAtBlock = origin.createdAtBlock;
  unmatched.creator = origin.creator;
  unmatched.save();
  if (!token0Known) addTokenPool(origin.token0, origin.pool);
  if (!token1Known) addTokenPool(origin.token1, origin.pool);
}

function addTokenPool(token: Bytes, pool: Bytes): void {
  let entry = UnmatchedToken.load(token);
  if (entry == null) {
    entry = new UnmatchedToken(token);
    entry.pools = [];
  }
  const pools = entry.pools;
  pools.push(pool);
  entry.pools = pools;
  entry.save();
}

/** A new series (not yet saved): follows every remembered pool of its cover tokens paired with its collateral. */
export function followPoolsCreatedBefore(series: Series, event: ethereum.Event): void {
  followRemembered(series, series.claimToken, event);
  followRemembered(series, series.noclaimToken, event);
}

function followRemembered(series: Series, token: Bytes, event: ethereum.Event): void {
  const entry = UnmatchedToken.load(token);
  if (entry == null) return;
  const pools = entry.pools;
  for (let i = 0; i < pools.length; i++) {
    const unmatched = UnmatchedPool.load(pools[i])!;
    if (unmatched.matched !== null) continue;
    const other = unmatched.token0.equals(token) ? unmatched.token1 : unmatched.token0;
    if (!other.equals(series.collateral)) continue;
    const origin = new PoolOrigin(
      unmatched.id,
      unmatched.token0,
      unmatched.token1,
      unmatched.fee,
      unmatched.tickSpacing,
      unmatched.createdAt,
      unmatched.createdAtBlock,
      unmatched.creator,
    );
    const pool = followPool(series, origin, event, false);
    unmatched.matched = pool.id;
    unmatched.save();
  }
}
