// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarket} from "../../interfaces/ICoverMarket.sol";
import {ICoverMarketTypes} from "../../interfaces/ICoverMarketTypes.sol";
import {ICoverPeriphery} from "../../interfaces/ICoverPeriphery.sol";
import {SeriesLib} from "../../libraries/SeriesLib.sol";
import {PoolAddress} from "../libraries/PoolAddress.sol";

/// @title A series' tokens and the addresses of its pools at one fee tier
/// @notice Shared by the router, the pool deployer, the quoter and the risk oracle: everything derives from the
/// market's view of the series and two CREATE2 rules (the market's for cover tokens, the factory's for pools);
/// nothing is stored.
abstract contract SeriesPools is ICoverPeriphery {
    /// @dev The cover market.
    ICoverMarket internal immutable _market;
    /// @dev The Uniswap v3 factory.
    address internal immutable _factory;
    /// @dev The fee tier of the series' pools, in hundredths of a basis point.
    uint24 internal immutable _fee;
    /// @dev The market's cover token implementation, which every cover token clones.
    address private immutable _tokenImplementation;

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
        _tokenImplementation = market_.tokenImplementation();
    }

    /// @inheritdoc ICoverPeriphery
    function market() external view override returns (ICoverMarket) {
        return _market;
    }

    /// @inheritdoc ICoverPeriphery
    function factory() external view override returns (address) {
        return _factory;
    }

    /// @inheritdoc ICoverPeriphery
    function fee() external view override returns (uint24) {
        return _fee;
    }

    /// @dev The series' tokens, from one call to the market; reverts with its CoverUnknownSeries if it does not exist.
    function _seriesTokens(bytes32 seriesId) internal view returns (SeriesTokens memory t) {
        ICoverMarketTypes.Series memory s = _market.series(seriesId);
        (t.claim, t.noclaim) = SeriesLib.tokens(address(_market), _tokenImplementation, seriesId, s.decimals);
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
