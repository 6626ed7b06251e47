// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title The guardian's only power: pausing new mints and new series, for a bounded time
/// @notice Merge and redeem can never be paused. The guardian is the market's owner (two-step transfer).
interface ICoverMarketGuardian {
    /// @notice Pauses new mints and new series for `duration` seconds from now (at most 14 days).
    /// Calling it again renews or shortens the pause.
    function pause(uint256 duration) external;

    /// @notice Ends the pause now.
    function unpause() external;

    /// @notice Until when (Unix seconds, exclusive) new mints and new series are paused; 0 if never.
    function pausedUntil() external view returns (uint256);
}
