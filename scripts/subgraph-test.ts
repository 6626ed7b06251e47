/**
 * npm run subgraph:test: the subgraph's handlers on graph-node itself. Builds the subgraph for the test network
 * (subgraph/config/test.json), starts ONE Postgres for the whole run (as nobody when root), runs `gnd test` on
 * every subgraph/tests/*.json against it (graph-node as nobody too), and always stops Postgres.
 * Usage: tsx scripts/subgraph-test.ts [file.json ...]   (default: every test file; GND_VERBOSE=1..3 for graph-node logs)
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { runGndTest, stageSubgraph, type Stage } from "./lib/services/gnd.js";
import { startPostgres, type Postgres } from "./lib/services/postgres.js";
import { stopAll } from "./lib/services/processes.js";
import { buildFolder, buildSubgraph } from "./lib/services/subgraphBuild.js";
import { loadConfig } from "./lib/subgraph/manifest.js";
import { SUBGRAPH_DIR } from "./lib/paths.js";

const testsDir = path.join(SUBGRAPH_DIR, "tests");
const files = (process.argv.length > 2 ? process.argv.slice(2).map((f) => path.resolve(f)) : readdirSync(testsDir).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(testsDir, f)));
const assertions = files.reduce((n, f) => n + (JSON.parse(readFileSync(f, "utf8")).assertions?.length ?? 0), 0);

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const buildDir = buildFolder("test");
let postgres: Postgres | undefined;
let stage: Stage | undefined;
let failed = true;
try {
  console.log(`building the subgraph for the test network...`);
  const manifest = await buildSubgraph(loadConfig("test"), buildDir);
  console.log(`built in ${seconds()} s; starting Postgres...`);
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
