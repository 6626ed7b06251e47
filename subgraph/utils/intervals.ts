// Candles: one bucket function for every interval, and gap filling, so that from a series' first trade to the
// block being indexed (events, and the block handler at least hourly) every hourly and daily bucket exists; a
// bucket without a trade carries the previous close. At settlement they close at the payout and stop.
import { BigDecimal, BigInt, Bytes } from "@graphprotocol/graph-ts";
import { Candle, Series } from "../generated/schema";
import { addBigInt, appendU32, decimalToF64 } from "./numbers";
import { sameValue } from "./seriesPrice";

/** Candle intervals: their names in the schema and their lengths in seconds. */
const INTERVAL_NAMES: string[] = ["Hour", "Day"];
const INTERVAL_LENGTHS: i64[] = [3600, 86400];

/** The bucket `timestamp` falls in, for buckets of `length` seconds: floor(timestamp / length). */
export function bucketOf(timestamp: i64, length: i64): i64 {
  return timestamp / length;
}

/** Candle id: series id, the interval's length in seconds and the bucket number, each as 4 big-endian bytes. */
export function candleId(series: Bytes, length: i64, bucket: i64): Bytes {
  return appendU32(appendU32(series, <u32>length), <u32>bucket);
}

/** The series' prices just before the event being handled (its candles' last close). */
export class PricesBefore {
  constructor(public probability: BigDecimal | null, public claimPrice: BigDecimal | null) {}

  static of(series: Series): PricesBefore {
    return new PricesBefore(series.impliedProbability, series.claimPrice);
  }
}

/**
 * Brings the series' candles up to `timestamp` after an event of the series or a block handler refresh: fills
 * the buckets since candlesUntil with the previous close, then applies the series' prices now and the swap's
 * volume (null: no swap). Candles start with the series' first swap; events before it leave them alone. A
 * settled series' candles have stopped (closeCandles), and a swap then changes only the series' volume.
 */
export function recordCandles(series: Series, timestamp: BigInt, before: PricesBefore, volume: BigInt | null): void {
  if (series.state != "Open") return;
  if (series.firstTradeAt === null) {
    if (volume === null) return;
    series.firstTradeAt = timestamp;
  }
  const probability = series.impliedProbability;
  // A swap in a pool that is not canonical, before the canonical pools have a price: nothing to chart yet.
  if (probability === null) return;
  applyCandles(series, timestamp, before, volume, probability, series.claimPrice);
}

/**
 * At settlement (state and payout set, before the probability becomes the payout): the candles close at the
 * payout, probability and CLAIM price alike, in the bucket of `timestamp`, after filling the buckets since
 * candlesUntil with the market's last close; they stop there.
 */
export function closeCandles(series: Series, timestamp: BigInt, before: PricesBefore, payout: BigDecimal): void {
  if (series.firstTradeAt === null || before.probability === null) return;
  applyCandles(series, timestamp, before, null, payout, payout);
}

function applyCandles(series: Series, timestamp: BigInt, before: PricesBefore, volume: BigInt | null, probability: BigDecimal, claimPrice: BigDecimal | null): void {
  const priceMoved = !sameValue(before.probability, probability) || !sameValue(before.claimPrice, claimPrice);
  const now = timestamp.toI64();
  const until = series.candlesUntil;
  for (let i = 0; i < INTERVAL_LENGTHS.length; i++) {
    const length = INTERVAL_LENGTHS[i];
    const bucket = bucketOf(now, length);
    const last: i64 = until === null ? -1 : bucketOf(until.toI64(), length);
    let candle: Candle;
    if (last == bucket) {
      if (!priceMoved && volume === null) continue;
      candle = Candle.load(candleId(series.id, length, bucket))!;
    } else {
      const openProbability = before.probability !== null ? before.probability! : probability;
      const openClaim = before.probability !== null ? before.claimPrice : claimPrice;
      for (let b = last < 0 ? bucket : last + 1; b < bucket; b++) {
        newCandle(series.id, i, b, openProbability, openClaim).save();
      }
      candle = newCandle(series.id, i, bucket, openProbability, openClaim);
    }
    applyPrices(candle, probability, claimPrice);
    if (volume !== null) {
      candle.volume = addBigInt(candle.volume, volume);
      candle.swapCount += 1;
    }
    candle.save();
  }
  series.candlesUntil = timestamp;
}

function newCandle(series: Bytes, interval: i32, bucket: i64, probability: BigDecimal, claimPrice: BigDecimal | null): Candle {
  const length = INTERVAL_LENGTHS[interval];
  const candle = new Candle(candleId(series, length, bucket));
  candle.series = series;
  candle.interval = INTERVAL_NAMES[interval];
  candle.periodStart = BigInt.fromI64(bucket * length);
  candle.probabilityOpen = probability;
  candle.probabilityHigh = probability;
  candle.probabilityLow = probability;
  candle.probabilityClose = probability;
  candle.claimPriceOpen = claimPrice;
  candle.claimPriceHigh = claimPrice;
  candle.claimPriceLow = claimPrice;
  candle.claimPriceClose = claimPrice;
  candle.volume = BigInt.zero();
  candle.swapCount = 0;
  return candle;
}

function applyPrices(candle: Candle, probability: BigDecimal, claimPrice: BigDecimal | null): void {
  const p = decimalToF64(probability);
  if (p > decimalToF64(candle.probabilityHigh)) candle.probabilityHigh = probability;
  if (p < decimalToF64(candle.probabilityLow)) candle.probabilityLow = probability;
  candle.probabilityClose = probability;
  if (claimPrice === null) return;
  const c = decimalToF64(claimPrice);
  const high = candle.claimPriceHigh;
  const low = candle.claimPriceLow;
  if (high === null || c > decimalToF64(high)) candle.claimPriceHigh = claimPrice;
  if (low === null || c < decimalToF64(low)) candle.claimPriceLow = claimPrice;
  if (candle.claimPriceOpen === null) candle.claimPriceOpen = claimPrice;
  candle.claimPriceClose = claimPrice;
}
