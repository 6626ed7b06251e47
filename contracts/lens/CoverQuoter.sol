// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import {IUniswapV3SwapCallback} from "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3SwapCallback.sol";

import {ICoverMarket} from "../interfaces/ICoverMarket.sol";
import {ICoverQuoter} from "../interfaces/ICoverQuoter.sol";
import {IPositionManager} from "../interfaces/external/IPositionManager.sol";
import {SeriesPools} from "../periphery/base/SeriesPools.sol";
import {SwapSimulation} from "../periphery/base/SwapSimulation.sol";
import {PoolAddress} from "../periphery/libraries/PoolAddress.sol";
import {TickMath} from "../periphery/libraries/TickMath.sol";
import {LiquidityAmounts} from "../periphery/libraries/LiquidityAmounts.sol";

/// @title Cover quoter
/// @notice See ICoverQuoter. Holds nothing, and every swap it makes is undone.
contract CoverQuoter is ICoverQuoter, SwapSimulation {
    /// @dev Q128, the scale of Uniswap's fee growth accumulators.
    uint256 private constant Q128 = 1 << 128;

    /// @dev The position manager whose positions `quoteRemoveLiquidity` reads.
    IPositionManager private immutable _positionManager;

    constructor(ICoverMarket market_, address factory_, uint24 fee_, IPositionManager positionManager_)
        SeriesPools(market_, factory_, fee_)
    {
        _positionManager = positionManager_;
    }

    /// @inheritdoc IUniswapV3SwapCallback
    /// @dev Every swap the quoter makes is a simulation: report and undo.
    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata)
        external
        view
        override
    {
        _revertSimulated(amount0Delta, amount1Delta);
    }

    // ---------------------------------------------------------------- quotes

    /// @inheritdoc ICoverQuoter
    function quoteBuyCoverExactOut(bytes32 seriesId, uint256 claimAmount)
        external
        override
        returns (TradeQuote memory q)
    {
        SeriesTokens memory t = _seriesTokens(seriesId);
        q.direct = _quoteBuyExactOut(t, Side.Claim, Route.Direct, claimAmount);
        q.pair = _quoteBuyExactOut(t, Side.Claim, Route.Pair, claimAmount);
        q.best = _better(q, true);
    }

    /// @inheritdoc ICoverQuoter
    function quoteBuyCoverExactIn(bytes32 seriesId, uint256 collateralIn)
        external
        override
        returns (TradeQuote memory q)
    {
        SeriesTokens memory t = _seriesTokens(seriesId);
        (bool ok, uint256 spent, uint256 bought,) = _simulateSwap(t.collateral, t.claim, int256(collateralIn));
        q.direct = RouteQuote(ok && spent == collateralIn, spent, bought);
        (bool solved, uint256 amount, uint256 cost) = _solvePairBuy(t.noclaim, t.collateral, collateralIn);
        q.pair = RouteQuote(solved, cost, amount);
        q.best = _better(q, false);
    }

    /// @inheritdoc ICoverQuoter
    function quoteSellCover(bytes32 seriesId, uint256 claimAmount) external override returns (TradeQuote memory q) {
        SeriesTokens memory t = _seriesTokens(seriesId);
        q.direct = _quoteSell(t, Side.Claim, Route.Direct, claimAmount);
        q.pair = _quoteSell(t, Side.Claim, Route.Pair, claimAmount);
        q.best = _better(q, false);
    }

    /// @inheritdoc ICoverQuoter
    function quoteUnderwrite(bytes32 seriesId, uint256 amount) external override returns (RouteQuote memory) {
        return _quoteBuyExactOut(_seriesTokens(seriesId), Side.Noclaim, Route.Pair, amount);
    }

    /// @inheritdoc ICoverQuoter
    function quoteExitUnderwriting(bytes32 seriesId, uint256 noclaimAmount)
        external
        override
        returns (TradeQuote memory q)
    {
        SeriesTokens memory t = _seriesTokens(seriesId);
        q.direct = _quoteSell(t, Side.Noclaim, Route.Direct, noclaimAmount);
        q.pair = _quoteSell(t, Side.Noclaim, Route.Pair, noclaimAmount);
        q.best = _better(q, false);
    }

    /// @inheritdoc ICoverQuoter
    function quoteRoll(
        bytes32 fromSeriesId,
        bytes32 toSeriesId,
        Side side,
        uint256 amount,
        Route sellRoute,
        Route buyRoute
    ) external override returns (RollQuote memory q) {
        RouteQuote memory sale = _quoteSell(_seriesTokens(fromSeriesId), side, sellRoute, amount);
        SeriesTokens memory to = _seriesTokens(toSeriesId);
        bool bought;
        if (buyRoute == Route.Direct) {
            RouteQuote memory purchase = _quoteBuyExactOut(to, side, Route.Direct, amount);
            (bought, q.cost) = (purchase.ok, int256(purchase.amountIn));
        } else {
            // Mirrors the router's pair purchase without clamping: the other side's sale may raise more than
            // the `amount` minted, and the roll then pays out the difference. Amounts are bounded by supplies.
            (bool sold, uint256 consumed, uint256 raised,) = _simulateSwap(_otherToken(to, side), to.collateral, int256(amount));
            (bought, q.cost) = (sold && consumed == amount, int256(amount) - int256(raised));
        }
        q.ok = sale.ok && bought;
        q.proceeds = sale.amountOut;
        q.net = int256(q.proceeds) - q.cost;
    }

    /// @inheritdoc ICoverQuoter
    function quoteAddLiquidity(
        bytes32 seriesId,
        Side side,
        int24 tickLower,
        int24 tickUpper,
        uint256 coverDesired,
        uint256 collateralDesired
    ) external view override returns (LiquidityQuote memory q) {
        SeriesTokens memory t = _seriesTokens(seriesId);
        address cover = _sideToken(t, side);
        bool coverIs0 = cover < t.collateral;
        (uint160 sqrtPrice, int24 tick,,,,,) = IUniswapV3Pool(_pool(cover, t.collateral)).slot0();
        uint160 sqrtLower = TickMath.sqrtPriceAtTick(tickLower);
        uint160 sqrtUpper = TickMath.sqrtPriceAtTick(tickUpper);
        (uint256 desired0, uint256 desired1) = coverIs0 ? (coverDesired, collateralDesired) : (collateralDesired, coverDesired);
        q.liquidity = LiquidityAmounts.liquidityForAmounts(sqrtPrice, sqrtLower, sqrtUpper, desired0, desired1);
        (uint256 amount0, uint256 amount1) = LiquidityAmounts.amountsForLiquidity(
            tick, sqrtPrice, tickLower, tickUpper, sqrtLower, sqrtUpper, q.liquidity, true
        );
        (q.coverAmount, q.collateralAmount) = coverIs0 ? (amount0, amount1) : (amount1, amount0);
    }

    /// @inheritdoc ICoverQuoter
    function quoteRemoveLiquidity(bytes32 seriesId, uint256 tokenId, uint128 liquidity)
        external
        view
        override
        returns (uint256 coverAmount, uint256 collateralAmount)
    {
        SeriesTokens memory t = _seriesTokens(seriesId);
        (uint256 amount0, uint256 amount1, address token0) = _positionValue(tokenId, liquidity);
        (coverAmount, collateralAmount) = token0 == t.collateral ? (amount1, amount0) : (amount0, amount1);
    }

    // ---------------------------------------------------------------- internals: quotes

    /// @dev Mirrors CoverRouter._buyExactOut: amountIn is what the payer would pay, amountOut the side bought.
    function _quoteBuyExactOut(SeriesTokens memory t, Side side, Route route, uint256 amount)
        private
        returns (RouteQuote memory q)
    {
        address sideToken = _sideToken(t, side);
        if (route == Route.Direct) {
            (bool ok, uint256 cost, uint256 received,) = _simulateSwap(t.collateral, sideToken, -int256(amount));
            return RouteQuote(ok && received == amount, cost, received);
        }
        (bool sold, uint256 consumed, uint256 proceeds,) = _simulateSwap(_otherToken(t, side), t.collateral, int256(amount));
        return RouteQuote(sold && consumed == amount, amount > proceeds ? amount - proceeds : 0, amount);
    }

    /// @dev Mirrors CoverRouter._sellExactIn: amountIn is the side sold, amountOut the collateral raised.
    function _quoteSell(SeriesTokens memory t, Side side, Route route, uint256 amount)
        private
        returns (RouteQuote memory q)
    {
        if (route == Route.Direct) {
            (bool ok, uint256 sold, uint256 proceeds,) = _simulateSwap(_sideToken(t, side), t.collateral, int256(amount));
            return RouteQuote(ok && sold == amount, sold, proceeds);
        }
        (bool bought, uint256 cost, uint256 received,) =
            _simulateSwap(t.collateral, _otherToken(t, side), -int256(amount));
        bool fits = bought && received == amount && cost <= amount;
        return RouteQuote(fits, amount, fits ? amount - cost : 0);
    }

    /// @dev The better route: the cheaper for a fixed purchase (`byCost`), the larger output otherwise.
    function _better(TradeQuote memory q, bool byCost) private pure returns (Route) {
        if (!q.pair.ok) return Route.Direct;
        if (!q.direct.ok) return Route.Pair;
        if (byCost) return q.pair.amountIn < q.direct.amountIn ? Route.Pair : Route.Direct;
        return q.pair.amountOut > q.direct.amountOut ? Route.Pair : Route.Direct;
    }

    /// @dev What removing `liquidity` from a position and collecting everything owed would pay, per token.
    function _positionValue(uint256 tokenId, uint128 liquidity)
        private
        view
        returns (uint256 amount0, uint256 amount1, address token0)
    {
        IPositionManager.MintParams memory p; // reused as a holder of the position's pool and range
        uint128 positionLiquidity;
        uint256[4] memory fees; // feeGrowthInside0Last, feeGrowthInside1Last, tokensOwed0, tokensOwed1
        {
            uint128 owed0;
            uint128 owed1;
            (,, p.token0, p.token1, p.fee, p.tickLower, p.tickUpper, positionLiquidity, fees[0], fees[1], owed0, owed1) =
                _positionManager.positions(tokenId);
            (fees[2], fees[3]) = (owed0, owed1);
        }
        IUniswapV3Pool pool = IUniswapV3Pool(PoolAddress.compute(_factory, p.token0, p.token1, p.fee));
        (uint160 sqrtPrice, int24 tick,,,,,) = pool.slot0();
        (amount0, amount1) = LiquidityAmounts.amountsForLiquidity(
            tick,
            sqrtPrice,
            p.tickLower,
            p.tickUpper,
            TickMath.sqrtPriceAtTick(p.tickLower),
            TickMath.sqrtPriceAtTick(p.tickUpper),
            liquidity,
            false
        );
        (uint256 inside0, uint256 inside1) = _feeGrowthInside(pool, p.tickLower, p.tickUpper, tick);
        unchecked {
            // Fee growth accumulators wrap by design; their differences are what count.
            amount0 += fees[2] + Math.mulDiv(inside0 - fees[0], positionLiquidity, Q128);
            amount1 += fees[3] + Math.mulDiv(inside1 - fees[1], positionLiquidity, Q128);
        }
        token0 = p.token0;
    }

    /// @dev Fee growth per unit of liquidity inside [lower, upper) to date, as the pool computes it (Q128.128).
    function _feeGrowthInside(IUniswapV3Pool pool, int24 lower, int24 upper, int24 tick)
        private
        view
        returns (uint256 inside0, uint256 inside1)
    {
        (,, uint256 lower0, uint256 lower1,,,,) = pool.ticks(lower);
        (,, uint256 upper0, uint256 upper1,,,,) = pool.ticks(upper);
        uint256 global0 = pool.feeGrowthGlobal0X128();
        uint256 global1 = pool.feeGrowthGlobal1X128();
        unchecked {
            (uint256 below0, uint256 below1) = tick >= lower ? (lower0, lower1) : (global0 - lower0, global1 - lower1);
            (uint256 above0, uint256 above1) = tick < upper ? (upper0, upper1) : (global0 - upper0, global1 - upper1);
            inside0 = global0 - below0 - above0;
            inside1 = global1 - below1 - above1;
        }
    }
}
