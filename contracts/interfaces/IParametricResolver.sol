// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarket} from "./ICoverMarket.sol";
import {IParametricResolverEvents} from "./IParametricResolverEvents.sol";
import {IParametricResolverErrors} from "./IParametricResolverErrors.sol";

/// @title Parametric resolver: de-pegs and other objective triggers proven from Chainlink feed rounds
/// @notice One contract hosts many covered protocols, each with n feeds, a quorum k (a majority), a
/// threshold, a target, a minimum duration, a grace and a payout rule, fixed in the transaction that
/// registers the protocol in the market. Anyone proves an incident; nothing in a proof is the prover's
/// choice, and no order of proofs changes what is recorded (DESIGN section 2, "Order never matters"):
/// - a feed's *start* is the update time of a usable round below the threshold whose previous usable
///   round is at or above it; its *run* lasts while its rounds stay below with no usable update later
///   than heartbeat + grace after the previous one; a run *qualifies* when it lasts minDuration from its start;
/// - a round is *unusable* when it cannot be read, answers <= 0, has no update time, or is older than the
///   previous usable round: it is a missing update (a gap in that feed), never a reason to refuse a proof;
/// - a feed *counts* at time t when t lies in a qualifying run of it; the incident time t is when the
///   k-th feed started to count: at least k feeds count at t and fewer than k at t - 1 (the recovery). The
///   incident's identity is (protocol, t): each t is recorded at most once, in any order of proofs;
/// - the proof gives, for every feed, a list of consecutive round ids (same phase and + 1, or round 1 of
///   the next phase, see below) that shows whether it counts at t - 1 and at t. A round updated after the
///   horizon t + L (L = minDuration + longest heartbeat + grace) ends what the proof needs to know; a
///   proof whose last round is the last readable one (neither the next round of its phase nor round 1 of
///   the next phase can be read) has that round hold until now. A feed with no readable history at all
///   counts as not below;
/// - phases: a walk steps within phase p only to a round updated before phase p + 1's first round, and
///   leaves p for round 1 of p + 1 only after p's last round before it: one history, the current one;
/// - a counted feed's depth is the time-weighted mean of (target - price) / target over its window; the
///   payout is 1 (Full), or the lower median of the n feeds' depths (0 for a feed not counted), capped;
/// - a proof of t lands before t + L + P (P = PROOF_WINDOW) and is filed with the market at once as a
///   claim, holding NOCLAIM; it is decided (accepted with its payout) from t + L + P on, only after every
///   pending proof of an earlier t: `decideIncidents` and every proof decide what is due, in incident-time
///   order. Until then a proof of the same t whose feeds followed a phase since superseded is replaced.
/// A proof too long for one transaction is built feed by feed over several with `checkpointFeed`.
interface IParametricResolver is IParametricResolverEvents, IParametricResolverErrors {
    /// @notice The cover market this resolver reports to.
    function market() external view returns (ICoverMarket);

    /// @notice Most feeds a protocol can have.
    function MAX_FEEDS() external view returns (uint256);

    /// @notice P, the time allowed to land a (checkpointed) proof of t after its horizon t + L, in seconds
    /// (1 day): a proof of t is refused from t + L + P on, and decided from then. W must be at least L + P,
    /// and the longest heartbeat + grace + P + the market's FINALIZE_MARGIN at most its decision period D.
    function PROOF_WINDOW() external view returns (uint256);

    /// @notice Registers a covered protocol in the market, with this resolver as its resolver, and sets
    /// its feeds and trigger settings in the same transaction. Anyone may call it; nothing set ever changes.
    /// @return protocolId the market's id for the protocol
    function registerProtocol(Registration calldata registration) external returns (uint32 protocolId);

    /// @notice Proves an incident at `incidentTime` and files it with the market as a claim, to be decided
    /// from t + L + P; then decides every pending proof that is due. Refused if a proof of the same t is
    /// pending (see `replaceIncident`). Continues, for each feed, the caller's checkpointed progress for
    /// this incident time (if any) with the rounds given, then deletes that progress.
    /// @param countedFeeds bit i set: the caller says feed i counts at `incidentTime` (checked, so that a
    /// failed feed reverts with the reason it does not count)
    /// @param roundIds one list of round ids per feed, in feed index order; a list may be empty if the
    /// caller's checkpoint for that feed already covers what is needed, or if the feed has no readable history
    /// @return claimId the market's claim holding the proof until its decision
    /// @return payout the CLAIM payout proven, a WAD fraction
    function triggerIncident(
        uint32 protocolId,
        uint256 incidentTime,
        uint256 countedFeeds,
        uint80[][] calldata roundIds
    ) external returns (uint64 claimId, uint256 payout);

    /// @notice Replaces the pending proof of `incidentTime`, one of whose feeds followed a Chainlink phase that
    /// has since been superseded (the next phase's first round is updated at or before that feed's last
    /// in-phase step), by this proof on the current phases; same arguments as `triggerIncident`, plus the
    /// pending proof's `phases` from its IncidentTriggered event. Its claim and its place in the queue stay.
    function replaceIncident(
        uint32 protocolId,
        uint256 incidentTime,
        uint256 countedFeeds,
        uint80[][] calldata roundIds,
        uint256[2] calldata pendingPhases
    ) external returns (uint64 claimId, uint256 payout);

    /// @notice Decides, in incident-time order, every pending proof of the protocol whose time t + L + P has
    /// come: accepted with its payout (denied only if its claim's deadline passed or the market's incident
    /// cap is full). Anyone may call it; it stops at the first proof not yet due.
    /// @return decided how many proofs were decided
    function decideIncidents(uint32 protocolId) external returns (uint256 decided);

    /// @notice The pending proof of an incident time (claimId 0 if none).
    function pendingProof(uint32 protocolId, uint256 incidentTime) external view returns (PendingProof memory);

    /// @notice The incident times of the protocol's pending proofs, in the order they will be decided.
    function pendingIncidents(uint32 protocolId) external view returns (uint256[] memory incidentTimes);

    /// @notice Reads more rounds of one feed into the caller's stored progress for a proof of an incident
    /// at `incidentTime` (starting it if there is none), checking each as `triggerIncident` does.
    function checkpointFeed(uint32 protocolId, uint256 incidentTime, uint256 feedIndex, uint80[] calldata roundIds)
        external;

    /// @notice Deletes the caller's stored progress for one feed and incident time (to start it again).
    function discardCheckpoint(uint32 protocolId, uint256 incidentTime, uint256 feedIndex) external;

    /// @notice A protocol's trigger settings (reverts `ParametricUnknownProtocol` otherwise).
    function triggerConfig(uint32 protocolId) external view returns (TriggerConfig memory);

    /// @notice A protocol's feeds, in feed index order.
    function feeds(uint32 protocolId) external view returns (Feed[] memory);

    /// @notice A prover's stored progress for one feed and incident time (all zero if none).
    function checkpoint(uint32 protocolId, uint256 incidentTime, uint256 feedIndex, address prover)
        external
        view
        returns (FeedProgress memory);
}
