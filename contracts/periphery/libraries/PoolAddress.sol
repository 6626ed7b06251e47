// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";

/// @title Where the Uniswap v3 factory deploys the pool of a pair and fee
/// @notice The factory deploys each pool with CREATE2, salted by (token0, token1, fee), from one fixed init
/// code; the address follows from those alone, so a callback can tell a genuine pool from a pretender.
library PoolAddress {
    /// @dev keccak256 of UniswapV3Pool's creation code as published in @uniswap/v3-core 1.0.x (npm artifact
    /// and canonical deployments alike); the periphery's own PoolAddress library carries the same value.
    bytes32 internal constant POOL_INIT_CODE_HASH = 0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54;

    /// @notice The two tokens in the pool's order: token0 has the lower address.
    function sortTokens(address tokenA, address tokenB) internal pure returns (address token0, address token1) {
        (token0, token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
    }

    /// @notice The address of the pool of `tokenA` and `tokenB` at `fee` (hundredths of a basis point) made by
    /// `factory`, whether it has been created yet or not.
    function compute(address factory, address tokenA, address tokenB, uint24 fee) internal pure returns (address) {
        (address token0, address token1) = sortTokens(tokenA, tokenB);
        return Create2.computeAddress(keccak256(abi.encode(token0, token1, fee)), POOL_INIT_CODE_HASH, factory);
    }
}
