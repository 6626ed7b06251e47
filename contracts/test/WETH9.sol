// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Wrapped ether for local Uniswap v3 deployments
/// @notice Uniswap's periphery (position manager, SwapRouter, QuoterV2) takes a WETH9 address when deployed; this is
/// the smallest one that behaves like it (deposit, withdraw, ERC20). Public networks use their canonical WETH.
contract WETH9 is ERC20 {
    /// @notice `account` wrapped `amount` wei.
    event Deposit(address indexed account, uint256 amount);
    /// @notice `account` unwrapped `amount` wei.
    event Withdrawal(address indexed account, uint256 amount);

    error WETH9EtherTransferFailed(address to, uint256 amount);

    constructor() ERC20("Wrapped Ether", "WETH") {}

    receive() external payable {
        deposit();
    }

    /// @notice Wraps the ether sent.
    function deposit() public payable {
        _mint(msg.sender, msg.value);
        emit Deposit(msg.sender, msg.value);
    }

    /// @notice Unwraps `amount` and sends the ether to the caller.
    function withdraw(uint256 amount) external {
        _burn(msg.sender, amount);
        emit Withdrawal(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert WETH9EtherTransferFailed(msg.sender, amount);
    }
}
