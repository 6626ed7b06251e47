// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {ICoverMarketTypes} from "./ICoverMarketTypes.sol";

/// @title A CLAIM or NOCLAIM token of one series
/// @notice An ERC20 with EIP-2612 permit, deployed by the market as a clone. Its name and symbol are
/// derived when read: "<protocol> <CLAIM|NOCLAIM> <YYYY-MM-DD> <collateral>" and
/// "<CLAIM|NOCLAIM>-<ticker>-<YYYY-MM-DD>-<collateral>". Its EIP-712 domain is what `eip712Domain()`
/// returns (the name there is the implementation's, the same for every clone): sign permits with that.
interface ICoverToken is IERC20Metadata, IERC20Permit, IERC5267 {
    /// @notice Only the market may mint or burn.
    error CoverTokenUnauthorized(address caller);

    /// @notice The market that alone mints and burns this token.
    function market() external view returns (address);

    /// @notice The series this token belongs to.
    function seriesId() external view returns (bytes32);

    /// @notice Which side of the series this token is.
    function side() external view returns (ICoverMarketTypes.Side);

    /// @notice Mints `amount` to `to`; only the market.
    function mint(address to, uint256 amount) external;

    /// @notice Burns `amount` from `from`; only the market, only for `from`'s own merge or redemption.
    function burn(address from, uint256 amount) external;
}
