/**
 * A series' handle, TICKER-YYYY-MM-DD-COLLATERAL (see series.ts's comment), in a file of its own that imports only
 * the calendar, so the browser dashboard bundles the same rule as the CLI, npm start's table and the tokens' symbols.
 */
import { isoDate } from "./calendar.js";

/** A series' handle from its parts: TICKER-YYYY-MM-DD-COLLATERAL. */
export function seriesHandle(ticker: string, expiry: bigint | number | string, collateralSymbol: string): string {
  return `${ticker}-${isoDate(BigInt(expiry))}-${collateralSymbol}`;
}
