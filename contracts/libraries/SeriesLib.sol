// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ICoverMarketTypes} from "../interfaces/ICoverMarketTypes.sol";

/// @title A series' id and its cover tokens' addresses, from its parameters alone
/// @notice The one definition of both, shared by the market (which creates the tokens) and the periphery (which
/// finds them without asking the market): a series' id is the hash of (protocol, collateral, expiry); its CLAIM
/// and NOCLAIM tokens are clones of the market's token implementation at CREATE2 addresses, salted by the id,
/// whose immutable arguments are abi.encodePacked(seriesId, uint8 side, uint8 decimals). Anyone can compute
/// both before the series exists; only the market can deploy there.
library SeriesLib {
    /// @notice keccak256(abi.encode(protocolId, collateral, expiry)).
    function id(uint32 protocolId, address collateral, uint256 expiry) internal pure returns (bytes32) {
        return keccak256(abi.encode(protocolId, collateral, expiry));
    }

    /// @notice The immutable arguments of the series' token of `side`.
    /// @param decimals the collateral's decimals, shared by the cover tokens
    function tokenArgs(bytes32 seriesId, ICoverMarketTypes.Side side, uint8 decimals) internal pure returns (bytes memory) {
        return abi.encodePacked(seriesId, uint8(side), decimals);
    }

    /// @notice The CLAIM and NOCLAIM addresses of a series of `market`, whose token implementation is `implementation`.
    function tokens(address market, address implementation, bytes32 seriesId, uint8 decimals)
        internal
        pure
        returns (address claimToken, address noclaimToken)
    {
        claimToken = Clones.predictDeterministicAddressWithImmutableArgs(
            implementation, tokenArgs(seriesId, ICoverMarketTypes.Side.Claim, decimals), seriesId, market
        );
        noclaimToken = Clones.predictDeterministicAddressWithImmutableArgs(
            implementation, tokenArgs(seriesId, ICoverMarketTypes.Side.Noclaim, decimals), seriesId, market
        );
    }
}
