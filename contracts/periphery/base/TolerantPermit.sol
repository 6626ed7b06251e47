// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ICoverRouterPermit} from "../../interfaces/ICoverRouterPermit.sol";
import {ICoverPeripheryErrors} from "../../interfaces/ICoverPeripheryErrors.sol";
import {IPositionManager} from "../../interfaces/external/IPositionManager.sol";

/// @title Permits that a front-runner cannot turn into a failed transaction
/// @notice Each permit is tried; if it reverts (used already, or otherwise invalid) the call still succeeds
/// when the allowance or approval it was meant to give is in place, and reverts with the reason otherwise.
abstract contract TolerantPermit is ICoverRouterPermit, ICoverPeripheryErrors {
    /// @dev The position manager whose NFTs `selfPermitPosition` approves.
    function _positionManagerForPermit() internal view virtual returns (IPositionManager);

    /// @inheritdoc ICoverRouterPermit
    function selfPermit(address token, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        override
    {
        try IERC20Permit(token).permit(msg.sender, address(this), value, deadline, v, r, s) {}
        catch {
            uint256 allowance = IERC20(token).allowance(msg.sender, address(this));
            if (allowance < value) revert CoverPeripheryPermitFailed(token, allowance, value);
        }
    }

    /// @inheritdoc ICoverRouterPermit
    function selfPermitPosition(uint256 tokenId, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external override {
        IPositionManager manager = _positionManagerForPermit();
        try manager.permit(address(this), tokenId, deadline, v, r, s) {}
        catch {
            if (!_routerApprovedFor(manager, tokenId)) revert CoverPeripheryPositionPermitFailed(tokenId);
        }
    }

    /// @dev Whether this contract may manage position `tokenId`.
    function _routerApprovedFor(IPositionManager manager, uint256 tokenId) internal view returns (bool) {
        return manager.getApproved(tokenId) == address(this)
            || manager.isApprovedForAll(manager.ownerOf(tokenId), address(this));
    }
}
