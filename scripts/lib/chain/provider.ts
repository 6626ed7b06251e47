/** A JSON-RPC provider for a local node (hardhat node): no caching, fast polling, the chain fixed. */
import { JsonRpcProvider } from "ethers";

/** A provider for a local node: no caching, fast polling, the chain fixed. */
export function localProvider(url: string): JsonRpcProvider {
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, cacheTimeout: -1, batchMaxCount: 1 });
  provider.pollingInterval = 20;
  return provider;
}
