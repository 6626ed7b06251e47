/**
 * Contract artifacts for plain ethers (outside Hardhat's runtime): this project's from artifacts/ (`hardhat build`
 * first), Uniswap v3's from the npm packages.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ContractFactory, type BaseContract, type ContractRunner, type InterfaceAbi, type Signer } from "ethers";
import { PROJECT_ROOT } from "./subgraphManifest.js";

const require = createRequire(import.meta.url);

export interface Artifact {
  abi: InterfaceAbi;
  bytecode: string;
}

/** This project's artifact of `name`, from contracts/, contracts/resolvers/ or contracts/test/. */
export function projectArtifact(name: string): Artifact {
  for (const folder of ["contracts", path.join("contracts", "resolvers"), path.join("contracts", "test")]) {
    const file = path.join(PROJECT_ROOT, "artifacts", folder, `${name}.sol`, `${name}.json`);
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  }
  throw new Error(`no artifact for ${name} under artifacts/contracts (run \`npx hardhat build\` first)`);
}

/** A Uniswap v3 npm artifact, e.g. uniswapArtifact("v3-core", "UniswapV3Pool"). */
export function uniswapArtifact(pkg: "v3-core" | "v3-periphery", contract: string): Artifact {
  const sub = contract === "QuoterV2" ? "lens/" : "";
  return require(`@uniswap/${pkg}/artifacts/contracts/${sub}${contract}.sol/${contract}.json`);
}

/** Deploys `artifact` from `signer` and waits for it to be mined. */
export async function deployArtifact(artifact: Artifact, signer: Signer, ...args: unknown[]): Promise<any> {
  const contract = await new ContractFactory(artifact.abi, artifact.bytecode, signer).deploy(...args);
  await contract.waitForDeployment();
  return contract;
}

/** `artifact`'s contract at `address`. */
export function attach(artifact: Artifact, address: string, runner: ContractRunner): any {
  return new ContractFactory(artifact.abi, "0x", runner).attach(address) as BaseContract;
}
