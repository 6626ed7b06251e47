// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import {IUniswapV3SwapCallback} from "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3SwapCallback.sol";

import {ICoverMarket} from "../interfaces/ICoverMarket.sol";
import {ICoverLens} from "../interfaces/ICoverLens.sol";
import {ICoverRiskOracle} from "../interfaces/ICoverRiskOracle.sol";
import {IPositionManager} from "../interfaces/external/IPositionManager.sol";
import {Calendar} from "../libraries/Calendar.sol";
import {Constants} from "../libraries/Constants.sol";
import {SeriesPools} from "../periphery/base/SeriesPools.sol";
import {SwapSimulation} from "../periphery/base/SwapSimulation.sol";
import {PoolAddress} from "../periphery/libraries/PoolAddress.sol";
import {PriceMath} from "../periphery/libraries/PriceMath.sol";
import {TickMath} from "../periphery/libraries/TickMath.sol";
import {LiquidityAmounts} from "../periphery/libraries/LiquidityAmounts.sol";

/// @title Cover lens
/// @notice See ICoverLens and ICoverRiskOracle. Reads only: it holds nothing and every quote is undone.
contract CoverLens is ICoverLens, SwapSimulation {
    /// @dev Q128, the scale of Uniswap's fee growth accumulators.
    uint256 private constant Q128 = 1 << 128;

    /// @dev The position manager whose positions `quoteRemoveLiquidity` reads.
    IPositionManager private immutable _positionManager;
    /// @dev Default TWAP guards (see TwapConfig).
    uint32 private immutable _window;
    uint16 private immutable _minCardinality;
    uint128 private immutable _minLiquidityPerUnit;

    /// @dev A pool's reading: a price (WAD, collateral per cover token) and when it last changed.
    struct PoolReading {
        PriceStatus status;
        uint256 price;
        uint256 lastObservedAt;
    }

    constructor(
        ICoverMarket market_,
        address factory_,
        uint24 fee_,
        IPositionManager positionManager_,
        TwapConfig memory defaults
    ) SeriesPools(market_, factory_, fee_) {
        if (defaults.window == 0) revert CoverLensInvalidWindow();
        _positionManager = positionManager_;
        _window = defaults.window;
        _minCardinality = defaults.minCardinality;
        _minLiquidityPerUnit = defaults.minLiquidityPerUnit;
    }

    /// @inheritdoc ICoverLens
    function market() external view override returns (ICoverMarket) {
        return _market;
    }

    /// @inheritdoc IUniswapV3SwapCallback
    /// @dev Every swap the lens makes is a simulation: report and undo.
    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata)
        external
        view
        override
    {
        _revertSimulated(amount0Delta, amount1Delta);
    }

    // ---------------------------------------------------------------- implied risk

    /// @inheritdoc ICoverRiskOracle
    function defaultTwapConfig() public view override returns (TwapConfig memory) {
        return TwapConfig(_window, _minCardinality, _minLiquidityPerUnit);
    }

    /// @inheritdoc ICoverRiskOracle
    function twapRisk(bytes32 seriesId) external view override returns (RiskReading memory) {
        return _twapRisk(seriesId, defaultTwapConfig());
    }

    /// @inheritdoc ICoverRiskOracle
    function twapRiskWith(bytes32 seriesId, TwapConfig calldata config)
        external
        view
        override
        returns (RiskReading memory)
    {
        return _twapRisk(seriesId, config);
    }

    /// @inheritdoc ICoverLens
    function spotRisk(bytes32 seriesId) public view override returns (RiskReading memory reading) {
        bool settled;
        (settled, reading) = _settledReading(seriesId);
        if (settled) return reading;
        SeriesTokens memory t = _seriesTokens(seriesId);
        PoolReading memory c = _spot(t.claim, t.collateral);
        PoolReading memory n = _spot(t.noclaim, t.collateral);
        return _combine(c, n);
    }

    /// @inheritdoc ICoverLens
    function seriesFlags(bytes32 seriesId) public view override returns (SeriesFlags memory flags) {
        SeriesStatus memory status = _market.seriesStatus(seriesId);
        Series memory s = _market.series(seriesId);
        flags.state = status.state;
        flags.payout = status.state == SettlementState.Open ? 0 : status.payout;
        flags.finalAt = status.finalAt;
        flags.incidentApplied = status.state == SettlementState.ByIncident;
        flags.claimPending = _claimPending(s.protocolId, s.expiry, _market.protocol(s.protocolId).claimWindow);
    }

    /// @inheritdoc ICoverLens
    function seriesReports(bytes32[] calldata seriesIds) external view override returns (SeriesReport[] memory reports) {
        TwapConfig memory config = defaultTwapConfig();
        reports = new SeriesReport[](seriesIds.length);
        for (uint256 i; i < seriesIds.length; ++i) {
            bytes32 id = seriesIds[i];
            reports[i] = SeriesReport(id, seriesFlags(id), spotRisk(id), _twapRisk(id, config));
        }
    }

    // ---------------------------------------------------------------- quotes

    /// @inheritdoc ICoverLens
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

    /// @inheritdoc ICoverLens
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

    /// @inheritdoc ICoverLens
    function quoteSellCover(bytes32 seriesId, uint256 claimAmount) external override returns (TradeQuote memory q) {
        SeriesTokens memory t = _seriesTokens(seriesId);
        q.direct = _quoteSell(t, Side.Claim, Route.Direct, claimAmount);
        q.pair = _quoteSell(t, Side.Claim, Route.Pair, claimAmount);
        q.best = _better(q, false);
    }

    /// @inheritdoc ICoverLens
    function quoteUnderwrite(bytes32 seriesId, uint256 amount) external override returns (RouteQuote memory) {
        return _quoteBuyExactOut(_seriesTokens(seriesId), Side.Noclaim, Route.Pair, amount);
    }

    /// @inheritdoc ICoverLens
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

    /// @inheritdoc ICoverLens
    function quoteRoll(
        bytes32 fromSeriesId,
        bytes32 toSeriesId,
        Side side,
        uint256 amount,
        Route sellRoute,
        Route buyRoute
    ) external override returns (RollQuote memory q) {
        RouteQuote memory sale = _quoteSell(_seriesTokens(fromSeriesId), side, sellRoute, amount);
        RouteQuote memory purchase = _quoteBuyExactOut(_seriesTokens(toSeriesId), side, buyRoute, amount);
        q.ok = sale.ok && purchase.ok;
        q.proceeds = sale.amountOut;
        q.cost = purchase.amountIn;
        q.net = int256(q.proceeds) - int256(q.cost);
    }

    /// @inheritdoc ICoverLens
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

    /// @inheritdoc ICoverLens
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

    // ---------------------------------------------------------------- internals: risk

    /// @dev A settled series' reading: its payout, exact, aged from its settlement.
    function _settledReading(bytes32 seriesId) private view returns (bool settled, RiskReading memory reading) {
        SeriesStatus memory status = _market.seriesStatus(seriesId);
        if (status.state == SettlementState.Open) return (false, reading);
        uint256 payout = status.payout;
        uint256 age = block.timestamp > status.finalAt ? block.timestamp - status.finalAt : 0;
        return (true, RiskReading(PriceStatus.Settled, payout, payout, PriceMath.WAD - payout, age));
    }

    function _twapRisk(bytes32 seriesId, TwapConfig memory config) private view returns (RiskReading memory reading) {
        if (config.window == 0) revert CoverLensInvalidWindow();
        bool settled;
        (settled, reading) = _settledReading(seriesId);
        if (settled) return reading;
        SeriesTokens memory t = _seriesTokens(seriesId);
        uint256 minLiquidity = uint256(config.minLiquidityPerUnit) * 10 ** t.decimals;
        PoolReading memory c = _twap(t.claim, t.collateral, config, minLiquidity);
        PoolReading memory n = _twap(t.noclaim, t.collateral, config, minLiquidity);
        return _combine(c, n);
    }

    /// @dev The pair's risk if both pools have a price; otherwise the first pool's reason for having none.
    function _combine(PoolReading memory c, PoolReading memory n) private view returns (RiskReading memory reading) {
        if (c.status != PriceStatus.Ok) return RiskReading(c.status, 0, 0, 0, 0);
        if (n.status != PriceStatus.Ok) return RiskReading(n.status, 0, 0, 0, 0);
        uint256 staler = c.lastObservedAt < n.lastObservedAt ? c.lastObservedAt : n.lastObservedAt;
        reading.status = PriceStatus.Ok;
        reading.claimPrice = c.price;
        reading.noclaimPrice = n.price;
        reading.risk = PriceMath.impliedRisk(c.price, n.price);
        reading.age = block.timestamp - staler;
    }

    /// @dev A pool's current price and the time of its latest observation (its last tick-moving swap or in-range
    /// liquidity change).
    function _spot(address cover, address collateral) private view returns (PoolReading memory r) {
        address pool = _pool(cover, collateral);
        if (pool.code.length == 0) return PoolReading(PriceStatus.NoPool, 0, 0);
        (uint160 sqrtPrice,, uint16 index,,,,) = IUniswapV3Pool(pool).slot0();
        if (sqrtPrice == 0) return PoolReading(PriceStatus.Uninitialized, 0, 0);
        (uint32 observedAt,,,) = IUniswapV3Pool(pool).observations(index);
        return PoolReading(PriceStatus.Ok, PriceMath.priceWad(sqrtPrice, cover < collateral), observedAt);
    }

    /// @dev A pool's geometric-mean price over the window, if its guards pass.
    function _twap(address cover, address collateral, TwapConfig memory config, uint256 minLiquidity)
        private
        view
        returns (PoolReading memory r)
    {
        address pool = _pool(cover, collateral);
        if (pool.code.length == 0) return PoolReading(PriceStatus.NoPool, 0, 0);
        (uint160 sqrtPrice,, uint16 index, uint16 cardinality,,,) = IUniswapV3Pool(pool).slot0();
        if (sqrtPrice == 0) return PoolReading(PriceStatus.Uninitialized, 0, 0);
        if (cardinality < config.minCardinality) return PoolReading(PriceStatus.LowCardinality, 0, 0);
        uint32[] memory secondsAgos = new uint32[](2);
        secondsAgos[0] = config.window;
        try IUniswapV3Pool(pool).observe(secondsAgos) returns (int56[] memory ticks, uint160[] memory perLiquidity) {
            (int24 meanTick, uint256 harmonicLiquidity) = _means(ticks, perLiquidity, config.window);
            if (harmonicLiquidity < minLiquidity) return PoolReading(PriceStatus.ThinLiquidity, 0, 0);
            (uint32 observedAt,,,) = IUniswapV3Pool(pool).observations(index);
            uint256 price = PriceMath.priceWad(TickMath.sqrtPriceAtTick(meanTick), cover < collateral);
            return PoolReading(PriceStatus.Ok, price, observedAt);
        } catch {
            // The pool's oldest observation is younger than the window ("OLD").
            return PoolReading(PriceStatus.ShortHistory, 0, 0);
        }
    }

    /// @dev Arithmetic-mean tick (rounded towards negative infinity) and harmonic-mean in-range liquidity over
    /// `window` seconds, from two observations. Seconds with no liquidity in range count as liquidity 1, so a
    /// window that was empty for a moment drags the harmonic mean towards zero: placing liquidity for one
    /// block cannot fake depth, and an empty pool cannot pass the guard.
    function _means(int56[] memory ticks, uint160[] memory perLiquidity, uint32 window)
        private
        pure
        returns (int24 meanTick, uint256 harmonicLiquidity)
    {
        int56 tickDelta = ticks[1] - ticks[0];
        int56 span = int56(uint56(window));
        // |tickDelta| <= MAX_TICK * window, so the quotient is a valid tick.
        meanTick = int24(tickDelta / span);
        if (tickDelta < 0 && tickDelta % span != 0) meanTick--;
        uint160 perLiquidityDelta;
        unchecked {
            perLiquidityDelta = perLiquidity[1] - perLiquidity[0]; // the accumulator wraps by design
        }
        // perLiquidityDelta = sum(dt * 2^128 / L), so window * 2^128 / perLiquidityDelta is the harmonic mean.
        harmonicLiquidity = perLiquidityDelta == 0
            ? type(uint256).max
            : (uint256(window) * type(uint160).max) / (uint256(perLiquidityDelta) << 32);
    }

    /// @dev Whether an undecided claim with its deadline ahead may apply to the series (protocol, expiry).
    /// Such a claim was filed within the last D, so its bucket (the first expiry after filing - W) lies between
    /// the first expiry after now - D - W and the first after now - W; it may apply only if its bucket is at or
    /// before the series' expiry. Conservative, like the core's own hold on NOCLAIM: a bucket with an open claim
    /// and a deadline ahead counts, whatever that claim's incident time.
    function _claimPending(uint32 protocolId, uint256 expiry, uint256 claimWindow) private view returns (bool) {
        uint256 nowTime = block.timestamp;
        uint256 lookback = Constants.CLAIM_DECISION_PERIOD + claimWindow;
        uint256 first = Calendar.firstExpiryAfter(nowTime > lookback ? nowTime - lookback : 0);
        uint256 last = Calendar.firstExpiryAfter(nowTime > claimWindow ? nowTime - claimWindow : 0);
        if (last > expiry) last = expiry;
        for (uint256 bucket = first; bucket <= last; bucket += Constants.WEEK) {
            ClaimBucket memory b = _market.claimBucket(protocolId, bucket);
            if (b.open != 0 && b.lastDeadline > nowTime) return true;
        }
        return false;
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
