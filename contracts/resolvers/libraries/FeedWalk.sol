// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "../../interfaces/AggregatorV3Interface.sol";
import {IParametricResolverTypes as Types} from "../../interfaces/IParametricResolverTypes.sol";
import {IParametricResolverErrors as Errors} from "../../interfaces/IParametricResolverErrors.sol";
import {Constants} from "../../libraries/Constants.sol";
import {RoundId} from "./RoundId.sol";

/// @title A walk over a feed's consecutive rounds, summarised in a FeedProgress
/// @notice Reads rounds one by one, checks that each follows the previous one, and works out, from the
/// rounds alone, what the feed was doing at two points: the incident time T and T - 1 (see
/// IParametricResolver for the rules). Round r's answer holds on [r.updatedAt, next.updatedAt); it is
/// fresh until updatedAt + maxGap inclusive and stale after, if no usable update came by then. An
/// unusable round (unreadable, answer <= 0, no update time, older than the previous usable round) is a
/// missing update: the walk steps over it. A round updated after the horizon T + L ends what is needed.
library FeedWalk {
    /// @notice What the walk of one feed needs to know, in memory.
    struct Params {
        AggregatorV3Interface aggregator; // the feed
        uint256 feedIndex; // its index, for errors
        uint256 decimals; // its answers' decimals
        uint256 maxGap; // heartbeat + grace, in seconds
        uint256 threshold; // WAD price
        uint256 target; // WAD price
        uint256 minDuration; // seconds
        uint256 incidentTime; // T, Unix seconds, >= 1
        uint256 horizon; // T + L: every point and window the proof needs lies at or before it
        uint256 cachedPhase; // the phase whose successor's first round was read (0: none yet, this call)
        uint256 nextPhaseStart; // that first round's update time (0: it cannot be read)
    }

    /// @notice Reads round `roundId` of the feed and walks to it.
    function read(Types.FeedProgress memory w, Params memory p, uint80 roundId) internal view {
        if (roundId == 0) revert Errors.ParametricRoundIncomplete(p.feedIndex, roundId);
        (bool ok, int256 answer, uint256 updatedAt) = _round(p.aggregator, roundId);
        bool first = w.firstRoundId == 0;
        // A usable time: set, and not before the previous usable round's.
        bool timed = ok && updatedAt != 0 && (first || updatedAt >= w.lastUpdatedAt);
        if (timed && updatedAt > block.timestamp && updatedAt <= p.horizon) {
            revert Errors.ParametricRoundInFuture(p.feedIndex, roundId, updatedAt, block.timestamp);
        }
        bool usable = timed && answer > 0;
        if (first) {
            if (!usable) revert Errors.ParametricRoundUnusable(p.feedIndex, roundId);
            uint256 wad = toWad(uint256(answer), p.decimals);
            w.firstRoundId = roundId;
            w.firstUpdatedAt = uint40(updatedAt); // < 2^40, checked when read
            w.mode = wad < p.threshold ? Types.FeedMode.Unknown : Types.FeedMode.Above;
            _keep(w, roundId, updatedAt, wad);
            return;
        }
        uint80 previous = w.lastRoundId;
        bool inPhase = RoundId.isNextInPhase(previous, roundId);
        if (inPhase) {
            // Staying in a phase only to rounds before the next phase's first round: never an old phase (an
            // unreadable round of a phase that has a successor ends that phase).
            _requirePhaseCurrent(p, previous, roundId, ok && updatedAt != 0 ? updatedAt : type(uint256).max);
        } else {
            if (!RoundId.isFirstOfNextPhase(previous, roundId)) {
                revert Errors.ParametricRoundsNotContiguous(p.feedIndex, previous, roundId);
            }
            if (!ok || updatedAt == 0) revert Errors.ParametricRoundsNotContiguous(p.feedIndex, previous, roundId);
            _requirePhaseEnded(p, previous, roundId, updatedAt);
            w.steppedInPhase = false;
        }
        if (!usable && !(timed && updatedAt > p.horizon)) {
            w.lastRoundId = roundId; // a missing update: the previous answer holds while fresh
            return;
        }
        if (updatedAt > p.horizon) {
            // Beyond what the proof needs: the previous answer holds up to the horizon, whatever comes after
            // (later rounds only walk past the horizon, where no point lies).
            if (w.lastUpdatedAt <= p.horizon) _interval(w, p, p.horizon + 1);
            _keep(w, roundId, updatedAt, w.lastPrice);
        } else {
            uint256 price = toWad(uint256(answer), p.decimals);
            _interval(w, p, updatedAt);
            _enter(w, p, roundId, price, updatedAt);
            _keep(w, roundId, updatedAt, price);
        }
        w.steppedInPhase = inPhase;
    }

    /// @notice Ends the walk: if a point is still open and the last round read is the last readable one
    /// (neither the next round of its phase nor round 1 of the next phase can be read), the last usable
    /// answer holds until now (or the horizon), read from the history, not from latestRoundData.
    function finish(Types.FeedProgress memory w, Params memory p) internal view {
        if (_settled(w.statusBefore) && _settled(w.statusAt)) return;
        if (w.lastUpdatedAt > p.horizon) return;
        uint80 last = w.lastRoundId;
        if (RoundId.aggregatorRoundOf(last) != type(uint64).max && _readable(p.aggregator, last + 1)) return;
        if (RoundId.phaseOf(last) != type(uint16).max
                && _readable(p.aggregator, RoundId.encode(RoundId.phaseOf(last) + 1, 1))) return;
        _interval(w, p, (block.timestamp < p.horizon ? block.timestamp : p.horizon) + 1);
    }

    /// @notice Whether the feed has no readable history: latestRoundData and round 1 of phase 1 both fail.
    function unreadable(AggregatorV3Interface aggregator) internal view returns (bool) {
        uint256 gasBefore = gasleft();
        try aggregator.latestRoundData() returns (uint80, int256, uint256, uint256 updatedAt, uint80) {
            if (updatedAt != 0) return false;
        } catch {
            _requireNotStarved(gasBefore);
        }
        return !_readable(aggregator, RoundId.encode(1, 1));
    }

    /// @notice Whether the walk's last phase has been superseded since: the walk's last usable round came
    /// by a step within phase `phase` and the next phase's first round is updated at or before `lastAt`.
    function superseded(AggregatorV3Interface aggregator, uint256 phase, uint256 lastAt) internal view returns (bool) {
        if (lastAt == 0 || phase >= type(uint16).max) return false;
        (bool ok,, uint256 updatedAt) = _round(aggregator, RoundId.encode(uint16(phase + 1), 1));
        return ok && updatedAt != 0 && updatedAt <= lastAt;
    }

    /// @notice An answer with `decimals` decimals as a WAD price, capped at 2^128 - 1.
    function toWad(uint256 answer, uint256 decimals) internal pure returns (uint256 price) {
        if (answer > type(uint128).max) return type(uint128).max;
        // answer < 2^128 and 10^18 < 2^60: no overflow; decimals <= 36, checked at registration.
        price = decimals <= 18 ? answer * 10 ** (18 - decimals) : answer / 10 ** (decimals - 18);
        if (price > type(uint128).max) price = type(uint128).max;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Walks the time from the last round read up to `end` (exclusive), during which its answer holds.
    function _interval(Types.FeedProgress memory w, Params memory p, uint256 end) private pure {
        uint256 from = w.lastUpdatedAt;
        uint256 freshEnd = from + p.maxGap + 1; // the first second the answer would be stale
        if (freshEnd > end) freshEnd = end;
        Types.FeedMode mode = w.mode;
        if (mode != Types.FeedMode.Run) {
            _markOutside(w, p, from, end, mode);
            return;
        }
        uint256 windowEnd = uint256(w.runStart) + p.minDuration;
        if (from < windowEnd) {
            uint256 upTo = freshEnd < windowEnd ? freshEnd : windowEnd;
            // In a run the price is below threshold <= target; upTo - from <= minDuration < 2^32 and
            // target < 2^96, so the sum over the window stays below 2^128.
            w.runDepthSum += uint128((p.target - w.lastPrice) * (upTo - from));
        }
        _markInRun(w, p, from, end, freshEnd);
        if (!w.runQualified && freshEnd >= windowEnd) {
            w.runQualified = true;
            _resolve(w, p, true, Types.OutReason.None, 0, 0);
        }
        if (freshEnd < end) {
            // No update within maxGap: the run ends here, stale.
            if (!w.runQualified) _resolve(w, p, false, Types.OutReason.Gap, w.lastRoundId, from);
            w.mode = Types.FeedMode.Dead;
            w.deadRoundId = w.lastRoundId;
            w.deadTime = uint40(from);
        }
    }

    /// @dev The feed's state changes with a new round at `updatedAt`.
    function _enter(Types.FeedProgress memory w, Params memory p, uint80 roundId, uint256 price, uint256 updatedAt)
        private
        pure
    {
        bool below = price < p.threshold;
        Types.FeedMode mode = w.mode;
        if (mode == Types.FeedMode.Run) {
            if (below) return;
            if (!w.runQualified) _resolve(w, p, false, Types.OutReason.Recovered, roundId, updatedAt);
            w.mode = Types.FeedMode.Above;
        } else if (mode == Types.FeedMode.Above) {
            if (!below) return;
            w.mode = Types.FeedMode.Run;
            w.runStart = uint40(updatedAt);
            w.runDepthSum = 0;
            w.runQualified = false;
        } else if (!below) {
            w.mode = Types.FeedMode.Above; // from Unknown or Dead
        }
    }

    /// @dev Marks the points in [from, end) while the feed is in a run, fresh until `freshEnd`.
    function _markInRun(Types.FeedProgress memory w, Params memory p, uint256 from, uint256 end, uint256 freshEnd)
        private
        pure
    {
        uint256 before = p.incidentTime - 1;
        if (w.statusBefore == Types.PointStatus.Unseen && from <= before && before < end) {
            w.statusBefore = before >= freshEnd
                ? Types.PointStatus.Out
                : (w.runQualified ? Types.PointStatus.In : Types.PointStatus.Pending);
        }
        uint256 at = p.incidentTime;
        if (w.statusAt == Types.PointStatus.Unseen && from <= at && at < end) {
            if (at >= freshEnd) {
                _setOut(w, Types.OutReason.Gap, w.lastRoundId, from);
            } else if (w.runQualified) {
                _setIn(w, p);
            } else {
                w.statusAt = Types.PointStatus.Pending;
            }
        }
    }

    /// @dev Marks the points in [from, end) while the feed is not in a run.
    function _markOutside(Types.FeedProgress memory w, Params memory p, uint256 from, uint256 end, Types.FeedMode mode)
        private
        pure
    {
        Types.PointStatus status = mode == Types.FeedMode.Unknown ? Types.PointStatus.StartUnknown : Types.PointStatus.Out;
        uint256 before = p.incidentTime - 1;
        if (w.statusBefore == Types.PointStatus.Unseen && from <= before && before < end) w.statusBefore = status;
        uint256 at = p.incidentTime;
        if (w.statusAt == Types.PointStatus.Unseen && from <= at && at < end) {
            if (mode == Types.FeedMode.Above) {
                _setOut(w, Types.OutReason.NotBelow, w.lastRoundId, from);
            } else if (mode == Types.FeedMode.Dead) {
                _setOut(w, Types.OutReason.Gap, w.deadRoundId, w.deadTime);
            } else {
                w.statusAt = status;
            }
        }
    }

    /// @dev The current run qualified (counted) or ended without qualifying: points pending on it settle.
    function _resolve(
        Types.FeedProgress memory w,
        Params memory p,
        bool counted,
        Types.OutReason reason,
        uint80 roundId,
        uint256 time
    ) private pure {
        if (w.statusBefore == Types.PointStatus.Pending) {
            w.statusBefore = counted ? Types.PointStatus.In : Types.PointStatus.Out;
        }
        if (w.statusAt == Types.PointStatus.Pending) {
            if (counted) _setIn(w, p);
            else _setOut(w, reason, roundId, time);
        }
    }

    /// @dev The incident time lies in the current run, which qualified: its window is complete.
    function _setIn(Types.FeedProgress memory w, Params memory p) private pure {
        w.statusAt = Types.PointStatus.In;
        w.start = w.runStart;
        // runDepthSum < target * minDuration, so the depth is below 1e18.
        w.depth = uint64((uint256(w.runDepthSum) * Constants.WAD) / (p.target * p.minDuration));
    }

    function _setOut(Types.FeedProgress memory w, Types.OutReason reason, uint80 roundId, uint256 time) private pure {
        w.statusAt = Types.PointStatus.Out;
        w.reason = reason;
        w.reasonRoundId = roundId;
        w.reasonTime = uint40(time); // an update time, <= block.timestamp
        if (reason != Types.OutReason.NotBelow) w.start = w.runStart;
    }

    /// @dev A phase may be left for the next one only after its last round before the next phase began:
    /// a readable round `previous + 1` updated before the next phase's first round was skipped.
    function _requirePhaseEnded(Params memory p, uint80 previous, uint80 next, uint256 nextUpdatedAt) private view {
        if (RoundId.aggregatorRoundOf(previous) == type(uint64).max) return;
        (bool ok,, uint256 updatedAt) = _round(p.aggregator, previous + 1);
        if (ok && updatedAt != 0 && updatedAt < nextUpdatedAt) {
            revert Errors.ParametricRoundsNotContiguous(p.feedIndex, previous, next);
        }
    }

    /// @dev A step within a phase goes only to a round updated before the next phase's first round: once the
    /// next phase has a round at or before it, the feed's history is the next phase's.
    function _requirePhaseCurrent(Params memory p, uint80 previous, uint80 next, uint256 updatedAt) private view {
        uint256 phase = RoundId.phaseOf(next);
        if (phase == type(uint16).max) return;
        if (p.cachedPhase != phase) {
            (bool ok,, uint256 startAt) = _round(p.aggregator, RoundId.encode(uint16(phase + 1), 1));
            p.cachedPhase = phase;
            p.nextPhaseStart = ok ? startAt : 0;
        }
        uint256 nextStart = p.nextPhaseStart;
        if (nextStart != 0 && nextStart <= updatedAt) {
            revert Errors.ParametricRoundsNotContiguous(p.feedIndex, previous, next);
        }
    }

    /// @dev Records the round as the walk's last usable one.
    function _keep(Types.FeedProgress memory w, uint80 roundId, uint256 updatedAt, uint256 price) private pure {
        w.lastRoundId = roundId;
        w.lastUpdatedAt = uint40(updatedAt); // < 2^40, checked when read
        w.lastPrice = uint128(price); // toWad caps at 2^128 - 1
    }

    /// @dev Round `roundId`, without reverting: ok false if the read reverts or answers malformed data.
    function _round(AggregatorV3Interface aggregator, uint80 roundId)
        private
        view
        returns (bool ok, int256 answer, uint256 updatedAt)
    {
        uint256 gasBefore = gasleft();
        try aggregator.getRoundData(roundId) returns (uint80, int256 a, uint256, uint256 u, uint80) {
            return (u <= type(uint40).max, a, u);
        } catch {
            _requireNotStarved(gasBefore);
            return (false, 0, 0);
        }
    }

    /// @dev A read that failed for want of gas (the caller kept at most 1/64 of it, EIP-150) is not a failed
    /// read of the feed: a prover must not make a round look unreadable by the gas it sends.
    function _requireNotStarved(uint256 gasBefore) private view {
        if (gasleft() <= gasBefore / 63) revert Errors.ParametricReadOutOfGas();
    }

    /// @dev Whether a round can be read with an update time (a round that exists).
    function _readable(AggregatorV3Interface aggregator, uint80 roundId) private view returns (bool) {
        (bool ok,, uint256 updatedAt) = _round(aggregator, roundId);
        return ok && updatedAt != 0;
    }

    function _settled(Types.PointStatus status) private pure returns (bool) {
        return status != Types.PointStatus.Unseen && status != Types.PointStatus.Pending;
    }
}
