/**
 * npm run deploy -- [--network <name>]: the whole stack (scripts/lib/deploy/stack.ts) to one network, then
 * deployments/<network>.json and the subgraph's config and manifest for it (subgraph/config/<network>.json,
 * subgraph/subgraph.yaml), ready for `graph deploy`.
 *
 *   --network localhost (default): a local JSON-RPC node (RPC_URL, default http://127.0.0.1:8545) and its first
 *     unlocked account; Uniswap v3 and test collaterals are deployed from artifacts.
 *   --network <public name from config/uniswap.json>: RPC_URL and DEPLOYER_KEY from the environment; Uniswap v3
 *     at its canonical addresses.
 */
import { JsonRpcProvider, Wallet, type Signer } from "ethers";
import { readCommandLine } from "./lib/argv.js";
import { deployStack } from "./lib/deploy/stack.js";
import { uniswapSettings } from "./lib/deploy/uniswap.js";
import { deploymentOf, renderSubgraphFor, writeDeployment } from "./lib/deploy/deploymentFile.js";

/** graph-node's names of the public chains config/uniswap.json lists, where they differ. */
const GRAPH_NETWORK: Record<string, string> = { arbitrum: "arbitrum-one", polygon: "matic" };
const USAGE = "usage: npm run deploy -- [--network <localhost|" + Object.keys(uniswapSettings().networks).join("|") + ">]";

/** Parses the command line; throws with a specific message for anything it does not know. */
export function parseArgs(argv: string[]): { network: string } {
  const network = readCommandLine(argv, { network: { type: "string", needs: "a name" } }, USAGE).network ?? "localhost";
  if (network !== "localhost" && !uniswapSettings().networks[network]) {
    throw new Error(`unknown network "${network}": not "localhost" and not in config/uniswap.json\n${USAGE}`);
  }
  return { network };
}

async function main() {
  const { network } = parseArgs(process.argv.slice(2));
  const local = network === "localhost";
  let signer: Signer;
  if (local) {
    const url = process.env.RPC_URL ?? "http://127.0.0.1:8545";
    const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
    try {
      await provider.getBlockNumber();
    } catch {
      throw new Error(`no local chain answers at ${url}: start one (npx hardhat node) or set RPC_URL; npm start does both for you`);
    }
    signer = await provider.getSigner(0);
  } else {
    const missing = ["RPC_URL", "DEPLOYER_KEY"].filter((name) => !process.env[name]);
    if (missing.length) throw new Error(`deploying to "${network}" needs ${missing.join(" and ")} in the environment (an RPC endpoint and the deployer's private key)`);
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(process.env.DEPLOYER_KEY!)) throw new Error("DEPLOYER_KEY must be a 32-byte hex private key");
    signer = new Wallet(process.env.DEPLOYER_KEY!, new JsonRpcProvider(process.env.RPC_URL!));
  }
  const stack = await deployStack(signer, { local, network, onStep: (name) => console.error(`deploying ${name}`) });
  const file = deploymentOf(network, stack);
  const written = writeDeployment(file);
  const graphNetwork = local ? "localhost" : GRAPH_NETWORK[network] ?? network;
  const { config, manifest } = renderSubgraphFor(file, graphNetwork);
  console.log(JSON.stringify({ deployment: written, subgraphConfig: config, manifest, ...file }, null, 2));
}

if (process.argv[1] && /deploy\.ts$/.test(process.argv[1])) {
  main().catch((error) => {
    console.error(`deploy: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
