/**
 * Sending a transaction the way the CLI promises: simulate first (staticCall from the sender); if it would revert,
 * a CliError saying why in words (decoded from the custom error) and nothing sent; else send, wait, and report
 * the hash and gas used. With --dry-run, the simulation is printed instead of sent (dryRun.ts).
 */
import type { BaseContract, Log } from "ethers";
import type { CoverRouter } from "../lib/chain/contracts.js";
import { decodeError, errorInterface } from "../lib/chain/revert.js";
import { isoDate } from "../lib/market/calendar.js";
import { CommitteeClaimStatus, lowerNamesOf } from "../lib/market/enums.js";
import { isDryRun, reportDryRun, type DryRunNote } from "./dryRun.js";
import { CliError } from "./errors.js";
import { duration, human, isoTime } from "./output.js";

let iface: ReturnType<typeof errorInterface> | undefined;

const time = (t: string) => isoTime(BigInt(t));
const fraction = (wad: string) => human(BigInt(wad), 18);

/** A raw amount from a decoded error's arguments in human units. */
const units = (raw: string | bigint, d: number) => human(BigInt(raw), d);

/** A roll's net collateral in words: paid to the caller (positive) or by the caller (negative). */
const settlement = (net: bigint, d: number) => (net >= 0n ? `pay you ${units(net, d)}` : `cost you ${units(-net, d)}`);
const settlementLimit = (min: bigint, d: number) => (min >= 0n ? `receive at least ${units(min, d)}` : `pay at most ${units(-min, d)}`);

