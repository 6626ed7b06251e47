// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IUniswapV3SwapCallback} from "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3SwapCallback.sol";
import {ICoverRouterTypes} from "./ICoverRouterTypes.sol";
import {ICoverPeriphery} from "./ICoverPeriphery.sol";

/// @title Cover quoter: what every router action would do now, by every route
/// @notice Quotes run the router's swaps against the real pools and undo them (like Uniswap's QuoterV2): they
/// are exact for the current state but cost gas like the swaps themselves, so call them with eth_call, not
/// on-chain. The market-implied risk of a series, for on-chain use, is CoverRiskOracle's (ICoverRiskOracle).
interface ICoverQuoter is ICoverPeriphery, ICoverRouterTypes, IUniswapV3SwapCallback {
    /// @notice One route's quote. For a purchase, amountIn is the collateral paid and amountOut the tokens
    /// received; for a sale, amountIn is the tokens sold and amountOut the collateral received.
    struct RouteQuote {
        bool ok; // false when the route cannot fill the amount (no pool, no price, not enough liquidity)
        uint256 amountIn;
        uint256 amountOut;
    }

    /// @notice Both routes of a trade and the better one (less paid for a purchase of a fixed amount, more
    /// received otherwise); Direct when neither is ok.
    struct TradeQuote {
        RouteQuote direct;
        RouteQuote pair;
        Route best;
    }

    /// @notice A roll's two legs.
    struct RollQuote {
        bool ok;
        uint256 proceeds; // collateral raised selling in the first series
        int256 cost; // collateral paid buying in the second; < 0 if the pair route's other side sells above 1
        int256 net; // proceeds - cost: received by the recipient, or paid by the caller if negative
    }

    /// @notice What a deposit of range liquidity would take at the current price.
    struct LiquidityQuote {
        uint128 liquidity;
        uint256 coverAmount;
        uint256 collateralAmount;
    }

    /// @notice Quotes buying exactly `claimAmount` CLAIM by both routes.
    function quoteBuyCoverExactOut(bytes32 seriesId, uint256 claimAmount) external returns (TradeQuote memory);

    /// @notice Quotes buying CLAIM with `collateralIn` by both routes (the Pair route runs the router's search).
    function quoteBuyCoverExactIn(bytes32 seriesId, uint256 collateralIn) external returns (TradeQuote memory);

    /// @notice Quotes selling exactly `claimAmount` CLAIM by both routes.
    function quoteSellCover(bytes32 seriesId, uint256 claimAmount) external returns (TradeQuote memory);

    /// @notice Quotes underwriting `amount`: amountIn is the net collateral paid, amountOut the NOCLAIM
    /// received; the premium is amount - amountIn.
    function quoteUnderwrite(bytes32 seriesId, uint256 amount) external returns (RouteQuote memory);

    /// @notice Quotes exiting `noclaimAmount` of underwriting by both routes.
    function quoteExitUnderwriting(bytes32 seriesId, uint256 noclaimAmount) external returns (TradeQuote memory);

    /// @notice Quotes a roll of `amount` of `side` between two series by the given routes.
    function quoteRoll(
        bytes32 fromSeriesId,
        bytes32 toSeriesId,
        Side side,
        uint256 amount,
        Route sellRoute,
        Route buyRoute
    ) external returns (RollQuote memory);

    /// @notice What depositing at most the desired amounts over [tickLower, tickUpper] in the `side` pool
    /// would take now, rounded as the pool rounds.
    function quoteAddLiquidity(
        bytes32 seriesId,
        Side side,
        int24 tickLower,
        int24 tickUpper,
        uint256 coverDesired,
        uint256 collateralDesired
    ) external view returns (LiquidityQuote memory);

    /// @notice What removing `liquidity` from position `tokenId` and collecting would pay now: principal plus
    /// every fee owed to the position, in cover tokens and collateral.
    function quoteRemoveLiquidity(bytes32 seriesId, uint256 tokenId, uint128 liquidity)
        external
        view
        returns (uint256 coverAmount, uint256 collateralAmount);
}
