/**
 * Contract artifacts for plain ethers (outside Hardhat's runtime): this project's from artifacts/ (`hardhat build`
 * first). Uniswap v3's npm artifacts are in deployUniswap.ts (`uniswapArtifacts`).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ContractFactory, type BaseContract, type ContractRunner, type InterfaceAbi, type Signer } from "ethers";
import { PROJECT_ROOT } from "../paths.js";

export interface Artifact {
  abi: InterfaceAbi;
  bytecode: string;
}

/** This project's artifact of `name`, from contracts/ or its resolvers/, periphery/, lens/ or test/ folder. */
export function projectArtifact(name: string): Artifact {
  for (const folder of ["contracts", ...["resolvers", "periphery", "lens", "test"].map((f) => path.join("contracts", f))]) {
    const file = path.join(PROJECT_ROOT, "artifacts", folder, `${name}.sol`, `${name}.json`);
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  }
  throw new Error(`no artifact for ${name} under artifacts/contracts (run \`npx hardhat build\` first)`);
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
