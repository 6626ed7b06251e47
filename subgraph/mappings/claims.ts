// The market's claims and incidents: claim buckets (which hold NOCLAIM past expiry + W), decisions, and the
// incidents that settle every unsettled series of their protocol they apply to; the series each claim could
// apply to (their open-claim counts) and the flags on swaps made between an incident's time and its decision.
import { BigInt, Bytes } from "@graphprotocol/graph-ts";
import { ClaimDecided, ClaimFiled, IncidentReported } from "../generated/CoverMarket/CoverMarket";
import { Claim, ClaimBucket, Incident, Protocol, Series } from "../generated/schema";
import { Config, CONFIG } from "../utils/config";
import { loadMarket } from "../utils/entities";
import { closeClaimOn, flagClaimSwaps, flagSwaps } from "../utils/flags";
import { checkSoon, claimBucketId, incidentApplies, isSettled, settleByIncident, unwatchClaim, watchClaim } from "../utils/settlement";

export function handleClaimFiled(event: ClaimFiled): void {
  onClaimFiled(event);
}

export function handleClaimDecided(event: ClaimDecided): void {
  onClaimDecided(event);
}

export function handleIncidentReported(event: IncidentReported): void {
  onIncidentReported(event, CONFIG);
}

export function onClaimFiled(event: ClaimFiled): void {
  const p = event.params;
  const protocolId = p.protocolId.toString();
  const claim = new Claim(p.claimId.toString());
  claim.protocol = protocolId;
  claim.incidentTime = p.incidentTime;
  claim.filedAt = p.filedAt;
  claim.bucket = p.bucket;
  claim.deadline = p.deadline;
  claim.status = "Open";
  claim.payout = BigInt.zero();
  claim.acceptVotes = 0;
  claim.denyVotes = 0;
  claim.lapsed = false;

  // The series it could apply to: every unsettled series of the protocol whose window holds it.
  const protocol = Protocol.load(protocolId)!;
  const unsettled = protocol.unsettledSeries;
  const applies: Bytes[] = [];
  for (let i = 0; i < unsettled.length; i++) {
    const series = Series.load(unsettled[i])!;
    if (isSettled(series) || !incidentApplies(series, p.incidentTime, p.filedAt)) continue;
    series.openClaimCount += 1;
    series.claimOpen = true;
    series.save();
    applies.push(series.id);
  }
  claim.series = applies;
  claim.save();
  watchClaim(claim);

  const bucketId = claimBucketId(protocolId, p.bucket.toI64());
  let bucket = ClaimBucket.load(bucketId);
  if (bucket == null) {
    bucket = new ClaimBucket(bucketId);
    bucket.protocol = protocolId;
    bucket.expiry = p.bucket;
    bucket.open = 0;
  }
  bucket.open += 1;
  bucket.lastDeadline = p.deadline; // filings come in time order, so this only grows
  bucket.save();

  protocol.claimCount += 1;
  protocol.save();
  const market = loadMarket();
  market.claimCount += 1;
  market.save();
  checkSoon();
}

export function onClaimDecided(event: ClaimDecided): void {
  const p = event.params;
  const claim = Claim.load(p.claimId.toString())!;
  claim.status = p.accepted ? "Accepted" : "Denied";
  claim.payout = p.payout;
  claim.decidedAt = event.block.timestamp;
  claim.save();
  // A claim that lapsed at its deadline was counted out and its swaps flagged up to the deadline then.
  if (!claim.lapsed) {
    closeClaimOn(claim);
    unwatchClaim(claim);
    flagClaimSwaps(claim, event.block.timestamp);
  }

  const bucket = ClaimBucket.load(claimBucketId(claim.protocol, claim.bucket.toI64()))!;
  bucket.open -= 1;
  bucket.save();
  checkSoon();
}

/**
 * An incident: every unsettled series of the protocol it applies to settles now at its payout. A direct report
 * (no claim, e.g. parametric) flags the swaps of those series made since its incident's time.
 */
export function onIncidentReported(event: IncidentReported, config: Config): void {
  const p = event.params;
  const protocol = Protocol.load(p.protocolId.toString())!;
  const incident = new Incident(protocol.id + "#" + p.incidentIndex.toString());
  incident.protocol = protocol.id;
  incident.index = p.incidentIndex.toI32();
  incident.incidentTime = p.incidentTime;
  incident.filedAt = p.filedAt;
  incident.reportedAt = event.block.timestamp;
  incident.payout = p.payout;
  if (!p.claimId.isZero()) {
    const claimId = p.claimId.toString();
    incident.claim = claimId;
    const claim = Claim.load(claimId);
    if (claim != null) {
      claim.incident = incident.id;
      claim.save();
    }
  }
  incident.save();

  const unsettled = protocol.unsettledSeries;
  const kept: Bytes[] = [];
  for (let i = 0; i < unsettled.length; i++) {
    const series = Series.load(unsettled[i])!;
    if (isSettled(series) || !incidentApplies(series, p.incidentTime, p.filedAt)) {
      if (!isSettled(series)) kept.push(series.id);
      continue;
    }
    if (p.claimId.isZero()) flagSwaps(series, null, incident.id, p.incidentTime, event.block.timestamp);
    settleByIncident(series, incident, event.block.timestamp, config);
    series.save();
  }
  protocol.unsettledSeries = kept;
  protocol.incidentCount += 1;
  protocol.save();

  const market = loadMarket();
  market.incidentCount += 1;
  market.save();
}
