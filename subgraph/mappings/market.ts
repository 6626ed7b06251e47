// The market's events: protocols, series and their tokens, mints/merges/redemptions, the pause (claims and
// incidents are in claims.ts, re-exported here because a data source has one mapping file).
// Each exported handler only passes its event and the config to the function that does the work.
import { Address, BigInt, Bytes, DataSourceContext } from "@graphprotocol/graph-ts";
import {
  Merged,
  Minted,
  PauseSet,
  ProtocolRegistered,
  Redeemed,
  SeriesCreated,
  SeriesSettled,
} from "../generated/CoverMarket/CoverMarket";
import {
  Collateral,
  CoverToken,
  Merge,
  Mint,
  Protocol,
  Redemption,
  Resolver,
  Series,
} from "../generated/schema";
import { CommitteeResolver as CommitteeResolverTemplate, CoverToken as CoverTokenTemplate } from "../generated/templates";
import { Config, CONFIG } from "../utils/config";
import { eventId, loadMarket } from "../utils/entities";
import { PricesBefore, recordCandles } from "../utils/intervals";
import { followPoolsCreatedBefore } from "../utils/pools";
import { refreshRate } from "../utils/seriesPrice";
import { dropUnsettled, isSettled, settle, watchSeries } from "../utils/settlement";
import { addToTerm } from "../utils/term";

export { handleBlock } from "./block";
export { handleClaimDecided, handleClaimFiled, handleIncidentReported } from "./claims";

/** The core's SettlementState, by its uint8 value. */
const SETTLEMENT_STATES: string[] = ["Open", "ByIncident", "ByTime"];

export function handleProtocolRegistered(event: ProtocolRegistered): void {
  onProtocolRegistered(event);
}

export function handleSeriesCreated(event: SeriesCreated): void {
  onSeriesCreated(event, CONFIG);
}

export function handleMinted(event: Minted): void {
  onMinted(event, CONFIG);
}

export function handleMerged(event: Merged): void {
  onMerged(event, CONFIG);
}

export function handleRedeemed(event: Redeemed): void {
  onRedeemed(event);
}

export function handleSeriesSettled(event: SeriesSettled): void {
  onSeriesSettled(event, CONFIG);
}

export function handlePauseSet(event: PauseSet): void {
  const market = loadMarket();
  market.pausedUntil = event.params.until;
  market.save();
}

export function onProtocolRegistered(event: ProtocolRegistered): void {
  const p = event.params;
  const protocol = new Protocol(p.protocolId.toString());
  protocol.resolver = p.resolver;
  protocol.name = p.name;
  protocol.ticker = p.ticker;
  protocol.metadataURI = p.metadataURI;
  protocol.claimWindow = p.claimWindow;
  protocol.registeredAt = p.registeredAt;
  protocol.seriesCount = 0;
  protocol.claimCount = 0;
  protocol.incidentCount = 0;
  protocol.unsettledSeries = [];
  protocol.save();

  // Follow each resolver once, in case it is a committee resolver (claimants, votes, resolutions).
  let resolver = Resolver.load(p.resolver);
  if (resolver == null) {
    resolver = new Resolver(p.resolver);
    resolver.protocolCount = 0;
    CommitteeResolverTemplate.create(p.resolver);
  }
  resolver.protocolCount += 1;
  resolver.save();

  const market = loadMarket();
  market.protocolCount += 1;
  market.save();
}

export function onSeriesCreated(event: SeriesCreated, config: Config): void {
  const p = event.params;
  const protocol = Protocol.load(p.protocolId.toString())!;
  const decimals = <i32>p.decimals;

  let collateral = Collateral.load(p.collateral);
  if (collateral == null) {
    collateral = new Collateral(p.collateral);
    collateral.symbol = p.collateralSymbol;
    collateral.decimals = decimals;
    collateral.seriesCount = 0;
    collateral.collateralLocked = BigInt.zero();
  }
  collateral.seriesCount += 1;
  collateral.save();

  const series = new Series(p.seriesId);
  series.protocol = protocol.id;
  series.collateral = p.collateral;
  series.collateralSymbol = p.collateralSymbol;
  series.decimals = decimals;
  series.expiry = p.expiry;
  series.createdAt = p.createdAt;
  series.createdAtBlock = event.block.number;
  series.creator = p.creator;
  series.claimToken = p.claimToken;
  series.noclaimToken = p.noclaimToken;
  series.claimWindowEnd = p.expiry.plus(protocol.claimWindow);
  series.finalByTimeAt = series.claimWindowEnd.plus(BigInt.fromI64(config.decisionPeriod));
  series.status = "Live";
  series.state = "Open";
  series.recorded = false;
  series.payout = BigInt.zero();
  series.collateralLocked = BigInt.zero();
  series.claimSupply = BigInt.zero();
  series.noclaimSupply = BigInt.zero();
  series.openInterest = BigInt.zero();
  series.totalMinted = BigInt.zero();
  series.totalRedeemed = BigInt.zero();
  series.claimPoolCount = 0;
  series.noclaimPoolCount = 0;
  series.volume = BigInt.zero();
  series.swapCount = 0;
  series.openClaimCount = 0;
  series.claimOpen = false;

  createToken(p.claimToken, p.seriesId, "Claim", decimals);
  createToken(p.noclaimToken, p.seriesId, "Noclaim", decimals);
  followPoolsCreatedBefore(series, event);
  series.save();
  addToTerm(series);

  const unsettled = protocol.unsettledSeries;
  unsettled.push(series.id);
  protocol.unsettledSeries = unsettled;
  protocol.seriesCount += 1;
  protocol.save();

  const market = loadMarket();
  market.seriesCount += 1;
  market.save();

  watchSeries(series);
}

