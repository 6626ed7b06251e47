// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Constants} from "./Constants.sol";

/// @title The expiry calendar: Fridays 08:00 UTC
/// @notice Every expiry is `CALENDAR_ANCHOR + k * WEEK` for some k, in Unix seconds.
library Calendar {
    /// @notice Whether `time` (Unix seconds) is a calendar expiry.
    function isExpiry(uint256 time) internal pure returns (bool) {
        return time >= Constants.CALENDAR_ANCHOR && (time - Constants.CALENDAR_ANCHOR) % Constants.WEEK == 0;
    }

    /// @notice The first calendar expiry strictly after `time` (Unix seconds).
    function firstExpiryAfter(uint256 time) internal pure returns (uint256) {
        if (time < Constants.CALENDAR_ANCHOR) return Constants.CALENDAR_ANCHOR;
        return Constants.CALENDAR_ANCHOR + ((time - Constants.CALENDAR_ANCHOR) / Constants.WEEK + 1) * Constants.WEEK;
    }

    /// @notice The UTC date of `time` as "YYYY-MM-DD".
    /// @dev Civil-from-days (H. Hinnant's algorithm), valid for every date after 1970.
    function isoDate(uint256 time) internal pure returns (string memory) {
        (uint256 y, uint256 m, uint256 d) = civil(time / 1 days);
        bytes memory out = new bytes(10);
        out[0] = bytes1(uint8(48 + (y / 1000) % 10));
        out[1] = bytes1(uint8(48 + (y / 100) % 10));
        out[2] = bytes1(uint8(48 + (y / 10) % 10));
        out[3] = bytes1(uint8(48 + y % 10));
        out[4] = "-";
        out[5] = bytes1(uint8(48 + m / 10));
        out[6] = bytes1(uint8(48 + m % 10));
        out[7] = "-";
        out[8] = bytes1(uint8(48 + d / 10));
        out[9] = bytes1(uint8(48 + d % 10));
        return string(out);
    }

    /// @notice Year, month (1-12) and day (1-31) of a count of days since 1970-01-01.
    function civil(uint256 daysSinceEpoch) internal pure returns (uint256 y, uint256 m, uint256 d) {
        uint256 z = daysSinceEpoch + 719468;
        uint256 era = z / 146097;
        uint256 doe = z - era * 146097; // [0, 146096]
        uint256 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; // [0, 399]
        uint256 doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
        uint256 mp = (5 * doy + 2) / 153; // [0, 11], March-based
        d = doy - (153 * mp + 2) / 5 + 1;
        m = mp < 10 ? mp + 3 : mp - 9;
        y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    }
}
