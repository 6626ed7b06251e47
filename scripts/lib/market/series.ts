/**
 * A series' readable handle, TICKER-YYYY-MM-DD-COLLATERAL (the expiry's date in UTC), as the `cover` CLI names
 * series and scripts/cli/parse.ts reads them back; npm start's table and `cover risk` print the same.
 */
import { isoDate } from "./calendar.js";

export function seriesHandle(ticker: string, expiry: bigint | number | string, collateralSymbol: string): string {
  return `${ticker}-${isoDate(BigInt(expiry))}-${collateralSymbol}`;
}
