// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarketTypes} from "./ICoverMarketTypes.sol";

/// @title What anyone can do with the cover market
interface ICoverMarketActions is ICoverMarketTypes {
    /// @notice Creates the series (protocol, collateral, expiry) and deploys its CLAIM and NOCLAIM tokens
    /// at the addresses `seriesTokens` computes. Anyone may call it; not while paused.
    /// @param expiry a calendar expiry (Friday 08:00 UTC), after now and at most 52 weeks ahead, Unix seconds
    /// @return seriesId keccak256(abi.encode(protocolId, collateral, expiry))
    function createSeries(uint32 protocolId, address collateral, uint256 expiry) external returns (bytes32 seriesId);

    /// @notice Locks `amount` collateral from the caller and mints `amount` CLAIM to `claimTo` and `amount`
    /// NOCLAIM to `noclaimTo`. Only before expiry and not while paused. The caller must have approved the
    /// market for `amount` collateral; a token that delivers less than `amount` is refused.
    function mint(bytes32 seriesId, uint256 amount, address claimTo, address noclaimTo) external;

    /// @notice Burns `amount` CLAIM and `amount` NOCLAIM of the caller and pays `amount` collateral to `to`.
    /// Possible at any time, before or after settlement; never paused.
    function merge(bytes32 seriesId, uint256 amount, address to) external;

    /// @notice Burns the caller's CLAIM and NOCLAIM once the series is settled and pays `to`
    /// claimAmount * payout + noclaimAmount * (1 - payout), each term rounded down. Never paused.
    /// @return collateralOut the collateral paid
    function redeem(bytes32 seriesId, uint256 claimAmount, uint256 noclaimAmount, address to)
        external
        returns (uint256 collateralOut);

    /// @notice Writes the series' settlement to storage if it has one now; reverts with
    /// `CoverNotSettled` otherwise. Settlement is a function of incidents and time: calling this
    /// changes nothing but gas for later readers.
    function settle(bytes32 seriesId) external returns (SettlementState state, uint256 payout);
}
