// Claim awareness: which series a claim could apply to (their open-claim counts), and the flags on swaps made
// between an incident's time and the decision of its claim (or the report of a direct incident).
import { BigInt, Bytes } from "@graphprotocol/graph-ts";
import { Claim, Series, SwapFlag } from "../generated/schema";
import { loadPosition } from "./entities";
import { absBigInt, addBigInt } from "./numbers";

/** One fewer open claim could apply to each of the claim's series (it was decided or lapsed). */
export function closeClaimOn(claim: Claim): void {
  const list = claim.series;
  for (let i = 0; i < list.length; i++) {
    const series = Series.load(list[i])!;
    series.openClaimCount -= 1;
    series.claimOpen = series.openClaimCount > 0 && series.state == "Open";
    series.save();
  }
}

/**
 * Flags every swap of the series made in [from, until) that no claim flagged yet, and adds it to the flagged
 * volume of the account that sent it. Reads the series' swaps from the store: this runs once per decision.
 */
export function flagSwaps(series: Series, claim: string | null, incident: string | null, from: BigInt, until: BigInt): void {
  const swaps = series.swaps.load();
  for (let i = 0; i < swaps.length; i++) {
    const swap = swaps[i];
    if (swap.timestamp < from || swap.timestamp >= until) continue;
    if (SwapFlag.load(swap.id) != null) continue;
    const flag = new SwapFlag(swap.id);
    flag.swap = swap.id;
    flag.series = series.id;
    flag.claim = claim;
    flag.incident = incident;
    flag.account = swap.origin;
    flag.volume = absBigInt(swap.amountCollateral);
    flag.timestamp = swap.timestamp;
    flag.save();
    const position = loadPosition(series.id, swap.origin);
    position.flaggedVolume = addBigInt(position.flaggedVolume, flag.volume);
    position.flaggedSwapCount += 1;
    position.save();
  }
}

/** Flags the swaps of each of the claim's series made from its incident's time until `until`. */
export function flagClaimSwaps(claim: Claim, until: BigInt): void {
  const list = claim.series;
  for (let i = 0; i < list.length; i++) {
    const series = Series.load(list[i])!;
    flagSwaps(series, claim.id, null, claim.incidentTime, until);
  }
}

/** Whether `list` holds `id`. */
export function holds(list: Bytes[], id: Bytes): boolean {
  for (let i = 0; i < list.length; i++) if (list[i].equals(id)) return true;
  return false;
}
