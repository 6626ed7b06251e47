/**
 * Rolls, for `roll` and `quote roll`: which two series a position can roll between (the router's rule: same protocol
 * and collateral, later expiry; checked before anything is sent or quoted), the quoter's quote of a roll by each pair
 * of routes with the best named, and a roll's net collateral in words.
 */
import { isoDate } from "../lib/market/calendar.js";
import type { Context, SeriesInfo } from "./context.js";
import { usage } from "./errors.js";
import { human } from "./output.js";

/** Refuses two series the router would not roll between (its CoverRouterRollMismatch), saying why. */
export function needRollable(from: SeriesInfo, to: SeriesInfo): void {
  const why =
    from.id === to.id
      ? "they are the same series"
      : from.protocolId !== to.protocolId
        ? `they cover different protocols (${from.ticker}, ${to.ticker})`
        : from.collateral.toLowerCase() !== to.collateral.toLowerCase()
          ? `they are in different collaterals (${from.collateralSymbol}, ${to.collateralSymbol})`
          : to.expiry <= from.expiry
            ? `${to.handle} expires on ${isoDate(BigInt(to.expiry))}, not after ${isoDate(BigInt(from.expiry))}`
            : undefined;
  if (why) throw usage(`cannot roll ${from.handle} to ${to.handle}: ${why}; a roll goes to a later expiry of the same protocol and collateral`);
}

/** The quoter's quote of a roll by one pair of routes (Route indexes). */
export interface RollQuote {
  sellRoute: number;
  buyRoute: number;
  ok: boolean;
  /** Collateral raised selling in the first series, paid buying in the second, and the difference. */
  proceeds: bigint;
  cost: bigint;
  net: bigint;
}

/**
 * Quotes rolling `amount` of `side` from `from` to `to` by every pair of routes (or only the routes given); the
 * best is the one that leaves the most collateral (the least paid), among those that can fill.
 */
export async function rollQuotes(ctx: Context, from: SeriesInfo, to: SeriesInfo, side: number, amount: bigint, sellRoute?: number, buyRoute?: number): Promise<{ quotes: RollQuote[]; best?: RollQuote }> {
  const sells = sellRoute === undefined ? [0, 1] : [sellRoute];
  const buys = buyRoute === undefined ? [0, 1] : [buyRoute];
  const pairs = sells.flatMap((s) => buys.map((b) => [s, b] as const));
  const quotes = await Promise.all(
    pairs.map(async ([s, b]): Promise<RollQuote> => {
      const q = await ctx.contracts.quoter.quoteRoll.staticCall(from.id, to.id, side, amount, s, b);
      return { sellRoute: s, buyRoute: b, ok: Boolean(q.ok), proceeds: q.proceeds, cost: q.cost, net: q.net };
    }),
  );
  const best = quotes.filter((q) => q.ok).reduce<RollQuote | undefined>((a, q) => (a === undefined || q.net > a.net ? q : a), undefined);
  return { quotes, best };
}

/** A roll's net collateral in words: received (positive) or paid (negative). */
export function netWords(net: bigint, s: SeriesInfo): string {
  return net >= 0n ? `receive ${human(net, s.decimals)} ${s.collateralSymbol} net` : `pay ${human(-net, s.decimals)} ${s.collateralSymbol} net`;
}

/** A limit on a roll's net collateral in words. */
export function netLimitWords(minimum: bigint, s: SeriesInfo): string {
  return minimum >= 0n ? `receive at least ${human(minimum, s.decimals)} ${s.collateralSymbol} net` : `pay at most ${human(-minimum, s.decimals)} ${s.collateralSymbol} net`;
}
