// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Many view calls in one, for tests: the property test reads every balance, supply and status it checks
/// after a step in a single eth_call rather than one RPC round trip each
contract TestReader {
    /// @notice A view call failed.
    error TestReaderCallFailed(uint256 index, address target, bytes reason);

    /// @notice Static-calls `targets[i]` with `calls[i]` for every i; returns their return data end to end (the
    /// caller knows each one's length: views of static types).
    function read(address[] calldata targets, bytes[] calldata calls) external view returns (bytes memory out) {
        bytes[] memory results = new bytes[](targets.length);
        uint256 total;
        for (uint256 i = 0; i < targets.length; i++) {
            (bool ok, bytes memory result) = targets[i].staticcall(calls[i]);
            if (!ok) revert TestReaderCallFailed(i, targets[i], result);
            results[i] = result;
            total += result.length;
        }
        out = new bytes(total);
        uint256 at;
        for (uint256 i = 0; i < results.length; i++) {
            bytes memory result = results[i];
            assembly ("memory-safe") {
                mcopy(add(add(out, 32), at), add(result, 32), mload(result))
            }
            at += result.length;
        }
    }
}
