// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IParametricResolverTypes} from "./IParametricResolverTypes.sol";

/// @title Errors of the parametric resolver, each with the values that explain it
interface IParametricResolverErrors is IParametricResolverTypes {
    // ---------------------------------------------------------------- registration

    /// @notice A protocol needs 1 to `max` feeds.
    error ParametricInvalidFeedCount(uint256 count, uint256 max);

    /// @notice The quorum must be a majority of the feeds: feedCount < 2 * quorum and quorum <= feedCount.
    error ParametricInvalidQuorum(uint256 quorum, uint256 feedCount);

    /// @notice A feed is not a contract, or appears twice.
    error ParametricInvalidFeed(uint256 feedIndex, address aggregator);

    /// @notice A feed's heartbeat is zero.
    error ParametricInvalidHeartbeat(uint256 feedIndex, uint256 heartbeat);

    /// @notice A feed has more than 36 decimals.
    error ParametricInvalidDecimals(uint256 feedIndex, uint256 decimals);

    /// @notice The threshold must be above zero and at most the target.
    error ParametricInvalidThreshold(uint256 threshold, uint256 target);

    /// @notice The minimum duration must be above zero.
    error ParametricInvalidMinDuration();

    /// @notice Depth needs a cap in (0, 1e18]; Full needs 0.
    error ParametricInvalidPayoutCap(PayoutRule payoutRule, uint256 payoutCap);

    /// @notice W must be at least L + P: minDuration + the longest heartbeat + grace + PROOF_WINDOW.
    error ParametricClaimWindowTooShort(uint256 claimWindow, uint256 minimum);

    /// @notice The longest heartbeat + grace + PROOF_WINDOW + FINALIZE_MARGIN (`needed`) must be at most the
    /// market's decision period D, so that a proof filed as a claim is decided before its deadline.
    error ParametricDecisionPeriodTooShort(uint256 needed, uint256 decisionPeriod);

    // ---------------------------------------------------------------- proofs: the call

    /// @notice No protocol with this id was registered through this resolver.
    error ParametricUnknownProtocol(uint32 protocolId);

    /// @notice A proof needs one list of rounds per feed.
    error ParametricWrongFeedCount(uint256 given, uint256 feedCount);

    /// @notice There is no feed with this index.
    error ParametricInvalidFeedIndex(uint256 feedIndex, uint256 feedCount);

    /// @notice The counted-feeds mask names a feed the protocol does not have.
    error ParametricInvalidCountedFeeds(uint256 countedFeeds, uint256 feedCount);

    /// @notice The incident time lies after the current time.
    error ParametricIncidentInFuture(uint256 incidentTime, uint256 currentTime);

    /// @notice The incident time lies before the protocol's registration.
    error ParametricIncidentBeforeRegistration(uint256 incidentTime, uint256 registeredAt);

    /// @notice A proof of this incident time is pending already (one de-peg is never recorded twice; a proof
    /// on a superseded phase is replaced with `replaceIncident`).
    error ParametricIncidentAlreadyProven(uint32 protocolId, uint256 incidentTime);

    /// @notice No proof of this incident time is pending: there is nothing to replace.
    error ParametricNoPendingProof(uint32 protocolId, uint256 incidentTime);

    /// @notice The phases given are not those of the pending proof's IncidentTriggered event.
    error ParametricWrongPendingPhases(uint32 protocolId, uint256 incidentTime);

    /// @notice None of the pending proof's feeds followed a phase since superseded: it stays.
    error ParametricProofNotSuperseded(uint32 protocolId, uint256 incidentTime);

    /// @notice A proof of `incidentTime` must land before `deadline` (t + L + P); it is `currentTime`.
    error ParametricProofTooLate(uint256 incidentTime, uint256 deadline, uint256 currentTime);

    // ---------------------------------------------------------------- proofs: the rounds

    /// @notice The round has no update time (not complete), or is not a round id at all.
    error ParametricRoundIncomplete(uint256 feedIndex, uint80 roundId);

    /// @notice The round's update time lies after the current time but within the proof's horizon t + L:
    /// the history the proof needs is not written yet (wait until `updatedAt`).
    error ParametricRoundInFuture(uint256 feedIndex, uint80 roundId, uint256 updatedAt, uint256 currentTime);

    /// @notice A feed read failed with too little gas left to tell a failing feed from a starved call: send more gas.
    error ParametricReadOutOfGas();

    /// @notice A walk over a feed must start at a usable round (readable, answer > 0, update time set).
    error ParametricRoundUnusable(uint256 feedIndex, uint80 roundId);

    /// @notice The round does not follow the previous one: not the next in its phase, not the first of
    /// the next phase, a phase change that skips a round its phase had before the next phase began, or a
    /// step within a phase to a round updated at or after the next phase's first round (an old phase).
    error ParametricRoundsNotContiguous(uint256 feedIndex, uint80 previousRoundId, uint80 roundId);

    // ---------------------------------------------------------------- proofs: what they show

    /// @notice The feed is below the threshold at the incident time in a stretch whose start is not in the
    /// proof: the proof must begin at or before the round before the start (the last one at or above).
    error ParametricStartNotFirstBelow(uint256 feedIndex, uint80 firstRoundId);

    /// @notice The feed, declared counted, is at or above the threshold at the incident time.
    error ParametricFeedNotBelow(uint256 feedIndex, uint256 incidentTime);

    /// @notice The feed, declared counted, came back at or above the threshold before its window ended.
    error ParametricRecoveryInWindow(uint256 feedIndex, uint80 roundId, uint256 recoveredAt, uint256 windowEnd);

    /// @notice The feed, declared counted, was not updated within heartbeat + grace after this round.
    error ParametricGapTooLong(uint256 feedIndex, uint80 roundId, uint256 updatedAt, uint256 maxGap);

    /// @notice The proof of this feed covers [coveredFrom, coveredUntil] but must reach `needed`.
    error ParametricProofIncomplete(uint256 feedIndex, uint256 coveredFrom, uint256 coveredUntil, uint256 needed);

    /// @notice The feed was declared not counted, but it was in a qualifying run (started at `start`) at
    /// the incident time.
    error ParametricUncountedFeedBelow(uint256 feedIndex, uint256 start);

    /// @notice The feed has no proof, but its history can be read or it is declared counted: only a feed
    /// with no readable history (latestRoundData and its first round both unreadable) may go unproven, and
    /// it counts as not below.
    error ParametricFeedUnproven(uint256 feedIndex);

    /// @notice Fewer feeds than the quorum were below together at the incident time.
    error ParametricQuorumNotReached(uint256 counted, uint256 quorum);

    /// @notice The quorum was below already one second before the incident time: that is not when the
    /// quorum-th feed went below.
    error ParametricQuorumHeldBefore(uint256 incidentTime, uint256 countedBefore);
}
