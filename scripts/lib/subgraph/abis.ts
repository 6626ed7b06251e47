/**
 * Copies the ABIs the subgraph needs from build artifacts into subgraph/abis/ (generated, never edited by
 * hand, not committed): the market, the ERC20 part of the cover token and the committee resolver from this
 * project's Hardhat artifacts (`hardhat build` first), the Uniswap v3 factory and pool from @uniswap/v3-core's
 * npm artifacts.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PROJECT_ROOT, SUBGRAPH_DIR } from "../paths.js";

const require = createRequire(import.meta.url);

/** The entries of IERC20 and IERC20Metadata: what the subgraph may know of a cover token. */
const ERC20_ENTRIES = new Set([
  "Transfer", "Approval", "totalSupply", "balanceOf", "transfer", "allowance", "approve", "transferFrom",
  "name", "symbol", "decimals",
]);

type AbiEntry = { type: string; name?: string };

function readAbi(file: string): AbiEntry[] {
  try {
    return JSON.parse(readFileSync(file, "utf8")).abi;
  } catch (error) {
    throw new Error(`cannot read the ABI in ${file} (run \`npx hardhat build\` first?): ${(error as Error).message}`);
  }
}

const hardhatArtifact = (name: string, folder = "") => path.join(PROJECT_ROOT, "artifacts", "contracts", folder, `${name}.sol`, `${name}.json`);
const uniswapArtifact = (name: string) => require.resolve(`@uniswap/v3-core/artifacts/contracts/${name}.sol/${name}.json`);

/** Writes subgraph/abis/*.json; returns the names written. */
export function copyAbis(): string[] {
  const abis: Record<string, AbiEntry[]> = {
    CoverMarket: readAbi(hardhatArtifact("CoverMarket")),
    ERC20: readAbi(hardhatArtifact("CoverToken")).filter((e) => e.name !== undefined && ERC20_ENTRIES.has(e.name)),
    CommitteeResolver: readAbi(hardhatArtifact("CommitteeResolver", "resolvers")),
    UniswapV3Factory: readAbi(uniswapArtifact("UniswapV3Factory")),
    UniswapV3Pool: readAbi(uniswapArtifact("UniswapV3Pool")),
  };
  const out = path.join(SUBGRAPH_DIR, "abis");
  mkdirSync(out, { recursive: true });
  for (const [name, abi] of Object.entries(abis)) {
    writeFileSync(path.join(out, `${name}.json`), JSON.stringify(abi, null, 2) + "\n");
  }
  return Object.keys(abis);
}
