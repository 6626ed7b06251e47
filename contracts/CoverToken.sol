// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ICoverToken} from "./interfaces/ICoverToken.sol";
import {ICoverMarket} from "./interfaces/ICoverMarket.sol";
import {ICoverMarketTypes} from "./interfaces/ICoverMarketTypes.sol";
import {Calendar} from "./libraries/Calendar.sol";
import {TokenMetadata} from "./libraries/TokenMetadata.sol";

/// @title CLAIM or NOCLAIM token of one series
/// @notice Deployed once by the market as the implementation of every cover token; each series' tokens
/// are clones whose immutable arguments are abi.encodePacked(seriesId, uint8 side, uint8 decimals).
contract CoverToken is ERC20Permit, ICoverToken {
    /// @dev The name of every clone's EIP-712 domain (clones share the implementation's immutables).
    string private constant DOMAIN_NAME = "Cover Market Token";

    /// @inheritdoc ICoverToken
    address public immutable override market;

    constructor() ERC20(DOMAIN_NAME, "COVER") ERC20Permit(DOMAIN_NAME) {
        market = msg.sender;
    }

    modifier onlyMarket() {
        if (msg.sender != market) revert CoverTokenUnauthorized(msg.sender);
        _;
    }

    /// @inheritdoc ICoverToken
    function mint(address to, uint256 amount) external override onlyMarket {
        _mint(to, amount);
    }

    /// @inheritdoc ICoverToken
    function burn(address from, uint256 amount) external override onlyMarket {
        _burn(from, amount);
    }

    /// @inheritdoc ICoverToken
    function seriesId() public view override returns (bytes32 id) {
        bytes memory args = Clones.fetchCloneArgs(address(this));
        assembly ("memory-safe") {
            id := mload(add(args, 32))
        }
    }

    /// @inheritdoc ICoverToken
    function side() public view override returns (ICoverMarketTypes.Side) {
        return ICoverMarketTypes.Side(uint8(Clones.fetchCloneArgs(address(this))[32]));
    }

    /// @inheritdoc IERC20Metadata
    function decimals() public view override(ERC20, IERC20Metadata) returns (uint8) {
        return uint8(Clones.fetchCloneArgs(address(this))[33]);
    }

    /// @inheritdoc IERC20Metadata
    function name() public view override(ERC20, IERC20Metadata) returns (string memory) {
        (string memory protocolName,, string memory date, string memory collateral) = _labels();
        return string.concat(protocolName, " ", _sideWord(), " ", date, " ", collateral);
    }

    /// @inheritdoc IERC20Metadata
    function symbol() public view override(ERC20, IERC20Metadata) returns (string memory) {
        (, string memory ticker, string memory date, string memory collateral) = _labels();
        return string.concat(_sideWord(), "-", ticker, "-", date, "-", collateral);
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(ERC20Permit, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }

    function _sideWord() private view returns (string memory) {
        return side() == ICoverMarketTypes.Side.Claim ? "CLAIM" : "NOCLAIM";
    }

    /// @dev The parts of the name, read from the market when asked (never stored in a clone).
    function _labels()
        private
        view
        returns (string memory protocolName, string memory ticker, string memory date, string memory collateral)
    {
        ICoverMarket m = ICoverMarket(market);
        ICoverMarketTypes.Series memory s = m.series(seriesId());
        ICoverMarketTypes.Protocol memory p = m.protocol(s.protocolId);
        return (p.name, p.ticker, Calendar.isoDate(s.expiry), TokenMetadata.symbolOf(s.collateral));
    }
}
