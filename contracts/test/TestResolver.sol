// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarket} from "../interfaces/ICoverMarket.sol";

/// @title A resolver the tests control: it registers its protocol on deployment and forwards its
/// controller's claim and incident reports to the market.
contract TestResolver {
    error TestResolverNotController(address caller);

    ICoverMarket public immutable market;
    uint32 public immutable protocolId;
    address public immutable controller;

    constructor(ICoverMarket market_, string memory name, string memory ticker, string memory uri, uint256 window) {
        market = market_;
        controller = msg.sender;
        protocolId = market_.registerProtocol(name, ticker, uri, window);
    }

    modifier onlyController() {
        if (msg.sender != controller) revert TestResolverNotController(msg.sender);
        _;
    }

    function fileClaim(uint256 incidentTime) external onlyController returns (uint64) {
        return market.fileClaim(protocolId, incidentTime);
    }

    function decideClaim(uint64 claimId, bool accepted, uint256 payout) external onlyController {
        market.decideClaim(claimId, accepted, payout);
    }

    function reportIncident(uint256 incidentTime, uint256 payout) external onlyController returns (uint256) {
        return market.reportIncident(protocolId, incidentTime, payout);
    }

    /// @dev Lets tests call the market as this resolver for another protocol (to check refusals).
    function fileClaimFor(uint32 otherProtocolId, uint256 incidentTime) external onlyController returns (uint64) {
        return market.fileClaim(otherProtocolId, incidentTime);
    }
}
