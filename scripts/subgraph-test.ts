/**
 * npm run subgraph:test: the subgraph's handlers on graph-node itself. Builds the subgraph for the test network
 * (subgraph/config/test.json), generates the `gnd test` files from their descriptions in subgraph/tests/*.json
 * (scripts/lib/subgraph/testFiles.ts: event signatures from the ABIs), starts ONE Postgres for the whole run (as
 * nobody when root), runs `gnd test` on every file against it (graph-node as nobody too), and always stops Postgres.
 * Usage: tsx scripts/subgraph-test.ts [description.json ...]   (default: all; GND_VERBOSE=1..3 for graph-node logs)
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { runGndTest, stageSubgraph, type Stage } from "./lib/services/gnd.js";
import { startPostgres, type Postgres } from "./lib/services/postgres.js";
import { stopAll } from "./lib/services/processes.js";
import { buildFolder, buildSubgraph } from "./lib/services/subgraphBuild.js";
import { loadConfig } from "./lib/subgraph/manifest.js";
import { testDescriptions, writeTestFiles } from "./lib/subgraph/testFiles.js";

const descriptions = process.argv.length > 2 ? process.argv.slice(2).map((f) => path.resolve(f)) : testDescriptions();

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const buildDir = buildFolder("test");
let postgres: Postgres | undefined;
let stage: Stage | undefined;
let failed = true;
try {
  console.log(`building the subgraph for the test network...`);
  const manifest = await buildSubgraph(loadConfig("test"), buildDir);
  const testsDir = path.join(buildDir, "tests");
  mkdirSync(testsDir);
  const { files, assertions } = writeTestFiles(descriptions, testsDir);
  console.log(`built in ${seconds()} s, ${files.length} test files generated; starting Postgres...`);
  postgres = await startPostgres();
  stage = stageSubgraph(manifest, files);
  console.log(`Postgres up at ${seconds()} s; gnd test on ${files.length} files (${assertions} assertions)`);
  const result = await runGndTest(stage, postgres.url, { verbose: Number(process.env.GND_VERBOSE ?? 0) });
  failed = result.status !== 0;
  console.log(`\ngnd test ${failed ? "FAILED" : "passed"}: ${files.length} files, ${assertions} assertions, ${seconds()} s in all`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  await postgres?.stop();
  await stopAll();
  stage?.remove();
  rmSync(buildDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