/** A cover token's entity and the data source following its transfers (its series and side in the context). */
function createToken(address: Bytes, series: Bytes, side: string, decimals: i32): void {
  const token = new CoverToken(address);
  token.series = series;
  token.side = side;
  token.decimals = decimals;
  token.totalSupply = BigInt.zero();
  token.save();
  const context = new DataSourceContext();
  context.setBytes("series", series);
  context.setBoolean("claim", side == "Claim");
  CoverTokenTemplate.createWithContext(Address.fromBytes(address), context);
}

/** Adds `claimDelta` and `noclaimDelta` (negative: burnt) to the supplies of the series and its tokens. */
function changeSupply(series: Series, claimDelta: BigInt, noclaimDelta: BigInt): void {
  series.claimSupply = series.claimSupply.plus(claimDelta);
  series.noclaimSupply = series.noclaimSupply.plus(noclaimDelta);
  series.openInterest = series.claimSupply;
  if (!claimDelta.isZero()) {
    const claim = CoverToken.load(series.claimToken)!;
    claim.totalSupply = series.claimSupply;
    claim.save();
  }
  if (!noclaimDelta.isZero()) {
    const noclaim = CoverToken.load(series.noclaimToken)!;
    noclaim.totalSupply = series.noclaimSupply;
    noclaim.save();
  }
}

/** Adds `delta` (negative: paid out) to the collateral locked in the series and in its collateral's totals. */
function changeLocked(series: Series, delta: BigInt): void {
  series.collateralLocked = series.collateralLocked.plus(delta);
  const collateral = Collateral.load(series.collateral)!;
  collateral.collateralLocked = collateral.collateralLocked.plus(delta);
  collateral.save();
}

export function onMinted(event: Minted, config: Config): void {
  const p = event.params;
  const series = Series.load(p.seriesId)!;
  const before = PricesBefore.of(series);
  const mint = new Mint(eventId(event));
  mint.series = series.id;
  mint.timestamp = event.block.timestamp;
  mint.transaction = event.transaction.hash;
  mint.sender = p.sender;
  mint.claimTo = p.claimTo;
  mint.noclaimTo = p.noclaimTo;
  mint.amount = p.amount;
  mint.save();

  changeSupply(series, p.amount, p.amount);
  changeLocked(series, p.amount);
  series.totalMinted = series.totalMinted.plus(p.amount);
  refreshRate(series, event.block.timestamp, config);
  recordCandles(series, event.block.timestamp, before, null);
  series.save();

  const market = loadMarket();
  market.mintCount += 1;
  market.save();
}

export function onMerged(event: Merged, config: Config): void {
  const p = event.params;
  const series = Series.load(p.seriesId)!;
  const before = PricesBefore.of(series);
  const merge = new Merge(eventId(event));
  merge.series = series.id;
  merge.timestamp = event.block.timestamp;
  merge.transaction = event.transaction.hash;
  merge.sender = p.sender;
  merge.to = p.to;
  merge.amount = p.amount;
  merge.save();

  const burnt = p.amount.neg();
  changeSupply(series, burnt, burnt);
  changeLocked(series, burnt);
  refreshRate(series, event.block.timestamp, config);
  recordCandles(series, event.block.timestamp, before, null);
  series.save();

  const market = loadMarket();
  market.mergeCount += 1;
  market.save();
}

export function onRedeemed(event: Redeemed): void {
  const p = event.params;
  const series = Series.load(p.seriesId)!;
  const redemption = new Redemption(eventId(event));
  redemption.series = series.id;
  redemption.timestamp = event.block.timestamp;
  redemption.transaction = event.transaction.hash;
  redemption.sender = p.sender;
  redemption.to = p.to;
  redemption.claimAmount = p.claimAmount;
  redemption.noclaimAmount = p.noclaimAmount;
  redemption.collateralOut = p.collateralOut;
  redemption.payout = series.payout;
  redemption.save();

  changeSupply(series, p.claimAmount.neg(), p.noclaimAmount.neg());
  changeLocked(series, p.collateralOut.neg());
  series.totalRedeemed = series.totalRedeemed.plus(p.collateralOut);
  series.save();

  const market = loadMarket();
  market.redemptionCount += 1;
  market.save();
}

/**
 * The core recorded a settlement: it held already (the subgraph settled it then), or it holds from this block
 * (settled now, as the block handler would at the end of the block); the event wins should the two differ.
 */
export function onSeriesSettled(event: SeriesSettled, config: Config): void {
  const p = event.params;
  const series = Series.load(p.seriesId)!;
  const state = SETTLEMENT_STATES[<i32>p.state];
  if (!isSettled(series)) {
    settle(series, state, p.payout, event.block.timestamp, config);
    dropUnsettled(series);
  } else if (series.state != state || series.payout != p.payout) {
    settle(series, state, p.payout, series.settledAt!, config);
  }
  series.recorded = true;
  if (state == "ByIncident") series.incident = series.protocol + "#" + p.incidentIndex.toString();
  series.save();
}
