/**
 * The subgraph's manifest, rendered from subgraph/subgraph.template.yaml and one network's config
 * (subgraph/config/<network>.json). Placeholders are `{{dotted.path}}` into the config plus `{{root}}`, the
 * folder the manifest's files are found in; an unknown placeholder or a malformed config is an error.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SUBGRAPH_DIR } from "../paths.js";

/** Where the subgraph reads one contract: its address and the first block to scan. */
export interface ContractSource {
  address: string;
  startBlock: number;
}

/** One network's config: graph-node's name for the chain, the market and the Uniswap v3 factory. */
export interface SubgraphConfig {
  network: string;
  market: ContractSource;
  factory: ContractSource;
}

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
  return config;
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
  const values: Record<string, unknown> = { ...config, root };
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
