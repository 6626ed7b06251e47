// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Constants of the cover market, each with its unit
library Constants {
    /// @dev 1.0 as a WAD fixed-point number: payouts are fractions of one unit of collateral.
    uint256 internal constant WAD = 1e18;

    /// @dev One week, in seconds: the spacing of the expiry calendar.
    uint256 internal constant WEEK = 7 days;

    /// @dev Unix time of the first calendar expiry, Friday 1970-01-02 08:00:00 UTC, in seconds.
    uint256 internal constant CALENDAR_ANCHOR = 1 days + 8 hours;

    /// @dev Furthest an expiry may lie ahead of the series' creation, in seconds (52 weeks).
    uint256 internal constant MAX_EXPIRY_AHEAD = 52 weeks;

    /// @dev D: a filed claim must be decided within this time of its filing, in seconds.
    uint256 internal constant CLAIM_DECISION_PERIOD = 7 days;

    /// @dev m: the least time a resolver's timing rules leave between a claim's earliest decision and its
    /// deadline (filing + D), for anyone to finalise it, in seconds.
    uint256 internal constant FINALIZE_MARGIN = 1 days;

    /// @dev Shortest claim window W a protocol may register, in seconds.
    uint256 internal constant MIN_CLAIM_WINDOW = 1 hours;

    /// @dev Longest claim window W a protocol may register, in seconds.
    uint256 internal constant MAX_CLAIM_WINDOW = 180 days;

    /// @dev Most incidents one protocol can ever have reported; bounds the scan a settlement does.
    uint256 internal constant MAX_INCIDENTS_PER_PROTOCOL = 32;

    /// @dev Longest a guardian pause lasts before it lapses unless renewed, in seconds.
    uint256 internal constant MAX_PAUSE_DURATION = 14 days;

    /// @dev Longest protocol name, in bytes.
    uint256 internal constant MAX_NAME_LENGTH = 64;

    /// @dev Longest protocol ticker (upper-case letters and digits), in bytes.
    uint256 internal constant MAX_TICKER_LENGTH = 12;

    /// @dev Most decimals a collateral may have. Amounts are multiplied by 1e18 and by 10^decimals in prices,
    /// payouts and quotes; at 36 every such product of realistic amounts fits in 256 bits, at 78 10^decimals
    /// alone does not.
    uint256 internal constant MAX_COLLATERAL_DECIMALS = 36;
}
