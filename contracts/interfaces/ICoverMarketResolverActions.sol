// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title What resolvers call on the cover market
/// @notice A resolver only reports: it files claims, decides them and reports incidents. It never
/// holds collateral, and the core's rules decide which series an incident applies to.
interface ICoverMarketResolverActions {
    /// @notice Registers a covered protocol whose resolver is the caller. Called by the resolver contract
    /// itself, in the transaction that sets its own configuration. Nothing registered ever changes.
    /// @param name readable name, 1 to 64 bytes
    /// @param ticker 1 to 12 upper-case letters or digits, used in token symbols
    /// @param claimWindow W, in seconds: claims on a series may be filed until its expiry + W
    function registerProtocol(string calldata name, string calldata ticker, string calldata metadataURI, uint256 claimWindow)
        external
        returns (uint32 protocolId);

    /// @notice Tells the market that a claim was filed now for an incident at `incidentTime`. Until it is
    /// decided (or its deadline, filing + D, passes) it holds back NOCLAIM of the series it could apply to.
    /// Refused once the protocol has its maximum number of incidents, since it could never be accepted.
    /// @return claimId the market's id for the claim
    function fileClaim(uint32 protocolId, uint256 incidentTime) external returns (uint64 claimId);

    /// @notice Decides an open claim. Accepting reports an incident at the claim's incident time with the
    /// claim's filing time, and is refused from the claim's deadline on; denying is possible at any time.
    /// @param payout CLAIM payout per token as a WAD fraction in [0, 1e18]; ignored when denying
    function decideClaim(uint64 claimId, bool accepted, uint256 payout) external;

    /// @notice Reports an incident filed now (a parametric trigger): it applies to the series whose coverage
    /// window holds `incidentTime` and whose expiry + W lies after now.
    /// @param payout CLAIM payout per token as a WAD fraction in [0, 1e18]
    /// @return incidentIndex the incident's index in its protocol
    function reportIncident(uint32 protocolId, uint256 incidentTime, uint256 payout)
        external
        returns (uint256 incidentIndex);
}
