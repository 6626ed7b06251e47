// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";

import {ICoverMarket} from "./ICoverMarket.sol";
import {ICoverRouter} from "./ICoverRouter.sol";
import {ICoverRiskReports} from "./ICoverRiskReports.sol";
import {ICoverVaultErrors} from "./ICoverVaultErrors.sol";
import {ICoverVaultEvents} from "./ICoverVaultEvents.sol";

/// @title An underwriting vault: an ERC-4626 on one collateral that writes a fixed book of cover
/// @notice Depositors share idle collateral and NOCLAIM positions. Everything is read from the vault's own
/// ledger, never from balanceOf, so tokens sent to it change nothing. Two marks value it:
/// - the high mark counts live NOCLAIM at face and settled NOCLAIM at its redemption value; deposits enter at it;
/// - the low mark counts live NOCLAIM at min(1, guarded NOCLAIM TWAP, 1 - guarded CLAIM TWAP), or, without a
///   guarded TWAP, at min(cost basis, 1 - spot CLAIM); cash exits leave at it and `totalAssets()` reports it.
/// Both round for the vault. `redeemInKind` is always open. Cash exits are asynchronous (ERC-7540 style, one
/// request per owner): requested shares stay in the vault and exposed for the notice period, then are paid at
/// the lower of the low marks at request and at payment, while the gate is open (no claim pending on the book,
/// no applied incident on a held series waiting for its harvest, every live position priced by a guarded TWAP)
/// and idle collateral covers them. Deposits follow the same gate (all but the price condition).
/// `previewRedeem` and `previewWithdraw` revert (`CoverVaultAsyncExit`), as ERC-7540 asks of async exits;
/// `maxRedeem`/`maxWithdraw` count only a matured request that can be paid now.
interface ICoverVault is IERC4626, ICoverVaultErrors, ICoverVaultEvents {
    // ------------------------------------------------------------ writing cover

    /// @notice Writes cover of `protocolId`: mints pairs of its tenor series from idle collateral and sells the
    /// CLAIM through the router, keeping the NOCLAIM. Anyone may call it. The amount is the most the guards
    /// allow: idle collateral; exposure (NOCLAIM face x maximum payout, taken as 1) within cap x net assets at
    /// the low mark after the sale; at most windowFraction x cap x net assets per TWAP window. Refused while the
    /// protocol has a claim pending, without a guarded TWAP, with a pool's spot price off its TWAP by more than
    /// the tolerance, or with the CLAIM price below the rate floor; the sale's premium must reach both the rate
    /// floor and the spot price less the impact bound (the router refuses it otherwise, with
    /// `CoverRouterInsufficientOutput`). A refused call leaves the vault as it was.
    /// @return seriesId the tenor series written
    /// @return face the NOCLAIM face written (and CLAIM sold)
    /// @return premium the CLAIM sale's proceeds
    function underwrite(uint32 protocolId) external returns (bytes32 seriesId, uint256 face, uint256 premium);

    /// @notice Redeems the vault's NOCLAIM of a settled series back to idle collateral and closes the position.
    /// Anyone may call it. Reverts `CoverVaultNotSettled` while the series is open.
    /// @return proceeds the collateral the redemption paid
    function harvest(bytes32 seriesId) external returns (uint256 proceeds);

    // ------------------------------------------------------------ exits

    /// @notice Burns `shares` of the caller and sends `receiver` their share of the idle collateral and of every
    /// position, as tokens: each amount is holding x shares / (supply + virtual shares), rounded down; zero
    /// amounts are skipped. Needs no price and is never shut.
    /// @return collateral the idle collateral sent
    /// @return seriesIds the positions sent a part of
    /// @return noclaim the NOCLAIM sent of each
    function redeemInKind(uint256 shares, address receiver)
        external
        returns (uint256 collateral, bytes32[] memory seriesIds, uint256[] memory noclaim);

    /// @notice Moves `shares` of the caller into its cash exit request, valued now at the low mark (rounded
    /// down). The notice runs again from now for the whole request.
    /// @return maturesAt when the request may be paid
    function requestRedeem(uint256 shares) external returns (uint256 maturesAt);

    /// @notice Gives the caller back the shares of its request. Always open.
    function cancelRedeemRequest() external returns (uint256 shares);

    // ------------------------------------------------------------ curator

    /// @notice Lowers a protocol's cap (curator only); raising is impossible.
    function lowerCap(uint32 protocolId, uint64 newCap) external;

    /// @notice Stops new underwriting of a protocol for good (curator only); held positions run to harvest.
    function stopUnderwriting(uint32 protocolId) external;

    // ------------------------------------------------------------ views

    /// @notice The market, router and risk oracle the vault uses.
    function market() external view returns (ICoverMarket);
    function router() external view returns (ICoverRouter);
    function riskOracle() external view returns (ICoverRiskReports);

    /// @notice The curator (zero: none).
    function curator() external view returns (address);

    /// @notice The book's protocols and their terms as they stand.
    function book() external view returns (BookEntry[] memory);

    /// @notice The tenor rule's N, the notice period (seconds), the TWAP window (seconds) and the guards (WADs).
    function terms()
        external
        view
        returns (
            uint256 tenorWeeks,
            uint256 noticePeriod,
            uint256 twapWindow,
            uint256 spotTolerance,
            uint256 windowFraction,
            uint256 maxImpact
        );

    /// @notice The expiry the vault writes at `time`: the last Friday of a month at least N weeks after it.
    function tenorExpiry(uint256 time) external view returns (uint256);

    /// @notice Idle collateral, by the ledger.
    function idle() external view returns (uint256);

    /// @notice The positions held, in list order.
    function positions() external view returns (bytes32[] memory seriesIds, Position[] memory held);

    /// @notice Net assets at the high mark (the deposit price) and at the low mark (the cash-exit price, also
    /// `totalAssets()`), and whether every live position has a guarded TWAP.
    function marks() external view returns (uint256 high, uint256 low, bool priced);

    /// @notice Whether deposits (`forCash` false) or cash exits (`forCash` true) are open now, and if not why.
    function gate(bool forCash) external view returns (Gate reason, bytes32 subject);

    /// @notice An owner's cash exit request and when it matures.
    function redeemRequest(address owner) external view returns (RedeemRequest memory request, uint256 maturesAt);

    /// @notice Most positions a vault holds at once.
    function MAX_POSITIONS() external view returns (uint256);
}
