// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Square-root prices of Uniswap v3 ticks
/// @notice A tick t stands for the price 1.0001^t of token0 in token1; pools keep sqrt(price) as a Q64.96.
/// This computes sqrt(1.0001^t) * 2^96 with the same rounding as the pools, so that amounts derived from
/// it match theirs to the wei.
library TickMath {
    /// @notice The tick out of the range the pools accept.
    error TickMathTickOutOfRange(int24 tick);

    /// @dev log base 1.0001 of 2^-128, rounded towards zero: the lowest tick a pool accepts.
    int24 internal constant MIN_TICK = -887272;
    /// @dev The highest tick a pool accepts.
    int24 internal constant MAX_TICK = 887272;
    /// @dev sqrtPriceAtTick(MIN_TICK), as a Q64.96.
    uint160 internal constant MIN_SQRT_PRICE = 4295128739;
    /// @dev sqrtPriceAtTick(MAX_TICK), as a Q64.96.
    uint160 internal constant MAX_SQRT_PRICE = 1461446703485210103287273052203988822378723970342;

    /// @notice sqrt(1.0001^tick) * 2^96, rounded up as the pools round it.
    /// @dev Works on |tick| bit by bit: for each set bit i it multiplies by 1 / sqrt(1.0001^(2^i)) kept as a
    /// Q128.128 constant, giving sqrt(1.0001^-|tick|); a positive tick takes the reciprocal. The Q128.128
    /// result is then brought to Q64.96 rounding up.
    function sqrtPriceAtTick(int24 tick) internal pure returns (uint160) {
        int256 t = tick;
        uint256 absTick = t < 0 ? uint256(-t) : uint256(t);
        if (absTick > uint256(int256(MAX_TICK))) revert TickMathTickOutOfRange(tick);
        unchecked {
            // Every factor is below 2^128 and the running value stays at most 2^128, so no product overflows.
            uint256 r = absTick & 0x1 != 0 ? 0xfffcb933bd6fad37aa2d162d1a594001 : 1 << 128;
            r = _step(r, absTick, 0x2, 0xfff97272373d413259a46990580e213a);
            r = _step(r, absTick, 0x4, 0xfff2e50f5f656932ef12357cf3c7fdcc);
            r = _step(r, absTick, 0x8, 0xffe5caca7e10e4e61c3624eaa0941cd0);
            r = _step(r, absTick, 0x10, 0xffcb9843d60f6159c9db58835c926644);
            r = _step(r, absTick, 0x20, 0xff973b41fa98c081472e6896dfb254c0);
            r = _step(r, absTick, 0x40, 0xff2ea16466c96a3843ec78b326b52861);
            r = _step(r, absTick, 0x80, 0xfe5dee046a99a2a811c461f1969c3053);
            r = _step(r, absTick, 0x100, 0xfcbe86c7900a88aedcffc83b479aa3a4);
            r = _step(r, absTick, 0x200, 0xf987a7253ac413176f2b074cf7815e54);
            r = _step(r, absTick, 0x400, 0xf3392b0822b70005940c7a398e4b70f3);
            r = _step(r, absTick, 0x800, 0xe7159475a2c29b7443b29c7fa6e889d9);
            r = _step(r, absTick, 0x1000, 0xd097f3bdfd2022b8845ad8f792aa5825);
            r = _step(r, absTick, 0x2000, 0xa9f746462d870fdf8a65dc1f90e061e5);
            r = _step(r, absTick, 0x4000, 0x70d869a156d2a1b890bb3df62baf32f7);
            r = _step(r, absTick, 0x8000, 0x31be135f97d08fd981231505542fcfa6);
            r = _step(r, absTick, 0x10000, 0x9aa508b5b7a84e1c677de54f3e99bc9);
            r = _step(r, absTick, 0x20000, 0x5d6af8dedb81196699c329225ee604);
            r = _step(r, absTick, 0x40000, 0x2216e584f5fa1ea926041bedfe98);
            r = _step(r, absTick, 0x80000, 0x48a170391f7dc42444e8fa2);
            if (t > 0) r = type(uint256).max / r;
            // Q128.128 -> Q64.96, rounding up; within 160 bits for every tick in range.
            return uint160((r >> 32) + (r & 0xffffffff == 0 ? 0 : 1));
        }
    }

    function _step(uint256 r, uint256 absTick, uint256 bit, uint256 factor) private pure returns (uint256) {
        unchecked {
            return absTick & bit != 0 ? (r * factor) >> 128 : r;
        }
    }
}
