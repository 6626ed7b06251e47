/**
 * This project's contract artifacts (artifacts/, written by `hardhat build`), for what needs the ABIs themselves
 * rather than a typed contract (chain/contracts.ts): the custom errors to decode reverts with.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Contract, Interface, type ContractRunner, type InterfaceAbi } from "ethers";
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

/** Each contract's ABI as an ethers Interface, read and parsed once per process (a CLI run builds one per series). */
const interfaces = new Map<string, Interface>();
function interfaceOf(name: string): Interface {
  let iface = interfaces.get(name);
  if (!iface) interfaces.set(name, (iface = new Interface(projectArtifact(name).abi)));
  return iface;
}

/**
 * This project's contract `name` at `address`, typed as typechain's `T` (chain/contracts.ts) but built from the
 * artifact's ABI: for the `cover` CLI, which loads no typechain factory (their bytecode) on a run.
 */
export function contractAt<T>(name: string, address: string, runner: ContractRunner): T {
  return new Contract(address, interfaceOf(name), runner) as unknown as T;
}
