/**
 * Renders subgraph/subgraph.yaml for one network from subgraph/config/<network>.json.
 * Usage: tsx scripts/subgraph-render.ts [network]   (default: $SUBGRAPH_NETWORK, else "localhost")
 */
import path from "node:path";
import { loadConfig, writeManifest } from "./lib/subgraph/manifest.js";
import { SUBGRAPH_DIR } from "./lib/paths.js";

const network = process.argv[2] ?? process.env.SUBGRAPH_NETWORK ?? "localhost";
const config = loadConfig(network);
const file = path.join(SUBGRAPH_DIR, "subgraph.yaml");
writeManifest(config, file);
console.log(`subgraph manifest for "${network}" written to subgraph/subgraph.yaml`);
