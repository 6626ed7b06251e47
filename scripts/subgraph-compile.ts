/**
 * npm run subgraph:compile: the subgraph's ABIs, manifest, generated types and build for one network
 * (subgraph/config/<network>.json) in subgraph/, as `graph codegen` + `graph build` would leave them; the two run
 * only when the subgraph's sources changed since the last build (scripts/lib/services/subgraphBuild.ts keeps it).
 * Usage: tsx scripts/subgraph-compile.ts [network]   (default: $SUBGRAPH_NETWORK, else "localhost")
 */
import { compileInPlace } from "./lib/services/subgraphBuild.js";
import { loadConfig } from "./lib/subgraph/manifest.js";

const network = process.argv[2] ?? process.env.SUBGRAPH_NETWORK ?? "localhost";
const started = Date.now();
try {
  const hit = await compileInPlace(loadConfig(network));
  console.log(`subgraph for "${network}" in subgraph/build (${hit ? "cached build, sources unchanged" : "built"}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
