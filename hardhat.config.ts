import { createRequire } from "node:module";
import path from "node:path";
import { defineConfig } from "hardhat/config";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";

// The compiler comes from the `solc` npm package (WASM), never from a download: these machines
// cannot reach the solc release site. Its version is read from its own package.json so that the
// version Hardhat records and the compiler it runs can never disagree.
const require = createRequire(import.meta.url);
const solcPackage = require.resolve("solc/package.json");
const solcVersion: string = require("solc/package.json").version;
const soljson = path.join(path.dirname(solcPackage), "soljson.js");

const compiler = {
  version: solcVersion,
  path: soljson,
  settings: {
    evmVersion: "cancun",
    optimizer: { enabled: true, runs: 10_000 },
    viaIR: true,
  },
};

// CoverVault's creation code must fit, with a few hundred bytes more, in CoverVaultDeployer under the 24,576-byte
// code limit (EIP-170): at 10,000 runs it leaves 36 bytes. The vault files compile at 200 runs (smaller code, a
// little more gas per call); everything else as above.
const vaultCompiler = { ...compiler, settings: { ...compiler.settings, optimizer: { enabled: true, runs: 200 } } };
const profile = {
  compilers: [compiler],
  overrides: {
    "contracts/vaults/CoverVault.sol": vaultCompiler,
    "contracts/vaults/CoverVaultDeployer.sol": vaultCompiler,
  },
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    profiles: {
      default: profile,
      production: profile,
    },
    // Uniswap's own interfaces, compiled only for their ABIs: typechain then types the factory, the pools, the
    // SwapRouter and QuoterV2 that scripts and tests call (the position manager is IPositionManager's).
    npmFilesToBuild: [
      "@uniswap/v3-core/contracts/interfaces/IUniswapV3Factory.sol",
      "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol",
      "@uniswap/v3-periphery/contracts/interfaces/ISwapRouter.sol",
      "@uniswap/v3-periphery/contracts/interfaces/IQuoterV2.sol",
    ],
  },
  paths: {
    tests: { mocha: "test" },
  },
  networks: {
    hardhatMainnet: { type: "edr-simulated", chainType: "l1" },
    // The chain `npm start` and the local tests run (`hardhat --network demo node`): a fixed calendar from Monday
    // 2026-06-01 08:00 UTC, so the seeded demo's series and handles are the same on every run and the README's
    // walkthroughs work as written. Time then runs on from there (EDR keeps the offset). The scenario mines its
    // transactions many to a block (scripts/lib/chain/batchedBlocks.ts): a fifo mempool keeps them in the order sent
    // and the block gas limit holds hundreds of them at the transaction gas cap (2^24 each).
    demo: {
      type: "edr-simulated", chainType: "l1", initialDate: "2026-06-01T08:00:00Z",
      blockGasLimit: 10_000_000_000n, mining: { mempool: { order: "fifo" } },
    },
    localhost: { type: "http", chainType: "l1", url: process.env.RPC_URL ?? "http://127.0.0.1:8545" },
  },
});
