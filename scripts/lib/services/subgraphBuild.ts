/**
 * Builds the subgraph for one network config into a folder of its own (the manifest rendered with absolute paths
 * into the sources, then `graph codegen` and `graph build`), so builds for different deployments never share files.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { runProcess } from "./processes.js";
import { copyAbis } from "../subgraph/abis.js";
import { type SubgraphConfig, writeManifest } from "../subgraph/manifest.js";
import { PROJECT_ROOT, SUBGRAPH_DIR } from "../paths.js";

/** graph-cli, from this project's install. */
export const GRAPH_CLI = path.join(PROJECT_ROOT, "node_modules", ".bin", "graph");

/**
 * A fresh folder for one build, inside the project (graph-cli looks for node_modules above the manifest):
 * subgraph/.builds/<label>-<pid>-<n>, ignored by git; remove it when done.
 */
export function buildFolder(label: string): string {
  const dir = path.join(SUBGRAPH_DIR, ".builds", `${label}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Renders the manifest for `config` into `outDir`, regenerates the types and builds `outDir/build`; returns the manifest path. */
export async function buildSubgraph(config: SubgraphConfig, outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  copyAbis();
  const manifest = path.join(outDir, "subgraph.yaml");
  writeManifest(config, manifest, SUBGRAPH_DIR);
  const env = { ...process.env, NO_COLOR: "1" };
  await runProcess("graph codegen", GRAPH_CLI, ["codegen", manifest, "--output-dir", path.join(SUBGRAPH_DIR, "generated")], { env });
  await runProcess("graph build", GRAPH_CLI, ["build", manifest, "--output-dir", path.join(outDir, "build")], { env });
  return manifest;
}
