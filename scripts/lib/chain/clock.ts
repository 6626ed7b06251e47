/** The chain's clock: the latest block's time, and moving it (evm_increaseTime + evm_mine: one block, never hardhat_mine). */
import type { JsonRpcProvider, Provider } from "ethers";

/** The latest block's timestamp, Unix seconds. */
export async function now(provider: Provider): Promise<bigint> {
  return BigInt((await provider.getBlock("latest"))!.timestamp);
}

/** Moves the chain's clock forward by `seconds` and mines one block. */
export async function increaseTime(provider: JsonRpcProvider, seconds: bigint): Promise<void> {
  await provider.send("evm_increaseTime", [Number(seconds)]);
  await provider.send("evm_mine", []);
}
