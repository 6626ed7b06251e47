// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverVaultTypes} from "./ICoverVaultTypes.sol";
import {ICoverRiskOracle} from "./ICoverRiskOracle.sol";

/// @title Errors of the cover vaults and their factory, each with the values that explain it
interface ICoverVaultErrors is ICoverVaultTypes {
    /// @notice The book names no protocol.
    error CoverVaultEmptyBook();
    /// @notice A protocol appears twice in the book.
    error CoverVaultDuplicateProtocol(uint32 protocolId);
    /// @notice A cap is zero or above 50% (WAD).
    error CoverVaultInvalidCap(uint32 protocolId, uint256 cap);
    /// @notice The tenor rule's N is outside 1..47 weeks.
    error CoverVaultInvalidTenor(uint256 tenorWeeks);
    /// @notice The notice period is shorter than the TWAP window plus the book's longest claim window.
    error CoverVaultNoticeTooShort(uint256 noticePeriod, uint256 required);
    /// @notice A guard parameter is out of range (spot tolerance > 1, window fraction 0 or > 1, impact >= 1).
    error CoverVaultInvalidGuards(uint256 spotTolerance, uint256 windowFraction, uint256 maxImpact);
    /// @notice The book could hold more positions at once than a vault may (live tenors plus series waiting for
    /// finality, summed over its protocols).
    error CoverVaultBookTooLarge(uint256 positionsNeeded, uint256 maxPositions);
    /// @notice The collateral is the zero address.
    error CoverVaultZeroCollateral();

    /// @notice The protocol is not in the book.
    error CoverVaultUnknownProtocol(uint32 protocolId);
    /// @notice The vault holds no position in the series.
    error CoverVaultUnknownPosition(bytes32 seriesId);
    /// @notice The curator stopped new underwriting of the protocol.
    error CoverVaultUnderwritingStopped(uint32 protocolId);
    /// @notice The protocol has an undecided claim or pending proof that may apply to the series.
    error CoverVaultClaimPending(uint32 protocolId, bytes32 seriesId);
    /// @notice The series has no guarded TWAP (the oracle's reason), or is already settled.
    error CoverVaultNoTwap(bytes32 seriesId, ICoverRiskOracle.PriceStatus status);
    /// @notice A pool's spot price is further from its guarded TWAP than the tolerance. side: 0 CLAIM, 1 NOCLAIM.
    error CoverVaultSpotOffTwap(bytes32 seriesId, uint8 side, uint256 spotPrice, uint256 twapPrice);
    /// @notice The CLAIM spot price is below the protocol's rate floor for the series' time to expiry (WADs).
    error CoverVaultBelowRateFloor(uint32 protocolId, uint256 spotPrice, uint256 floorPrice);
    /// @notice Nothing can be written now: no idle collateral, no room under the cap, or the window's share used.
    error CoverVaultNoCapacity(uint32 protocolId, uint256 idle, uint256 capRoom, uint256 windowRoom);
    /// @notice A new position would exceed the bound on positions held at once.
    error CoverVaultTooManyPositions(uint256 maxPositions);
    /// @notice The series is not settled yet; it may settle by time alone at `finalAt`.
    error CoverVaultNotSettled(bytes32 seriesId, uint256 finalAt);

    /// @notice An amount of zero, or one that converts to zero shares or assets.
    error CoverVaultZeroAmount();
    /// @notice Deposits and cash exits are shut: why, and about what (a protocol id or a series id).
    error CoverVaultGateShut(Gate reason, bytes32 subject);
    /// @notice The owner has no cash exit request, or asks more shares than it holds.
    error CoverVaultExceedsRequest(address owner, uint256 shares, uint256 requested);
    /// @notice The request's notice has not passed; it matures at `maturesAt`.
    error CoverVaultRequestNotMatured(address owner, uint256 maturesAt);
    /// @notice The idle collateral does not cover the payment; harvests bring it back.
    error CoverVaultInsufficientIdle(uint256 idle, uint256 needed);
    /// @notice Only the owner may take its own cash exit.
    error CoverVaultCallerNotOwner(address caller, address owner);
    /// @notice Cash exits are asynchronous: previewRedeem and previewWithdraw have no answer (ERC-7540).
    error CoverVaultAsyncExit();

    /// @notice Only the curator may do this.
    error CoverVaultNotCurator(address caller);
    /// @notice A cap may only be lowered.
    error CoverVaultCapNotLowered(uint32 protocolId, uint256 cap, uint256 newCap);
}
