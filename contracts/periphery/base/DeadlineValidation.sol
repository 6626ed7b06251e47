// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverPeripheryErrors} from "../../interfaces/ICoverPeripheryErrors.sol";

/// @title Refuses transactions mined after their deadline
abstract contract DeadlineValidation is ICoverPeripheryErrors {
    modifier checkDeadline(uint256 deadline) {
        if (block.timestamp > deadline) revert CoverPeripheryDeadlinePassed(deadline, block.timestamp);
        _;
    }
}
