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
/// exists, so a pool may already have been created at another price; while it holds no liquidity on the way
/// to the target, the call moves it there first, by a swap that costs nothing because nothing is traded.
interface ICoverPools is ICoverMarketTypes, ICoverPeripheryErrors, IUniswapV3SwapCallback, ICoverPeriphery {
    /// @notice What `createPools` found and did for one pool.
    enum PoolStatus {
        Created, // the pool did not exist: created and initialised at the target price
        Initialized, // it existed uninitialised: initialised at the target price
        Moved, // it was initialised elsewhere with no liquidity on the way: moved to the target price
        Unchanged, // it was already at the target price
        Live // it holds liquidity at another price: left as the market set it
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

    /// @notice Moving the pool's price would trade against liquidity someone placed on the way.
    error CoverPoolsPoolHasLiquidity(address pool);

    /// @notice Creates (if needed) and initialises both pools of a series at CLAIM price `claimPrice`
    /// (a WAD in (0, 1e18)) and NOCLAIM price 1e18 - claimPrice. Anyone may call it; calling it again is harmless.
    /// @return claimPool the CLAIM/collateral pool
    /// @return noclaimPool the NOCLAIM/collateral pool
    function createPools(bytes32 seriesId, uint256 claimPrice) external returns (address claimPool, address noclaimPool);

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
