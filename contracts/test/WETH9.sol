// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Wrapped ether for local Uniswap v3 deployments
/// @notice The position manager, SwapRouter and QuoterV2 take a WETH9 address at construction; this is a
/// minimal one (deposit, withdraw, ERC20) for local networks. Public networks use their canonical WETH.
contract WETH9 is ERC20 {
    /// @notice `account` wrapped `amount` wei.
    event Deposit(address indexed account, uint256 amount);
    /// @notice `account` unwrapped `amount` wei.
    event Withdrawal(address indexed account, uint256 amount);

    error WETH9TransferFailed(address to, uint256 amount);

    constructor() ERC20("Wrapped Ether", "WETH") {}

    receive() external payable {
        deposit();
    }

    function deposit() public payable {
        _mint(msg.sender, msg.value);
        emit Deposit(msg.sender, msg.value);
    }

    function withdraw(uint256 amount) external {
        _burn(msg.sender, amount);
        emit Withdrawal(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert WETH9TransferFailed(msg.sender, amount);
    }
}
