// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title The market-implied risk of a series, for on-chain consumers
/// @notice Risk is pClaim / (pClaim + pNoclaim) from the series' two Uniswap v3 pools, as a WAD. The TWAP is
/// guarded: it answers only when both pools have enough observation slots, history over the whole window
/// and enough harmonic-mean liquidity over it (not spot liquidity, which can be placed for one block), so
/// that a thin or fresh market says "no price" instead of a wrong one. A settled series answers its payout.
interface ICoverRiskOracle {
    /// @notice Why a reading has or has no price.
    enum PriceStatus {
        Ok, // a market price
        Settled, // the series is settled: `risk` is its CLAIM payout, exact
        NoPool, // a pool does not exist
        Uninitialized, // a pool exists but has no price
        LowCardinality, // a pool keeps fewer observations than required
        ShortHistory, // a pool's observations do not reach back over the window
        ThinLiquidity // a pool's harmonic-mean liquidity over the window is below the minimum
    }

    /// @notice A reading of a series' implied risk.
    struct RiskReading {
        PriceStatus status; // Ok and Settled carry a risk; the others carry none (zeros)
        uint256 risk; // pClaim / (pClaim + pNoclaim), or the settled payout, as a WAD
        uint256 claimPrice; // CLAIM price in collateral, as a WAD (TWAP: the geometric mean over the window)
        uint256 noclaimPrice; // NOCLAIM price in collateral, as a WAD
        uint256 age; // seconds since the staler pool's latest observation: its last tick-moving trade or in-range
        // liquidity change (when Settled: seconds since the settlement)
    }

    /// @notice The guards of a TWAP reading.
    struct TwapConfig {
        uint32 window; // seconds the TWAP averages over
        uint16 minCardinality; // observation slots each pool must have
        uint128 minLiquidityPerUnit; // harmonic-mean liquidity required, per whole unit (10^decimals) of collateral
    }

    /// @notice The TWAP risk under the oracle's default guards.
    function twapRisk(bytes32 seriesId) external view returns (RiskReading memory);

    /// @notice The TWAP risk under the caller's guards.
    function twapRiskWith(bytes32 seriesId, TwapConfig calldata config) external view returns (RiskReading memory);

    /// @notice The default guards.
    function defaultTwapConfig() external view returns (TwapConfig memory);
}
