// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Chainlink's price feed interface (AggregatorV3Interface), with the same function signatures
/// @notice Written here because no Chainlink package is installed. A feed proxy's round id encodes its
/// phase: `roundId = phaseId << 64 | aggregatorRoundId`, where each phase is one underlying aggregator
/// and its rounds count from 1.
interface AggregatorV3Interface {
    /// @notice How many decimals the answers have.
    function decimals() external view returns (uint8);

    /// @notice What the feed measures, e.g. "USDC / USD".
    function description() external view returns (string memory);

    /// @notice The version of the aggregator behind the feed.
    function version() external view returns (uint256);

    /// @notice One round of the feed. Reverts (or, on old aggregators, answers zeros) for a round it does not have.
    /// @return roundId the round asked for
    /// @return answer the price, with `decimals()` decimals
    /// @return startedAt when the round started, Unix seconds
    /// @return updatedAt when the answer was written, Unix seconds
    /// @return answeredInRound deprecated; the round in which the answer was computed
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The feed's latest round, as `getRoundData` describes it.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
