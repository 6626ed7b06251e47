import { ethers } from "./connection.js";
import { CLAIM_WINDOW, type Signer } from "./marketFixture.js";

/** What a second protocol is registered with, unless a test says otherwise. */
export interface ResolverOptions {
  name?: string;
  ticker?: string;
  metadataURI?: string;
  claimWindow?: bigint;
}

/**
 * Deploys a TestResolver controlled by `controller`, which registers a new protocol on `market` in its
 * constructor; returns the resolver (connected to its controller) and the protocol's id.
 */
export async function deployResolver(market: { getAddress(): Promise<string> }, controller: Signer, options: ResolverOptions = {}) {
  const resolver = await ethers.deployContract(
    "TestResolver",
    [
      await market.getAddress(),
      options.name ?? "Other Protocol",
      options.ticker ?? "OTHER",
      options.metadataURI ?? "ipfs://terms/other",
      options.claimWindow ?? CLAIM_WINDOW,
    ],
    controller,
  );
  return { resolver, protocolId: await resolver.protocolId() };
}
