// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";

import {ICoverMarket} from "../interfaces/ICoverMarket.sol";
import {ICoverRiskOracle} from "../interfaces/ICoverRiskOracle.sol";
import {ICoverRiskReports} from "../interfaces/ICoverRiskReports.sol";
import {Calendar} from "../libraries/Calendar.sol";
import {Constants} from "../libraries/Constants.sol";
import {SeriesPools} from "../periphery/base/SeriesPools.sol";
import {PriceMath} from "../periphery/libraries/PriceMath.sol";
import {TickMath} from "../periphery/libraries/TickMath.sol";

/// @title Cover risk oracle: the market-implied risk of every series, from its pools
/// @notice See ICoverRiskOracle (the guarded TWAP, for on-chain consumers) and ICoverRiskReports (spot risk and
/// flags, for display). Views only: it holds nothing and changes nothing.
contract CoverRiskOracle is ICoverRiskReports, SeriesPools {
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

    constructor(ICoverMarket market_, address factory_, uint24 fee_, TwapConfig memory defaults)
        SeriesPools(market_, factory_, fee_)
    {
        if (defaults.window == 0) revert CoverRiskOracleInvalidWindow();
        _window = defaults.window;
        _minCardinality = defaults.minCardinality;
        _minLiquidityPerUnit = defaults.minLiquidityPerUnit;
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

    /// @inheritdoc ICoverRiskReports
    function spotRisk(bytes32 seriesId) public view override returns (RiskReading memory reading) {
        bool settled;
        (settled, reading) = _settledReading(seriesId);
        if (settled) return reading;
        SeriesTokens memory t = _seriesTokens(seriesId);
        PoolReading memory c = _spot(t.claim, t.collateral);
        PoolReading memory n = _spot(t.noclaim, t.collateral);
        return _combine(c, n);
    }

    /// @inheritdoc ICoverRiskReports
    function seriesFlags(bytes32 seriesId) public view override returns (SeriesFlags memory flags) {
        SeriesStatus memory status = _market.seriesStatus(seriesId);
        Series memory s = _market.series(seriesId);
        flags.state = status.state;
        flags.payout = status.state == SettlementState.Open ? 0 : status.payout;
        flags.finalAt = status.finalAt;
        flags.incidentApplied = status.state == SettlementState.ByIncident;
        flags.claimPending = _claimPending(s.protocolId, s.expiry, _market.protocol(s.protocolId).claimWindow);
    }

    /// @inheritdoc ICoverRiskReports
    function seriesReports(bytes32[] calldata seriesIds) external view override returns (SeriesReport[] memory reports) {
        TwapConfig memory config = defaultTwapConfig();
        reports = new SeriesReport[](seriesIds.length);
        for (uint256 i; i < seriesIds.length; ++i) {
            bytes32 id = seriesIds[i];
            reports[i] = SeriesReport(id, seriesFlags(id), spotRisk(id), _twapRisk(id, config));
        }
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
        if (config.window == 0) revert CoverRiskOracleInvalidWindow();
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
}
