// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Reading an ERC20's decimals and symbol without trusting it to answer well
library TokenMetadata {
    /// @dev Longest collateral symbol used in names, in bytes; longer ones are cut.
    uint256 private constant MAX_SYMBOL_LENGTH = 16;

    /// @notice The token's decimals, or ok = false if it is not a contract answering a uint8 `decimals()`.
    function decimalsOf(address token) internal view returns (bool ok, uint8 decimals) {
        (bool success, bytes memory data) = token.staticcall(abi.encodeWithSignature("decimals()"));
        if (!success || data.length < 32) return (false, 0);
        uint256 value = abi.decode(data, (uint256));
        if (value > type(uint8).max) return (false, 0);
        return (true, uint8(value));
    }

    /// @notice The token's symbol, whether it returns a string or a bytes32; "" if it has none.
    /// Characters outside printable ASCII become "?", and the result is cut to 16 bytes.
    function symbolOf(address token) internal view returns (string memory) {
        (bool success, bytes memory data) = token.staticcall(abi.encodeWithSignature("symbol()"));
        if (!success) return "";
        bytes memory raw;
        if (data.length == 32) {
            raw = abi.encodePacked(abi.decode(data, (bytes32)));
        } else if (data.length >= 64) {
            uint256 offset;
            uint256 length;
            assembly ("memory-safe") {
                offset := mload(add(data, 32))
                length := mload(add(add(data, 32), offset))
            }
            if (offset != 32 || length > data.length - 64) return "";
            raw = new bytes(length);
            for (uint256 i; i < length; ++i) {
                raw[i] = data[64 + i];
            }
        } else {
            return "";
        }
        return _printable(raw);
    }

    /// @dev Cuts at the first zero byte or 16 bytes, and replaces anything not printable ASCII by "?".
    function _printable(bytes memory raw) private pure returns (string memory) {
        uint256 length;
        while (length < raw.length && length < MAX_SYMBOL_LENGTH && raw[length] != 0) ++length;
        bytes memory out = new bytes(length);
        for (uint256 i; i < length; ++i) {
            bytes1 c = raw[i];
            out[i] = (c < 0x21 || c > 0x7e) ? bytes1("?") : c;
        }
        return string(out);
    }
}
