// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarket} from "../interfaces/ICoverMarket.sol";
import {ICoverRouter} from "../interfaces/ICoverRouter.sol";
import {ICoverRiskReports} from "../interfaces/ICoverRiskReports.sol";
import {ICoverVaultTypes} from "../interfaces/ICoverVaultTypes.sol";
import {CoverVault} from "./CoverVault.sol";

/// @title Holds the vault's creation code for the factory
/// @notice The vault's creation code (about 23 KB) and the factory's own do not fit in one contract under the
/// 24,576-byte limit, so the factory deploys vaults through this contract. Anyone may call it: a vault checks its
/// own book in its constructor, and only vaults created through the factory are in its registry.
contract CoverVaultDeployer {
    /// @notice Deploys a vault with `params` over the given market, router and risk oracle.
    function deploy(
        ICoverVaultTypes.VaultParams calldata params,
        ICoverMarket market_,
        ICoverRouter router_,
        ICoverRiskReports oracle_
    ) external returns (address) {
        return address(new CoverVault(params, market_, router_, oracle_));
    }
}
