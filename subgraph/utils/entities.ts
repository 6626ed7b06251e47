// Loading and creating the entities many handlers share, and the ids of event entities.
import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { Market, Position } from "../generated/schema";
import { appendU32, concat } from "./numbers";

export const MARKET_ID = "1";

/** Id of an entity recording one log: transaction hash, then the log index as 4 big-endian bytes. */
export function eventId(event: ethereum.Event): Bytes {
  return appendU32(event.transaction.hash, <u32>event.logIndex.toI32());
}

/** The market's totals, created on first use. */
export function loadMarket(): Market {
  let market = Market.load(MARKET_ID);
  if (market == null) {
    market = new Market(MARKET_ID);
    market.protocolCount = 0;
    market.seriesCount = 0;
    market.poolCount = 0;
    market.mintCount = 0;
    market.mergeCount = 0;
    market.redemptionCount = 0;
    market.claimCount = 0;
    market.incidentCount = 0;
    market.pausedUntil = BigInt.zero();
  }
  return market;
}

/** An account's position in a series, created (empty) on first use. */
export function loadPosition(series: Bytes, account: Bytes): Position {
  const id = concat(series, account);
  let position = Position.load(id);
  if (position == null) {
    position = new Position(id);
    position.account = account;
    position.series = series;
    position.claimBalance = BigInt.zero();
    position.noclaimBalance = BigInt.zero();
    position.updatedAt = BigInt.zero();
    position.flaggedVolume = BigInt.zero();
    position.flaggedSwapCount = 0;
  }
  return position;
}
