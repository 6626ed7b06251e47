// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ICoverRouterLiquidity} from "../../interfaces/ICoverRouterLiquidity.sol";
import {ICoverRouterEvents} from "../../interfaces/ICoverRouterEvents.sol";
import {ICoverRouterErrors} from "../../interfaces/ICoverRouterErrors.sol";
import {IPositionManager} from "../../interfaces/external/IPositionManager.sol";
import {SeriesPools} from "./SeriesPools.sol";
import {PeripheryPayments} from "./PeripheryPayments.sol";
import {DeadlineValidation} from "./DeadlineValidation.sol";

/// @title Range liquidity in a series' pools through Uniswap's NonfungiblePositionManager
/// @notice See ICoverRouterLiquidity. Deposits go through the router (which may mint pairs for them) and the
/// position manager pulls from it; withdrawals are collected to the recipient, or to the router when it
/// merges or redeems the cover tokens on the way.
abstract contract LiquidityManagement is
    ICoverRouterLiquidity,
    ICoverRouterEvents,
    ICoverRouterErrors,
    SeriesPools,
    DeadlineValidation,
    PeripheryPayments,
    ReentrancyGuardTransient
{
    using SafeERC20 for IERC20;

    /// @dev The position manager used for liquidity.
    IPositionManager internal immutable _positionManager;

    constructor(IPositionManager positionManager_) {
        _positionManager = positionManager_;
    }

    /// @inheritdoc ICoverRouterLiquidity
    function addLiquidity(AddLiquidityParams calldata params)
        external
        override
        nonReentrant
        checkDeadline(params.deadline)
        returns (uint256 tokenId, uint128 liquidity, uint256 coverAmount, uint256 collateralAmount)
    {
        if (params.recipient == address(0)) revert CoverRouterZeroRecipient();
        if (params.coverDesired == 0 && params.collateralDesired == 0) revert CoverRouterZeroAmount();
        SeriesTokens memory t = _seriesTokens(params.seriesId);
        address cover = _sideToken(t, params.side);
        if (params.tokenId != 0) _requirePositionOf(params.tokenId, params.seriesId, cover, t.collateral);

        // Bring the deposit into the router.
        if (params.mintCover) {
            _pull(t.collateral, params.coverDesired + params.collateralDesired);
            if (params.coverDesired != 0) {
                _approveMarket(t.collateral, params.coverDesired);
                _market.mint(params.seriesId, params.coverDesired, address(this), address(this));
            }
        } else {
            _pull(cover, params.coverDesired);
            _pull(t.collateral, params.collateralDesired);
        }
        _approve(cover, address(_positionManager), params.coverDesired);
        _approve(t.collateral, address(_positionManager), params.collateralDesired);

        (tokenId, liquidity, coverAmount, collateralAmount) = _deposit(params, cover, t.collateral);

        // Refund what was not used; with minting, merge the unused pairs back and hand out the other side.
        uint256 collateralLeft = params.collateralDesired - collateralAmount;
        uint256 coverLeft = params.coverDesired - coverAmount;
        if (params.mintCover) {
            if (coverLeft != 0) {
                _market.merge(params.seriesId, coverLeft, address(this));
                collateralLeft += coverLeft;
            }
            if (coverAmount != 0) _send(_otherToken(t, params.side), params.recipient, coverAmount);
        } else if (coverLeft != 0) {
            _send(cover, msg.sender, coverLeft);
        }
        _send(t.collateral, msg.sender, collateralLeft);
        emit LiquidityAdded(
            params.seriesId,
            msg.sender,
            tokenId,
            params.side,
            liquidity,
            coverAmount,
            collateralAmount,
            params.mintCover ? coverAmount : 0
        );
    }

    /// @inheritdoc ICoverRouterLiquidity
    function removeLiquidity(RemoveLiquidityParams calldata params)
        external
        override
        nonReentrant
        checkDeadline(params.deadline)
        returns (uint256 coverAmount, uint256 collateralAmount, uint256 collateralOut)
    {
        if (params.recipient == address(0)) revert CoverRouterZeroRecipient();
        IPositionManager manager = _positionManager;
        address owner = manager.ownerOf(params.tokenId);
        if (
            owner != msg.sender && !manager.isApprovedForAll(owner, msg.sender)
                && manager.getApproved(params.tokenId) != msg.sender
        ) revert CoverRouterNotAuthorized(params.tokenId, msg.sender);

        SeriesTokens memory t = _seriesTokens(params.seriesId);
        (address token0, address token1) = _positionTokens(params.tokenId);
        Side side = _positionSide(params.tokenId, params.seriesId, t, token0, token1);
        bool coverIs0 = token1 == t.collateral;

        if (params.liquidity != 0) {
            (uint256 min0, uint256 min1) =
                coverIs0 ? (params.coverMin, params.collateralMin) : (params.collateralMin, params.coverMin);
            manager.decreaseLiquidity(
                IPositionManager.DecreaseLiquidityParams(params.tokenId, params.liquidity, min0, min1, params.deadline)
            );
        }
        address collectTo = params.unwind == Unwind.None ? params.recipient : address(this);
        (uint256 amount0, uint256 amount1) = manager.collect(
            IPositionManager.CollectParams(params.tokenId, collectTo, type(uint128).max, type(uint128).max)
        );
        (coverAmount, collateralAmount) = coverIs0 ? (amount0, amount1) : (amount1, amount0);

        collateralOut = collateralAmount;
        if (params.unwind == Unwind.Merge && coverAmount != 0) {
            IERC20(_otherToken(t, side)).safeTransferFrom(msg.sender, address(this), coverAmount);
            _market.merge(params.seriesId, coverAmount, address(this));
            collateralOut += coverAmount;
        } else if (params.unwind == Unwind.Redeem && coverAmount != 0) {
            (uint256 claimAmount, uint256 noclaimAmount) = side == Side.Claim ? (coverAmount, uint256(0)) : (uint256(0), coverAmount);
            collateralOut += _market.redeem(params.seriesId, claimAmount, noclaimAmount, params.recipient);
        }
        if (params.unwind != Unwind.None) {
            // Redeem paid the recipient directly; what the router holds is the collateral collected (and merged).
            uint256 held = params.unwind == Unwind.Merge ? collateralOut : collateralAmount;
            _send(t.collateral, params.recipient, held);
        }
        if (params.burn) _burnIfEmpty(manager, params.tokenId);
        emit LiquidityRemoved(
            params.seriesId,
            msg.sender,
            params.tokenId,
            side,
            params.liquidity,
            coverAmount,
            collateralAmount,
            params.unwind,
            collateralOut
        );
    }

    /// @dev Mints a position or adds to one; returns amounts in cover/collateral terms.
    function _deposit(AddLiquidityParams calldata params, address cover, address collateral)
        private
        returns (uint256 tokenId, uint128 liquidity, uint256 coverAmount, uint256 collateralAmount)
    {
        bool coverIs0 = cover < collateral;
        (uint256 desired0, uint256 desired1) =
            coverIs0 ? (params.coverDesired, params.collateralDesired) : (params.collateralDesired, params.coverDesired);
        (uint256 min0, uint256 min1) =
            coverIs0 ? (params.coverMin, params.collateralMin) : (params.collateralMin, params.coverMin);
        uint256 amount0;
        uint256 amount1;
        tokenId = params.tokenId;
        if (tokenId == 0) {
            (tokenId, liquidity, amount0, amount1) = _positionManager.mint(
                IPositionManager.MintParams({
                    token0: coverIs0 ? cover : collateral,
                    token1: coverIs0 ? collateral : cover,
                    fee: _fee,
                    tickLower: params.tickLower,
                    tickUpper: params.tickUpper,
                    amount0Desired: desired0,
                    amount1Desired: desired1,
                    amount0Min: min0,
                    amount1Min: min1,
                    recipient: params.recipient,
                    deadline: params.deadline
                })
            );
        } else {
            (liquidity, amount0, amount1) = _positionManager.increaseLiquidity(
                IPositionManager.IncreaseLiquidityParams(tokenId, desired0, desired1, min0, min1, params.deadline)
            );
        }
        (coverAmount, collateralAmount) = coverIs0 ? (amount0, amount1) : (amount1, amount0);
    }

    function _positionTokens(uint256 tokenId) private view returns (address token0, address token1) {
        (,, token0, token1,,,,,,,,) = _positionManager.positions(tokenId);
    }

    /// @dev The side whose pool position `tokenId` is in; reverts if it is not a pool of the series.
    function _positionSide(uint256 tokenId, bytes32 seriesId, SeriesTokens memory t, address token0, address token1)
        private
        pure
        returns (Side)
    {
        address cover = token0 == t.collateral ? token1 : token1 == t.collateral ? token0 : address(0);
        if (cover != address(0) && cover == t.claim) return Side.Claim;
        if (cover != address(0) && cover == t.noclaim) return Side.Noclaim;
        revert CoverRouterPositionMismatch(tokenId, seriesId);
    }

    function _requirePositionOf(uint256 tokenId, bytes32 seriesId, address cover, address collateral) private view {
        (address token0, address token1) = _positionTokens(tokenId);
        bool matches = (token0 == cover && token1 == collateral) || (token0 == collateral && token1 == cover);
        if (!matches) revert CoverRouterPositionMismatch(tokenId, seriesId);
    }

    function _burnIfEmpty(IPositionManager manager, uint256 tokenId) private {
        (,,,,,,, uint128 liquidity,,, uint128 owed0, uint128 owed1) = manager.positions(tokenId);
        if (liquidity == 0 && owed0 == 0 && owed1 == 0) manager.burn(tokenId);
    }
}
