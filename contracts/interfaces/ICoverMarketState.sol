// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarketTypes} from "./ICoverMarketTypes.sol";

/// @title What the cover market answers about its state
interface ICoverMarketState is ICoverMarketTypes {
    /// @notice The number of protocols registered; ids run from 1 to this.
    function protocolCount() external view returns (uint32);

    /// @notice A registered protocol (reverts `CoverUnknownProtocol` otherwise).
    function protocol(uint32 protocolId) external view returns (Protocol memory);

    /// @notice An incident of a protocol, by its index (0-based, in report order).
    function incident(uint32 protocolId, uint256 incidentIndex) external view returns (Incident memory);

    /// @notice A series (reverts `CoverUnknownSeries` if it does not exist).
    function series(bytes32 seriesId) external view returns (Series memory);

    /// @notice A claim filed in the market (reverts `CoverUnknownClaim` otherwise).
    function claim(uint64 claimId) external view returns (Claim memory);

    /// @notice The claim bucket of a protocol and calendar expiry.
    function claimBucket(uint32 protocolId, uint256 expiry) external view returns (ClaimBucket memory);

    /// @notice The id of the series (protocol, collateral, expiry), whether it exists or not.
    function seriesIdOf(uint32 protocolId, address collateral, uint256 expiry) external pure returns (bytes32);

    /// @notice The CLAIM and NOCLAIM addresses of a series (reverts `CoverUnknownSeries` if it does not exist).
    /// Before a series exists its addresses follow from its parameters and its collateral's decimals alone:
    /// see SeriesLib.tokens.
    function seriesTokens(bytes32 seriesId) external view returns (address claimToken, address noclaimToken);

    /// @notice The series' settlement as it stands at this block, recorded or not.
    function seriesStatus(bytes32 seriesId) external view returns (SeriesStatus memory);

    /// @notice The implementation every cover token clone delegates to.
    function tokenImplementation() external view returns (address);
}
