// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICommitteeResolverTypes} from "./ICommitteeResolverTypes.sol";

/// @title Errors of the committee resolver, each with the values that explain it
interface ICommitteeResolverErrors is ICommitteeResolverTypes {
    /// @notice No protocol with this id was registered through this resolver.
    error CommitteeUnknownProtocol(uint32 protocolId);

    /// @notice A committee needs 1 <= threshold <= size <= max members.
    error CommitteeInvalidSize(uint256 size, uint256 threshold, uint256 maxSize);

    /// @notice A committee member is the zero address or appears twice.
    error CommitteeInvalidMember(address member);

    /// @notice The denied-fee receiver is zero or a member of the committee.
    error CommitteeInvalidFeeReceiver(address receiver);

    /// @notice The fee token is not a contract.
    error CommitteeInvalidFeeToken(address token);

    /// @notice The base fee is zero or above the cap.
    error CommitteeInvalidFee(uint256 baseFee, uint256 feeCap);

    /// @notice The requested or voted payout is above 1 (1e18).
    error CommitteeInvalidPayout(uint256 payout);

    /// @notice A claim needs an evidence URI.
    error CommitteeEmptyEvidence();

    /// @notice The fee token delivered less than the fee (a fee-on-transfer token).
    error CommitteeFeeShortfall(address token, uint256 expected, uint256 received);

    /// @notice The fee due when the filing landed (`fee`) is more than the filer allowed (`maxFee`): claims
    /// filed just before raised it.
    error CommitteeFeeAboveMax(uint256 fee, uint256 maxFee);

    /// @notice No claim with this id was filed through this resolver.
    error CommitteeUnknownClaim(uint64 claimId);

    /// @notice The claim was decided already.
    error CommitteeClaimNotOpen(uint64 claimId, ClaimStatus status);


    /// @notice The claim came after its filing window: it had to be filed by `incidentTime + F` (`latest`).
    error CommitteeFilingWindowPassed(uint256 incidentTime, uint256 latest);

    /// @notice Voting on the claim closed at `closedAt` (filing + V).
    error CommitteeVotingClosed(uint64 claimId, uint256 closedAt);

    /// @notice Voting is still open until `closesAt` and not every voter has voted: it cannot be closed yet.
    error CommitteeVotingOpen(uint64 claimId, uint256 closesAt);

    /// @notice The timing of a registration cannot guarantee that every decision lands before the market's
    /// deadline: it needs 0 < F <= W and 0 < V and F + V + `margin` <= D (`decisionPeriod`).
    error CommitteeInvalidTiming(uint256 filingWindow, uint256 votingPeriod, uint256 claimWindow, uint256 margin, uint256 decisionPeriod);

    /// @notice The account was not a committee member when the claim was filed.
    error CommitteeNotVoter(uint64 claimId, address account);

    /// @notice The voter has voted on this claim already.
    error CommitteeAlreadyVoted(uint64 claimId, address voter);

    /// @notice The account is not a member of the protocol's committee of that epoch.
    error CommitteeNotMember(uint32 protocolId, uint32 epoch, address account);

    /// @notice No proposal has this id.
    error CommitteeUnknownProposal(uint64 proposalId);

    /// @notice The committee changed since the proposal was made (or the proposal was executed).
    error CommitteeProposalStale(uint64 proposalId, uint32 proposalEpoch, uint32 currentEpoch);

    /// @notice The proposal lapsed at `expiredAt`.
    error CommitteeProposalExpired(uint64 proposalId, uint256 expiredAt);

    /// @notice The member approved this proposal already.
    error CommitteeAlreadyApproved(uint64 proposalId, address member);

    /// @notice Nothing is held for the account in this token.
    error CommitteeNothingHeld(address token, address account);

    /// @notice Fees cannot be withdrawn to the zero address.
    error CommitteeZeroRecipient();
}
