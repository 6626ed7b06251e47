// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IUniswapV3SwapCallback} from "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3SwapCallback.sol";

/// @title A contract that pretends to be a pool and calls a swap callback with data of its choosing
/// @notice For tests: a router must refuse it before paying anything.
contract FakePool {
    function callback(IUniswapV3SwapCallback target, int256 amount0Delta, int256 amount1Delta, bytes calldata data)
        external
    {
        target.uniswapV3SwapCallback(amount0Delta, amount1Delta, data);
    }
}
