// The market's claims and incidents: claim buckets (which hold NOCLAIM past expiry + W), decisions, and the
// incidents that settle every unsettled series of their protocol they apply to.
import { BigInt, Bytes } from "@graphprotocol/graph-ts";
import { ClaimDecided, ClaimFiled, IncidentReported } from "../generated/CoverMarket/CoverMarket";
import { Claim, ClaimBucket, Incident, Protocol, Series } from "../generated/schema";
import { loadMarket } from "../utils/entities";
import { PricesBefore, recordCandles } from "../utils/intervals";
import { checkSoon, claimBucketId, incidentApplies, isSettled, settleByIncident } from "../utils/settlement";

export function handleClaimFiled(event: ClaimFiled): void {
  onClaimFiled(event);
}

export function handleClaimDecided(event: ClaimDecided): void {
  onClaimDecided(event);
}

export function handleIncidentReported(event: IncidentReported): void {
  onIncidentReported(event);
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
  claim.save();

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

  const protocol = Protocol.load(protocolId)!;
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

  const bucket = ClaimBucket.load(claimBucketId(claim.protocol, claim.bucket.toI64()))!;
  bucket.open -= 1;
  bucket.save();
  checkSoon();
}

/** An incident: every unsettled series of the protocol it applies to settles now at its payout. */
export function onIncidentReported(event: IncidentReported): void {
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
    const before = PricesBefore.of(series);
    settleByIncident(series, incident, event.block.timestamp);
    recordCandles(series, event.block.timestamp, before, null);
    series.save();
  }
  protocol.unsettledSeries = kept;
  protocol.incidentCount += 1;
  protocol.save();

  const market = loadMarket();
  market.incidentCount += 1;
  market.save();
}
