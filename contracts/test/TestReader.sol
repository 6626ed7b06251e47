// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Many view calls in one, for tests: the property test reads every balance, supply and status it checks
/// after a step in a single eth_call rather than one RPC round trip each
contract TestReader {
    /// @notice A view call failed.
    error TestReaderCallFailed(uint256 index, address target, bytes reason);

    /// @notice Static-calls `targets[i]` with `calls[i]` for every i; returns the results in order.
    function read(address[] calldata targets, bytes[] calldata calls) external view returns (bytes[] memory results) {
        results = new bytes[](targets.length);
        for (uint256 i = 0; i < targets.length; i++) {
            (bool ok, bytes memory result) = targets[i].staticcall(calls[i]);
            if (!ok) revert TestReaderCallFailed(i, targets[i], result);
            results[i] = result;
        }
    }
}
