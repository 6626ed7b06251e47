// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title Prices of a cover token in its collateral, whatever the token order inside Uniswap
/// @notice A pool's sqrtPriceX96 is sqrt(token1 / token0) as a Q64.96 in raw units. A cover token has its
/// collateral's decimals, so raw and human prices agree, and a price is a WAD fraction (1e18 = 1 collateral).
/// scripts/lib/pricing.ts mirrors these functions exactly.
library PriceMath {
    /// @dev 1.0 as a WAD.
    uint256 internal constant WAD = 1e18;
    uint256 private constant Q192 = 1 << 192;
    uint256 private constant Q128 = 1 << 128;

    /// @notice The price of `base` in the pool's other token, as a WAD, rounded down.
    /// @param baseIsToken0 whether `base` is the pool's token0
    function priceWad(uint160 sqrtPriceX96, bool baseIsToken0) internal pure returns (uint256) {
        if (sqrtPriceX96 == 0) return 0;
        // Square in full precision when it fits in 256 bits, else drop 64 bits first (still >= 64 bits left).
        if (sqrtPriceX96 <= type(uint128).max) {
            uint256 ratioX192 = uint256(sqrtPriceX96) * sqrtPriceX96;
            return baseIsToken0 ? Math.mulDiv(ratioX192, WAD, Q192) : Math.mulDiv(Q192, WAD, ratioX192);
        }
        uint256 ratioX128 = Math.mulDiv(sqrtPriceX96, sqrtPriceX96, 1 << 64);
        return baseIsToken0 ? Math.mulDiv(ratioX128, WAD, Q128) : Math.mulDiv(Q128, WAD, ratioX128);
    }

    /// @notice The sqrtPriceX96 at which `base` costs `price` (a WAD in (0, 1e18]) of the other token, rounded down.
    /// @dev price << 192 stays below 2^252 for price <= 1e18 < 2^60, so neither division overflows.
    function sqrtPriceX96For(uint256 price, bool baseIsToken0) internal pure returns (uint160) {
        uint256 ratioX192 = baseIsToken0 ? (price << 192) / WAD : (WAD << 192) / price;
        return uint160(Math.sqrt(ratioX192));
    }

    /// @notice pClaim / (pClaim + pNoclaim) as a WAD, rounded down; 0 when both prices are 0.
    function impliedRisk(uint256 claimPrice, uint256 noclaimPrice) internal pure returns (uint256) {
        uint256 sum = claimPrice + noclaimPrice;
        return sum == 0 ? 0 : Math.mulDiv(claimPrice, WAD, sum);
    }
}
