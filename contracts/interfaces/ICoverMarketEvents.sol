// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarketTypes} from "./ICoverMarketTypes.sol";

/// @title Events of the cover market
/// @notice Each carries what an indexer needs, so that indexing never needs a call to the chain.
interface ICoverMarketEvents is ICoverMarketTypes {
    /// @notice A resolver registered a covered protocol.
    event ProtocolRegistered(
        uint32 indexed protocolId,
        address indexed resolver,
        string name,
        string ticker,
        string metadataURI,
        uint256 claimWindow,
        uint256 registeredAt
    );

    /// @notice A series was created with its two tokens.
    /// @param collateralSymbol the collateral's symbol as read at creation ("" if it has none)
    event SeriesCreated(
        bytes32 indexed seriesId,
        uint32 indexed protocolId,
        address indexed collateral,
        uint256 expiry,
        uint256 createdAt,
        address claimToken,
        address noclaimToken,
        uint8 decimals,
        string collateralSymbol,
        address creator
    );

    /// @notice `amount` collateral was locked for `amount` CLAIM and `amount` NOCLAIM.
    event Minted(bytes32 indexed seriesId, address indexed sender, address claimTo, address noclaimTo, uint256 amount);

    /// @notice `amount` CLAIM and `amount` NOCLAIM were burnt for `amount` collateral.
    event Merged(bytes32 indexed seriesId, address indexed sender, address to, uint256 amount);

    /// @notice Cover tokens were redeemed for collateral after settlement.
    /// @param collateralOut the collateral paid to `to`, rounded down
    event Redeemed(
        bytes32 indexed seriesId,
        address indexed sender,
        address to,
        uint256 claimAmount,
        uint256 noclaimAmount,
        uint256 collateralOut
    );

    /// @notice A series' settlement was written to storage (it held already, as a function of incidents and time).
    /// @param payout CLAIM payout per token as a WAD fraction
    /// @param incidentIndex the applying incident's index in its protocol, if `state` is ByIncident
    event SeriesSettled(bytes32 indexed seriesId, SettlementState state, uint256 payout, uint256 incidentIndex);

    /// @notice A claim was filed through the protocol's resolver.
    /// @param bucket the earliest calendar expiry whose series the claim can apply to
    /// @param deadline the claim must be decided before this time, Unix seconds
    event ClaimFiled(
        uint64 indexed claimId,
        uint32 indexed protocolId,
        uint256 incidentTime,
        uint256 filedAt,
        uint256 bucket,
        uint256 deadline
    );

    /// @notice A claim was decided: accepted (an incident follows) or denied.
    event ClaimDecided(uint64 indexed claimId, uint32 indexed protocolId, bool accepted, uint256 payout);

    /// @notice An incident was reported; it applies to every series whose coverage window holds
    /// `incidentTime` and whose expiry + W lies after `filedAt`, unless an earlier incident applied first.
    event IncidentReported(
        uint32 indexed protocolId,
        uint256 indexed incidentIndex,
        uint64 claimId,
        uint256 incidentTime,
        uint256 filedAt,
        uint256 payout
    );

    /// @notice New mints and new series are paused until `until`.
    event PauseSet(address indexed guardian, uint256 until);
}
