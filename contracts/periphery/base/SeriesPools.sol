// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarket} from "../../interfaces/ICoverMarket.sol";
import {ICoverMarketTypes} from "../../interfaces/ICoverMarketTypes.sol";
import {PoolAddress} from "../libraries/PoolAddress.sol";

/// @title A series' tokens and the addresses of its pools at one fee tier
/// @notice Shared by the router, the pool deployer and the lens: everything derives from the market's view of
/// the series and the factory's CREATE2 rule, nothing is stored.
abstract contract SeriesPools {
    /// @dev The cover market.
    ICoverMarket internal immutable _market;
    /// @dev The Uniswap v3 factory.
    address internal immutable _factory;
    /// @dev The fee tier of the series' pools, in hundredths of a basis point.
    uint24 internal immutable _fee;

    /// @dev What the periphery needs to know of a series, read from the market once per call.
    struct SeriesTokens {
        address collateral; // the collateral, paired with each cover token in its pool
        address claim; // the CLAIM token
        address noclaim; // the NOCLAIM token
        uint40 expiry; // the series' expiry, Unix seconds
        uint32 protocolId; // the covered protocol
        uint8 decimals; // the collateral's decimals, shared by the cover tokens
    }

    constructor(ICoverMarket market_, address factory_, uint24 fee_) {
        _market = market_;
        _factory = factory_;
        _fee = fee_;
    }

    /// @dev The series' tokens; reverts with the market's CoverUnknownSeries if it does not exist.
    function _seriesTokens(bytes32 seriesId) internal view returns (SeriesTokens memory t) {
        ICoverMarketTypes.Series memory s = _market.series(seriesId);
        (t.claim, t.noclaim) = _market.seriesTokens(seriesId, s.decimals);
        t.collateral = s.collateral;
        t.expiry = s.expiry;
        t.protocolId = s.protocolId;
        t.decimals = s.decimals;
    }

    /// @dev The token of `side`.
    function _sideToken(SeriesTokens memory t, ICoverMarketTypes.Side side) internal pure returns (address) {
        return side == ICoverMarketTypes.Side.Claim ? t.claim : t.noclaim;
    }

    /// @dev The token of the side opposite to `side`.
    function _otherToken(SeriesTokens memory t, ICoverMarketTypes.Side side) internal pure returns (address) {
        return side == ICoverMarketTypes.Side.Claim ? t.noclaim : t.claim;
    }

    /// @dev The pool of two tokens at this fee tier, created or not.
    function _pool(address tokenA, address tokenB) internal view returns (address) {
        return PoolAddress.compute(_factory, tokenA, tokenB, _fee);
    }
}
