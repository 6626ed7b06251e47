// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverVaultTypes} from "./ICoverVaultTypes.sol";

/// @title Events of the cover vaults: what an indexer needs to follow the book, positions, marks and exits
/// @notice Deposits and cash exits also emit ERC-4626's `Deposit` and `Withdraw`.
interface ICoverVaultEvents is ICoverVaultTypes {
    /// @notice The vault underwrote `face` NOCLAIM of a series (its expiry is the market's), selling as much CLAIM
    /// for `premium`.
    /// @param protocolFace the protocol's NOCLAIM face held afterwards
    /// @param lowMark net assets at the low mark before the sale, on which the cap was checked
    event Underwritten(
        uint32 indexed protocolId, bytes32 indexed seriesId, uint256 face, uint256 premium, uint256 protocolFace, uint256 lowMark
    );

    /// @notice A settled series was redeemed back to idle collateral and its position closed.
    /// @param payout the series' CLAIM payout as a WAD (NOCLAIM redeemed at 1 - payout)
    /// @param cost the position's remaining cost basis (proceeds - cost is the realised result)
    event Harvested(
        uint32 indexed protocolId, bytes32 indexed seriesId, uint256 noclaim, uint256 proceeds, uint256 payout, uint256 cost
    );

    /// @notice `owner` took its share of everything the vault holds, as tokens, to `receiver`: `collateral` of the
    /// idle collateral and part of `positions` positions. Which ones and how much: the NOCLAIM `Transfer` events
    /// from the vault to `receiver` in the same transaction (NOCLAIM leaves the vault only by an in-kind exit or a
    /// harvest's burn), and `redeemInKind`'s return values.
    event RedeemedInKind(
        address indexed owner, address indexed receiver, uint256 shares, uint256 collateral, uint256 positions
    );

    /// @notice `owner` asked a cash exit of `shares`, now worth `assets` at the low mark; its whole request
    /// (`totalShares`, worth at most `totalAssets`) may be paid from `maturesAt` while the gate is open.
    event RedeemRequested(
        address indexed owner, uint256 shares, uint256 assets, uint256 totalShares, uint256 totalAssets, uint256 maturesAt
    );

    /// @notice `owner` took back the `shares` of its cash exit request.
    event RedeemRequestCancelled(address indexed owner, uint256 shares);

    /// @notice The curator lowered a protocol's cap.
    event CapLowered(uint32 indexed protocolId, uint256 cap, uint256 newCap);

    /// @notice The curator stopped new underwriting of a protocol (for good).
    event UnderwritingStopped(uint32 indexed protocolId);
}
