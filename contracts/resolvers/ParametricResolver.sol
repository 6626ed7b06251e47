// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {ICoverMarket} from "../interfaces/ICoverMarket.sol";
import {IParametricResolver} from "../interfaces/IParametricResolver.sol";
import {Constants} from "../libraries/Constants.sol";
import {FeedWalk} from "./libraries/FeedWalk.sol";
import {Median} from "./libraries/Median.sol";
import {RoundId} from "./libraries/RoundId.sol";

/// @title Parametric resolver: incidents proven from Chainlink feed rounds, decided in incident-time order
/// @notice See IParametricResolver. Holds nothing; has no owner.
contract ParametricResolver is IParametricResolver, ReentrancyGuardTransient {
    /// @inheritdoc IParametricResolver
    ICoverMarket public immutable override market;

    /// @inheritdoc IParametricResolver
    uint256 public constant override MAX_FEEDS = 8;
    /// @inheritdoc IParametricResolver
    uint256 public constant override PROOF_WINDOW = 1 days;

    /// @dev Feeds whose last phase a pending proof records per storage word (56 bits each).
    uint256 private constant PHASES_PER_WORD = 4;

    /// @dev Most decimals a feed may have (so that rescaling to 18 decimals stays exact enough).
    uint256 private constant MAX_DECIMALS = 36;

    mapping(uint32 protocolId => TriggerConfig) private _configs;
    mapping(uint32 protocolId => mapping(uint256 feedIndex => Feed)) private _feeds;
    /// @dev Checkpointed proof progress, by keccak256(protocolId, incidentTime, feedIndex, prover).
    mapping(bytes32 key => FeedProgress) private _progress;
    /// @dev Proofs filed with the market and not yet decided, by incident time; a list in incident-time order.
    mapping(uint32 protocolId => mapping(uint256 incidentTime => PendingProof)) private _pending;
    /// @dev How many feeds a prover has checkpointed progress for, by keccak256(protocolId, incidentTime, prover).
    mapping(bytes32 key => uint256) private _checkpoints;

    constructor(ICoverMarket market_) {
        market = market_;
    }

    // ---------------------------------------------------------------- registration

    /// @inheritdoc IParametricResolver
    function registerProtocol(Registration calldata r) external override returns (uint32 protocolId) {
        uint256 n = r.feeds.length;
        if (n == 0 || n > MAX_FEEDS) revert ParametricInvalidFeedCount(n, MAX_FEEDS);
        if (r.quorum == 0 || r.quorum > n || 2 * uint256(r.quorum) <= n) revert ParametricInvalidQuorum(r.quorum, n);
        if (r.threshold == 0 || r.threshold > r.target) revert ParametricInvalidThreshold(r.threshold, r.target);
        if (r.minDuration == 0) revert ParametricInvalidMinDuration();
        if (r.payoutRule == PayoutRule.Depth ? (r.payoutCap == 0 || r.payoutCap > Constants.WAD) : r.payoutCap != 0) {
            revert ParametricInvalidPayoutCap(r.payoutRule, r.payoutCap);
        }

        address[] memory aggregators = new address[](n);
        uint32[] memory heartbeats = new uint32[](n);
        uint8[] memory decimals = new uint8[](n);
        uint256 maxHeartbeat;
        for (uint256 i; i < n; ++i) {
            address aggregator = address(r.feeds[i].aggregator);
            if (aggregator.code.length == 0) revert ParametricInvalidFeed(i, aggregator);
            for (uint256 j; j < i; ++j) {
                if (aggregators[j] == aggregator) revert ParametricInvalidFeed(i, aggregator);
            }
            uint32 heartbeat = r.feeds[i].heartbeat;
            if (heartbeat == 0) revert ParametricInvalidHeartbeat(i, heartbeat);
            uint8 feedDecimals = AggregatorV3Interface(aggregator).decimals();
            if (feedDecimals > MAX_DECIMALS) revert ParametricInvalidDecimals(i, feedDecimals);
            aggregators[i] = aggregator;
            heartbeats[i] = heartbeat;
            decimals[i] = feedDecimals;
            if (heartbeat > maxHeartbeat) maxHeartbeat = heartbeat;
        }
        uint256 lag = uint256(r.minDuration) + maxHeartbeat + r.grace; // L
        uint256 minimum = lag + PROOF_WINDOW;
        if (r.claimWindow < minimum) revert ParametricClaimWindowTooShort(r.claimWindow, minimum);
        // A proof lands from t + minDuration on and is decided at t + L + P: before filing + D, with a margin.
        uint256 needed = maxHeartbeat + r.grace + PROOF_WINDOW + Constants.FINALIZE_MARGIN;
        if (needed > Constants.CLAIM_DECISION_PERIOD) {
            revert ParametricDecisionPeriodTooShort(needed, Constants.CLAIM_DECISION_PERIOD);
        }

        protocolId = market.registerProtocol(r.name, r.ticker, r.metadataURI, r.claimWindow);
        _configs[protocolId] = TriggerConfig({
            threshold: r.threshold,
            target: r.target,
            minDuration: r.minDuration,
            grace: r.grace,
            payoutCap: r.payoutRule == PayoutRule.Full ? uint64(Constants.WAD) : r.payoutCap,
            registeredAt: uint40(block.timestamp),
            pendingHead: 0,
            lag: uint32(lag), // < W <= the market's MAX_CLAIM_WINDOW, checked by the market below
            feedCount: uint8(n), // <= MAX_FEEDS
            quorum: r.quorum,
            payoutRule: r.payoutRule,
            recorded: 0
        });
        for (uint256 i; i < n; ++i) {
            _feeds[protocolId][i] = Feed(AggregatorV3Interface(aggregators[i]), heartbeats[i], decimals[i]);
        }
        emit ParametricProtocolRegistered(
            protocolId,
            msg.sender,
            aggregators,
            heartbeats,
            decimals,
            r.quorum,
            r.threshold,
            r.target,
            r.minDuration,
            r.grace,
            r.payoutRule,
            r.payoutCap
        );
    }

    // ---------------------------------------------------------------- proofs

    /// @inheritdoc IParametricResolver
    function triggerIncident(
        uint32 protocolId,
        uint256 incidentTime,
        uint256 countedFeeds,
        uint80[][] calldata roundIds
    ) external override nonReentrant returns (uint64 claimId, uint256 payout) {
        TriggerConfig memory cfg = _proofConfig(protocolId, incidentTime);
        if (_pending[protocolId][incidentTime].claimId != 0) {
            revert ParametricIncidentAlreadyProven(protocolId, incidentTime);
        }
        uint256[2] memory phases;
        (payout, phases) = _prove(protocolId, cfg, incidentTime, countedFeeds, roundIds);
        claimId = market.fileClaim(protocolId, incidentTime);
        _enqueue(protocolId, cfg, incidentTime, claimId, payout, phases);
        _announce(protocolId, cfg, incidentTime, claimId, payout, countedFeeds, phases);
    }

    /// @inheritdoc IParametricResolver
    function replaceIncident(
        uint32 protocolId,
        uint256 incidentTime,
        uint256 countedFeeds,
        uint80[][] calldata roundIds,
        uint256[2] calldata pendingPhases
    ) external override nonReentrant returns (uint64 claimId, uint256 payout) {
        TriggerConfig memory cfg = _proofConfig(protocolId, incidentTime);
        PendingProof storage pending = _pending[protocolId][incidentTime];
        claimId = pending.claimId;
        if (claimId == 0) revert ParametricNoPendingProof(protocolId, incidentTime);
        if (pending.phasesHash != _phasesHash(pendingPhases)) revert ParametricWrongPendingPhases(protocolId, incidentTime);
        if (!_superseded(protocolId, cfg.feedCount, pendingPhases)) {
            revert ParametricProofNotSuperseded(protocolId, incidentTime);
        }
        uint256[2] memory phases;
        (payout, phases) = _prove(protocolId, cfg, incidentTime, countedFeeds, roundIds);
        pending.payout = uint64(payout); // <= 1e18
        pending.phasesHash = _phasesHash(phases);
        _announce(protocolId, cfg, incidentTime, claimId, payout, countedFeeds, phases);
    }

    /// @dev Announces a landed (or replacing) proof, with its decision deadline, then decides what is due.
    function _announce(
        uint32 protocolId,
        TriggerConfig memory cfg,
        uint256 incidentTime,
        uint64 claimId,
        uint256 payout,
        uint256 countedFeeds,
        uint256[2] memory phases
    ) private {
        emit IncidentTriggered(
            protocolId,
            incidentTime,
            claimId,
            payout,
            countedFeeds,
            msg.sender,
            incidentTime + cfg.lag + PROOF_WINDOW,
            phases
        );
        _decideDue(protocolId);
    }

    /// @dev Checks a proof of `incidentTime`; returns its payout and, per feed, its last phase record.
    function _prove(
        uint32 protocolId,
        TriggerConfig memory cfg,
        uint256 incidentTime,
        uint256 countedFeeds,
        uint80[][] calldata roundIds
    ) private returns (uint256 payout, uint256[2] memory phases) {
        uint256 n = cfg.feedCount;
        if (roundIds.length != n) revert ParametricWrongFeedCount(roundIds.length, n);
        if (countedFeeds >> n != 0) revert ParametricInvalidCountedFeeds(countedFeeds, n);

        uint256[] memory depths = new uint256[](n); // 0 for a feed not counted
        uint256 countedAt;
        uint256 countedBefore;
        bool checkpointed = _checkpoints[_proverKey(protocolId, incidentTime, msg.sender)] != 0;
        for (uint256 i; i < n; ++i) {
            (bool counted, bool before, uint256 depth, uint256 record) =
                _proveFeed(protocolId, cfg, incidentTime, i, roundIds[i], countedFeeds & (1 << i) != 0, checkpointed);
            if (counted) {
                ++countedAt;
                depths[i] = depth;
            }
            if (before) ++countedBefore;
            phases[i / PHASES_PER_WORD] |= record << (56 * (i % PHASES_PER_WORD));
        }
        if (countedAt < cfg.quorum) revert ParametricQuorumNotReached(countedAt, cfg.quorum);
        if (countedBefore >= cfg.quorum) revert ParametricQuorumHeldBefore(incidentTime, countedBefore);

        if (cfg.payoutRule == PayoutRule.Full) {
            payout = Constants.WAD;
        } else {
            payout = Median.lowerMedian(depths);
            if (payout > cfg.payoutCap) payout = cfg.payoutCap;
        }
    }

    /// @dev Walks one feed of a proof (after the caller's checkpoint, if any); returns whether it counts at
    /// the incident time and one second before, its depth, and its phase record (see IncidentTriggered).
    function _proveFeed(
        uint32 protocolId,
        TriggerConfig memory cfg,
        uint256 incidentTime,
        uint256 i,
        uint80[] calldata ids,
        bool declared,
        bool checkpointed
    ) private returns (bool counted, bool before, uint256 depth, uint256 record) {
        FeedWalk.Params memory p = _walkParams(protocolId, cfg, i, incidentTime);
        FeedProgress memory w;
        if (checkpointed) w = _takeCheckpoint(protocolId, incidentTime, i);
        for (uint256 j; j < ids.length; ++j) {
            FeedWalk.read(w, p, ids[j]);
        }
        if (w.firstRoundId == 0) {
            // Nothing proven: allowed only for a feed with no readable history, which counts as not below.
            if (declared || !FeedWalk.unreadable(p.aggregator)) revert ParametricFeedUnproven(i);
        } else {
            FeedWalk.finish(w, p);
            counted = _verify(w, p, declared);
            before = w.statusBefore == PointStatus.In;
            record = (uint256(RoundId.phaseOf(w.lastRoundId)) << 40) | (w.steppedInPhase ? uint256(w.lastUpdatedAt) : 0);
        }
        if (counted) depth = w.depth;
        emit FeedProven(protocolId, incidentTime, i, counted, counted ? w.start : 0, depth, w.firstRoundId, w.lastRoundId);
    }

    /// @inheritdoc IParametricResolver
    function decideIncidents(uint32 protocolId) external override nonReentrant returns (uint256 decided) {
        if (_configs[protocolId].feedCount == 0) revert ParametricUnknownProtocol(protocolId);
        return _decideDue(protocolId);
    }

    /// @inheritdoc IParametricResolver
    function checkpointFeed(uint32 protocolId, uint256 incidentTime, uint256 feedIndex, uint80[] calldata roundIds)
        external
        override
        nonReentrant
    {
        TriggerConfig memory cfg = _proofConfig(protocolId, incidentTime);
        if (feedIndex >= cfg.feedCount) revert ParametricInvalidFeedIndex(feedIndex, cfg.feedCount);
        FeedWalk.Params memory p = _walkParams(protocolId, cfg, feedIndex, incidentTime);
        bytes32 key = _progressKey(protocolId, incidentTime, feedIndex, msg.sender);
        FeedProgress memory w = _progress[key];
        if (w.firstRoundId == 0) ++_checkpoints[_proverKey(protocolId, incidentTime, msg.sender)];
        for (uint256 j; j < roundIds.length; ++j) {
            FeedWalk.read(w, p, roundIds[j]);
        }
        _progress[key] = w;
        emit FeedCheckpointed(
            protocolId,
            incidentTime,
            msg.sender,
            feedIndex,
            w.firstRoundId,
            w.lastRoundId,
            w.lastUpdatedAt,
            roundIds.length
        );
    }

    /// @inheritdoc IParametricResolver
    function discardCheckpoint(uint32 protocolId, uint256 incidentTime, uint256 feedIndex) external override {
        bytes32 key = _progressKey(protocolId, incidentTime, feedIndex, msg.sender);
        if (_progress[key].firstRoundId != 0) --_checkpoints[_proverKey(protocolId, incidentTime, msg.sender)];
        delete _progress[key];
        emit FeedCheckpointDiscarded(protocolId, incidentTime, msg.sender, feedIndex);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IParametricResolver
    function triggerConfig(uint32 protocolId) external view override returns (TriggerConfig memory cfg) {
        cfg = _configs[protocolId];
        if (cfg.feedCount == 0) revert ParametricUnknownProtocol(protocolId);
    }

    /// @inheritdoc IParametricResolver
    function feeds(uint32 protocolId) external view override returns (Feed[] memory list) {
        uint256 n = _configs[protocolId].feedCount;
        if (n == 0) revert ParametricUnknownProtocol(protocolId);
        list = new Feed[](n);
        for (uint256 i; i < n; ++i) {
            list[i] = _feeds[protocolId][i];
        }
    }

    /// @inheritdoc IParametricResolver
    function checkpoint(uint32 protocolId, uint256 incidentTime, uint256 feedIndex, address prover)
        external
        view
        override
        returns (FeedProgress memory)
    {
        return _progress[_progressKey(protocolId, incidentTime, feedIndex, prover)];
    }

    /// @inheritdoc IParametricResolver
    function pendingProof(uint32 protocolId, uint256 incidentTime) external view override returns (PendingProof memory) {
        return _pending[protocolId][incidentTime];
    }

    /// @inheritdoc IParametricResolver
    function pendingIncidents(uint32 protocolId) external view override returns (uint256[] memory incidentTimes) {
        uint256 count;
        for (uint256 t = _configs[protocolId].pendingHead; t != 0; t = _pending[protocolId][t].next) ++count;
        incidentTimes = new uint256[](count);
        uint256 i;
        for (uint256 t = _configs[protocolId].pendingHead; t != 0; t = _pending[protocolId][t].next) {
            incidentTimes[i++] = t;
        }
    }

    // ---------------------------------------------------------------- internals

    /// @dev Queues a proof just filed as claim `claimId` in incident-time order: after every pending proof of
    /// an earlier time.
    function _enqueue(
        uint32 protocolId,
        TriggerConfig memory cfg,
        uint256 incidentTime,
        uint64 claimId,
        uint256 payout,
        uint256[2] memory phases
    ) private {
        uint256 previous;
        uint256 next = cfg.pendingHead;
        while (next != 0 && next < incidentTime) {
            previous = next;
            next = _pending[protocolId][next].next;
        }
        _pending[protocolId][incidentTime] = PendingProof({
            claimId: claimId,
            payout: uint64(payout), // <= 1e18
            next: uint40(next), // a pending incident time, < 2^40
            phasesHash: _phasesHash(phases)
        });
        if (previous == 0) _configs[protocolId].pendingHead = uint40(incidentTime); // <= block.timestamp
        else _pending[protocolId][previous].next = uint40(incidentTime);
    }

    /// @dev Whether some feed's walk followed a phase that has been superseded since: the next phase's first
    /// round is updated at or before the walk's last in-phase step.
    function _superseded(uint32 protocolId, uint256 n, uint256[2] calldata phases) private view returns (bool) {
        for (uint256 i; i < n; ++i) {
            uint256 record = phases[i / PHASES_PER_WORD] >> (56 * (i % PHASES_PER_WORD));
            if (FeedWalk.superseded(_feeds[protocolId][i].aggregator, uint16(record >> 40), uint40(record))) return true;
        }
        return false;
    }

    function _phasesHash(uint256[2] memory phases) private pure returns (uint88) {
        return uint88(uint256(keccak256(abi.encode(phases))) >> 168);
    }

    /// @dev Decides, in incident-time order, every pending proof whose time t + L + P has come.
    function _decideDue(uint32 protocolId) private returns (uint256 decided) {
        TriggerConfig storage cfg = _configs[protocolId];
        uint256 t = cfg.pendingHead;
        uint256 wait = uint256(cfg.lag) + PROOF_WINDOW;
        uint256 recorded = cfg.recorded;
        while (t != 0 && t + wait <= block.timestamp) {
            PendingProof memory proof = _pending[protocolId][t];
            // Accepted, unless the claim's deadline passed undecided or the cap is full (the earliest
            // incident times take the slots, since proofs are decided in incident-time order).
            uint256 filedAt = market.claim(proof.claimId).filedAt;
            bool accepted = block.timestamp < filedAt + Constants.CLAIM_DECISION_PERIOD
                && recorded < Constants.MAX_INCIDENTS_PER_PROTOCOL;
            market.decideClaim(proof.claimId, accepted, proof.payout);
            uint256 index = type(uint256).max;
            if (accepted) index = recorded++;
            emit IncidentDecided(protocolId, t, proof.claimId, accepted, index, accepted ? proof.payout : 0);
            delete _pending[protocolId][t];
            t = proof.next;
            ++decided;
        }
        if (decided != 0) {
            cfg.pendingHead = uint40(t);
            cfg.recorded = uint8(recorded); // <= MAX_INCIDENTS_PER_PROTOCOL
        }
    }

    /// @dev The protocol's settings, after checking that an incident at `incidentTime` may be proven now:
    /// not in the future, not before registration, and before its deadline t + L + P.
    function _proofConfig(uint32 protocolId, uint256 incidentTime) private view returns (TriggerConfig memory cfg) {
        cfg = _configs[protocolId];
        if (cfg.feedCount == 0) revert ParametricUnknownProtocol(protocolId);
        if (incidentTime > block.timestamp) revert ParametricIncidentInFuture(incidentTime, block.timestamp);
        if (incidentTime < cfg.registeredAt) {
            revert ParametricIncidentBeforeRegistration(incidentTime, cfg.registeredAt);
        }
        uint256 deadline = incidentTime + cfg.lag + PROOF_WINDOW;
        if (block.timestamp >= deadline) revert ParametricProofTooLate(incidentTime, deadline, block.timestamp);
    }

    function _walkParams(uint32 protocolId, TriggerConfig memory cfg, uint256 feedIndex, uint256 incidentTime)
        private
        view
        returns (FeedWalk.Params memory)
    {
        Feed memory feed = _feeds[protocolId][feedIndex];
        return FeedWalk.Params({
            aggregator: feed.aggregator,
            feedIndex: feedIndex,
            decimals: feed.decimals,
            maxGap: uint256(feed.heartbeat) + cfg.grace,
            threshold: cfg.threshold,
            target: cfg.target,
            minDuration: cfg.minDuration,
            incidentTime: incidentTime, // >= registeredAt >= 1
            horizon: incidentTime + cfg.lag,
            cachedPhase: 0,
            nextPhaseStart: 0
        });
    }

    /// @dev The caller's checkpoint for this feed and incident time, deleted from storage (empty if none).
    function _takeCheckpoint(uint32 protocolId, uint256 incidentTime, uint256 feedIndex)
        private
        returns (FeedProgress memory w)
    {
        bytes32 key = _progressKey(protocolId, incidentTime, feedIndex, msg.sender);
        if (_progress[key].firstRoundId == 0) return w;
        w = _progress[key];
        delete _progress[key];
        --_checkpoints[_proverKey(protocolId, incidentTime, msg.sender)];
    }

    /// @dev Checks that the walk settled both points and agrees with what the caller declared; returns
    /// whether the feed counts at the incident time.
    function _verify(FeedProgress memory w, FeedWalk.Params memory p, bool declared) private pure returns (bool counted) {
        uint256 i = p.feedIndex;
        uint256 t = p.incidentTime;
        _requireSettled(w, p, w.statusAt, t);
        counted = w.statusAt == PointStatus.In;
        if (declared && !counted) {
            if (w.reason == OutReason.NotBelow) revert ParametricFeedNotBelow(i, t);
            if (w.reason == OutReason.Recovered) {
                revert ParametricRecoveryInWindow(i, w.reasonRoundId, w.reasonTime, uint256(w.start) + p.minDuration);
            }
            revert ParametricGapTooLong(i, w.reasonRoundId, w.reasonTime, p.maxGap);
        }
        if (!declared && counted) revert ParametricUncountedFeedBelow(i, w.start);
        _requireSettled(w, p, w.statusBefore, t - 1);
    }

    function _requireSettled(FeedProgress memory w, FeedWalk.Params memory p, PointStatus status, uint256 point)
        private
        pure
    {
        if (status == PointStatus.Unseen) {
            revert ParametricProofIncomplete(p.feedIndex, w.firstUpdatedAt, w.lastUpdatedAt, point);
        }
        if (status == PointStatus.StartUnknown) revert ParametricStartNotFirstBelow(p.feedIndex, w.firstRoundId);
        if (status == PointStatus.Pending) {
            revert ParametricProofIncomplete(
                p.feedIndex, w.firstUpdatedAt, w.lastUpdatedAt, uint256(w.runStart) + p.minDuration
            );
        }
    }

    function _proverKey(uint32 protocolId, uint256 incidentTime, address prover) private pure returns (bytes32) {
        return keccak256(abi.encode(protocolId, incidentTime, prover));
    }

    function _progressKey(uint32 protocolId, uint256 incidentTime, uint256 feedIndex, address prover)
        private
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(protocolId, incidentTime, feedIndex, prover));
    }
}
