// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {ICoverMarket} from "../interfaces/ICoverMarket.sol";
import {IParametricResolver} from "../interfaces/IParametricResolver.sol";
import {Constants} from "../libraries/Constants.sol";
import {FeedWalk} from "./libraries/FeedWalk.sol";
import {Median} from "./libraries/Median.sol";

/// @title Parametric resolver: incidents proven from Chainlink feed rounds, one proof per incident
/// @notice See IParametricResolver. Holds nothing; has no owner.
contract ParametricResolver is IParametricResolver, ReentrancyGuardTransient {
    /// @inheritdoc IParametricResolver
    ICoverMarket public immutable override market;

    /// @inheritdoc IParametricResolver
    uint256 public constant override MAX_FEEDS = 8;
    /// @inheritdoc IParametricResolver
    uint256 public constant override PROOF_MARGIN = 1 days;

    /// @dev Most decimals a feed may have (so that rescaling to 18 decimals stays exact enough).
    uint256 private constant MAX_DECIMALS = 36;

    mapping(uint32 protocolId => TriggerConfig) private _configs;
    mapping(uint32 protocolId => mapping(uint256 feedIndex => Feed)) private _feeds;
    /// @dev Checkpointed proof progress, by keccak256(protocolId, incidentTime, feedIndex, prover).
    mapping(bytes32 key => FeedProgress) private _progress;

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
        uint256 minimum = uint256(r.minDuration) + maxHeartbeat + r.grace + PROOF_MARGIN;
        if (r.claimWindow < minimum) revert ParametricClaimWindowTooShort(r.claimWindow, minimum);

        protocolId = market.registerProtocol(r.name, r.ticker, r.metadataURI, r.claimWindow);
        _configs[protocolId] = TriggerConfig({
            threshold: r.threshold,
            target: r.target,
            minDuration: r.minDuration,
            grace: r.grace,
            payoutCap: r.payoutRule == PayoutRule.Full ? uint64(Constants.WAD) : r.payoutCap,
            lastIncidentTime: 0,
            registeredAt: uint40(block.timestamp),
            feedCount: uint8(n), // <= MAX_FEEDS
            quorum: r.quorum,
            payoutRule: r.payoutRule
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
    ) external override nonReentrant returns (uint256 incidentIndex, uint256 payout) {
        TriggerConfig memory cfg = _proofConfig(protocolId, incidentTime);
        uint256 n = cfg.feedCount;
        if (roundIds.length != n) revert ParametricWrongFeedCount(roundIds.length, n);
        if (countedFeeds >> n != 0) revert ParametricInvalidCountedFeeds(countedFeeds, n);

        uint256[] memory depths = new uint256[](n); // 0 for a feed not counted
        uint256 countedAt;
        uint256 countedBefore;
        for (uint256 i; i < n; ++i) {
            FeedWalk.Params memory p = _walkParams(protocolId, cfg, i, incidentTime);
            FeedProgress memory w = _takeCheckpoint(protocolId, incidentTime, i);
            uint80[] calldata ids = roundIds[i];
            for (uint256 j; j < ids.length; ++j) {
                FeedWalk.read(w, p, ids[j]);
            }
            bool declared = countedFeeds & (1 << i) != 0;
            bool counted;
            if (w.firstRoundId == 0) {
                // Nothing proven: allowed only for a feed that no longer answers, which counts as not below.
                if (declared || _answers(p.aggregator)) revert ParametricFeedUnproven(i);
            } else {
                FeedWalk.finish(w, p);
                counted = _verify(w, p, declared);
                if (w.statusBefore == PointStatus.In) ++countedBefore;
            }
            if (counted) {
                ++countedAt;
                depths[i] = w.depth;
            }
            emit FeedProven(
                protocolId,
                incidentTime,
                i,
                counted,
                counted ? w.start : 0,
                depths[i],
                w.firstRoundId,
                w.lastRoundId
            );
        }
        if (countedAt < cfg.quorum) revert ParametricQuorumNotReached(countedAt, cfg.quorum);
        if (countedBefore >= cfg.quorum) revert ParametricQuorumHeldBefore(incidentTime, countedBefore);

        if (cfg.payoutRule == PayoutRule.Full) {
            payout = Constants.WAD;
        } else {
            payout = Median.lowerMedian(depths);
            if (payout > cfg.payoutCap) payout = cfg.payoutCap;
        }
        _configs[protocolId].lastIncidentTime = uint40(incidentTime); // <= block.timestamp
        incidentIndex = market.reportIncident(protocolId, incidentTime, payout);
        emit IncidentTriggered(protocolId, incidentTime, incidentIndex, payout, countedFeeds, msg.sender);
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
        delete _progress[_progressKey(protocolId, incidentTime, feedIndex, msg.sender)];
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

    // ---------------------------------------------------------------- internals

    /// @dev The protocol's settings, after checking that an incident at `incidentTime` may be proven now.
    function _proofConfig(uint32 protocolId, uint256 incidentTime) private view returns (TriggerConfig memory cfg) {
        cfg = _configs[protocolId];
        if (cfg.feedCount == 0) revert ParametricUnknownProtocol(protocolId);
        if (incidentTime > block.timestamp) revert ParametricIncidentInFuture(incidentTime, block.timestamp);
        if (incidentTime < cfg.registeredAt) {
            revert ParametricIncidentBeforeRegistration(incidentTime, cfg.registeredAt);
        }
        uint256 last = cfg.lastIncidentTime;
        if (last != 0 && incidentTime <= last) {
            if (incidentTime == last) revert ParametricIncidentAlreadyProven(protocolId, incidentTime);
            revert ParametricIncidentOutOfOrder(protocolId, incidentTime, last);
        }
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
            incidentTime: incidentTime // >= registeredAt >= 1
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

    /// @dev Whether the feed answers latestRoundData at all.
    function _answers(AggregatorV3Interface aggregator) private view returns (bool) {
        try aggregator.latestRoundData() returns (uint80, int256, uint256, uint256, uint80) {
            return true;
        } catch {
            return false;
        }
    }

    function _progressKey(uint32 protocolId, uint256 incidentTime, uint256 feedIndex, address prover)
        private
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(protocolId, incidentTime, feedIndex, prover));
    }
}
