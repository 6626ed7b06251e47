// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarket} from "./ICoverMarket.sol";

/// @title What every periphery contract is built on: the market, and the Uniswap v3 pools of one fee tier
/// @notice CoverPools creates the pools of each series at this fee tier, CoverRouter trades in them, CoverQuoter
/// quotes the router's trades in them and CoverRiskOracle reads their prices: all four are deployed with the
/// same three values, which never change.
interface ICoverPeriphery {
    /// @notice The cover market whose series' pools this contract works with.
    function market() external view returns (ICoverMarket);

    /// @notice The Uniswap v3 factory of those pools.
    function factory() external view returns (address);

    /// @notice The fee tier of those pools, in hundredths of a basis point.
    function fee() external view returns (uint24);
}
