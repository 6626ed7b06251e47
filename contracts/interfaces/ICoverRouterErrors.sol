// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverPeripheryErrors} from "./ICoverPeripheryErrors.sol";

/// @title Errors of the cover router, each with the values that explain it
interface ICoverRouterErrors is ICoverPeripheryErrors {
    /// @notice An amount of zero was given where something must move.
    error CoverRouterZeroAmount();

    /// @notice The recipient is the zero address.
    error CoverRouterZeroRecipient();

    /// @notice The action would give `amountOut`, less than the `minimumOut` asked for.
    error CoverRouterInsufficientOutput(uint256 amountOut, uint256 minimumOut);

    /// @notice The action would take `amountIn`, more than the `maximumIn` allowed.
    error CoverRouterExcessiveInput(uint256 amountIn, uint256 maximumIn);

    /// @notice A roll would settle `net` collateral to the recipient (negative: paid by the caller), below `minimum`.
    error CoverRouterNetBelowMinimum(int256 net, int256 minimum);

    /// @notice The pool could fill only `filled` of the `requested` amount before running out of liquidity.
    error CoverRouterIncompleteFill(address pool, uint256 requested, uint256 filled);

    /// @notice A roll must go to another series of the same protocol and collateral with a later expiry.
    error CoverRouterRollMismatch(bytes32 fromSeriesId, bytes32 toSeriesId);

    /// @notice The caller neither owns position `tokenId` nor is approved for it by its owner.
    error CoverRouterNotAuthorized(uint256 tokenId, address caller);

    /// @notice Position `tokenId` is not in a pool of the series' cover token and collateral.
    error CoverRouterPositionMismatch(uint256 tokenId, bytes32 seriesId);
}
