// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title An ERC20 whose transfers call back into a target (the market) with a scripted call
/// @notice Records whether the re-entering call succeeded and what it returned, without reverting itself.
contract ReentrantERC20 is ERC20 {
    address public reentryTarget;
    bytes public callData;
    bool public armed;
    bool public lastCallSucceeded;
    bytes public lastReturnData;
    uint256 public attempts;

    constructor() ERC20("Reentrant Token", "REENT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice The next transfer calls `target` with `data` once.
    function arm(address target_, bytes calldata data) external {
        reentryTarget = target_;
        callData = data;
        armed = true;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (armed && from != address(0) && to != address(0)) {
            armed = false;
            attempts += 1;
            (lastCallSucceeded, lastReturnData) = reentryTarget.call(callData);
        }
    }
}
