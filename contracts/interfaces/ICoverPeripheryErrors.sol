// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Errors shared by the cover market's periphery (router, pool deployer, quoter, risk oracle)
interface ICoverPeripheryErrors {
    /// @notice The transaction was mined after its deadline (Unix seconds).
    error CoverPeripheryDeadlinePassed(uint256 deadline, uint256 currentTime);

    /// @notice A swap callback came from `caller`, which is not the pool `expectedPool` the callback names.
    error CoverPeripheryCallbackNotPool(address caller, address expectedPool);

    /// @notice A permit failed and the allowance it would have set is not there either.
    error CoverPeripheryPermitFailed(address token, uint256 allowance, uint256 needed);

    /// @notice A position permit failed and the periphery is not approved for the position either.
    error CoverPeripheryPositionPermitFailed(uint256 tokenId);

    /// @notice Buying through the pair cannot be priced: the other side's pool pays at least 1 collateral
    /// per token after its fee, so minting and selling would be unbounded.
    error CoverPeripheryPairRouteUnavailable(address pool);
}
