// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarket} from "../interfaces/ICoverMarket.sol";
import {ICoverRouter} from "../interfaces/ICoverRouter.sol";
import {ICoverRiskReports} from "../interfaces/ICoverRiskReports.sol";
import {ICoverVault} from "../interfaces/ICoverVault.sol";
import {ICoverVaultFactory} from "../interfaces/ICoverVaultFactory.sol";
import {CoverVaultDeployer} from "./CoverVaultDeployer.sol";

/// @title Cover vault factory
/// @notice See ICoverVaultFactory. Vaults are deployed through a CoverVaultDeployer (their creation code does not
/// fit beside the factory's). The book is checked by the vault's constructor, so no vault exists with a
/// book the rules refuse, whoever deploys it; the factory is the registry tools and the subgraph follow.
contract CoverVaultFactory is ICoverVaultFactory {
    ICoverMarket private immutable _market;
    ICoverRouter private immutable _router;
    ICoverRiskReports private immutable _oracle;
    CoverVaultDeployer private immutable _deployer;

    address[] private _vaults;
    mapping(address vault => bool) private _isVault;

    constructor(ICoverMarket market_, ICoverRouter router_, ICoverRiskReports oracle_, CoverVaultDeployer deployer_) {
        _deployer = deployer_;
        _market = market_;
        _router = router_;
        _oracle = oracle_;
    }

    /// @inheritdoc ICoverVaultFactory
    function createVault(VaultParams calldata params) external override returns (ICoverVault vault) {
        vault = ICoverVault(_deployer.deploy(params, _market, _router, _oracle));
        _vaults.push(address(vault));
        _isVault[address(vault)] = true;
        uint256 n = params.protocols.length;
        uint32[] memory ids = new uint32[](n);
        uint64[] memory caps = new uint64[](n);
        uint64[] memory rates = new uint64[](n);
        for (uint256 i; i < n; ++i) {
            ids[i] = params.protocols[i].protocolId;
            caps[i] = params.protocols[i].cap;
            rates[i] = params.protocols[i].minRate;
        }
        emit VaultCreated(
            address(vault),
            params.collateral,
            msg.sender,
            params.curator,
            params.name,
            params.symbol,
            ids,
            caps,
            rates,
            params.tenorWeeks,
            params.noticePeriod
        );
    }

    /// @inheritdoc ICoverVaultFactory
    function isVault(address vault) external view override returns (bool) {
        return _isVault[vault];
    }

    /// @inheritdoc ICoverVaultFactory
    function vaultCount() external view override returns (uint256) {
        return _vaults.length;
    }

    /// @inheritdoc ICoverVaultFactory
    function vaultAt(uint256 index) external view override returns (address) {
        return _vaults[index];
    }
}
