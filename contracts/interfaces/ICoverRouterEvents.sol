// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverRouterTypes} from "./ICoverRouterTypes.sol";

/// @title Events of the cover router
/// @notice Each names the series, the account that paid, the recipient and the amounts in and out, so that an
/// indexer needs no call to the chain. Amounts are raw units of the collateral (cover tokens share its decimals).
interface ICoverRouterEvents is ICoverRouterTypes {
    /// @notice `account` paid `collateralIn` for `claimOut` CLAIM, sent to `recipient`.
    event CoverBought(
        bytes32 indexed seriesId,
        address indexed account,
        address recipient,
        Route route,
        uint256 collateralIn,
        uint256 claimOut
    );

    /// @notice `account` sold `claimIn` CLAIM for `collateralOut`, sent to `recipient`.
    event CoverSold(
        bytes32 indexed seriesId,
        address indexed account,
        address recipient,
        Route route,
        uint256 claimIn,
        uint256 collateralOut
    );

    /// @notice `account` locked `amount` collateral, sold `amount` CLAIM for `premium` and paid the net
    /// `amount - premium`; `recipient` received `amount` NOCLAIM.
    event Underwritten(
        bytes32 indexed seriesId, address indexed account, address recipient, uint256 amount, uint256 premium
    );

    /// @notice `account` gave up `noclaimIn` NOCLAIM for `collateralOut`, sent to `recipient`.
    event UnderwritingExited(
        bytes32 indexed seriesId,
        address indexed account,
        address recipient,
        Route route,
        uint256 noclaimIn,
        uint256 collateralOut
    );

    /// @notice `account` moved `amount` of `side` from one series to another: selling it raised `proceeds`,
    /// buying it cost `cost`; the net `proceeds - cost` was paid to `recipient` (or by `account` if negative).
    /// `cost` is signed: buying by the pair route mints and sells the other side, which may sell above 1, so
    /// a purchase can raise collateral instead of costing it (then `cost` < 0).
    event Rolled(
        bytes32 indexed fromSeriesId,
        bytes32 indexed toSeriesId,
        address indexed account,
        address recipient,
        Side side,
        uint256 amount,
        Route sellRoute,
        Route buyRoute,
        uint256 proceeds,
        int256 cost
    );

    /// @notice `account` added `liquidity` to position `tokenId` of the `side` pool of a series, depositing
    /// `coverAmount` cover tokens (of which `minted` were minted from collateral) and `collateralAmount`.
    event LiquidityAdded(
        bytes32 indexed seriesId,
        address indexed account,
        uint256 indexed tokenId,
        Side side,
        uint128 liquidity,
        uint256 coverAmount,
        uint256 collateralAmount,
        uint256 minted
    );

    /// @notice `account` removed `liquidity` from position `tokenId` and collected `coverAmount` cover tokens and
    /// `collateralAmount` (principal and fees); after `unwind`, `recipient` received `collateralOut` collateral
    /// (and the cover tokens themselves when `unwind` is None).
    event LiquidityRemoved(
        bytes32 indexed seriesId,
        address indexed account,
        uint256 indexed tokenId,
        Side side,
        uint128 liquidity,
        uint256 coverAmount,
        uint256 collateralAmount,
        Unwind unwind,
        uint256 collateralOut
    );
}
