// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IUniswapV3SwapCallback} from "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3SwapCallback.sol";
import {ICoverMarketTypes} from "./ICoverMarketTypes.sol";
import {ICoverPeriphery} from "./ICoverPeriphery.sol";
import {ICoverPeripheryErrors} from "./ICoverPeripheryErrors.sol";

/// @title Creating and initialising the Uniswap v3 pools of a series
/// @notice Each series trades in two pools at one fee tier: CLAIM/collateral and NOCLAIM/collateral. One call
/// creates both and initialises them at a starting implied risk p: CLAIM at p, NOCLAIM at 1 - p (collateral
/// per token), whatever the token order inside Uniswap. Cover-token addresses are known before a series
/// exists, so a pool may already have been created at another price. While nobody's liquidity is in range
/// (before the series exists nobody can hold its cover tokens, so only one-sided collateral liquidity can sit
/// in such a pool, always out of range), the call moves the pool to the target price by a swap: free when
/// nothing lies on the way, otherwise swapping through what was placed there, paid by the caller up to a
/// bound they give. A pool is never left at a price an early pool creator chose.
interface ICoverPools is ICoverMarketTypes, ICoverPeripheryErrors, IUniswapV3SwapCallback, ICoverPeriphery {
    /// @notice What `createPools` found and did for one pool.
    enum PoolStatus {
        Created, // the pool did not exist: created and initialised at the target price
        Initialized, // it existed uninitialised: initialised at the target price
        Moved, // it was initialised elsewhere with no liquidity on the way: moved to the target price
        Unchanged, // it was already at the target price
        Live, // it holds liquidity in range at another price (a market already trading): left as it is
        SwappedThrough // liquidity lay on the way (placed before the series existed): swapped through to the target
    }

    /// @notice One pool of a series was prepared; `sqrtPriceX96` is its price after the call.
    event PoolPrepared(
        bytes32 indexed seriesId,
        Side indexed side,
        address indexed pool,
        address coverToken,
        address collateral,
        uint24 fee,
        uint160 sqrtPriceX96,
        PoolStatus status
    );

    /// @notice The starting CLAIM price must lie strictly between 0 and 1 (1e18).
    error CoverPoolsInvalidPrice(uint256 claimPrice);

    /// @notice The factory has no tick spacing `expected` for the fee tier (it reports `actual`).
    error CoverPoolsFeeTierMismatch(uint24 fee, int24 expected, int24 actual);

    /// @notice Swapping through the liquidity on the way to the target prices would cost the caller `cost`
    /// collateral, more than the `maxCost` they allowed.
    error CoverPoolsSwapCostTooHigh(uint256 cost, uint256 maxCost);

    /// @notice Creates (if needed) and initialises both pools of a series at CLAIM price `claimPrice`
    /// (a WAD in (0, 1e18)) and NOCLAIM price 1e18 - claimPrice. Anyone may call it; calling it again is harmless.
    /// A pool found elsewhere with no liquidity in range is swapped to the target: liquidity placed on the way
    /// is traded through, paid by the caller in collateral (directly, or minted into the cover token the pool
    /// is owed, the other side going to the caller), with what the pool pays out sent to the caller. The
    /// caller must have approved this contract for that collateral.
    /// @param maxCost the most collateral the caller will put in, over both pools (0: refuse any trade)
    /// @return claimPool the CLAIM/collateral pool
    /// @return noclaimPool the NOCLAIM/collateral pool
    function createPools(bytes32 seriesId, uint256 claimPrice, uint256 maxCost)
        external
        returns (address claimPool, address noclaimPool);

    /// @notice Grows both pools' observation buffers to at least `cardinalityNext` slots, so that a TWAP can
    /// reach further back. Optional and paid by the caller (about 22,000 gas per slot and pool). A pool writes
    /// at most one observation per block, and only when its tick moved or liquidity in range changed; a TWAP
    /// over W seconds of trading in every block needs about W / (block time) slots. The new slots are used
    /// from the pool's next observation on.
    function increaseObservationCardinality(bytes32 seriesId, uint16 cardinalityNext) external;

    /// @notice The two pools of a series at this contract's fee tier, whether created yet or not.
    function poolsOf(bytes32 seriesId) external view returns (address claimPool, address noclaimPool);

    /// @notice The tick spacing of that fee tier.
    function tickSpacing() external view returns (int24);
}
