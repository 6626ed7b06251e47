// Events of followed Uniswap v3 pools: prices (oriented to the cover token whatever the token order), swaps,
// liquidity changes; each updates the pool's own figures, its series' volume and candles, and the series' price
// when the pool is canonical (utils/seriesPrice.ts).
import { BigInt, ethereum } from "@graphprotocol/graph-ts";
import { Burn, Collect, Initialize, Mint, Swap as SwapEvent } from "../generated/templates/Pool/UniswapV3Pool";
import { LiquidityChange, Pool, Series, Swap } from "../generated/schema";
import { Config, CONFIG } from "../utils/config";
import { eventId } from "../utils/entities";
import { PricesBefore, recordCandles } from "../utils/intervals";
import { absBigInt, addBigInt, decimalFromF64, subBigInt } from "../utils/numbers";
import { coverPrice } from "../utils/pricing";
import { refreshRate, refreshSeriesPrice } from "../utils/seriesPrice";

export function handleInitialize(event: Initialize): void {
  onInitialize(event, CONFIG);
}

export function handleSwap(event: SwapEvent): void {
  onSwap(event, CONFIG);
}

export function handleMint(event: Mint): void {
  onMint(event, CONFIG);
}

export function handleBurn(event: Burn): void {
  onBurn(event, CONFIG);
}

export function handleCollect(event: Collect): void {
  onCollect(event);
}

/** Sets the pool's price from its sqrt price, oriented to the cover token: from now on its state is known. */
function setPrice(pool: Pool, sqrtPriceX96: BigInt, tick: i32): void {
  pool.stateKnown = true;
  pool.sqrtPriceX96 = sqrtPriceX96;
  pool.tick = tick;
  pool.price = decimalFromF64(coverPrice(sqrtPriceX96, pool.coverIsToken0));
}

/** After the pool changed: the series' price (canonical pools), rate, volume and candles, and the series saved. */
function updateSeries(pool: Pool, event: ethereum.Event, volume: BigInt | null, config: Config): Series {
  const series = Series.load(pool.series)!;
  const before = PricesBefore.of(series);
  if (!refreshSeriesPrice(series, pool, event.block.timestamp, config)) refreshRate(series, event.block.timestamp, config);
  if (volume !== null) {
    series.volume = addBigInt(series.volume, volume);
    series.swapCount += 1;
  }
  recordCandles(series, event.block.timestamp, before, volume);
  series.save();
  return series;
}

export function onInitialize(event: Initialize, config: Config): void {
  const pool = Pool.load(event.address)!;
  setPrice(pool, event.params.sqrtPriceX96, event.params.tick);
  pool.save();
  updateSeries(pool, event, null, config);
}

export function onSwap(event: SwapEvent, config: Config): void {
  const p = event.params;
  const pool = Pool.load(event.address)!;
  const amountCover = pool.coverIsToken0 ? p.amount0 : p.amount1;
  const amountCollateral = pool.coverIsToken0 ? p.amount1 : p.amount0;
  const volume = absBigInt(amountCollateral);
  setPrice(pool, p.sqrtPriceX96, p.tick);
  pool.liquidity = p.liquidity;
  pool.coverReserve = addBigInt(pool.coverReserve, amountCover);
  pool.collateralReserve = addBigInt(pool.collateralReserve, amountCollateral);
  pool.volume = addBigInt(pool.volume, volume);
  pool.swapCount += 1;
  pool.save();

  const swap = new Swap(eventId(event));
  swap.pool = pool.id;
  swap.series = pool.series;
  swap.side = pool.side;
  swap.timestamp = event.block.timestamp;
  swap.blockNumber = event.block.number;
  swap.transaction = event.transaction.hash;
  swap.origin = event.transaction.from;
  swap.sender = p.sender;
  swap.recipient = p.recipient;
  swap.amountCover = amountCover;
  swap.amountCollateral = amountCollateral;
  swap.sqrtPriceX96 = p.sqrtPriceX96;
  swap.tick = p.tick;
  swap.price = pool.price!;
  swap.save();

  updateSeries(pool, event, volume, config);
}

/**
 * Whether a position's range holds the pool's current tick, so its liquidity is in range. Not while the pool's
 * state is unknown (created before its series, no Swap seen since): its next Swap gives the in-range liquidity.
 */
function inRange(pool: Pool, tickLower: i32, tickUpper: i32): boolean {
  if (pool.sqrtPriceX96.isZero()) return false; // not initialized, or state unknown: no current tick
  const tick = pool.tick;
  return tickLower <= tick && tick < tickUpper;
}

function liquidityChange(event: ethereum.Event, pool: Pool, kind: string): LiquidityChange {
  const change = new LiquidityChange(eventId(event));
  change.kind = kind;
  change.pool = pool.id;
  change.series = pool.series;
  change.timestamp = event.block.timestamp;
  change.blockNumber = event.block.number;
  change.transaction = event.transaction.hash;
  change.origin = event.transaction.from;
  return change;
}

export function onMint(event: Mint, config: Config): void {
  const p = event.params;
  const pool = Pool.load(event.address)!;
  const amountCover = pool.coverIsToken0 ? p.amount0 : p.amount1;
  const amountCollateral = pool.coverIsToken0 ? p.amount1 : p.amount0;
  if (inRange(pool, p.tickLower, p.tickUpper)) pool.liquidity = addBigInt(pool.liquidity, p.amount);
  pool.coverReserve = addBigInt(pool.coverReserve, amountCover);
  pool.collateralReserve = addBigInt(pool.collateralReserve, amountCollateral);
  pool.save();

  const change = liquidityChange(event, pool, "Mint");
  change.owner = p.owner;
  change.tickLower = p.tickLower;
  change.tickUpper = p.tickUpper;
  change.liquidity = p.amount;
  change.amountCover = amountCover;
  change.amountCollateral = amountCollateral;
  change.save();

  updateSeries(pool, event, null, config);
}

export function onBurn(event: Burn, config: Config): void {
  const p = event.params;
  const pool = Pool.load(event.address)!;
  if (inRange(pool, p.tickLower, p.tickUpper)) pool.liquidity = subBigInt(pool.liquidity, p.amount);
  pool.save();

  const change = liquidityChange(event, pool, "Burn");
  change.owner = p.owner;
  change.tickLower = p.tickLower;
  change.tickUpper = p.tickUpper;
  change.liquidity = p.amount;
  change.amountCover = pool.coverIsToken0 ? p.amount0 : p.amount1;
  change.amountCollateral = pool.coverIsToken0 ? p.amount1 : p.amount0;
  change.save();

  updateSeries(pool, event, null, config);
}

/** Tokens owed to a position paid out: the pool's reserves fall; prices and liquidity stay. */
export function onCollect(event: Collect): void {
  const p = event.params;
  const pool = Pool.load(event.address)!;
  const amountCover = pool.coverIsToken0 ? p.amount0 : p.amount1;
  const amountCollateral = pool.coverIsToken0 ? p.amount1 : p.amount0;
  pool.coverReserve = subBigInt(pool.coverReserve, amountCover);
  pool.collateralReserve = subBigInt(pool.collateralReserve, amountCollateral);
  pool.save();

  const change = liquidityChange(event, pool, "Collect");
  change.owner = p.owner;
  change.tickLower = p.tickLower;
  change.tickUpper = p.tickUpper;
  change.liquidity = BigInt.zero();
  change.amountCover = amountCover;
  change.amountCollateral = amountCollateral;
  change.save();
}
