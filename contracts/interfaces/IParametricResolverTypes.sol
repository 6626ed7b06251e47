// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @title Types of the parametric resolver
/// @notice Prices are compared as WAD numbers (18 decimals): each feed's answer is rescaled from its own
/// decimals. Intervals are half-open, [from, to), in Unix seconds, like every interval of the market.
interface IParametricResolverTypes {
    /// @notice How an incident's payout is set: Full pays 1; Depth pays the median de-peg depth, capped.
    enum PayoutRule {
        Full,
        Depth
    }

    /// @notice A feed as given at registration.
    struct FeedParams {
        AggregatorV3Interface aggregator; // a Chainlink AggregatorV3Interface (usually a proxy)
        uint32 heartbeat; // the longest time between two updates the feed promises, in seconds, > 0
    }

    /// @notice Everything a protocol is registered with, in the transaction that registers it in the market.
    struct Registration {
        string name; // the protocol's readable name in the market, 1 to 64 bytes
        string ticker; // its ticker in the market: 1 to 12 upper-case letters or digits
        string metadataURI; // where the terms of cover are described
        uint256 claimWindow; // W, in seconds: at least L + P (L = minDuration + max heartbeat + grace, P = PROOF_WINDOW)
        FeedParams[] feeds; // n distinct feeds, 1 <= n <= MAX_FEEDS
        uint8 quorum; // k: feeds that must be below the threshold together, a majority: n < 2k, k <= n
        uint96 threshold; // a feed is below when its price is under this, as a WAD price, 0 < threshold <= target
        uint96 target; // the peg, as a WAD price; depth = (target - price) / target
        uint32 minDuration; // how long a feed must stay below from its start, in seconds, > 0
        uint32 grace; // tolerated lateness of an update beyond the heartbeat, in seconds
        PayoutRule payoutRule; // Full or Depth
        uint64 payoutCap; // Depth: the highest payout, a WAD fraction in (0, 1e18]; Full: must be 0
    }

    /// @notice A registered feed.
    struct Feed {
        AggregatorV3Interface aggregator; // the feed
        uint32 heartbeat; // its heartbeat, in seconds
        uint8 decimals; // its answers' decimals, read from it at registration
    }

    /// @notice A protocol's trigger settings and its queue of proofs waiting for their decision.
    struct TriggerConfig {
        uint96 threshold; // WAD price
        uint96 target; // WAD price
        uint32 minDuration; // seconds
        uint32 grace; // seconds
        uint64 payoutCap; // WAD fraction (1e18 for Full)
        uint40 registeredAt; // when the protocol was registered, Unix seconds: incidents before are refused
        uint40 pendingHead; // incident time of the earliest proof waiting for its decision (0: none)
        uint32 lag; // L = minDuration + the longest heartbeat + grace, seconds: a proof of t covers [t - 1, t + L]
        uint8 feedCount; // n; 0 for an unknown protocol
        uint8 quorum; // k
        PayoutRule payoutRule; // Full or Depth
        uint8 recorded; // incidents this resolver recorded in the market for the protocol (accepted proofs)
    }

    /// @notice A proof filed with the market as a claim, waiting for its decision at t + L + P.
    struct PendingProof {
        uint64 claimId; // the market's claim (0: no proof of this incident time is pending)
        uint64 payout; // the CLAIM payout it proves, a WAD fraction
        uint40 next; // incident time of the next pending proof (0: none), the queue being in incident-time order
        uint88 phasesHash; // the first 88 bits of keccak256(abi.encode(phases)) of the proof's IncidentTriggered
    }

    /// @notice Where a proof has taken a feed, after its last round.
    /// @dev Unknown: below the threshold, and the start of that stretch is not in the proof. Above: at or
    /// above the threshold. Run: below, since the start `runStart` (the first round below whose previous
    /// round is at or above), with every update on time so far. Dead: below, but the run went stale
    /// (a gap over heartbeat + grace): no new start before a round at or above the threshold.
    enum FeedMode {
        Unknown,
        Above,
        Run,
        Dead
    }

    /// @notice What a proof shows of a feed at one point in time (the incident time, or one second before).
    /// @dev In: the feed is in a run that contains the point, has been on time since its start, and stays
    /// below for at least minDuration from its start. Out: it is not. Unseen: the proof does not reach the
    /// point. Pending: the point is in a run that has not yet lasted minDuration. StartUnknown: the point is
    /// below the threshold in a stretch whose start is not in the proof.
    enum PointStatus {
        Unseen,
        Pending,
        In,
        Out,
        StartUnknown
    }

    /// @notice Why a feed is Out at the incident time.
    enum OutReason {
        None,
        NotBelow, // at or above the threshold at that time
        Recovered, // its run came back at or above the threshold before lasting minDuration
        Gap // an update came later than heartbeat + grace in its run
    }

    /// @notice A proof in progress over one feed: the rounds read so far, summarised. Stored between the
    /// transactions of a checkpointed proof.
    struct FeedProgress {
        uint80 firstRoundId; // first round of the proof (0: none read yet)
        uint80 lastRoundId; // last round read
        uint40 lastUpdatedAt; // its update time
        uint40 runStart; // Run: when the run started (its first round's update time)
        FeedMode mode; // where the feed stands after the last round
        bool runQualified; // Run: it has stayed below for minDuration already
        uint128 lastPrice; // the last round's answer as a WAD price
        uint128 runDepthSum; // Run: sum of (target - price) * seconds over [runStart, runStart + minDuration) so far
        uint40 start; // start of the run at the incident time (if In, or Out for a run that failed)
        uint64 depth; // In: that run's depth, the time-weighted mean of (target - price) / target over its window, WAD
        PointStatus statusBefore; // at incidentTime - 1
        PointStatus statusAt; // at incidentTime
        OutReason reason; // why statusAt is Out
        uint80 reasonRoundId; // the round that made it Out (recovery round, or the round before a gap)
        uint40 reasonTime; // that round's update time
        uint40 firstUpdatedAt; // the first round's update time
        uint80 deadRoundId; // Dead: the round after which the run went stale
        uint40 deadTime; // Dead: that round's update time
        bool steppedInPhase; // the last usable round was reached by a step within its phase (not a phase change)
    }
}
