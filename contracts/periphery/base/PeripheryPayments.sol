// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SeriesPools} from "./SeriesPools.sol";

/// @title Moving tokens for the caller within one transaction
/// @notice The periphery pulls from the caller only what an action uses, pays pools straight from the caller
/// where it can, and never keeps a balance: whatever it holds mid-transaction has a recipient by the end.
abstract contract PeripheryPayments is SeriesPools {
    using SafeERC20 for IERC20;

    /// @dev Pays `amount` of `token` to `to`: from the contract's `credit` (tokens it already holds for the
    /// payer within this transaction) first, the rest straight from `payer`.
    function _payFrom(address token, address payer, uint256 credit, address to, uint256 amount) internal {
        uint256 fromCredit = credit < amount ? credit : amount;
        if (fromCredit != 0) IERC20(token).safeTransfer(to, fromCredit);
        if (amount > fromCredit) IERC20(token).safeTransferFrom(payer, to, amount - fromCredit);
    }

    /// @dev Brings `amount` of `token` from the caller into the contract.
    function _pull(address token, uint256 amount) internal {
        if (amount != 0) IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @dev Sends `amount` of `token` held by the contract to `to`, if any.
    function _send(address token, address to, uint256 amount) internal {
        if (amount != 0) IERC20(token).safeTransfer(to, amount);
    }

    /// @dev Lets the market pull collateral for mints.
    function _approveMarket(address collateral, uint256 amount) internal {
        _approve(collateral, address(_market), amount);
    }

    /// @dev Approves `spender` (the market or the position manager, both trusted and immutable) to the maximum
    /// once per token, so that later actions pay no approval: the contract holds nothing between transactions.
    function _approve(address token, address spender, uint256 amount) internal {
        if (amount != 0 && IERC20(token).allowance(address(this), spender) < amount) {
            IERC20(token).forceApprove(spender, type(uint256).max);
        }
    }
}
