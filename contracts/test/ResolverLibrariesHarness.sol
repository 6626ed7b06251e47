// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ClaimFee} from "../resolvers/libraries/ClaimFee.sol";
import {Median} from "../resolvers/libraries/Median.sol";
import {RoundId} from "../resolvers/libraries/RoundId.sol";

/// @title Exposes the resolvers' small libraries to the tests
contract ResolverLibrariesHarness {
    function lowerMedian(uint256[] memory values) external pure returns (uint256) {
        return Median.lowerMedian(values);
    }

    function feeAt(uint256 baseFee, uint256 feeCap, uint256 claimsBefore) external pure returns (uint256) {
        return ClaimFee.feeAt(baseFee, feeCap, claimsBefore);
    }

    function nextFee(uint256 baseFee, uint256 feeCap, uint256 windowStart, uint256 windowClaims, uint256 window, uint256 time)
        external
        pure
        returns (uint256, uint256, uint256)
    {
        return ClaimFee.next(baseFee, feeCap, windowStart, windowClaims, window, time);
    }

    function isNextInPhase(uint80 roundId, uint80 next) external pure returns (bool) {
        return RoundId.isNextInPhase(roundId, next);
    }

    function isFirstOfNextPhase(uint80 roundId, uint80 next) external pure returns (bool) {
        return RoundId.isFirstOfNextPhase(roundId, next);
    }
}