/** Sentences for the custom errors people meet most; others are shown decoded, name and arguments. */
const WORDS: Record<string, (args: string[], decimals: number) => string> = {
  CoverSeriesExpired: ([, expiry]) => `the series expired on ${isoDate(BigInt(expiry))}: no more minting or buying`,
  CoverNotSettled: ([, at]) => `the series is not settled yet; it can settle at ${time(at)} at the earliest`,
  CoverUnknownSeries: ([id]) => `there is no series ${id}`,
  CoverZeroAmount: () => "the amount is zero",
  CoverPaused: ([until]) => `the market is paused until ${time(until)}`,
  CoverRouterInsufficientOutput: ([out, min], d) => `slippage: the trade would give ${units(out, d)}, below your limit of ${units(min, d)}`,
  CoverRouterExcessiveInput: ([input, max], d) => `slippage: the trade would cost ${units(input, d)}, above your limit of ${units(max, d)}`,
  CoverRouterIncompleteFill: ([, requested, filled], d) => `not enough liquidity: the pool fills ${units(filled, d)} of ${units(requested, d)}`,
  CoverPeripheryDeadlinePassed: ([deadline]) => `the deadline ${time(deadline)} has passed`,
  CoverPeripheryPairRouteUnavailable: () => "the pair route is unavailable for this series now (use --route direct)",
  CoverRouterNetBelowMinimum: ([net, minimum], d) => `slippage: the roll would ${settlement(BigInt(net), d)}, short of your limit to ${settlementLimit(BigInt(minimum), d)}`,
  CoverRouterRollMismatch: () => "a roll must go to a later series of the same protocol and collateral",
  CoverRouterZeroAmount: () => "the amount is zero",
  CoverPeripheryPermitFailed: ([token, allowance, needed], d) => `the permit for ${token} failed and its allowance is ${units(allowance, d)}, ${units(needed, d)} needed`,
  ERC20InsufficientBalance: ([, balance, needed], d) => `insufficient balance: have ${units(balance, d)}, need ${units(needed, d)}`,
  ERC20InsufficientAllowance: ([, allowance, needed], d) => `insufficient allowance: ${units(allowance, d)} approved, ${units(needed, d)} needed`,
  // Claims and incidents (the market's checks, then the committee and parametric resolvers').
  CoverIncidentInFuture: ([t, now]) => `the incident time ${time(t)} is in the future (chain time ${time(now)})`,
  CoverIncidentBeforeRegistration: ([t, at]) => `the incident time ${time(t)} is before the protocol was registered (${time(at)})`,
  CoverIncidentCapReached: ([id, cap]) => `protocol ${id} has had ${cap} incidents, the most the market records: no more claims or incidents`,
  CoverClaimDeadlinePassed: ([id, deadline]) => `claim ${id}'s deadline passed at ${time(deadline)}`,
  CommitteeUnknownProtocol: ([id]) => `protocol ${id} is not decided by the committee resolver`,
  CommitteeInvalidPayout: ([p]) => `the payout ${fraction(p)} is not allowed: at most 1 when accepting, 0 when denying`,
  CommitteeEmptyEvidence: () => "a claim needs an evidence URI",
  CommitteeFeeAboveMax: ([fee, max], d) => `the claim fee is ${units(fee, d)} now, above your maximum of ${units(max, d)} (a claim filed just before raised it): quote again and file with --max-fee if you accept it`,
  CommitteeFeeShortfall: ([, expected, received], d) => `the fee token delivered ${units(received, d)} of the ${units(expected, d)} fee (fee-on-transfer tokens are refused)`,
  CommitteeUnknownClaim: ([id]) => `there is no claim ${id}`,
  CommitteeClaimNotOpen: ([id, status]) => `claim ${id} is ${lowerNamesOf(CommitteeClaimStatus)[Number(status)] ?? status} already: voting on it closed`,
  CommitteeVotingClosed: ([id, closedAt]) => `voting on claim ${id} closed at ${time(closedAt)}: it can only be closed now (cover claim close ${id})`,
  CommitteeVotingOpen: ([id, closesAt]) => `voting on claim ${id} closes at ${time(closesAt)}, or when all its voters have voted; until then it cannot be closed`,
  CommitteeFilingWindowPassed: ([t, latest]) => `a claim on an incident at ${time(t)} had to be filed by ${time(latest)} (the protocol's filing window)`,
  CommitteeNotVoter: ([id, account]) => `${account} was not a member of the committee when claim ${id} was filed: only those members vote on it`,
  CommitteeAlreadyVoted: ([id, voter]) => `${voter} has voted on claim ${id} already`,
  CommitteeNotMember: ([id, epoch, account]) => `${account} is not a member of protocol ${id}'s committee (epoch ${epoch})`,
  CommitteeUnknownProposal: ([id]) => `there is no committee proposal ${id}`,
  CommitteeProposalStale: ([id, epoch, current]) => `proposal ${id} was made for the committee of epoch ${epoch}, but the committee is of epoch ${current} now (or it took effect already): it cannot be approved`,
  CommitteeProposalExpired: ([id, at]) => `proposal ${id} lapsed at ${time(at)}: propose it again`,
  CommitteeAlreadyApproved: ([id, member]) => `${member} has approved proposal ${id} already`,
  CommitteeInvalidSize: ([size, threshold, max]) => `a committee of ${size} with threshold ${threshold} is not allowed: 1 <= threshold <= size <= ${max}`,
  CommitteeInvalidMember: ([member]) => `${member} cannot be a member: members are distinct, non-zero addresses`,
  CommitteeInvalidFeeReceiver: ([receiver]) => `${receiver} receives denied claims' fees: it cannot be a member of the committee`,
  CommitteeNothingHeld: ([, account]) => `no fees in this token are held for ${account}: fees are held only when a transfer to you failed`,
  CommitteeZeroRecipient: () => "the recipient is the zero address",
  ParametricUnknownProtocol: ([id]) => `protocol ${id} is not a parametric protocol`,
  ParametricIncidentInFuture: ([t, now]) => `the incident time ${time(t)} is in the future (chain time ${time(now)})`,
  ParametricIncidentBeforeRegistration: ([t, at]) => `the incident time ${time(t)} is before the protocol was registered (${time(at)})`,
  ParametricIncidentAlreadyProven: ([, t]) => `the incident at ${time(t)} was proven already: its proof is pending (one de-peg is recorded once)`,
  ParametricProofTooLate: ([t, deadline]) => `a proof of ${time(t)} had to land before ${time(deadline)} (t + L + P): too late`,
  ParametricRoundUnusable: ([i, round]) => `feed ${i}: round ${round} cannot be read or has no valid answer: a proof must start at a usable round`,
  ParametricNoPendingProof: ([, t]) => `no proof of ${time(t)} is pending: nothing to replace`,
  ParametricWrongPendingPhases: ([, t]) => `the phases given are not those of the pending proof of ${time(t)}`,
  ParametricProofNotSuperseded: ([, t]) => `the pending proof of ${time(t)} follows the current phases of every feed: it stays`,
  ParametricFeedNotBelow: ([i, t]) => `feed ${i} was not below the threshold at ${time(t)}`,
  ParametricRecoveryInWindow: ([i, , at, windowEnd]) => `feed ${i} recovered at ${time(at)}, before its window ended at ${time(windowEnd)}: not below for long enough`,
  ParametricGapTooLong: ([i, round, at, gap]) => `feed ${i} had no update within ${duration(BigInt(gap))} (heartbeat + grace) after round ${round} of ${time(at)}`,
  ParametricProofIncomplete: ([i, from, until, needed]) => `the rounds of feed ${i} cover ${time(from)} to ${time(until)} but must reach ${time(needed)} (a window not over yet?)`,
  ParametricStartNotFirstBelow: ([i, first]) => `the rounds of feed ${i} start below the threshold (round ${first}): they must start at the last round at or above it`,
  ParametricUncountedFeedBelow: ([i, start]) => `feed ${i} was below from ${time(start)} for long enough: it counts`,
  ParametricFeedUnproven: ([i]) => `feed ${i} has readable history, so the proof needs its rounds`,
  ParametricRoundsNotContiguous: ([i, previous, round]) => `feed ${i}: round ${round} does not follow round ${previous}`,
  ParametricRoundInFuture: ([i, round, at]) => `feed ${i}: round ${round} is dated ${time(at)}, in the future`,
  ParametricQuorumNotReached: ([counted, quorum]) => `no de-peg: ${counted} feed(s) below together, the quorum is ${quorum}`,
  ParametricQuorumHeldBefore: ([t, n]) => `${n} feeds were below already just before ${time(t)}: that is not when the quorum went below`,
};

