/**
 * The subgraph's manifest, rendered from subgraph/subgraph.template.yaml and one network's config
 * (subgraph/config/<network>.json). Placeholders are `{{dotted.path}}` into the config plus `{{root}}`, the
 * folder the manifest's files are found in, `{{canonicalFee}}`, the fee tier of config/uniswap.json that CoverPools
 * creates and the router trades (passed to the mappings in the data sources' context: a series' price comes from
 * its pools of that tier only), and `{{blockFilter}}`, the block handler's filter (none on a local network: every
 * block; a polling filter every `pollEveryBlocks` blocks on a public one). An unknown placeholder or a malformed
 * config is an error.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT, SUBGRAPH_DIR } from "../paths.js";

/** Where the subgraph reads one contract: its address and the first block to scan. */
export interface ContractSource {
  address: string;
  startBlock: number;
}

/**
 * One network's config: graph-node's name for the chain, the market and the Uniswap v3 factory, and how often the
 * block handler runs (`pollEveryBlocks`: 1 = every block; omitted, POLL_EVERY_BLOCKS' figure for the network).
 */
export interface SubgraphConfig {
  network: string;
  market: ContractSource;
  factory: ContractSource;
  pollEveryBlocks?: number;
}

/**
 * The block handler's period, in blocks, for networks whose config need not say: every block on local chains
 * (where time moves only when tests move it), and about five minutes of blocks on public ones (12 s blocks on
 * Ethereum and Sepolia, 2 s on OP chains and Polygon, 0.25 s on Arbitrum). A time-driven change (expiry,
 * settlement by time, a claim's deadline, the hourly rate and candles) shows at most this many blocks late.
 */
export const POLL_EVERY_BLOCKS: Record<string, number> = {
  localhost: 1,
  hardhat: 1,
  "gnd-test": 1,
  mainnet: 25,
  sepolia: 25,
  optimism: 150,
  base: 150,
  polygon: 150,
  "matic": 150,
  "arbitrum-one": 1200,
  arbitrum: 1200,
};

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Checks a parsed config and returns it typed; `origin` names it in errors. */
export function validateConfig(value: unknown, origin: string): SubgraphConfig {
  const config = value as SubgraphConfig;
  const fail = (what: string) => {
    throw new Error(`${origin}: ${what}`);
  };
  if (typeof config?.network !== "string" || !/^[a-z0-9-]+$/.test(config.network)) {
    fail(`"network" must be a lower-case chain name, got ${JSON.stringify(config?.network)}`);
  }
  for (const key of ["market", "factory"] as const) {
    const source = config[key];
    if (typeof source?.address !== "string" || !ADDRESS.test(source.address)) {
      fail(`"${key}.address" must be a 0x-prefixed 20-byte address, got ${JSON.stringify(source?.address)}`);
    }
    if (!Number.isSafeInteger(source.startBlock) || source.startBlock < 0) {
      fail(`"${key}.startBlock" must be a block number, got ${JSON.stringify(source?.startBlock)}`);
    }
  }
  if (config.pollEveryBlocks === undefined) {
    const known = POLL_EVERY_BLOCKS[config.network];
    if (known === undefined) {
      fail(`"pollEveryBlocks" is needed for network "${config.network}" (how many blocks apart the block handler runs: about five minutes of blocks)`);
    }
    config.pollEveryBlocks = known;
  } else if (!Number.isSafeInteger(config.pollEveryBlocks) || config.pollEveryBlocks < 1) {
    fail(`"pollEveryBlocks" must be a whole number of blocks, at least 1, got ${JSON.stringify(config.pollEveryBlocks)}`);
  }
  return config;
}

/** The fee tier of every series' canonical pools: config/uniswap.json's `pools.fee`. */
export function canonicalFee(): number {
  const file = path.join(PROJECT_ROOT, "config", "uniswap.json");
  const fee = JSON.parse(readFileSync(file, "utf8"))?.pools?.fee;
  if (!Number.isSafeInteger(fee) || fee <= 0 || fee >= 1_000_000) throw new Error(`${file}: "pools.fee" must be a Uniswap v3 fee tier, got ${JSON.stringify(fee)}`);
  return fee;
}

/** The block handler's filter as the manifest writes it after `handler:` (empty: every block). */
export function blockFilter(pollEveryBlocks: number): string {
  return pollEveryBlocks === 1 ? "" : `\n          filter:\n            kind: polling\n            every: ${pollEveryBlocks}`;
}

/** Reads subgraph/config/<network>.json. */
export function loadConfig(network: string): SubgraphConfig {
  const file = path.join(SUBGRAPH_DIR, "config", `${network}.json`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new Error(`no subgraph config for network "${network}": ${file} is missing`);
  }
  return validateConfig(JSON.parse(text), file);
}

/** The manifest for `config`, its files addressed under `root` (default: relative to the subgraph folder). */
export function renderManifest(config: SubgraphConfig, root = "."): string {
  const template = readFileSync(path.join(SUBGRAPH_DIR, "subgraph.template.yaml"), "utf8");
  const values: Record<string, unknown> = {
    ...config,
    root,
    canonicalFee: canonicalFee(),
    blockFilter: blockFilter(validateConfig(config, `config of "${config.network}"`).pollEveryBlocks!),
  };
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, key: string) => {
    const value = key.split(".").reduce<any>((node, part) => (node == null ? undefined : node[part]), values);
    if (value === undefined || typeof value === "object") throw new Error(`manifest template: no value for {{${key}}}`);
    return key.endsWith("address") ? String(value).toLowerCase() : String(value);
  });
}

/** Renders the manifest for `config` into `file`, with `root` as in renderManifest. */
export function writeManifest(config: SubgraphConfig, file: string, root = "."): void {
  writeFileSync(file, renderManifest(config, root));
}
