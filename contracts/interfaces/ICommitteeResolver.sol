// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarket} from "./ICoverMarket.sol";
import {ICommitteeResolverEvents} from "./ICommitteeResolverEvents.sol";
import {ICommitteeResolverErrors} from "./ICommitteeResolverErrors.sol";

/// @title Committee resolver: claims decided by an M-of-N claim validity committee
/// @notice One contract hosts many covered protocols, each with its own committee, fee settings and
/// denied-fee receiver, all fixed in the transaction that registers the protocol in the market. Anyone
/// files a claim and pays a fee that doubles with each further claim on the protocol within the fee
/// escalation window, up to a cap. The voters of a claim are the committee members at its filing; each
/// votes once. The claim is accepted when M of them accept, at the lower median of the accepting payouts,
/// and the fee is refunded; it is denied as soon as acceptance can no longer reach M, or closed by anyone
/// at its deadline, and the fee goes to the receiver. The committee changes only by an M-of-N vote of the
/// committee. There is no owner: no key but the committee's votes decides anything.
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

    /// @notice Votes on an open claim, before its deadline, as one of its voters (members at its filing).
    /// The vote that makes M acceptances accepts the claim: the market is told, with the lower median of
    /// the accepting payouts, and the fee is refunded. The vote after which acceptance can no longer reach
    /// M denies it: the market is told and the fee goes to the denied-fee receiver.
    /// @param payout the payout accepted, as a WAD fraction in [0, 1e18]; must be 0 when denying
    function voteClaim(uint64 claimId, bool accept, uint256 payout) external;

    /// @notice Closes an undecided claim from its deadline on, as denied in the market; anyone may call
    /// it. The fee goes to the denied-fee receiver.
    function closeClaim(uint64 claimId) external;

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

    /// @notice Whether `voter` was a member at the claim's filing and whether it has voted yet.
    function voterStatus(uint64 claimId, address voter) external view returns (bool isVoter, bool hasVoted);

    /// @notice A committee proposal (reverts `CommitteeUnknownProposal` otherwise).
    function proposal(uint64 proposalId) external view returns (Proposal memory);

    /// @notice Fees held for `account` in `token` after a failed transfer.
    function heldFees(address token, address account) external view returns (uint256);
}
