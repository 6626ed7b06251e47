// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title The escalating claim fee
/// @notice The i-th claim (from 0) filed in a fee escalation window pays min(baseFee * 2^i, feeCap). A
/// window opens with the first claim filed after the previous window closed and lasts `window` seconds.
library ClaimFee {
    /// @notice The fee of a claim filed at `time`, and the window state after filing it.
    /// @param windowStart when the current window opened, Unix seconds (0: none yet)
    /// @param windowClaims claims filed in it so far
    function next(uint256 baseFee, uint256 feeCap, uint256 windowStart, uint256 windowClaims, uint256 window, uint256 time)
        internal
        pure
        returns (uint256 fee, uint256 newWindowStart, uint256 newWindowClaims)
    {
        if (windowStart == 0 || time >= windowStart + window) {
            windowStart = time;
            windowClaims = 0;
        }
        fee = feeAt(baseFee, feeCap, windowClaims);
        newWindowStart = windowStart;
        // Saturates: past 2^16 - 1 claims the fee is the cap anyway (baseFee > 0 and feeCap < 2^96).
        newWindowClaims = windowClaims < type(uint16).max ? windowClaims + 1 : windowClaims;
    }

    /// @notice min(baseFee * 2^claimsBefore, feeCap), for baseFee and feeCap below 2^96.
    function feeAt(uint256 baseFee, uint256 feeCap, uint256 claimsBefore) internal pure returns (uint256) {
        // baseFee < 2^96, so baseFee << 96 exceeds any feeCap < 2^96 without overflowing; larger shifts cap.
        if (claimsBefore >= 96) return feeCap;
        uint256 fee = baseFee << claimsBefore;
        return fee < feeCap ? fee : feeCap;
    }
}
