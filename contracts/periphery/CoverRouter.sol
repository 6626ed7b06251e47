// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import {IUniswapV3SwapCallback} from "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3SwapCallback.sol";

import {ICoverMarket} from "../interfaces/ICoverMarket.sol";
import {ICoverRouter} from "../interfaces/ICoverRouter.sol";
import {ICoverRouterActions} from "../interfaces/ICoverRouterActions.sol";
import {IPositionManager} from "../interfaces/external/IPositionManager.sol";
import {SeriesPools} from "./base/SeriesPools.sol";
import {DeadlineValidation} from "./base/DeadlineValidation.sol";
import {PoolCallbackValidation} from "./base/PoolCallbackValidation.sol";
import {TolerantPermit} from "./base/TolerantPermit.sol";
import {SwapSimulation} from "./base/SwapSimulation.sol";
import {PeripheryPayments} from "./base/PeripheryPayments.sol";
import {LiquidityManagement} from "./base/LiquidityManagement.sol";
import {TickMath} from "./libraries/TickMath.sol";

/// @title Cover router
/// @notice See ICoverRouter. Swaps go straight to the pools: the pool pays out first and the callback settles
/// what it is owed, minting pairs into the pool or merging pairs on the way when the route goes through the
/// other side. That is what makes "mint and sell" a single swap. Liquidity: see LiquidityManagement.
contract CoverRouter is
    ICoverRouter,
    SeriesPools,
    PoolCallbackValidation,
    SwapSimulation,
    DeadlineValidation,
    TolerantPermit,
    PeripheryPayments,
    LiquidityManagement,
    Multicall
{
    using SafeERC20 for IERC20;

    /// @dev What a swap callback does to settle with the pool.
    enum CallbackAction {
        Pay, // pay what the pool is owed, from the router's credit first, then from the payer
        MintAndPay, // mint `amount` pairs: the pool's side goes to the pool, the other to `recipient`
        MergeAndPay // merge what the pool sent with as much of `sideToken` from the payer, then pay the pool
    }

    /// @dev The callback's instructions; the first two fields also identify the pool to validate.
    struct SwapCallbackData {
        address tokenIn; // the token the pool is owed
        address tokenOut; // the token the pool pays out
        CallbackAction action;
        Side side; // MintAndPay: the side bought (it goes to `recipient`)
        bytes32 seriesId; // MintAndPay, MergeAndPay: the series minted or merged
        address payer; // pays what the router's credit does not cover
        uint256 credit; // collateral the router holds for the payer and spends first
        address recipient; // MintAndPay: receives the side bought
        address sideToken; // MergeAndPay: the side pulled from the payer and merged
        uint256 amount; // MintAndPay, MergeAndPay: the number of pairs, which the swap must fill exactly
    }

    constructor(ICoverMarket market_, address factory_, uint24 fee_, IPositionManager positionManager_)
        SeriesPools(market_, factory_, fee_)
        LiquidityManagement(positionManager_)
    {}

    // ---------------------------------------------------------------- immutables

    /// @inheritdoc ICoverRouter
    function positionManager() external view override returns (IPositionManager) {
        return _positionManager;
    }

    /// @inheritdoc ICoverRouter
    function poolOf(bytes32 seriesId, Side side) external view override returns (address) {
        SeriesTokens memory t = _seriesTokens(seriesId);
        return _pool(_sideToken(t, side), t.collateral);
    }

    // ---------------------------------------------------------------- trading

    /// @inheritdoc ICoverRouterActions
    function buyCoverExactOut(BuyCoverExactOutParams calldata params)
        external
        override
        nonReentrant
        checkDeadline(params.deadline)
        returns (uint256 collateralIn)
    {
        _requireNonZero(params.claimAmount, params.recipient);
        SeriesTokens memory t = _seriesTokens(params.seriesId);
        uint256 leftover;
        (collateralIn, leftover,) =
            _buyExactOut(t, params.seriesId, Side.Claim, params.route, params.claimAmount, params.recipient, 0);
        if (collateralIn > params.maxCollateralIn) revert CoverRouterExcessiveInput(collateralIn, params.maxCollateralIn);
        _send(t.collateral, params.recipient, leftover);
        emit CoverBought(params.seriesId, msg.sender, params.recipient, params.route, collateralIn, params.claimAmount);
    }

    /// @inheritdoc ICoverRouterActions
    function buyCoverExactIn(BuyCoverExactInParams calldata params)
        external
        override
        nonReentrant
        checkDeadline(params.deadline)
        returns (uint256 claimOut, uint256 collateralIn)
    {
        _requireNonZero(params.collateralIn, params.recipient);
        SeriesTokens memory t = _seriesTokens(params.seriesId);
        if (params.route == Route.Direct) {
            (collateralIn, claimOut,) = _swap(
                t.collateral,
                t.claim,
                int256(params.collateralIn),
                params.recipient,
                _payData(t.collateral, t.claim, 0)
            );
            if (collateralIn != params.collateralIn) {
                revert CoverRouterIncompleteFill(_pool(t.collateral, t.claim), params.collateralIn, collateralIn);
            }
        } else {
            (bool ok, uint256 amount,) = _solvePairBuy(t.noclaim, t.collateral, params.collateralIn);
            if (!ok) revert CoverPeripheryPairRouteUnavailable(_pool(t.noclaim, t.collateral));
            uint256 leftover;
            (collateralIn, leftover,) =
                _buyExactOut(t, params.seriesId, Side.Claim, Route.Pair, amount, params.recipient, 0);
            // The search priced this amount by simulation; the real swap must agree (a token that behaves
            // differently when it is not simulated cannot make the payer spend more than asked).
            if (collateralIn > params.collateralIn) revert CoverRouterExcessiveInput(collateralIn, params.collateralIn);
            _send(t.collateral, params.recipient, leftover);
            claimOut = amount;
        }
        if (claimOut < params.minClaimOut) revert CoverRouterInsufficientOutput(claimOut, params.minClaimOut);
        emit CoverBought(params.seriesId, msg.sender, params.recipient, params.route, collateralIn, claimOut);
    }

    /// @inheritdoc ICoverRouterActions
    function sellCover(SellCoverParams calldata params)
        external
        override
        nonReentrant
        checkDeadline(params.deadline)
        returns (uint256 collateralOut)
    {
        _requireNonZero(params.claimAmount, params.recipient);
        SeriesTokens memory t = _seriesTokens(params.seriesId);
        collateralOut = _sellExactIn(t, params.seriesId, Side.Claim, params.route, params.claimAmount, params.recipient);
        if (collateralOut < params.minCollateralOut) {
            revert CoverRouterInsufficientOutput(collateralOut, params.minCollateralOut);
        }
        emit CoverSold(params.seriesId, msg.sender, params.recipient, params.route, params.claimAmount, collateralOut);
    }

    /// @inheritdoc ICoverRouterActions
    function underwrite(UnderwriteParams calldata params)
        external
        override
        nonReentrant
        checkDeadline(params.deadline)
        returns (uint256 premium)
    {
        _requireNonZero(params.amount, params.recipient);
        SeriesTokens memory t = _seriesTokens(params.seriesId);
        uint256 leftover;
        (, leftover, premium) =
            _buyExactOut(t, params.seriesId, Side.Noclaim, Route.Pair, params.amount, params.recipient, 0);
        if (premium < params.minPremium) revert CoverRouterInsufficientOutput(premium, params.minPremium);
        _send(t.collateral, params.recipient, leftover);
        emit Underwritten(params.seriesId, msg.sender, params.recipient, params.amount, premium);
    }

    /// @inheritdoc ICoverRouterActions
    function exitUnderwriting(ExitUnderwritingParams calldata params)
        external
        override
        nonReentrant
        checkDeadline(params.deadline)
        returns (uint256 collateralOut)
    {
        _requireNonZero(params.noclaimAmount, params.recipient);
        SeriesTokens memory t = _seriesTokens(params.seriesId);
        collateralOut =
            _sellExactIn(t, params.seriesId, Side.Noclaim, params.route, params.noclaimAmount, params.recipient);
        if (collateralOut < params.minCollateralOut) {
            revert CoverRouterInsufficientOutput(collateralOut, params.minCollateralOut);
        }
        emit UnderwritingExited(
            params.seriesId, msg.sender, params.recipient, params.route, params.noclaimAmount, collateralOut
        );
    }

    /// @inheritdoc ICoverRouterActions
    function roll(RollParams calldata params)
        external
        override
        nonReentrant
        checkDeadline(params.deadline)
        returns (int256 netCollateral)
    {
        _requireNonZero(params.amount, params.recipient);
        SeriesTokens memory from = _seriesTokens(params.fromSeriesId);
        SeriesTokens memory to = _seriesTokens(params.toSeriesId);
        if (from.protocolId != to.protocolId || from.collateral != to.collateral || to.expiry <= from.expiry) {
            revert CoverRouterRollMismatch(params.fromSeriesId, params.toSeriesId);
        }
        // The proceeds stay in the router as credit for the purchase.
        uint256 proceeds =
            _sellExactIn(from, params.fromSeriesId, params.side, params.sellRoute, params.amount, address(this));
        (uint256 paid, uint256 leftover,) = _buyExactOut(
            to, params.toSeriesId, params.side, params.buyRoute, params.amount, params.recipient, proceeds
        );
        // Both terms are bounded by token supplies, far below 2^255.
        netCollateral = int256(leftover) - int256(paid);
        if (netCollateral < params.minNetCollateral) {
            revert CoverRouterNetBelowMinimum(netCollateral, params.minNetCollateral);
        }
        _send(to.collateral, params.recipient, leftover);
        emit Rolled(
            params.fromSeriesId,
            params.toSeriesId,
            msg.sender,
            params.recipient,
            params.side,
            params.amount,
            params.sellRoute,
            params.buyRoute,
            proceeds,
            int256(proceeds) - netCollateral // proceeds - (leftover - paid); bounded by supplies, as above
        );
    }

    // ---------------------------------------------------------------- swap callback

    /// @inheritdoc IUniswapV3SwapCallback
    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata data)
        external
        override
    {
        if (data.length == 0) _revertSimulated(amount0Delta, amount1Delta); // a simulation: undone anyway
        SwapCallbackData memory d = abi.decode(data, (SwapCallbackData));
        address pool = _verifyCallback(d.tokenIn, d.tokenOut);
        // Positive: owed to the pool; negative: paid out by it. One of each in any swap that moves.
        (int256 deltaIn, int256 deltaOut) = d.tokenIn < d.tokenOut ? (amount0Delta, amount1Delta) : (amount1Delta, amount0Delta);
        uint256 owed = uint256(deltaIn);
        uint256 received = uint256(-deltaOut);

        if (d.action == CallbackAction.Pay) {
            _payFrom(d.tokenIn, d.payer, d.credit, pool, owed);
        } else if (d.action == CallbackAction.MintAndPay) {
            // The pool was owed `amount` of the other side and sent `received` collateral to the router.
            if (owed != d.amount) revert CoverRouterIncompleteFill(pool, d.amount, owed);
            uint256 held = received + d.credit;
            if (d.amount > held) IERC20(d.tokenOut).safeTransferFrom(d.payer, address(this), d.amount - held);
            _approveMarket(d.tokenOut, d.amount);
            (address claimTo, address noclaimTo) = d.side == Side.Claim ? (d.recipient, pool) : (pool, d.recipient);
            _market.mint(d.seriesId, d.amount, claimTo, noclaimTo);
        } else {
            // MergeAndPay: the pool sent `amount` of the other side and is owed collateral.
            if (received != d.amount) revert CoverRouterIncompleteFill(pool, d.amount, received);
            if (owed > d.amount) revert CoverRouterExcessiveInput(owed, d.amount);
            IERC20(d.sideToken).safeTransferFrom(d.payer, address(this), d.amount);
            _market.merge(d.seriesId, d.amount, address(this));
            IERC20(d.tokenIn).safeTransfer(pool, owed);
        }
    }

    // ---------------------------------------------------------------- internals: routes

    /// @dev Buys exactly `amount` of `side` for `recipient`, spending `credit` (collateral the router holds)
    /// first. Returns what the payer paid on top, what is left of the credit (or gained, if the other side
    /// sold above 1) for the caller to pass on, and for the Pair route the other side's sale proceeds.
    function _buyExactOut(
        SeriesTokens memory t,
        bytes32 seriesId,
        Side side,
        Route route,
        uint256 amount,
        address recipient,
        uint256 credit
    ) private returns (uint256 paid, uint256 leftover, uint256 proceeds) {
        address sideToken = _sideToken(t, side);
        if (route == Route.Direct) {
            (uint256 cost, uint256 received, address pool) =
                _swap(t.collateral, sideToken, -int256(amount), recipient, _payData(t.collateral, sideToken, credit));
            if (received != amount) revert CoverRouterIncompleteFill(pool, amount, received);
            uint256 fromCredit = credit < cost ? credit : cost;
            return (cost - fromCredit, credit - fromCredit, 0);
        }
        address other = _otherToken(t, side);
        SwapCallbackData memory d;
        d.tokenIn = other;
        d.tokenOut = t.collateral;
        d.action = CallbackAction.MintAndPay;
        d.side = side;
        d.seriesId = seriesId;
        d.payer = msg.sender;
        d.credit = credit;
        d.recipient = recipient;
        d.amount = amount;
        (, proceeds,) = _swap(other, t.collateral, int256(amount), address(this), abi.encode(d));
        uint256 held = proceeds + credit;
        (paid, leftover) = amount > held ? (amount - held, uint256(0)) : (uint256(0), held - amount);
    }

    /// @dev Sells exactly `amount` of `side` from the caller; the collateral raised goes to `recipient`
    /// (which may be the router itself, for a roll).
    function _sellExactIn(
        SeriesTokens memory t,
        bytes32 seriesId,
        Side side,
        Route route,
        uint256 amount,
        address recipient
    ) private returns (uint256 proceeds) {
        address sideToken = _sideToken(t, side);
        if (route == Route.Direct) {
            (uint256 sold, uint256 received, address pool) =
                _swap(sideToken, t.collateral, int256(amount), recipient, _payData(sideToken, t.collateral, 0));
            if (sold != amount) revert CoverRouterIncompleteFill(pool, amount, sold);
            return received;
        }
        address other = _otherToken(t, side);
        SwapCallbackData memory d;
        d.tokenIn = t.collateral;
        d.tokenOut = other;
        d.action = CallbackAction.MergeAndPay;
        d.seriesId = seriesId;
        d.payer = msg.sender;
        d.sideToken = sideToken;
        d.amount = amount;
        (uint256 cost,,) = _swap(t.collateral, other, -int256(amount), address(this), abi.encode(d));
        proceeds = amount - cost; // the callback refused cost > amount
        if (recipient != address(this)) _send(t.collateral, recipient, proceeds);
    }

    /// @dev One swap in the pool of `tokenIn` and `tokenOut`, to the price limit (the caller checks amounts).
    function _swap(address tokenIn, address tokenOut, int256 amountSpecified, address recipient, bytes memory data)
        private
        returns (uint256 amountIn, uint256 amountOut, address pool)
    {
        pool = _pool(tokenIn, tokenOut);
        bool zeroForOne = tokenIn < tokenOut;
        (int256 amount0, int256 amount1) = IUniswapV3Pool(pool).swap(
            recipient,
            zeroForOne,
            amountSpecified,
            zeroForOne ? TickMath.MIN_SQRT_PRICE + 1 : TickMath.MAX_SQRT_PRICE - 1,
            data
        );
        (amountIn, amountOut) = zeroForOne ? (uint256(amount0), uint256(-amount1)) : (uint256(amount1), uint256(-amount0));
    }

    function _payData(address tokenIn, address tokenOut, uint256 credit) private view returns (bytes memory) {
        SwapCallbackData memory d;
        d.tokenIn = tokenIn;
        d.tokenOut = tokenOut;
        d.action = CallbackAction.Pay;
        d.payer = msg.sender;
        d.credit = credit;
        return abi.encode(d);
    }

    function _requireNonZero(uint256 amount, address recipient) private pure {
        if (amount == 0) revert CoverRouterZeroAmount();
        if (recipient == address(0)) revert CoverRouterZeroRecipient();
    }

    /// @dev The position manager for TolerantPermit.
    function _positionManagerForPermit() internal view override returns (IPositionManager) {
        return _positionManager;
    }
}
