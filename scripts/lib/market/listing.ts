/**
 * The curated-list rule, as plain data and functions (no imports, so the browser dashboard bundles the same file):
 * a series is listed when its protocol id and its collateral's address are both on the network's curated list;
 * anything else shows as UNLISTED, whatever its ticker and symbol say. Where the list comes from is
 * lib/deploy/curated.ts; the `cover` CLI and the dashboard both apply it through this file.
 */

export interface CuratedProtocol {
  id: number;
  ticker: string;
  name: string;
}

export interface CuratedList {
  /** Where the list comes from, for messages. */
  source: string;
  protocols: CuratedProtocol[];
  /** Upper-case symbol -> address. */
  collaterals: Record<string, string>;
}

/** Whether a protocol id is on the list. */
export function isListedProtocol(list: CuratedList, protocolId: number): boolean {
  return list.protocols.some((p) => p.id === protocolId);
}

/** Whether a collateral address is on the list (any case). */
export function isListedCollateral(list: CuratedList, collateral: string): boolean {
  return Object.values(list.collaterals).some((a) => a.toLowerCase() === collateral.toLowerCase());
}

/** Whether a series (its protocol id and collateral address) is listed: both must be on the list. */
export function isListedSeries(list: CuratedList, protocolId: number, collateral: string): boolean {
  return isListedProtocol(list, protocolId) && isListedCollateral(list, collateral);
}
