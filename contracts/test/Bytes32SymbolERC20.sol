// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title A token in the old style (like MKR): symbol() returns bytes32, and it has decimals
contract Bytes32SymbolERC20 {
    bytes32 public constant symbol = "MKR";
    uint8 public constant decimals = 18;
}
