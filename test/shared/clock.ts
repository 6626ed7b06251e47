import { networkHelpers } from "./connection.js";

/** Timestamp of the latest block, Unix seconds, as a bigint (the unit the contracts use). */
export async function now(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}
