// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverPeripheryErrors} from "../../interfaces/ICoverPeripheryErrors.sol";
import {SeriesPools} from "./SeriesPools.sol";

/// @title Trusts a swap callback only from the pool it claims to come from
/// @notice The callback data names the pool's two tokens; the pool's address is recomputed from the factory,
/// those tokens, the fee tier and the pool init code hash, and must be the caller. Nothing else can sit at
/// that address, so a contract that merely claims to be a pool is refused before anything is paid.
abstract contract PoolCallbackValidation is ICoverPeripheryErrors, SeriesPools {
    /// @dev Returns the pool of `tokenA` and `tokenB` if it is the caller; reverts otherwise.
    function _verifyCallback(address tokenA, address tokenB) internal view returns (address pool) {
        pool = _pool(tokenA, tokenB);
        if (msg.sender != pool) revert CoverPeripheryCallbackNotPool(msg.sender, pool);
    }
}
