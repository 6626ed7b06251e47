// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Errors of the cover market, each with the values that explain it
interface ICoverMarketErrors {
    /// @notice An amount of zero was given where something must move.
    error CoverZeroAmount();

    /// @notice No protocol has this id.
    error CoverUnknownProtocol(uint32 protocolId);

    /// @notice No series has this id.
    error CoverUnknownSeries(bytes32 seriesId);

    /// @notice The series already exists.
    error CoverSeriesExists(bytes32 seriesId);

    /// @notice The expiry is not after the current time.
    error CoverExpiryNotInFuture(uint256 expiry, uint256 currentTime);

    /// @notice The expiry is not a calendar expiry (a Friday at 08:00 UTC).
    error CoverExpiryOffCalendar(uint256 expiry);

    /// @notice The expiry is further ahead than the calendar allows.
    error CoverExpiryTooFar(uint256 expiry, uint256 latestAllowed);

    /// @notice The series has expired: nothing more can be minted in it.
    error CoverSeriesExpired(bytes32 seriesId, uint256 expiry);

    /// @notice The series' payout is not fixed yet; at `earliestAt` it may be, by time alone.
    error CoverNotSettled(bytes32 seriesId, uint256 earliestAt);

    /// @notice The caller is not the protocol's resolver.
    error CoverNotResolver(uint32 protocolId, address caller);

    /// @notice The incident time lies after the current time.
    error CoverIncidentInFuture(uint256 incidentTime, uint256 currentTime);

    /// @notice The incident time lies before the protocol's registration.
    error CoverIncidentBeforeRegistration(uint256 incidentTime, uint256 registeredAt);

    /// @notice The payout is above 1 (1e18).
    error CoverInvalidPayout(uint256 payout);

    /// @notice No claim has this id.
    error CoverUnknownClaim(uint64 claimId);

    /// @notice The claim was decided already.
    error CoverClaimNotOpen(uint64 claimId);

    /// @notice The claim's decision deadline has passed: it can only be closed as denied.
    error CoverClaimDeadlinePassed(uint64 claimId, uint256 deadline);

    /// @notice The protocol has had its maximum number of incidents; register a new one for new cover.
    error CoverIncidentCapReached(uint32 protocolId, uint256 cap);

    /// @notice The claim window is outside the allowed range.
    error CoverInvalidClaimWindow(uint256 claimWindow, uint256 min, uint256 max);

    /// @notice The protocol name is empty or too long.
    error CoverInvalidName(string name);

    /// @notice The ticker is empty, too long, or not made of upper-case letters and digits.
    error CoverInvalidTicker(string ticker);

    /// @notice The collateral delivered less than was asked (a fee-on-transfer token).
    error CoverCollateralShortfall(address collateral, uint256 expected, uint256 received);

    /// @notice The collateral is not a contract answering `decimals()`.
    error CoverInvalidCollateral(address collateral);

    /// @notice The collateral has more decimals than the market supports (`max`, 36).
    error CoverCollateralDecimalsUnsupported(address collateral, uint8 decimals, uint256 max);

    /// @notice New mints and new series are paused until `until`.
    error CoverPaused(uint256 until);

    /// @notice A pause may last at most `max` seconds.
    error CoverPauseTooLong(uint256 duration, uint256 max);

    /// @notice A recipient is the zero address.
    error CoverZeroRecipient();
}
