import { dataSource } from "@graphprotocol/graph-ts";
// What the handlers depend on besides their events, passed in (never read from globals) so that a handler's
// logic can be run with other values: each mapping's exported handler is a one-line call of a function
// taking the event and a Config.

/** Constants of the core and of the subgraph's risk figures. */
export class Config {
  constructor(
    /** D: a filed claim must be decided within this time of its filing, seconds (Constants.CLAIM_DECISION_PERIOD). */
    public decisionPeriod: i64,
    /** Spacing of the expiry calendar and of the claim buckets, seconds (Constants.WEEK). */
    public calendarWeek: i64,
    /** Implied probabilities are clamped to at most this before -ln(1 - p) is taken. */
    public maxProbability: f64,
    /** Time to expiry is clamped to at least this many seconds before annualising. */
    public minSecondsToExpiry: i64,
    /** Seconds in the year used to annualise rates (365 days). */
    public secondsPerYear: f64,
  ) {}
}

/** The values every deployed handler uses. */
export const CONFIG = new Config(7 * 86400, 7 * 86400, 1.0 - 1e-12, 3600, 365.0 * 86400.0);

/**
 * The canonical fee tier (config/uniswap.json's pools.fee, which CoverPools creates and the router trades), from
 * the data source's context as the manifest sets it (scripts/lib/subgraph/manifest.ts): a series' price comes from
 * its pools of this tier only. Only the market's and the factory's data sources have it.
 */
export function canonicalFee(): i32 {
  return dataSource.context().getI32("canonicalFee");
}
