// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IUniswapV3SwapCallback} from "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3SwapCallback.sol";
import {ICoverPeriphery} from "./ICoverPeriphery.sol";
import {ICoverRouterActions} from "./ICoverRouterActions.sol";
import {ICoverRouterLiquidity} from "./ICoverRouterLiquidity.sol";
import {ICoverRouterPermit} from "./ICoverRouterPermit.sol";
import {ICoverRouterEvents} from "./ICoverRouterEvents.sol";
import {ICoverRouterErrors} from "./ICoverRouterErrors.sol";
import {IPositionManager} from "./external/IPositionManager.sol";

/// @title The cover router: buy, sell, underwrite, roll and provide liquidity in one transaction each
/// @notice A periphery contract: it never changes the core and holds no tokens between transactions. It
/// trades in the Uniswap v3 pools of each series (CLAIM/collateral and NOCLAIM/collateral at one fee tier)
/// and batches calls with `multicall(bytes[] data) returns (bytes[] results)` (OpenZeppelin's Multicall:
/// delegatecalls to itself, so each call sees the original caller).
/// @dev Split by concern, joined here.
interface ICoverRouter is
    ICoverRouterActions,
    ICoverRouterLiquidity,
    ICoverRouterPermit,
    ICoverRouterEvents,
    ICoverRouterErrors,
    IUniswapV3SwapCallback,
    ICoverPeriphery
{
    /// @notice The position manager used for liquidity.
    function positionManager() external view returns (IPositionManager);

    /// @notice The pool of one side of a series at the router's fee tier (it may not exist yet).
    function poolOf(bytes32 seriesId, Side side) external view returns (address pool);
}
