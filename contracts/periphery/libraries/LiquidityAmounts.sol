// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title Token amounts and liquidity of a Uniswap v3 range, rounded as the pools and the position manager round
/// @notice Liquidity L over [sqrtA, sqrtB] (Q64.96 square-root prices) holds
/// amount0 = L * (sqrtB - sqrtA) / (sqrtA * sqrtB) * 2^96 and amount1 = L * (sqrtB - sqrtA) / 2^96.
library LiquidityAmounts {
    uint256 private constant Q96 = 1 << 96;

    /// @notice The token0 amount of `liquidity` between two square-root prices (in either order).
    /// @param roundUp true for what a deposit costs, false for what a withdrawal pays
    function amount0(uint160 sqrtA, uint160 sqrtB, uint128 liquidity, bool roundUp) internal pure returns (uint256) {
        if (sqrtA > sqrtB) (sqrtA, sqrtB) = (sqrtB, sqrtA);
        uint256 numerator1 = uint256(liquidity) << 96;
        uint256 numerator2 = sqrtB - sqrtA;
        if (roundUp) {
            return Math.ceilDiv(Math.mulDiv(numerator1, numerator2, sqrtB, Math.Rounding.Ceil), sqrtA);
        }
        return Math.mulDiv(numerator1, numerator2, sqrtB) / sqrtA;
    }

    /// @notice The token1 amount of `liquidity` between two square-root prices (in either order).
    function amount1(uint160 sqrtA, uint160 sqrtB, uint128 liquidity, bool roundUp) internal pure returns (uint256) {
        if (sqrtA > sqrtB) (sqrtA, sqrtB) = (sqrtB, sqrtA);
        return Math.mulDiv(liquidity, sqrtB - sqrtA, Q96, roundUp ? Math.Rounding.Ceil : Math.Rounding.Floor);
    }

    /// @notice The most liquidity that `amount0Max` and `amount1Max` can fund over [sqrtA, sqrtB] at the
    /// price `sqrtPrice`, as the position manager computes it (rounded down).
    function liquidityForAmounts(
        uint160 sqrtPrice,
        uint160 sqrtA,
        uint160 sqrtB,
        uint256 amount0Max,
        uint256 amount1Max
    ) internal pure returns (uint128) {
        if (sqrtA > sqrtB) (sqrtA, sqrtB) = (sqrtB, sqrtA);
        if (sqrtPrice <= sqrtA) return _liquidity0(sqrtA, sqrtB, amount0Max);
        if (sqrtPrice < sqrtB) {
            uint128 l0 = _liquidity0(sqrtPrice, sqrtB, amount0Max);
            uint128 l1 = _liquidity1(sqrtA, sqrtPrice, amount1Max);
            return l0 < l1 ? l0 : l1;
        }
        return _liquidity1(sqrtA, sqrtB, amount1Max);
    }

    /// @notice The token amounts `liquidity` takes (roundUp) or gives back (round down) over
    /// [sqrtLower, sqrtUpper] when the pool is at `tick` / `sqrtPrice`; the pool decides the branch by tick.
    function amountsForLiquidity(
        int24 tick,
        uint160 sqrtPrice,
        int24 tickLower,
        int24 tickUpper,
        uint160 sqrtLower,
        uint160 sqrtUpper,
        uint128 liquidity,
        bool roundUp
    ) internal pure returns (uint256 a0, uint256 a1) {
        if (tick < tickLower) {
            a0 = amount0(sqrtLower, sqrtUpper, liquidity, roundUp);
        } else if (tick < tickUpper) {
            a0 = amount0(sqrtPrice, sqrtUpper, liquidity, roundUp);
            a1 = amount1(sqrtLower, sqrtPrice, liquidity, roundUp);
        } else {
            a1 = amount1(sqrtLower, sqrtUpper, liquidity, roundUp);
        }
    }

    function _liquidity0(uint160 sqrtA, uint160 sqrtB, uint256 amount) private pure returns (uint128) {
        uint256 intermediate = Math.mulDiv(sqrtA, sqrtB, Q96);
        return SafeCast.toUint128(Math.mulDiv(amount, intermediate, sqrtB - sqrtA));
    }

    function _liquidity1(uint160 sqrtA, uint160 sqrtB, uint256 amount) private pure returns (uint128) {
        return SafeCast.toUint128(Math.mulDiv(amount, Q96, sqrtB - sqrtA));
    }
}
