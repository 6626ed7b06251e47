// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IUniswapV3Factory} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Factory.sol";
import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import {IUniswapV3SwapCallback} from "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3SwapCallback.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {ICoverMarket} from "../interfaces/ICoverMarket.sol";
import {ICoverPools} from "../interfaces/ICoverPools.sol";
import {SeriesPools} from "./base/SeriesPools.sol";
import {PoolCallbackValidation} from "./base/PoolCallbackValidation.sol";
import {PriceMath} from "./libraries/PriceMath.sol";

/// @title Cover pools: creates and initialises the Uniswap v3 pools of a series
/// @notice See ICoverPools. Holds nothing between calls and has no owner; the fee tier and its tick spacing are fixed at
/// deployment from configuration, and checked against the factory.
contract CoverPools is ICoverPools, SeriesPools, PoolCallbackValidation {
    using SafeERC20 for IERC20;

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
    function createPools(bytes32 seriesId, uint256 claimPrice, uint256 maxCost)
        external
        override
        returns (address claimPool, address noclaimPool)
    {
        if (claimPrice == 0 || claimPrice >= PriceMath.WAD) revert CoverPoolsInvalidPrice(claimPrice);
        SeriesTokens memory t = _seriesTokens(seriesId);
        uint256 claimCost;
        uint256 noclaimCost;
        (claimPool, claimCost) = _prepare(seriesId, Side.Claim, t.claim, t.collateral, claimPrice);
        (noclaimPool, noclaimCost) = _prepare(seriesId, Side.Noclaim, t.noclaim, t.collateral, PriceMath.WAD - claimPrice);
        // Each cost is collateral the caller actually paid, so their sum is bounded by its supply.
        uint256 cost = claimCost + noclaimCost;
        if (cost > maxCost) revert CoverPoolsSwapCostTooHigh(cost, maxCost);
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
    /// @dev Only the price move of `_prepare` swaps. It pays what the pool is owed from the payer `_prepare`
    /// named (the caller of createPools): collateral directly, or a cover token minted from the payer's
    /// collateral, the pair's other side going to the payer.
    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata data)
        external
        override
    {
        MoveData memory d = abi.decode(data, (MoveData));
        address pool = _verifyCallback(d.cover, d.collateral);
        if (amount0Delta <= 0 && amount1Delta <= 0) return; // nothing on the way: nothing traded
        // Exactly one delta is positive in a swap that trades: that token is owed to the pool.
        uint256 owed = uint256(amount0Delta > 0 ? amount0Delta : amount1Delta);
        bool owesCover = (amount0Delta > 0) == (d.cover < d.collateral);
        if (!owesCover) {
            IERC20(d.collateral).safeTransferFrom(d.payer, pool, owed);
            return;
        }
        IERC20(d.collateral).safeTransferFrom(d.payer, address(this), owed);
        IERC20(d.collateral).forceApprove(address(_market), owed);
        (address claimTo, address noclaimTo) = d.side == Side.Claim ? (pool, d.payer) : (d.payer, pool);
        _market.mint(d.seriesId, owed, claimTo, noclaimTo);
    }

    /// @dev What the swap callback needs to pay a pool on the way to its target price.
    struct MoveData {
        address cover;
        address collateral;
        bytes32 seriesId;
        Side side;
        address payer;
    }

    /// @dev Brings one pool to `price` (collateral per cover token, a WAD) unless a market is already trading
    /// in it (liquidity in range); returns the collateral the caller paid to get it there.
    function _prepare(bytes32 seriesId, Side side, address cover, address collateral, uint256 price)
        private
        returns (address pool, uint256 cost)
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
            } else if (IUniswapV3Pool(pool).liquidity() != 0) {
                // Liquidity in range needs both tokens, and nobody held this cover token before the series
                // existed: someone trades here already, and moving the price would be a trade of ours.
                status = PoolStatus.Live;
            } else {
                cost = _move(pool, MoveData(cover, collateral, seriesId, side, msg.sender), current, target);
                status = cost == 0 ? PoolStatus.Moved : PoolStatus.SwappedThrough;
            }
        }
        (uint160 sqrtPriceX96,,,,,,) = IUniswapV3Pool(pool).slot0();
        emit PoolPrepared(seriesId, side, pool, cover, collateral, _fee, sqrtPriceX96, status);
    }

    /// @dev Swaps the pool to `target`: an exact input too large to run out before the price limit, so the
    /// swap stops at `target`. With nothing on the way both deltas are zero; otherwise the callback pays the
    /// token owed and the pool sends the other to the payer. Returns the collateral the payer put in.
    function _move(address pool, MoveData memory d, uint160 current, uint160 target) private returns (uint256 cost) {
        bool zeroForOne = target < current;
        (int256 amount0, int256 amount1) =
            IUniswapV3Pool(pool).swap(d.payer, zeroForOne, type(int256).max, target, abi.encode(d));
        int256 owed = zeroForOne ? amount0 : amount1;
        // The input side's delta is what the pool was paid, >= 0; it was paid in collateral or minted from it.
        cost = owed > 0 ? uint256(owed) : 0;
    }
}
