// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import {IUniswapV3PoolActions} from "@uniswap/v3-core/contracts/interfaces/pool/IUniswapV3PoolActions.sol";
import {SeriesPools} from "./SeriesPools.sol";
import {TickMath} from "../libraries/TickMath.sol";
import {PriceMath} from "../libraries/PriceMath.sol";

/// @title Swaps run for their result only, and the search that prices an exact-input buy through the pair
/// @notice A simulated swap is a real call to the pool whose callback reverts with the swap's deltas and the
/// price it reached: the pool computes exactly what it would do, and the revert undoes all of it (as
/// Uniswap's QuoterV2 does). The contract's swap callback must call `_revertSimulated` when given empty data.
abstract contract SwapSimulation is SeriesPools {
    /// @dev Carries a simulated swap's outcome out of the pool: its deltas (positive: owed to the pool)
    /// and its square-root price afterwards (Q64.96).
    error SimulatedSwap(int256 amount0, int256 amount1, uint160 sqrtPriceX96After);

    /// @dev Upper bound on simulated swaps per search; typically it ends after three to five.
    uint256 private constant MAX_SEARCH_STEPS = 16;
    /// @dev Fees are in hundredths of a basis point.
    uint256 private constant FEE_UNIT = 1e6;
    /// @dev Largest amount the search tries: far beyond any pool's balances, and a valid int256.
    uint256 private constant MAX_AMOUNT = uint256(uint128(type(int128).max));

    /// @dev Called from the swap callback in simulation: reverts with the deltas and the pool's new price.
    function _revertSimulated(int256 amount0Delta, int256 amount1Delta) internal view {
        (uint160 sqrtPriceX96,,,,,,) = IUniswapV3Pool(msg.sender).slot0();
        revert SimulatedSwap(amount0Delta, amount1Delta, sqrtPriceX96);
    }

    /// @dev Runs a swap of `tokenIn` for `tokenOut` and undoes it. `amountSpecified` > 0 is an exact input,
    /// < 0 an exact output. ok is false when the pool does not exist, has no price, or refuses the swap.
    function _simulateSwap(address tokenIn, address tokenOut, int256 amountSpecified)
        internal
        returns (bool ok, uint256 amountIn, uint256 amountOut, uint160 sqrtPriceX96After)
    {
        address pool = _pool(tokenIn, tokenOut);
        if (pool.code.length == 0) return (false, 0, 0, 0);
        bool zeroForOne = tokenIn < tokenOut;
        (, bytes memory reason) = pool.call(
            abi.encodeCall(
                IUniswapV3PoolActions.swap,
                (
                    address(this),
                    zeroForOne,
                    amountSpecified,
                    zeroForOne ? TickMath.MIN_SQRT_PRICE + 1 : TickMath.MAX_SQRT_PRICE - 1,
                    ""
                )
            )
        );
        if (reason.length != 100 || bytes4(reason) != SimulatedSwap.selector) return (false, 0, 0, 0);
        int256 amount0;
        int256 amount1;
        assembly ("memory-safe") {
            amount0 := mload(add(reason, 36))
            amount1 := mload(add(reason, 68))
            sqrtPriceX96After := mload(add(reason, 100))
        }
        (int256 deltaIn, int256 deltaOut) = zeroForOne ? (amount0, amount1) : (amount1, amount0);
        // Deltas are at most a pool's balances in magnitude, so the conversions are exact.
        ok = true;
        amountIn = uint256(deltaIn);
        amountOut = uint256(-deltaOut);
    }

    /// @dev The largest `amount` such that minting `amount` pairs and selling the `sold` side's `amount` in
    /// its pool costs at most `budget` collateral, and that cost (`amount` minus the sale's proceeds).
    /// The cost c(x) = x - proceeds(x) is increasing and convex while the sold side is worth less than 1, so
    /// Newton's method from above (the spot estimate is an upper bound) converges to it; once the answer is
    /// bracketed, the secant of the bracket is used. ok is false when the pool cannot price the route.
    function _solvePairBuy(address sold, address collateral, uint256 budget)
        internal
        returns (bool ok, uint256 amount, uint256 cost)
    {
        address pool = _pool(sold, collateral);
        if (pool.code.length == 0) return (false, 0, 0);
        (uint160 sqrtSpot,,,,,,) = IUniswapV3Pool(pool).slot0();
        uint256 slope = _marginalCost(sqrtSpot, sold < collateral);
        if (slope == 0) return (false, 0, 0);
        // Selling never fetches more than the spot price net of the fee, so cost(x) >= x * slope: an upper bound.
        uint256 x = Math.mulDiv(budget, PriceMath.WAD, slope);
        if (x > MAX_AMOUNT) x = MAX_AMOUNT;

        uint256 lo; // largest amount seen whose cost fits the budget
        uint256 loCost;
        uint256 hi = type(uint256).max; // smallest amount seen whose cost exceeds it
        uint256 hiCost = type(uint256).max;
        for (uint256 i; i < MAX_SEARCH_STEPS && x > lo && x < hi; ++i) {
            (bool sim, uint256 consumed, uint256 proceeds, uint160 sqrtAfter) =
                _simulateSwap(sold, collateral, int256(x));
            bool filled = sim && consumed == x;
            uint256 c = x > proceeds ? x - proceeds : 0;
            if (filled && c <= budget) {
                (lo, loCost) = (x, c);
                if (c == budget) break;
            } else {
                (hi, hiCost) = (x, filled ? c : type(uint256).max);
            }
            if (hi - lo <= 1) break;
            x = _nextGuess(lo, loCost, hi, hiCost, x, c, budget, filled, _marginalCost(sqrtAfter, sold < collateral));
        }
        return (lo != 0, lo, loCost);
    }

    /// @dev The next amount to try, strictly inside (lo, hi).
    function _nextGuess(
        uint256 lo,
        uint256 loCost,
        uint256 hi,
        uint256 hiCost,
        uint256 x,
        uint256 c,
        uint256 budget,
        bool filled,
        uint256 slope
    ) private pure returns (uint256 next) {
        if (!filled || slope == 0) {
            next = lo + (hi - lo) / 2; // no usable slope: bisect
        } else if (hi != type(uint256).max && hiCost != type(uint256).max && lo != 0) {
            // Bracketed: the secant between the two ends (the cost is nearly linear in a small bracket).
            next = lo + Math.mulDiv(budget - loCost, hi - lo, hiCost - loCost);
        } else if (c > budget) {
            // Newton from above: the tangent of a convex curve stays below it, so this never passes the answer.
            uint256 step = Math.mulDiv(c - budget, PriceMath.WAD, slope);
            next = x - (step == 0 ? 1 : (step < x ? step : x));
        } else {
            uint256 step = Math.mulDiv(budget - c, PriceMath.WAD, slope);
            next = x + (step == 0 ? 1 : step);
        }
        if (next <= lo) next = lo + 1;
        if (next >= hi) next = hi - 1;
    }

    /// @dev 1 - price * (1 - fee) as a WAD: what one more unit of pair bought through the pair costs, at the
    /// square-root price given; 0 when selling the side there would fetch 1 or more.
    function _marginalCost(uint160 sqrtPriceX96, bool soldIsToken0) private view returns (uint256) {
        uint256 net = PriceMath.priceWad(sqrtPriceX96, soldIsToken0) * (FEE_UNIT - _fee) / FEE_UNIT;
        return net >= PriceMath.WAD ? 0 : PriceMath.WAD - net;
    }
}
