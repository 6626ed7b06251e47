/**
 * deployments/<network>.json: what a deployment left behind (chain id, addresses, the first block to index, the
 * protocols registered and the series created, and the curated demo list of a local market), and the subgraph
 * config for it (subgraph/config/<network>.json) so that the rendered manifest points at the same contracts.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Stack, StackAddresses } from "./stack.js";
import { validateConfig, writeManifest, type SubgraphConfig } from "../subgraph/manifest.js";
import { DEPLOYMENTS_DIR, SUBGRAPH_DIR } from "../paths.js";

/** One registered protocol. */
export interface DeployedProtocol {
  id: number;
  name: string;
  ticker: string;
  kind: string;
  resolver: string;
  /** Whether the name is made up for the local demo (no real protocol is covered). */
  demo: boolean;
}

/** One series. */
export interface DeployedSeries {
  id: string;
  protocolId: number;
  collateral: string;
  expiry: number;
  claim: string;
  noclaim: string;
}

export interface DeploymentFile {
  network: string;
  chainId: number;
  startBlock: number;
  deployedAt: string;
  addresses: StackAddresses;
  protocols: DeployedProtocol[];
  series: DeployedSeries[];
  /** The demo protocols' names (local markets only), marked as made up. */
  demo: string[];
  /** The local scenario's accounts by role (local markets only). */
  accounts?: Record<string, string>;
  /** The JSON-RPC URL of a local market's node (written by npm start; the `cover` CLI's default RPC). */
  rpcUrl?: string;
  /** The GraphQL URL of a local market's subgraph (written by npm start once graph-node is up; `cover risk` reads it). */
  graphqlUrl?: string;
}

const NETWORK = /^[a-z0-9][a-z0-9-]*$/;

/** The file's path for `network`. */
export function deploymentPath(network: string, dir = DEPLOYMENTS_DIR): string {
  if (!NETWORK.test(network)) throw new Error(`network name must be lower-case letters, digits and dashes, got ${JSON.stringify(network)}`);
  return path.join(dir, `${network}.json`);
}

/** A new deployment file's contents for `stack`. */
export function deploymentOf(network: string, stack: Stack): DeploymentFile {
  return {
    network,
    chainId: stack.chainId,
    startBlock: Math.min(stack.startBlock, stack.factoryBlock),
    deployedAt: new Date().toISOString(),
    addresses: stack.addresses,
    protocols: [],
    series: [],
    demo: [],
  };
}

/** Writes deployments/<network>.json (or into `dir`); returns the path. */
export function writeDeployment(file: DeploymentFile, dir = DEPLOYMENTS_DIR): string {
  const target = deploymentPath(file.network, dir);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(file, null, 2) + "\n");
  return target;
}

/** Reads deployments/<network>.json. */
export function readDeployment(network: string, dir = DEPLOYMENTS_DIR): DeploymentFile {
  const target = deploymentPath(network, dir);
  let text: string;
  try {
    text = readFileSync(target, "utf8");
  } catch {
    throw new Error(`no deployment for network "${network}": ${target} is missing (run npm run deploy -- --network ${network})`);
  }
  const file = JSON.parse(text) as DeploymentFile;
  if (file.network !== network || !Number.isSafeInteger(file.chainId) || !file.addresses?.market) {
    throw new Error(`${target}: not a deployment file of network "${network}"`);
  }
  return file;
}

/** The subgraph config of a deployment; `graphNetwork` is graph-node's name for the chain (default: the network). */
export function subgraphConfigOf(file: DeploymentFile, graphNetwork = file.network): SubgraphConfig {
  return validateConfig(
    {
      network: graphNetwork,
      market: { address: file.addresses.market, startBlock: file.startBlock },
      factory: { address: file.addresses.uniswap.factory, startBlock: file.startBlock },
    },
    `deployment of "${file.network}"`,
  );
}

/** Writes subgraph/config/<network>.json and renders subgraph/subgraph.yaml from it; returns both paths. */
export function renderSubgraphFor(file: DeploymentFile, graphNetwork = file.network): { config: string; manifest: string } {
  const config = subgraphConfigOf(file, graphNetwork);
  // subgraph/config/localhost.json is the committed config the build and tests use; a local deployment's own
  // config goes beside it (git-ignored) rather than over it.
  const name = file.network === "localhost" ? "localhost.deployed" : file.network;
  const configPath = path.join(SUBGRAPH_DIR, "config", `${name}.json`);
  writeFileSync(configPath, JSON.stringify(config, null, 2) + "\n");
  const manifest = path.join(SUBGRAPH_DIR, "subgraph.yaml");
  writeManifest(config, manifest);
  return { config: configPath, manifest };
}
