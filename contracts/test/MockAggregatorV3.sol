// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title A Chainlink feed the tests script: a price history in phases, with phase-encoded round ids
/// @notice Round ids are `phaseId << 64 | aggregatorRoundId`, rounds counting from 1 in each phase, as a
/// Chainlink proxy numbers them. Any answer and any update time can be scripted, including negative
/// answers, times in the future, rounds without an update time, rounds whose read reverts, and rounds
/// added to an old phase after the next one began. Unknown rounds revert, as current Chainlink aggregators
/// do. A round is one storage word, as in Chainlink's OCR aggregators (answer int192 and timestamps packed).
contract MockAggregatorV3 is AggregatorV3Interface {
    error MockAggregatorNoData(uint80 roundId);
    error MockAggregatorBroken();

    struct Round {
        int192 answer;
        uint48 updatedAt; // startedAt is the same
        bool exists;
        bool broken; // its read reverts
    }

    uint8 public immutable override decimals;
    string public override description;
    uint256 public constant override version = 4;

    /// @notice The phase latestRoundData reads, from 1.
    uint16 public phaseId = 1;
    /// @notice Whether every read reverts (a feed that no longer answers).
    bool public broken;
    /// @notice Whether latestRoundData alone reverts (a feed whose history stays readable).
    bool public latestBroken;
    /// @notice Rounds in each phase so far.
    mapping(uint16 phase => uint64) public roundsInPhase;

    mapping(uint80 roundId => Round) private _rounds;

    event RoundAdded(uint80 indexed roundId, int256 answer, uint256 updatedAt);
    event PhaseStarted(uint16 phaseId);

    constructor(uint8 decimals_, string memory description_) {
        decimals = decimals_;
        description = description_;
    }

    /// @notice Appends a round to the current phase; returns its id.
    function pushRound(int256 answer, uint256 updatedAt) external returns (uint80) {
        return _push(phaseId, answer, updatedAt);
    }

    /// @notice Appends a round to any phase (an old aggregator still updating after a phase change).
    function pushRoundToPhase(uint16 phase, int256 answer, uint256 updatedAt) external returns (uint80) {
        return _push(phase, answer, updatedAt);
    }

    /// @notice Appends many rounds to the current phase.
    function pushRounds(int256[] calldata answers, uint256[] calldata updatedAts) external {
        for (uint256 i; i < answers.length; ++i) {
            _push(phaseId, answers[i], updatedAts[i]);
        }
    }

    /// @notice Moves the feed to the next phase (a new aggregator behind the proxy); its rounds count from 1.
    function startPhase() external {
        phaseId += 1;
        emit PhaseStarted(phaseId);
    }

    function setBroken(bool broken_) external {
        broken = broken_;
    }

    function setLatestBroken(bool broken_) external {
        latestBroken = broken_;
    }

    /// @notice Makes one round's read revert (or read again).
    function setRoundBroken(uint80 roundId, bool broken_) external {
        _rounds[roundId].broken = broken_;
    }

    /// @notice The round id of round `aggregatorRound` of `phase`.
    function roundIdOf(uint16 phase, uint64 aggregatorRound) public pure returns (uint80) {
        return (uint80(phase) << 64) | aggregatorRound;
    }

    /// @notice The id of the latest round of the current phase (0 if it has none).
    function latestRoundId() external view returns (uint80) {
        uint64 n = roundsInPhase[phaseId];
        return n == 0 ? 0 : roundIdOf(phaseId, n);
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId) public view override returns (uint80, int256, uint256, uint256, uint80) {
        if (broken) revert MockAggregatorBroken();
        Round memory r = _rounds[roundId];
        if (!r.exists) revert MockAggregatorNoData(roundId);
        if (r.broken) revert MockAggregatorBroken();
        return (roundId, r.answer, r.updatedAt, r.updatedAt, roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view override returns (uint80, int256, uint256, uint256, uint80) {
        if (broken || latestBroken) revert MockAggregatorBroken();
        uint64 n = roundsInPhase[phaseId];
        if (n == 0) revert MockAggregatorNoData(roundIdOf(phaseId, 0));
        return getRoundData(roundIdOf(phaseId, n));
    }

    function _push(uint16 phase, int256 answer, uint256 updatedAt) private returns (uint80 roundId) {
        uint64 n = roundsInPhase[phase] + 1;
        roundsInPhase[phase] = n;
        roundId = roundIdOf(phase, n);
        _rounds[roundId] = Round(int192(answer), uint48(updatedAt), true, false);
        emit RoundAdded(roundId, answer, updatedAt);
    }
}