/** A failed call's reason in words. */
export function reasonOf(error: unknown, decimals: number): string {
  iface ??= errorInterface();
  const decoded = decodeError(error, iface);
  const m = /^(\w+)\((.*)\)$/.exec(decoded);
  if (m && WORDS[m[1]]) {
    const args = m[2] === "" ? [] : m[2].split(", ");
    try {
      return `${WORDS[m[1]](args, decimals)} (${decoded})`;
    } catch {
      /* fall back to the decoded form */
    }
  }
  return decoded;
}

export interface Sent {
  hash: string;
  gasUsed: bigint;
  blockNumber: number;
  /** The receipt's logs, to read what the action did from its events. */
  logs: readonly Log[];
}

/**
 * Simulates `contract.method(...args)` from the contract's signer and sends it if it would succeed; `what` names
 * the action in the error. `decimals` formats amounts in decoded errors.
 */
export async function simulateAndSend(contract: BaseContract, method: string, args: unknown[], what: string, decimals: number, note?: DryRunNote): Promise<Sent> {
  const call = contract.getFunction(method);
  let result: unknown;
  try {
    result = await call.staticCall(...args);
  } catch (error) {
    throw new CliError(`${what} would fail, nothing was sent: ${reasonOf(error, decimals)}`);
  }
  if (isDryRun()) return reportDryRun(contract, method, args, result, what, note);
  const tx = await call.send(...args);
  const receipt = await tx.wait();
  if (!receipt || receipt.status !== 1) throw new CliError(`${what}: transaction ${tx.hash} reverted`);
  return { hash: tx.hash, gasUsed: receipt.gasUsed, blockNumber: receipt.blockNumber, logs: receipt.logs };
}

/**
 * Sends a router action after simulating it, with any permit calls in front of it in one `multicall` (so a
 * permit and the trade land together or not at all).
 */
export async function sendRouterAction(router: CoverRouter, method: string, args: unknown[], permitCalls: string[], what: string, decimals: number): Promise<Sent> {
  if (permitCalls.length === 0) return simulateAndSend(router, method, args, what, decimals);
  const action = router.interface.encodeFunctionData(method as Parameters<CoverRouter["interface"]["encodeFunctionData"]>[0], args as never);
  return simulateAndSend(router, "multicall", [[...permitCalls, action]], what, decimals);
}
