// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarketTypes} from "./ICoverMarketTypes.sol";

/// @title Types of the cover router
/// @notice Every action takes one parameter struct with a deadline (Unix seconds; the action reverts when mined
/// after it) and a minimum out or maximum in. Amounts are raw units of the collateral, which cover tokens share.
interface ICoverRouterTypes is ICoverMarketTypes {
    /// @notice How one side of a series is traded.
    /// @dev Direct: the side itself is swapped against the collateral in its own pool.
    /// Pair: the trade goes through the other side: buying mints pairs and sells the other side in its pool;
    /// selling buys the other side in its pool and merges the pairs into collateral.
    enum Route {
        Direct,
        Pair
    }

    /// @notice What a liquidity removal does with the cover tokens it collects.
    /// @dev None: they go to the recipient as they are. Merge: the caller supplies as many of the other side
    /// and the pairs are merged into collateral. Redeem: they are redeemed at the series' settled payout.
    enum Unwind {
        None,
        Merge,
        Redeem
    }

    /// @notice Buy exactly `claimAmount` CLAIM for at most `maxCollateralIn`.
    struct BuyCoverExactOutParams {
        bytes32 seriesId;
        Route route;
        uint256 claimAmount;
        uint256 maxCollateralIn;
        address recipient; // receives the CLAIM
        uint256 deadline;
    }

    /// @notice Buy as much CLAIM as `collateralIn` buys, at least `minClaimOut`.
    /// @dev By the Pair route the router searches a CLAIM amount whose cost is `collateralIn` (Newton's method
    /// on simulated swaps, typically three to five of them): the cost equals `collateralIn` to the wei in all but
    /// degenerate pools and never exceeds it. Consecutive amounts can cost the same to the wei; the amount found
    /// is then at most about 1 / (1 - NOCLAIM price) wei short of the largest. The search costs gas: quote with
    /// the quoter and use buyCoverExactOut when gas matters more than spending an exact amount.
    struct BuyCoverExactInParams {
        bytes32 seriesId;
        Route route;
        uint256 collateralIn;
        uint256 minClaimOut;
        address recipient; // receives the CLAIM
        uint256 deadline;
    }

    /// @notice Sell exactly `claimAmount` CLAIM for at least `minCollateralOut`.
    struct SellCoverParams {
        bytes32 seriesId;
        Route route;
        uint256 claimAmount;
        uint256 minCollateralOut;
        address recipient; // receives the collateral
        uint256 deadline;
    }

    /// @notice Underwrite `amount`: lock `amount` collateral, keep `amount` NOCLAIM, sell `amount` CLAIM for a
    /// premium of at least `minPremium`. The caller pays the net, `amount - premium`.
    struct UnderwriteParams {
        bytes32 seriesId;
        uint256 amount;
        uint256 minPremium;
        address recipient; // receives the NOCLAIM
        uint256 deadline;
    }

    /// @notice Exit `noclaimAmount` of underwriting for at least `minCollateralOut`: by the Pair route, buy
    /// back as much CLAIM and merge; by the Direct route, sell the NOCLAIM in its pool.
    struct ExitUnderwritingParams {
        bytes32 seriesId;
        Route route;
        uint256 noclaimAmount;
        uint256 minCollateralOut;
        address recipient; // receives the collateral
        uint256 deadline;
    }

    /// @notice Move `amount` of one side from series `fromSeriesId` to the same side of `toSeriesId` (same
    /// protocol and collateral, later expiry): sell `amount` in the first, buy exactly `amount` in the second.
    /// The difference is settled in collateral: `minNetCollateral` is the least the recipient must receive,
    /// negative for the most the caller agrees to pay.
    struct RollParams {
        bytes32 fromSeriesId;
        bytes32 toSeriesId;
        Side side;
        uint256 amount;
        Route sellRoute;
        Route buyRoute;
        int256 minNetCollateral;
        address recipient; // receives the new side and any collateral left over
        uint256 deadline;
    }

    /// @notice Add range liquidity to the pool of one side of a series.
    struct AddLiquidityParams {
        bytes32 seriesId;
        Side side; // the pool: CLAIM/collateral or NOCLAIM/collateral
        uint256 tokenId; // 0 mints a new position; otherwise liquidity is added to this one
        int24 tickLower; // range of a new position, multiples of the tick spacing; ignored for an existing one
        int24 tickUpper;
        uint256 coverDesired; // most cover tokens of `side` to deposit
        uint256 collateralDesired; // most collateral to deposit (besides what minting uses)
        bool mintCover; // mint the cover tokens from the caller's collateral; the other side goes to `recipient`
        uint256 coverMin; // least cover tokens deposited
        uint256 collateralMin; // least collateral deposited
        address recipient; // receives a new position and, when minting, the other side
        uint256 deadline;
    }

    /// @notice Remove liquidity from a position of one of a series' pools and collect it with its fees.
    struct RemoveLiquidityParams {
        bytes32 seriesId;
        uint256 tokenId;
        uint128 liquidity; // 0 collects fees only
        uint256 coverMin; // least cover tokens the removed liquidity gives back (fees not counted)
        uint256 collateralMin; // least collateral the removed liquidity gives back (fees not counted)
        Unwind unwind;
        bool burn; // burn the position NFT when it is left empty
        address recipient; // receives what is collected
        uint256 deadline;
    }
}
