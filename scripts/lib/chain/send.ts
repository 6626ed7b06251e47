/** Sending a transaction and waiting for it, as every script does. */
import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";

/** Waits for the transaction's receipt; throws (naming `what` when given) if it reverted. */
export async function send(tx: Promise<ContractTransactionResponse>, what?: string): Promise<ContractTransactionReceipt> {
  const response = await tx;
  const receipt = await response.wait();
  if (!receipt || receipt.status !== 1) throw new Error(`transaction ${response.hash}${what ? ` (${what})` : ""} reverted`);
  return receipt;
}
