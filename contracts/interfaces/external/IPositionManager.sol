// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC721Enumerable} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Enumerable.sol";

/// @title The part of Uniswap v3's NonfungiblePositionManager (v3-periphery 1.x) that Cover Market uses
/// @notice Written for 0.8 because the periphery's own interface imports OpenZeppelin 3.x paths. Signatures
/// and struct layouts are those of the deployed contract; see its documentation for the full behaviour.
interface IPositionManager is IERC721Enumerable {
    struct MintParams {
        address token0;
        address token1;
        uint24 fee;
        int24 tickLower;
        int24 tickUpper;
        uint256 amount0Desired;
        uint256 amount1Desired;
        uint256 amount0Min;
        uint256 amount1Min;
        address recipient;
        uint256 deadline;
    }

    struct IncreaseLiquidityParams {
        uint256 tokenId;
        uint256 amount0Desired;
        uint256 amount1Desired;
        uint256 amount0Min;
        uint256 amount1Min;
        uint256 deadline;
    }

    struct DecreaseLiquidityParams {
        uint256 tokenId;
        uint128 liquidity;
        uint256 amount0Min;
        uint256 amount1Min;
        uint256 deadline;
    }

    struct CollectParams {
        uint256 tokenId;
        address recipient;
        uint128 amount0Max;
        uint128 amount1Max;
    }

    /// @notice A position: its pool (token0, token1, fee), range, liquidity, the fee growth inside its range
    /// when last touched (Q128.128) and the tokens owed to it (fees, and principal once decreased).
    function positions(uint256 tokenId)
        external
        view
        returns (
            uint96 nonce,
            address operator,
            address token0,
            address token1,
            uint24 fee,
            int24 tickLower,
            int24 tickUpper,
            uint128 liquidity,
            uint256 feeGrowthInside0LastX128,
            uint256 feeGrowthInside1LastX128,
            uint128 tokensOwed0,
            uint128 tokensOwed1
        );

    /// @notice Mints a position NFT to `recipient`, pulling the tokens from the caller.
    function mint(MintParams calldata params)
        external
        payable
        returns (uint256 tokenId, uint128 liquidity, uint256 amount0, uint256 amount1);

    /// @notice Adds liquidity to an existing position, pulling the tokens from the caller.
    function increaseLiquidity(IncreaseLiquidityParams calldata params)
        external
        payable
        returns (uint128 liquidity, uint256 amount0, uint256 amount1);

    /// @notice Removes liquidity and credits the tokens to the position; only its owner or an approved address.
    function decreaseLiquidity(DecreaseLiquidityParams calldata params)
        external
        payable
        returns (uint256 amount0, uint256 amount1);

    /// @notice Sends up to the maximum amounts owed to the position (principal withdrawn and fees) to `recipient`.
    function collect(CollectParams calldata params) external payable returns (uint256 amount0, uint256 amount1);

    /// @notice Burns an empty position's NFT.
    function burn(uint256 tokenId) external payable;

    /// @notice EIP-4494-style approval of `spender` for `tokenId` by the owner's signature.
    function permit(address spender, uint256 tokenId, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        payable;

    /// @notice The Uniswap v3 factory the manager works with.
    function factory() external view returns (address);

    /// @notice Creates the pool of (token0, token1, fee) if it does not exist and initialises it at
    /// `sqrtPriceX96` (a Q64.96) if it has no price yet; returns the pool either way.
    function createAndInitializePoolIfNecessary(address token0, address token1, uint24 fee, uint160 sqrtPriceX96)
        external
        payable
        returns (address pool);
}
