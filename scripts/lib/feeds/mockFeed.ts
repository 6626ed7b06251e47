/**
 * Scripting MockAggregatorV3 (contracts/test/MockAggregatorV3.sol), the Chainlink feed double that
 * tests, benchmarks and local scenarios drive: prices as decimal strings, rounds as [price, Unix time].
 */
import { readDecimal } from "../format/decimal.js";
import type { MockAggregatorV3 } from "../chain/contracts.js";
/** A scripted round: [price as a decimal string, update time in Unix seconds]. */
export type ScriptedRound = [string, bigint];

/** A decimal price as a feed answer with `decimals` decimals, exactly: answer("0.95", 8) = 95_000_000. */
export function answer(price: string, decimals = 8): bigint {
  const d = readDecimal(price.trim(), decimals);
  if (!d.ok) throw new RangeError(`not a price with at most ${decimals} decimals: ${price}`);
  return d.value;
}

/** Appends rounds to the feed's current phase; returns their round ids (phase << 64 | round). */
export async function pushRounds(feed: MockAggregatorV3, rounds: ScriptedRound[], decimals = 8): Promise<bigint[]> {
  const ids: bigint[] = [];
  for (const [price, at] of rounds) {
    await feed.pushRound(answer(price, decimals), at);
    ids.push(await feed.latestRoundId());
  }
  return ids;
}
