// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IUniswapV3Factory} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Factory.sol";
import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import {IUniswapV3SwapCallback} from "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3SwapCallback.sol";

import {ICoverMarket} from "../interfaces/ICoverMarket.sol";
import {ICoverPools} from "../interfaces/ICoverPools.sol";
import {SeriesPools} from "./base/SeriesPools.sol";
import {PoolCallbackValidation} from "./base/PoolCallbackValidation.sol";
import {PriceMath} from "./libraries/PriceMath.sol";

/// @title Cover pools: creates and initialises the Uniswap v3 pools of a series
/// @notice See ICoverPools. Holds nothing and has no owner; the fee tier and its tick spacing are fixed at
/// deployment from configuration, and checked against the factory.
contract CoverPools is ICoverPools, SeriesPools, PoolCallbackValidation {
    /// @dev The tick spacing of the fee tier, as the factory has it.
    int24 private immutable _tickSpacing;

    constructor(ICoverMarket market_, address factory_, uint24 fee_, int24 tickSpacing_)
        SeriesPools(market_, factory_, fee_)
    {
        int24 actual = IUniswapV3Factory(factory_).feeAmountTickSpacing(fee_);
        if (actual == 0 || actual != tickSpacing_) revert CoverPoolsFeeTierMismatch(fee_, tickSpacing_, actual);
        _tickSpacing = tickSpacing_;
    }

    /// @inheritdoc ICoverPools
    function createPools(bytes32 seriesId, uint256 claimPrice)
        external
        override
        returns (address claimPool, address noclaimPool)
    {
        if (claimPrice == 0 || claimPrice >= PriceMath.WAD) revert CoverPoolsInvalidPrice(claimPrice);
        SeriesTokens memory t = _seriesTokens(seriesId);
        claimPool = _prepare(seriesId, Side.Claim, t.claim, t.collateral, claimPrice);
        noclaimPool = _prepare(seriesId, Side.Noclaim, t.noclaim, t.collateral, PriceMath.WAD - claimPrice);
    }

    /// @inheritdoc ICoverPools
    function increaseObservationCardinality(bytes32 seriesId, uint16 cardinalityNext) external override {
        (address claimPool, address noclaimPool) = poolsOf(seriesId);
        IUniswapV3Pool(claimPool).increaseObservationCardinalityNext(cardinalityNext);
        IUniswapV3Pool(noclaimPool).increaseObservationCardinalityNext(cardinalityNext);
    }

    /// @inheritdoc ICoverPools
    function poolsOf(bytes32 seriesId) public view override returns (address claimPool, address noclaimPool) {
        SeriesTokens memory t = _seriesTokens(seriesId);
        return (_pool(t.claim, t.collateral), _pool(t.noclaim, t.collateral));
    }

    /// @inheritdoc ICoverPools
    function tickSpacing() external view override returns (int24) {
        return _tickSpacing;
    }

    /// @inheritdoc IUniswapV3SwapCallback
    /// @dev Only the price move of `_prepare` swaps, and it must trade nothing: it pays no pool, ever.
    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata data)
        external
        view
        override
    {
        (address tokenA, address tokenB) = abi.decode(data, (address, address));
        address pool = _verifyCallback(tokenA, tokenB);
        if (amount0Delta > 0 || amount1Delta > 0) revert CoverPoolsPoolHasLiquidity(pool);
    }

    /// @dev Brings one pool to `price` (collateral per cover token, a WAD) if nobody's liquidity is in the way.
    function _prepare(bytes32 seriesId, Side side, address cover, address collateral, uint256 price)
        private
        returns (address pool)
    {
        uint160 target = PriceMath.sqrtPriceX96For(price, cover < collateral);
        IUniswapV3Factory uniswap = IUniswapV3Factory(_factory);
        pool = uniswap.getPool(cover, collateral, _fee);
        PoolStatus status;
        if (pool == address(0)) {
            pool = uniswap.createPool(cover, collateral, _fee);
            IUniswapV3Pool(pool).initialize(target);
            status = PoolStatus.Created;
        } else {
            (uint160 current,,,,,,) = IUniswapV3Pool(pool).slot0();
            if (current == 0) {
                IUniswapV3Pool(pool).initialize(target);
                status = PoolStatus.Initialized;
            } else if (current == target) {
                status = PoolStatus.Unchanged;
            } else if (IUniswapV3Pool(pool).liquidity() != 0 || !_move(pool, cover, collateral, current, target)) {
                status = PoolStatus.Live;
            } else {
                status = PoolStatus.Moved;
            }
        }
        (uint160 sqrtPriceX96,,,,,,) = IUniswapV3Pool(pool).slot0();
        emit PoolPrepared(seriesId, side, pool, cover, collateral, _fee, sqrtPriceX96, status);
    }

    /// @dev Swaps a pool with no liquidity in range to `target`: with nothing to trade against, the price moves
    /// to the limit and both deltas are zero. If liquidity lies on the way, the callback refuses to pay and
    /// the swap is undone; returns whether the price moved.
    function _move(address pool, address cover, address collateral, uint160 current, uint160 target)
        private
        returns (bool)
    {
        try IUniswapV3Pool(pool).swap(
            address(this), target < current, type(int256).max, target, abi.encode(cover, collateral)
        ) {
            return true;
        } catch {
            return false;
        }
    }
}
