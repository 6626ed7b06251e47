// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverRouterTypes} from "./ICoverRouterTypes.sol";

/// @title Trading cover through the router, one transaction per action
/// @notice The caller pays with tokens it approved to the router (or permitted in the same multicall, see
/// ICoverRouterPermit). Swaps go straight to the series' Uniswap v3 pools at the router's fee tier; the
/// router mints and merges pairs in the market where a route needs it, and holds nothing afterwards.
interface ICoverRouterActions is ICoverRouterTypes {
    /// @notice Buys exactly `claimAmount` CLAIM. Direct: an exact-output swap in the CLAIM pool. Pair: mints
    /// `claimAmount` pairs (the NOCLAIM straight into the NOCLAIM pool) and sells the NOCLAIM by an
    /// exact-input swap, so the caller pays `claimAmount` minus the sale's proceeds.
    /// @return collateralIn what the caller paid
    function buyCoverExactOut(BuyCoverExactOutParams calldata params) external returns (uint256 collateralIn);

    /// @notice Buys as much CLAIM as `collateralIn` buys (see BuyCoverExactInParams for the Pair route).
    /// @return claimOut CLAIM sent to the recipient
    /// @return collateralIn what the caller paid, at most params.collateralIn
    function buyCoverExactIn(BuyCoverExactInParams calldata params)
        external
        returns (uint256 claimOut, uint256 collateralIn);

    /// @notice Sells exactly `claimAmount` CLAIM. Direct: an exact-input swap in the CLAIM pool. Pair: buys
    /// `claimAmount` NOCLAIM by an exact-output swap, merges the pairs and pays the rest out.
    /// @return collateralOut what the recipient received
    function sellCover(SellCoverParams calldata params) external returns (uint256 collateralOut);

    /// @notice Mints `amount` pairs, sells the CLAIM in its pool (straight from the mint) and sends the NOCLAIM
    /// to the recipient; the caller pays `amount` less the premium.
    /// @return premium the CLAIM sale's proceeds
    function underwrite(UnderwriteParams calldata params) external returns (uint256 premium);

    /// @notice Gives up `noclaimAmount` NOCLAIM: Pair buys as much CLAIM and merges, Direct sells the NOCLAIM.
    /// @return collateralOut what the recipient received
    function exitUnderwriting(ExitUnderwritingParams calldata params) external returns (uint256 collateralOut);

    /// @notice Moves a CLAIM or NOCLAIM position to a later expiry of the same protocol and collateral.
    /// @return netCollateral collateral paid to the recipient (negative: paid by the caller)
    function roll(RollParams calldata params) external returns (int256 netCollateral);
}
