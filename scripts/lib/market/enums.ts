/** The AMM layer's Solidity enums, by value, for scripts and tests. */

/** ICoverMarketTypes.Side */
export const Side = { Claim: 0, Noclaim: 1 } as const;
/** ICoverRouterTypes.Route: Direct trades the side in its own pool; Pair goes through the other side. */
export const Route = { Direct: 0, Pair: 1 } as const;
/** ICoverRouterTypes.Unwind: what a liquidity removal does with the cover tokens it collects. */
export const Unwind = { None: 0, Merge: 1, Redeem: 2 } as const;
/** ICoverRiskOracle.PriceStatus */
export const PriceStatus = {
  Ok: 0,
  Settled: 1,
  NoPool: 2,
  Uninitialized: 3,
  LowCardinality: 4,
  ShortHistory: 5,
  ThinLiquidity: 6,
} as const;
/** ICoverPools.PoolStatus */
export const PoolStatus = { Created: 0, Initialized: 1, Moved: 2, Unchanged: 3, Live: 4 } as const;
