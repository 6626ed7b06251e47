/** Copies the subgraph's ABIs from build artifacts into subgraph/abis/ (see scripts/lib/subgraph/abis.ts). */
import { copyAbis } from "./lib/subgraph/abis.js";

console.log(`subgraph ABIs written to subgraph/abis/: ${copyAbis().join(", ")}`);
