// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title The lower median of a short list
/// @notice For n values sorted ascending, the lower median is the value at index (n - 1) / 2: the middle
/// one for an odd n, the smaller of the two middle ones for an even n. It is always one of the values,
/// and it is the largest value that more than half of the values are at least: a majority stands behind it.
library Median {
    /// @notice The lower median of `values`, which are sorted in place (insertion sort: meant for a few
    /// dozen values at most). Reverts on an empty list.
    function lowerMedian(uint256[] memory values) internal pure returns (uint256) {
        uint256 n = values.length;
        for (uint256 i = 1; i < n; ++i) {
            uint256 v = values[i];
            uint256 j = i;
            while (j > 0 && values[j - 1] > v) {
                values[j] = values[j - 1];
                --j;
            }
            values[j] = v;
        }
        return values[(n - 1) / 2];
    }
}
