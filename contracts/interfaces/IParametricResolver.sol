// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarket} from "./ICoverMarket.sol";
import {IParametricResolverEvents} from "./IParametricResolverEvents.sol";
import {IParametricResolverErrors} from "./IParametricResolverErrors.sol";

/// @title Parametric resolver: de-pegs and other objective triggers proven from Chainlink feed rounds
/// @notice One contract hosts many covered protocols, each with n feeds, a quorum k (a majority), a
/// threshold, a target, a minimum duration, a grace and a payout rule, fixed in the transaction that
/// registers the protocol in the market. Anyone proves an incident; nothing in a proof is the prover's
/// choice, so every valid proof of an incident gives the same incident time and payout:
/// - a feed's *start* is the update time of a round below the threshold whose previous round is at or
///   above it; its *run* lasts while its rounds stay below with no update later than heartbeat + grace
///   after the previous one; a run *qualifies* when it lasts at least minDuration from its start;
/// - a feed *counts* at time t when t lies in a qualifying run of it; the incident time T is when the
///   k-th feed started to count: at least k feeds count at T and fewer than k at T - 1 (so each incident
///   also proves the recovery from the one before: the quorum was broken just before it);
/// - the proof gives, for every feed, a list of consecutive round ids (same phase and + 1, or round 1
///   of the next phase, time never going backwards) that shows whether it counts at T - 1 and at T: for
///   a counted feed, from the round before its start until the window [start, start + minDuration) and
///   T are covered (a round at or after both); for another feed, enough to show it is at or above the
///   threshold, stale, or in a run that fails, at both times. The last round may be the feed's latest,
///   which holds until now. A feed that no longer answers at all counts as not below;
/// - a counted feed's depth is the time-weighted mean of (target - price) / target over its window; the
///   payout is 1 (Full), or the lower median of the n feeds' depths (0 for a feed not counted), capped;
/// - the incident id is (protocol, T); incidents are proven in time order, each one once.
/// A proof too long for one transaction is built feed by feed over several with `checkpointFeed`.
interface IParametricResolver is IParametricResolverEvents, IParametricResolverErrors {
    /// @notice The cover market this resolver reports to.
    function market() external view returns (ICoverMarket);

    /// @notice Most feeds a protocol can have.
    function MAX_FEEDS() external view returns (uint256);

    /// @notice Time allowed to submit a proof once it can be made, in seconds (1 day): W must be at least
    /// minDuration + the longest heartbeat + grace + PROOF_MARGIN, so a de-peg that starts just before a
    /// series' expiry can still be proven before expiry + W.
    function PROOF_MARGIN() external view returns (uint256);

    /// @notice Registers a covered protocol in the market, with this resolver as its resolver, and sets
    /// its feeds and trigger settings in the same transaction. Anyone may call it; nothing set ever changes.
    /// @return protocolId the market's id for the protocol
    function registerProtocol(Registration calldata registration) external returns (uint32 protocolId);

    /// @notice Proves an incident at `incidentTime` and reports it to the market. Continues, for each feed,
    /// the caller's checkpointed progress for this incident time (if any) with the rounds given, then
    /// deletes that progress.
    /// @param countedFeeds bit i set: the caller says feed i counts at `incidentTime` (checked, so that a
    /// failed feed reverts with the reason it does not count)
    /// @param roundIds one list of round ids per feed, in feed index order; a list may be empty if the
    /// caller's checkpoint for that feed already covers what is needed, or if the feed no longer answers
    /// @return incidentIndex the incident's index in the market
    /// @return payout the CLAIM payout reported, a WAD fraction
    function triggerIncident(
        uint32 protocolId,
        uint256 incidentTime,
        uint256 countedFeeds,
        uint80[][] calldata roundIds
    ) external returns (uint256 incidentIndex, uint256 payout);

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
