/**
 * The contracts scripts and tests call, typed: typechain's types and factories (generated under types/ by
 * `hardhat build` from this project's sources and Uniswap's interfaces, hardhat.config.ts' npmFilesToBuild).
 * `X__factory.connect(address, runner)` binds a deployed contract; `new X__factory(signer).deploy(...)` deploys one.
 */
export type {
  AggregatorV3Interface, CommitteeResolver, CoverMarket, CoverPools, CoverQuoter, CoverRiskOracle, CoverRouter, CoverToken, IPositionManager,
  CoverVault, CoverVaultDeployer, CoverVaultFactory,
  IQuoterV2, ISwapRouter, IUniswapV3Factory, IUniswapV3Pool, MockAggregatorV3, ParametricResolver, TestERC20, TestResolver, WETH9,
} from "../../../types/ethers-contracts/index.js";
export {
  CommitteeResolver__factory, CoverMarket__factory, CoverPools__factory, CoverQuoter__factory, CoverRiskOracle__factory,
  CoverRouter__factory, CoverToken__factory, CoverVault__factory, CoverVaultDeployer__factory, CoverVaultFactory__factory,
  IPositionManager__factory, IQuoterV2__factory, ISwapRouter__factory,
  IUniswapV3Factory__factory, IUniswapV3Pool__factory, MockAggregatorV3__factory, ParametricResolver__factory,
  TestERC20__factory, TestResolver__factory, WETH9__factory,
} from "../../../types/ethers-contracts/index.js";
