// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICoverMarketTypes} from "./ICoverMarketTypes.sol";
import {ICoverPeriphery} from "./ICoverPeriphery.sol";
import {ICoverRiskOracle} from "./ICoverRiskOracle.sol";

/// @title The risk oracle's readings for people and tools: spot risk, flags, and reports of many series at once
/// @notice `twapRisk` (ICoverRiskOracle) is the reading meant for on-chain consumers; `spotRisk` reads slot0 and
/// is for display only, since spot prices can be moved within a block.
interface ICoverRiskReports is ICoverRiskOracle, ICoverPeriphery, ICoverMarketTypes {
    /// @notice Settlement and claim flags of a series.
    struct SeriesFlags {
        SettlementState state; // Open, ByIncident or ByTime, as it stands now (recorded or not)
        uint256 payout; // CLAIM payout as a WAD once settled
        uint256 finalAt; // see ICoverMarketTypes.SeriesStatus
        bool claimPending; // an undecided claim that may apply to the series has its deadline ahead
        bool incidentApplied; // an incident applies to the series (its payout is fixed)
    }

    /// @notice Everything a risk table shows for one series.
    struct SeriesReport {
        bytes32 seriesId;
        SeriesFlags flags;
        RiskReading spot;
        RiskReading twap;
    }

    /// @notice A TWAP window of zero seconds was asked for.
    error CoverRiskOracleInvalidWindow();

    /// @notice The implied risk from the pools' current prices (slot0), unguarded, with the price's age.
    function spotRisk(bytes32 seriesId) external view returns (RiskReading memory);

    /// @notice Settlement, claim-pending and incident flags of a series.
    function seriesFlags(bytes32 seriesId) external view returns (SeriesFlags memory);

    /// @notice Flags, spot and TWAP risk (default guards) of each series.
    function seriesReports(bytes32[] calldata seriesIds) external view returns (SeriesReport[] memory reports);
}
