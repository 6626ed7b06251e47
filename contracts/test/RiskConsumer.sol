// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverRiskOracle} from "../interfaces/ICoverRiskOracle.sol";

/// @title An on-chain consumer of the TWAP risk, for tests: it records a reading only when there is a price
contract RiskConsumer {
    /// @notice The oracle answered without a price.
    error RiskConsumerNoPrice(bytes32 seriesId, ICoverRiskOracle.PriceStatus status);

    ICoverRiskOracle public immutable oracle;
    /// @notice The last risk recorded per series, as a WAD.
    mapping(bytes32 seriesId => uint256) public riskOf;

    constructor(ICoverRiskOracle oracle_) {
        oracle = oracle_;
    }

    /// @notice Reads the TWAP risk of a series and records it; reverts when the oracle has no price.
    function record(bytes32 seriesId) external returns (uint256 risk) {
        ICoverRiskOracle.RiskReading memory reading = oracle.twapRisk(seriesId);
        if (reading.status != ICoverRiskOracle.PriceStatus.Ok && reading.status != ICoverRiskOracle.PriceStatus.Settled) {
            revert RiskConsumerNoPrice(seriesId, reading.status);
        }
        riskOf[seriesId] = reading.risk;
        return reading.risk;
    }
}
