// The bench's floor subgraph: what graph-node itself costs per Swap on this machine. Every pool the factory
// creates is followed (a template, as in the real subgraph) and each Swap stores one small entity; nothing is
// loaded. Raw graph-ts, no generated types, so it builds with `graph build` alone.
import { DataSourceTemplate, Entity, Value, ethereum, store } from "@graphprotocol/graph-ts";

// PoolCreated(indexed address token0, indexed address token1, indexed uint24 fee, int24 tickSpacing, address pool)
export function handlePoolCreated(event: ethereum.Event): void {
  DataSourceTemplate.create("FloorPool", [event.parameters[4].value.toAddress().toHexString()]);
}

// Swap(indexed address sender, indexed address recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)
export function handleSwap(event: ethereum.Event): void {
  const id = event.transaction.hash.concatI32(event.logIndex.toI32());
  const swap = new Entity();
  swap.set("id", Value.fromBytes(id));
  swap.set("pool", Value.fromBytes(event.address));
  swap.set("amount0", Value.fromBigInt(event.parameters[2].value.toBigInt()));
  swap.set("sqrtPriceX96", Value.fromBigInt(event.parameters[4].value.toBigInt()));
  store.set("FloorSwap", id.toHexString(), swap);
}
