// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverVault} from "./ICoverVault.sol";
import {ICoverVaultErrors} from "./ICoverVaultErrors.sol";

/// @title Creates cover vaults, permissionlessly, each with its book fixed at creation
/// @notice A book is refused (with the vault's `CoverVault*` errors) if a cap is zero or above 50%, a protocol
/// is unknown or repeated, the tenor rule is out of range, the notice is shorter than the TWAP window plus the
/// longest claim window of the book, or the book could hold more positions at once than a vault may.
interface ICoverVaultFactory is ICoverVaultErrors {
    /// @notice A vault was created.
    /// @param protocolIds the book's protocols, with their caps and rate floors (WADs)
    event VaultCreated(
        address indexed vault,
        address indexed collateral,
        address indexed creator,
        address curator,
        string name,
        string symbol,
        uint32[] protocolIds,
        uint64[] caps,
        uint64[] minRates,
        uint256 tenorWeeks,
        uint256 noticePeriod
    );

    /// @notice Creates a vault with `params` (see ICoverVaultTypes.VaultParams).
    function createVault(VaultParams calldata params) external returns (ICoverVault vault);

    /// @notice Whether `vault` was created by this factory.
    function isVault(address vault) external view returns (bool);

    /// @notice The number of vaults created, and one of them by index.
    function vaultCount() external view returns (uint256);
    function vaultAt(uint256 index) external view returns (address);
}
