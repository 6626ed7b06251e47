// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverRouterTypes} from "./ICoverRouterTypes.sol";

/// @title Range liquidity in a series' pools through Uniswap's NonfungiblePositionManager
interface ICoverRouterLiquidity is ICoverRouterTypes {
    /// @notice Deposits cover tokens and collateral into a new or existing position of the `side` pool.
    /// With `mintCover`, the cover tokens are minted from the caller's collateral: the unused part is merged
    /// back and refunded, and the other side of what was deposited goes to the recipient, so that the
    /// position plus those tokens is fully backed by collateral. Unused tokens are refunded to the caller.
    /// @return tokenId the position (new or given)
    /// @return liquidity the liquidity added
    /// @return coverAmount cover tokens deposited
    /// @return collateralAmount collateral deposited into the pool (not counting what minting locked)
    function addLiquidity(AddLiquidityParams calldata params)
        external
        returns (uint256 tokenId, uint128 liquidity, uint256 coverAmount, uint256 collateralAmount);

    /// @notice Removes `liquidity` from a position the caller owns (or is approved for by its owner; the
    /// router itself must be approved too, e.g. by selfPermitPosition), collects it with all fees owed and
    /// unwinds the cover tokens as asked: none, merged with the other side pulled from the caller, or redeemed
    /// once the series is settled (remove liquidity and redeem in one step).
    /// @return coverAmount cover tokens collected (principal and fees)
    /// @return collateralAmount collateral collected (principal and fees)
    /// @return collateralOut collateral sent to the recipient in all
    function removeLiquidity(RemoveLiquidityParams calldata params)
        external
        returns (uint256 coverAmount, uint256 collateralAmount, uint256 collateralOut);
}
