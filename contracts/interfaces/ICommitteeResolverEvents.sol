// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICommitteeResolverTypes} from "./ICommitteeResolverTypes.sol";

/// @title Events of the committee resolver
/// @notice Each carries what an indexer needs, so that indexing never needs a call to the chain. The
/// protocol's name, ticker, metadata URI and claim window are in the market's ProtocolRegistered event.
interface ICommitteeResolverEvents is ICommitteeResolverTypes {
    /// @notice A protocol was registered in the market with this resolver, its fee settings and its first
    /// committee (announced by CommitteeChanged with epoch 1, just after).
    /// @param baseFee fee of the first claim of an escalation window, in fee token units
    /// @param feeCap highest fee, in fee token units
    /// @param feeEscalationWindow FEE_ESCALATION_WINDOW, in seconds
    event CommitteeProtocolRegistered(
        uint32 indexed protocolId,
        address indexed registrant,
        address feeToken,
        uint256 baseFee,
        uint256 feeCap,
        uint256 feeEscalationWindow,
        address deniedFeeReceiver
    );

    /// @notice A protocol's committee became `members` with threshold M, as epoch `epoch`: at registration
    /// (proposalId 0) or by an approved proposal.
    event CommitteeChanged(
        uint32 indexed protocolId, uint32 indexed epoch, address[] members, uint8 threshold, uint64 proposalId
    );

    /// @notice A member proposed a new committee; the proposer's approval is counted.
    /// @param epoch the committee epoch whose members vote on it
    /// @param expiresAt the proposal lapses at this time, Unix seconds
    event CommitteeProposed(
        uint64 indexed proposalId,
        uint32 indexed protocolId,
        address indexed proposer,
        uint32 epoch,
        address[] members,
        uint8 threshold,
        uint256 expiresAt
    );

    /// @notice A member approved a proposed committee; `approvals` counts them so far.
    event CommitteeProposalApproved(
        uint64 indexed proposalId, uint32 indexed protocolId, address indexed member, uint256 approvals
    );

    /// @notice A claim was filed and its fee paid; the market holds the NOCLAIM it could apply to.
    /// @param claimId the market's claim id, also the resolver's
    /// @param requestedPayout the payout asked for, as a WAD fraction
    /// @param fee what the claimant paid, in fee token units
    /// @param epoch the committee epoch whose members vote on it
    /// @param deadline it must be decided before this time, Unix seconds (filing + D)
    event ClaimFiled(
        uint64 indexed claimId,
        uint32 indexed protocolId,
        address indexed claimant,
        uint256 incidentTime,
        string evidenceURI,
        uint256 requestedPayout,
        address feeToken,
        uint256 fee,
        uint32 epoch,
        uint256 deadline
    );

    /// @notice A voter of the claim voted.
    /// @param payout the payout the voter accepts, as a WAD fraction; 0 for a denial
    event ClaimVoted(
        uint64 indexed claimId, uint32 indexed protocolId, address indexed voter, bool accepted, uint256 payout
    );

    /// @notice Voting on a claim closed with M or more acceptances at `payout` (the lower median of all
    /// accepting votes); it is recorded in the market from `recordableAt` (its incident time + F) once every
    /// claim of an earlier incident time on the protocol is decided (ClaimResolved then follows).
    event ClaimPassed(uint64 indexed claimId, uint32 indexed protocolId, uint256 payout, uint256 recordableAt);

    /// @notice A claim was decided and its fee paid out (or held for withdrawal, see FeeHeld).
    /// @param outcome Accepted, Denied, Expired or CapReached
    /// @param payout the accepted payout (the lower median of the accepting votes) as a WAD fraction; 0 otherwise
    /// @param feeRecipient the claimant (accepted, cap reached, expired after passing) or the denied-fee
    /// receiver (denied, expired while open)
    event ClaimResolved(
        uint64 indexed claimId,
        uint32 indexed protocolId,
        ClaimStatus outcome,
        uint256 payout,
        address feeRecipient,
        uint256 fee
    );

    /// @notice A fee could not be transferred to `account` (the token refused); it is held for `withdrawFees`.
    event FeeHeld(address indexed token, address indexed account, uint256 amount);

    /// @notice Held fees were withdrawn.
    event FeeWithdrawn(address indexed token, address indexed account, address to, uint256 amount);
}
