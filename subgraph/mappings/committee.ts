// A committee resolver's events: each protocol's committees and fee settings, and each claim's claimant, fee,
// votes and resolution. The claim itself, and its effect on series, come from the market's events.
import { BigInt, Bytes } from "@graphprotocol/graph-ts";
import {
  ClaimFiled,
  ClaimResolved,
  ClaimVoted,
  CommitteeChanged,
  CommitteeProtocolRegistered,
} from "../generated/templates/CommitteeResolver/CommitteeResolver";
import { Claim, Committee, Protocol, Vote } from "../generated/schema";
import { eventId } from "../utils/entities";

/** The resolver's ClaimStatus, by its uint8 value (None, Open and Passed never close a claim). */
const RESOLUTIONS: string[] = ["", "", "Accepted", "Denied", "Expired", "", "CapReached"];

export function handleCommitteeProtocolRegistered(event: CommitteeProtocolRegistered): void {
  onCommitteeProtocolRegistered(event);
}

export function handleCommitteeChanged(event: CommitteeChanged): void {
  onCommitteeChanged(event);
}

export function handleCommitteeClaimFiled(event: ClaimFiled): void {
  onClaimFiled(event);
}

export function handleClaimVoted(event: ClaimVoted): void {
  onClaimVoted(event);
}

export function handleClaimResolved(event: ClaimResolved): void {
  onClaimResolved(event);
}

/** Id of a protocol's committee of one epoch, e.g. "1#2". */
function committeeId(protocolId: BigInt, epoch: BigInt): string {
  return protocolId.toString() + "#" + epoch.toString();
}

export function onCommitteeProtocolRegistered(event: CommitteeProtocolRegistered): void {
  const p = event.params;
  const protocol = Protocol.load(p.protocolId.toString());
  if (protocol == null) return; // registered in another market
  protocol.claimFeeToken = p.feeToken;
  protocol.claimBaseFee = p.baseFee;
  protocol.claimFeeCap = p.feeCap;
  protocol.deniedFeeReceiver = p.deniedFeeReceiver;
  protocol.save();
}

export function onCommitteeChanged(event: CommitteeChanged): void {
  const p = event.params;
  const protocol = Protocol.load(p.protocolId.toString());
  if (protocol == null) return;
  const committee = new Committee(committeeId(p.protocolId, p.epoch));
  committee.protocol = protocol.id;
  committee.epoch = p.epoch.toI32();
  const members: Bytes[] = [];
  for (let i = 0; i < p.members.length; i++) members.push(p.members[i]);
  committee.members = members;
  committee.threshold = p.threshold;
  committee.proposalId = p.proposalId;
  committee.since = event.block.timestamp;
  committee.save();
  protocol.committee = committee.id;
  protocol.save();
}

export function onClaimFiled(event: ClaimFiled): void {
  const p = event.params;
  const claim = Claim.load(p.claimId.toString());
  if (claim == null) return; // the market's ClaimFiled comes first in the same transaction
  claim.claimant = p.claimant;
  claim.evidenceURI = p.evidenceURI;
  claim.requestedPayout = p.requestedPayout;
  claim.feeToken = p.feeToken;
  claim.fee = p.fee;
  claim.committee = committeeId(p.protocolId, p.epoch);
  claim.save();
}

export function onClaimVoted(event: ClaimVoted): void {
  const p = event.params;
  const claim = Claim.load(p.claimId.toString());
  if (claim == null) return;
  const vote = new Vote(eventId(event));
  vote.claim = claim.id;
  vote.voter = p.voter;
  vote.accept = p.accepted;
  vote.payout = p.payout;
  vote.timestamp = event.block.timestamp;
  vote.save();
  if (p.accepted) claim.acceptVotes += 1;
  else claim.denyVotes += 1;
  claim.save();
}

export function onClaimResolved(event: ClaimResolved): void {
  const p = event.params;
  const claim = Claim.load(p.claimId.toString());
  if (claim == null) return;
  claim.resolution = RESOLUTIONS[<i32>p.outcome];
  claim.feeRecipient = p.feeRecipient;
  claim.save();
}
