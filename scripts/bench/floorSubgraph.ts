/**
 * The indexing bench's floor: a minimal subgraph over the same Uniswap v3 factory as the real one (every pool it
 * creates followed through a template; one small immutable entity stored per Swap, nothing loaded), i.e. what
 * graph-node itself costs per Swap on this machine and chain. bench-index.ts indexes it on the same chain, in the
 * same run, and reports the real subgraph's ms a swap as a ratio to this one's.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { copyAbis } from "../lib/subgraph/abis.js";
import type { SubgraphConfig } from "../lib/subgraph/manifest.js";
import { GRAPH_CLI } from "../lib/services/subgraphBuild.js";
import { runProcess } from "../lib/services/processes.js";
import { SUBGRAPH_DIR } from "../lib/paths.js";

const FLOOR_DIR = path.join(import.meta.dirname, "floor");

/** The floor's manifest for `config` (same network and factory as the real subgraph). */
export function floorManifest(config: SubgraphConfig): string {
  const abis = path.join(SUBGRAPH_DIR, "abis");
  const mapping = (handlers: string) => `    mapping:
      kind: ethereum/events
      apiVersion: 0.0.9
      language: wasm/assemblyscript
      file: ${path.join(FLOOR_DIR, "mapping.ts")}
      entities:
        - FloorSwap
      abis:
        - name: UniswapV3Factory
          file: ${path.join(abis, "UniswapV3Factory.json")}
        - name: UniswapV3Pool
          file: ${path.join(abis, "UniswapV3Pool.json")}
      eventHandlers:
${handlers}`;
  return `specVersion: 1.3.0
description: bench:index floor - one small entity per Uniswap v3 Swap
schema:
  file: ${path.join(FLOOR_DIR, "schema.graphql")}
dataSources:
  - kind: ethereum/contract
    name: FloorFactory
    network: ${config.network}
    source:
      address: "${config.factory.address}"
      abi: UniswapV3Factory
      startBlock: ${config.factory.startBlock}
${mapping(`        - event: PoolCreated(indexed address,indexed address,indexed uint24,int24,address)
          handler: handlePoolCreated`)}
templates:
  - kind: ethereum/contract
    name: FloorPool
    network: ${config.network}
    source:
      abi: UniswapV3Pool
${mapping(`        - event: Swap(indexed address,indexed address,int256,int256,uint160,uint128,int24)
          handler: handleSwap`)}
`;
}

/** Writes the floor's manifest into `outDir` and builds it there (`outDir/build`); returns the manifest path. */
export async function buildFloorSubgraph(config: SubgraphConfig, outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  copyAbis();
  const manifest = path.join(outDir, "subgraph.yaml");
  writeFileSync(manifest, floorManifest(config));
  await runProcess("graph build (floor)", GRAPH_CLI, ["build", manifest, "--output-dir", path.join(outDir, "build")], { env: { ...process.env, NO_COLOR: "1" } });
  return manifest;
}
