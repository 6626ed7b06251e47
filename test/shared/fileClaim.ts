import { WAD } from "../../scripts/lib/market/payout.js";

/**
 * Files a claim through a committee resolver as `from`; returns the claim id and the fee paid, both read
 * from the resolver's ClaimFiled event (so they are the ones of the block the claim landed in).
 */
export async function fileClaim(resolver: any, from: any, protocolId: bigint, incidentTime: bigint, requestedPayout = WAD) {
  // The most fee it will pay: the fee quoted now, which is what lands when nothing is filed in between.
  const maxFee = await resolver.claimFee(protocolId);
  const tx = await resolver.connect(from).fileClaim(protocolId, incidentTime, "ipfs://evidence", requestedPayout, maxFee);
  const receipt = await tx.wait();
  const filed = receipt.logs.map((log: any) => resolver.interface.parseLog(log)).find((e: any) => e?.name === "ClaimFiled");
  return { claimId: filed.args.claimId as bigint, fee: filed.args.fee as bigint };
}
