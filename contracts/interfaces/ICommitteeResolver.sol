// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarket} from "./ICoverMarket.sol";
import {ICommitteeResolverEvents} from "./ICommitteeResolverEvents.sol";
import {ICommitteeResolverErrors} from "./ICommitteeResolverErrors.sol";

/// @title Committee resolver: claims decided by an M-of-N claim validity committee
/// @notice One contract hosts many covered protocols, each with its own committee, fee settings and
/// denied-fee receiver, all fixed in the transaction that registers the protocol in the market. Anyone
/// files a claim and pays a fee that doubles with each further claim on the protocol within the fee
/// escalation window, up to a cap, never more than the filer's maximum. A claim must be filed within F of
/// its incident time. The voters of a claim are the committee members at its filing; each votes once, within
/// V of the filing. Only a denial closes voting early (as soon as acceptance can no longer reach M: the fee
/// goes to the receiver); otherwise voting closes when every voter has voted or V has passed, and the claim
/// passes if M or more accepted, at the lower median of all accepting payouts. Passed claims reach the
/// market in incident-time order: each once its incident time + F has passed (no claim of an earlier incident
/// can be filed any more) and every claim of an earlier incident time is decided, so the order in which
/// claims and votes arrive never changes a settlement, and at the market's incident cap the earliest
/// incidents take the slots (a later one is refunded). Registration checks F <= W and F + V + FINALIZE_MARGIN
/// <= D, so every decision lands before the market's deadline. The committee changes only by an M-of-N vote
/// of the committee. There is no owner: no key but the committee's votes decides anything.
interface ICommitteeResolver is ICommitteeResolverEvents, ICommitteeResolverErrors {
    // ---------------------------------------------------------------- constants and immutables

    /// @notice The cover market this resolver reports to.
    function market() external view returns (ICoverMarket);

    /// @notice Most members a committee can have (seats are bits of a uint32).
    function MAX_COMMITTEE_SIZE() external view returns (uint256);

    /// @notice Length of a fee escalation window, in seconds (7 days, the market's decision period D).
    /// @dev A window opens with the first claim filed after the previous one closed; the i-th claim filed
    /// in it (from 0) pays min(baseFee * 2^i, feeCap).
    function FEE_ESCALATION_WINDOW() external view returns (uint256);

    /// @notice How long a committee proposal can be approved after it was made, in seconds.
    function PROPOSAL_LIFETIME() external view returns (uint256);

    /// @notice The time left, at the least, between the last moment a claim can be recorded in turn (its
    /// incident time + F + V) and the market's deadline for it (filing + D), in seconds (1 day).
    function FINALIZE_MARGIN() external view returns (uint256);

    // ---------------------------------------------------------------- actions

    /// @notice Registers a covered protocol in the market, with this resolver as its resolver, and sets its
    /// committee and fee settings in the same transaction. Anyone may call it; nothing set changes later
    /// but the committee, and that only by the committee's vote.
    /// @return protocolId the market's id for the protocol
    function registerProtocol(Registration calldata registration) external returns (uint32 protocolId);

    /// @notice Files a claim on a protocol, paying the fee due when the filing lands (see `claimFee`) from
    /// the caller, who must have approved this resolver, and refusing it if that fee exceeds `maxFee`: claims
    /// landing first raise the fee, and a generous approval must never make the filer pay more than they
    /// were quoted. The market refuses an incident time in the future or before the protocol's registration.
    /// @param incidentTime when the incident happened, Unix seconds
    /// @param evidenceURI where the evidence is, non-empty
    /// @param requestedPayout the payout asked for, as a WAD fraction in [0, 1e18]
    /// @param maxFee the most fee the filer will pay, in the fee token's units
    /// @return claimId the market's claim id
    function fileClaim(
        uint32 protocolId,
        uint256 incidentTime,
        string calldata evidenceURI,
        uint256 requestedPayout,
        uint256 maxFee
    ) external returns (uint64 claimId);

    /// @notice Votes on an open claim, before its filing + V, as one of its voters (members at its filing).
    /// The vote after which acceptance can no longer reach M denies it: the market is told and the fee goes
    /// to the denied-fee receiver. The last voter's vote closes voting: the claim passes if M or more
    /// accepted, at the lower median of all accepting payouts (ClaimPassed), or is denied. Then up to a few
    /// queued claims whose turn has come are recorded, as `recordClaims` does.
    /// @param payout the payout accepted, as a WAD fraction in [0, 1e18]; must be 0 when denying
    function voteClaim(uint64 claimId, bool accept, uint256 payout) external;

    /// @notice Closes voting on an open claim from its filing + V on; anyone may call it. It passes if M or
    /// more accepted, else it is denied. Then records queued claims whose turn has come, as a vote does.
    function closeClaim(uint64 claimId) external;

    /// @notice Decides up to `maxClaims` of the protocol's queued claims in incident-time order, stopping at
    /// the first that must wait: still voting (closed here once V has passed), or its incident time + F not
    /// yet passed. A passed claim is recorded in the market as an incident and its fee refunded; at the
    /// market's incident cap it is refunded without an incident (CapReached); past the market's deadline it
    /// expires (refunded, since the committee accepted it). Anyone may call it.
    /// @return decided how many claims it closed or decided
    function recordClaims(uint32 protocolId, uint256 maxClaims) external returns (uint256 decided);

    /// @notice Proposes a new committee for a protocol; only a member of its current committee may, and
    /// the proposer's approval counts. It takes effect when M members of the current committee approved
    /// it, and lapses if the committee changes first or after PROPOSAL_LIFETIME.
    /// @return proposalId the proposal's id
    function proposeCommittee(uint32 protocolId, address[] calldata members, uint8 threshold)
        external
        returns (uint64 proposalId);

    /// @notice Approves a proposal as a member of the committee it would replace; the M-th approval
    /// makes the proposed committee the protocol's committee, as the next epoch.
    function approveCommittee(uint64 proposalId) external;

    /// @notice Pays out fees held for the caller because a transfer to it failed.
    function withdrawFees(address token, address to) external returns (uint256 amount);

    // ---------------------------------------------------------------- views

    /// @notice A protocol's settings (reverts `CommitteeUnknownProtocol` for one not registered here).
    function protocolConfig(uint32 protocolId) external view returns (ProtocolConfig memory);

    /// @notice The fee the next claim on the protocol would pay now, in fee token units.
    function claimFee(uint32 protocolId) external view returns (uint256);

    /// @notice The members of a protocol's committee of an epoch, in seat order, and its threshold.
    function committee(uint32 protocolId, uint32 epoch) external view returns (address[] memory members, uint8 threshold);

    /// @notice A claim filed through this resolver (reverts `CommitteeUnknownClaim` otherwise).
    function claim(uint64 claimId) external view returns (ClaimRecord memory);

    /// @notice The protocol's undecided claims (Open or Passed) in the order they will be decided: by
    /// incident time, then filing.
    function claimQueue(uint32 protocolId) external view returns (uint64[] memory claimIds);

    /// @notice Whether `voter` was a member at the claim's filing and whether it has voted yet.
    function voterStatus(uint64 claimId, address voter) external view returns (bool isVoter, bool hasVoted);

    /// @notice A committee proposal (reverts `CommitteeUnknownProposal` otherwise).
    function proposal(uint64 proposalId) external view returns (Proposal memory);

    /// @notice Fees held for `account` in `token` after a failed transfer.
    function heldFees(address token, address account) external view returns (uint256);
}
