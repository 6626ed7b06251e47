// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IParametricResolverTypes} from "./IParametricResolverTypes.sol";

/// @title Events of the parametric resolver
/// @notice Each carries what an indexer needs, so that indexing never needs a call to the chain. The
/// protocol's name, ticker, metadata URI and claim window are in the market's ProtocolRegistered event.
interface IParametricResolverEvents is IParametricResolverTypes {
    /// @notice A protocol was registered in the market with this resolver and its trigger settings.
    /// @param aggregators the feeds, in feed index order; `heartbeats` (seconds) and `decimals` match them
    /// @param threshold a WAD price
    /// @param target a WAD price
    /// @param payoutCap a WAD fraction (0 for Full)
    event ParametricProtocolRegistered(
        uint32 indexed protocolId,
        address indexed registrant,
        address[] aggregators,
        uint32[] heartbeats,
        uint8[] decimals,
        uint8 quorum,
        uint256 threshold,
        uint256 target,
        uint256 minDuration,
        uint256 grace,
        PayoutRule payoutRule,
        uint256 payoutCap
    );

    /// @notice A prover stored progress of a proof over one feed, for the incident time `incidentTime`.
    /// @param roundsAdded rounds read in this transaction
    event FeedCheckpointed(
        uint32 indexed protocolId,
        uint256 indexed incidentTime,
        address indexed prover,
        uint256 feedIndex,
        uint80 firstRoundId,
        uint80 lastRoundId,
        uint256 lastUpdatedAt,
        uint256 roundsAdded
    );

    /// @notice A prover dropped its stored progress over one feed.
    event FeedCheckpointDiscarded(
        uint32 indexed protocolId, uint256 indexed incidentTime, address indexed prover, uint256 feedIndex
    );

    /// @notice One feed's part of a proven incident.
    /// @param counted whether the feed was in a qualifying run at the incident time
    /// @param start when that run started (0 if not counted)
    /// @param depth that run's depth over [start, start + minDuration), a WAD fraction (0 if not counted)
    /// @param firstRoundId first round of the proof (0: the feed was unavailable and counts as not below)
    /// @param lastRoundId last round of the proof
    event FeedProven(
        uint32 indexed protocolId,
        uint256 indexed incidentTime,
        uint256 feedIndex,
        bool counted,
        uint256 start,
        uint256 depth,
        uint80 firstRoundId,
        uint80 lastRoundId
    );

    /// @notice An incident was proven and filed with the market as claim `claimId`, which holds NOCLAIM of
    /// the series it could apply to until its decision. Emitted again, with the same claim, when a proof
    /// on a superseded Chainlink phase is replaced by one on the current phases.
    /// @param incidentTime when the quorum-th feed went below: the incident's id with the protocol
    /// @param payout CLAIM payout per token, a WAD fraction
    /// @param countedFeeds bit i set: feed i was counted
    /// @param decidableAt t + L + P: from then on anyone decides it (after every earlier pending proof)
    /// @param phases per feed i, 56 bits at (i % 4) * 56 of word i / 4: the phase of its walk's last round
    /// (16 bits, above) and, if that round came by a step within the phase, its update time (40 bits);
    /// what `replaceIncident` is given to show a phase superseded
    event IncidentTriggered(
        uint32 indexed protocolId,
        uint256 indexed incidentTime,
        uint64 claimId,
        uint256 payout,
        uint256 countedFeeds,
        address prover,
        uint256 decidableAt,
        uint256[2] phases
    );

    /// @notice A pending proof was decided: accepted and recorded as the market's incident `incidentIndex`,
    /// or (only when its claim's deadline passed undecided, or at the market's incident cap) denied.
    event IncidentDecided(
        uint32 indexed protocolId,
        uint256 indexed incidentTime,
        uint64 claimId,
        bool accepted,
        uint256 incidentIndex,
        uint256 payout
    );
}
