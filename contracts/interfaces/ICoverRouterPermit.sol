// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Permits for the router, meant to be batched with an action in one multicall
/// @notice A permit can be front-run: someone who sees it in the mempool may submit it first, and the
/// signer's own transaction would then revert although the allowance it needs is in place. These calls try
/// the permit and, if it fails, succeed anyway when the allowance (or approval) is already there.
interface ICoverRouterPermit {
    /// @notice Applies an EIP-2612 permit of `value` from the caller to the router on `token` (a cover token,
    /// or a collateral that has permit). Cover tokens sign over the domain their `eip712Domain()` returns.
    function selfPermit(address token, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Applies a position manager permit approving the router for position `tokenId`.
    function selfPermitPosition(uint256 tokenId, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;
}
