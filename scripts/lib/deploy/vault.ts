/**
 * The vault layer's deploy path: the deployer that holds CoverVault's creation code and the factory that creates
 * vaults through it, over a deployed market, router and risk oracle. Fixtures, benchmarks and (later) the stack
 * deploy take it from here.
 */
import type { Signer } from "ethers";
import { CoverVaultDeployer__factory, CoverVaultFactory__factory } from "../chain/contracts.js";

export async function deployVaultFactory(signer: Signer, market: string, router: string, riskOracle: string) {
  const deployer = await new CoverVaultDeployer__factory(signer).deploy();
  await deployer.waitForDeployment();
  const factory = await new CoverVaultFactory__factory(signer).deploy(market, router, riskOracle, await deployer.getAddress());
  await factory.waitForDeployment();
  return { vaultDeployer: deployer, vaultFactory: factory };
}

/** The vault created by a `createVault` transaction, from its VaultCreated event. */
export async function createdVault(factory: Awaited<ReturnType<typeof deployVaultFactory>>["vaultFactory"], tx: { wait(): Promise<any> }) {
  const receipt = await tx.wait();
  for (const log of receipt.logs) {
    const parsed = factory.interface.parseLog(log);
    if (parsed?.name === "VaultCreated") return parsed.args.vault as string;
  }
  throw new Error("createVault: no VaultCreated event in the receipt");
}
