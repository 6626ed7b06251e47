/**
 * Every Solidity enum of the contracts, mirrored once: each member's value by name (`Side.Claim === 0`), in the
 * contract's declaration order, with helpers for the names by value. Scripts, the CLI and the tests all use these.
 */

/** ICoverMarketTypes.Side: the two sides of a series. */
export const Side = { Claim: 0, Noclaim: 1 } as const;
/** ICoverMarketTypes.SettlementState: how a series' payout was fixed (Open: not yet). */
export const SettlementState = { Open: 0, ByIncident: 1, ByTime: 2 } as const;
/** ICoverMarketTypes.ClaimStatus: where a claim stands in the core. */
export const MarketClaimStatus = { None: 0, Open: 1, Accepted: 2, Denied: 3 } as const;
/** ICommitteeResolverTypes.ClaimStatus: where a committee claim stands. */
export const CommitteeClaimStatus = { None: 0, Open: 1, Accepted: 2, Denied: 3, Expired: 4, Passed: 5, CapReached: 6 } as const;
/** ICoverRouterTypes.Route: Direct trades the side in its own pool; Pair goes through the other side. */
export const Route = { Direct: 0, Pair: 1 } as const;
/** ICoverRouterTypes.Unwind: what a liquidity removal does with the cover tokens it collects. */
export const Unwind = { None: 0, Merge: 1, Redeem: 2 } as const;
/** ICoverRiskOracle.PriceStatus: why a risk reading has or has no price. */
export const PriceStatus = { Ok: 0, Settled: 1, NoPool: 2, Uninitialized: 3, LowCardinality: 4, ShortHistory: 5, ThinLiquidity: 6 } as const;
/** ICoverPools.PoolStatus: what createPools found and did for one pool. */
export const PoolStatus = { Created: 0, Initialized: 1, Moved: 2, Unchanged: 3, Live: 4, SwappedThrough: 5 } as const;
/** IParametricResolverTypes.PayoutRule: Full pays 1; Depth pays the median depth, capped. */
export const PayoutRule = { Full: 0, Depth: 1 } as const;
/** IParametricResolverTypes.FeedMode: where a feed's walk stands. */
export const FeedMode = { Unknown: 0, Above: 1, Run: 2, Dead: 3 } as const;
/** IParametricResolverTypes.PointStatus: what a proof shows of a feed at T - 1 and T. */
export const PointStatus = { Unseen: 0, Pending: 1, In: 2, Out: 3, StartUnknown: 4 } as const;
/** IParametricResolverTypes.OutReason: why a feed does not count at T. */
export const OutReason = { None: 0, NotBelow: 1, Recovered: 2, Gap: 3 } as const;

/** A mirrored enum: member name -> value. */
export type SolidityEnum = Readonly<Record<string, number>>;
/** The values of an enum (a union of number literals). */
export type EnumValue<E extends SolidityEnum> = E[keyof E];
/** ICoverMarketTypes.Side by value: the pool of CLAIM (0) or of NOCLAIM (1). */
export type SideValue = EnumValue<typeof Side>;

/** The member names of `e` by value: namesOf(Route) = ["Direct", "Pair"]. */
export function namesOf<E extends SolidityEnum>(e: E): (keyof E & string)[] {
  const names: string[] = [];
  for (const [name, value] of Object.entries(e)) names[value] = name;
  return names as (keyof E & string)[];
}

/** The name of `value` in `e`; throws for a value the enum does not have. */
export function nameOf<E extends SolidityEnum>(e: E, value: number | bigint): keyof E & string {
  const name = namesOf(e)[Number(value)];
  if (name === undefined) throw new RangeError(`no member with value ${value} in enum (${namesOf(e).join(", ")})`);
  return name;
}

/** The value of the member of `e` named `name`, in any case ("pair" -> Route.Pair); undefined if there is none. */
export function valueNamed<E extends SolidityEnum>(e: E, name: string): EnumValue<E> | undefined {
  const wanted = name.trim().toLowerCase();
  const found = Object.entries(e).find(([n]) => n.toLowerCase() === wanted);
  return found === undefined ? undefined : (found[1] as EnumValue<E>);
}

/** The names of `e` in lower case, as the CLI takes and prints them: ["direct", "pair"]. */
export function lowerNamesOf<E extends SolidityEnum>(e: E): string[] {
  return namesOf(e).map((n) => n.toLowerCase());
}

/** How the CLI names a side's token: "CLAIM" or "NOCLAIM". */
export function sideToken(side: number | bigint): "CLAIM" | "NOCLAIM" {
  return nameOf(Side, side).toUpperCase() as "CLAIM" | "NOCLAIM";
}

/** The name of `value` in `e`, in lower case: lowerNameOf(Route, 1) = "pair". */
export function lowerNameOf<E extends SolidityEnum>(e: E, value: number | bigint): string {
  return nameOf(e, value).toLowerCase();
}

/** A member name in words: "LowCardinality" -> "low cardinality". */
export function wordsOf(name: string): string {
  return name.replace(/(?<=[a-z])(?=[A-Z])/g, " ").toLowerCase();
}

/** ICoverVaultTypes.Gate: why a vault's deposits or cash exits are shut. */
export const VaultGate = { Open: 0, ClaimPending: 1, IncidentApplied: 2, NoPrice: 3 } as const;
