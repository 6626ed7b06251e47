/**
 * graph-node's own binary from npm (@graphprotocol/gnd-linux-x64): `gnd test` on JSON test files and `gnd dev`
 * indexing a local chain. Both run as nobody when this process is root, from a staging folder in /tmp holding the
 * binary, the built subgraph and the tests (nobody cannot reach a checkout under /root).
 */
import { chmodSync, chownSync, copyFileSync, cpSync, linkSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { chownTree, freePort, type ManagedProcess, serviceUser, startProcess, waitFor } from "./processes.js";
import { postGraphql } from "../subgraph/graphqlPost.js";

const require = createRequire(import.meta.url);

/** The gnd binary inside the npm package. */
export function gndBinary(): string {
  return path.join(path.dirname(require.resolve("@graphprotocol/gnd-linux-x64/package.json")), "bin", "gnd");
}

/** A folder graph-node can run from: ./gnd, ./subgraph.yaml, ./build/ and optionally ./tests/. */
export interface Stage {
  dir: string;
  user: { uid: number; gid: number } | undefined;
  remove(): void;
}

/** Stages a built subgraph (`manifest`, with its build/ beside it) and optional test files for graph-node. */
export function stageSubgraph(manifest: string, testFiles: string[] = []): Stage {
  const dir = mkdtempSync(path.join(tmpdir(), "cover-gnd-"));
  chmodSync(dir, 0o755);
  const binary = path.join(dir, "gnd");
  try {
    linkSync(gndBinary(), binary); // same file system: no copy of 110 MB
  } catch {
    copyFileSync(gndBinary(), binary);
  }
  chmodSync(binary, 0o755);
  copyFileSync(manifest, path.join(dir, "subgraph.yaml"));
  cpSync(path.join(path.dirname(manifest), "build"), path.join(dir, "build"), { recursive: true });
  if (testFiles.length > 0) {
    mkdirSync(path.join(dir, "tests"));
    for (const file of testFiles) copyFileSync(file, path.join(dir, "tests", path.basename(file)));
  }
  mkdirSync(path.join(dir, "db"));
  const user = serviceUser();
  // Nobody gets the folder and what was copied in, never the binary: a hard link shares the package's own inode.
  if (user) {
    chownSync(dir, user.uid, user.gid);
    for (const entry of ["subgraph.yaml", "build", "db", ...(testFiles.length > 0 ? ["tests"] : [])]) {
      chownTree(path.join(dir, entry), user);
    }
  }
  return { dir, user, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `gnd test` on the staged tests against a running Postgres; resolves with its exit status and output. */
export async function runGndTest(stage: Stage, postgresUrl: string, { echo = true, verbose = 0 }: { echo?: boolean; verbose?: number } = {}) {
  const flags = verbose > 0 ? ["-" + "v".repeat(verbose)] : [];
  const proc = startProcess("gnd test", path.join(stage.dir, "gnd"), ["test", ...flags, "--skip-build", "--postgres-url", postgresUrl, "tests"], {
    cwd: stage.dir,
    user: stage.user,
    env: { ...process.env, HOME: stage.dir, NO_COLOR: "1" },
    logFile: path.join(stage.dir, "gnd-test.log"),
    echo,
  });
  const status = await proc.exited;
  return { status, output: proc.output(200), proc };
}

export interface GndDev {
  /** GraphQL endpoint of the deployed subgraph. */
  graphqlUrl: string;
  /** Prometheus metrics. */
  metricsUrl: string;
  /** graph-node's admin JSON-RPC (subgraph_pause, subgraph_resume, ...). */
  adminUrl: string;
  /** graph-node's index-node status API (GraphQL: indexingStatuses, with each chain's head block). */
  indexStatusUrl: string;
  process: ManagedProcess;
  /** Runs a GraphQL query; throws on errors. */
  query<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** The latest block the subgraph has indexed, or undefined before it has started. */
  indexedBlock(): Promise<number | undefined>;
  /** Waits until the subgraph has indexed `block`. */
  waitForBlock(block: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface GndDevOptions {
  postgresUrl: string;
  /** graph-node's name for the chain, as in the manifest. */
  network: string;
  rpcUrl: string;
  ipfsUrl: string;
  echo?: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * The graph-node settings `gnd dev` runs with here (npm start, the bench, the integration tests); each is one of
 * graph-node 0.45's documented environment variables (docs/environment-variables.md), and README says why.
 */
export const GRAPH_NODE_SETTINGS: Record<string, string> = {
  // A local chain mines on demand: look for new blocks every 200 ms, not every 500 ms (graph-node's default).
  ETHEREUM_POLLING_INTERVAL: "200",
  GRAPH_CHAIN_HEAD_WATCHER_TIMEOUT: "1",
  // gnd dev logs every trigger at debug level otherwise, which costs time.
  GRAPH_LOG: "info",
  // Catching up, graph-node scans block ranges sized to hold about this many triggers (default 100). The
  // subgraph's block handler makes every block a trigger on a local chain, so the default scans 100 blocks at a
  // time; 1,000 means a tenth of the scans (bench:index, 1,000 swaps: 30.1 -> 22.4 ms a swap, floor 6.6 -> 3.8).
  GRAPH_ETHEREUM_TARGET_TRIGGERS_PER_BLOCK_RANGE: "1000",
  // Blocks fetched from the chain per batch (default 10): fewer round trips to the local node.
  ETHEREUM_BLOCK_BATCH_SIZE: "50",
  // Catching up, graph-node holds the changes of many blocks in memory and writes them as one batch, up to this
  // size in KB (default 10,000). This subgraph rewrites the same series, pools and candles on every swap, and with
  // the default's large batch each save gets slower as the batch grows (bench:index, 5,000 swaps: 50.5 -> 24.5 ms a
  // swap, handleSwap 35 -> 18 ms; the floor unchanged at 1.6 ms). Writing every block instead
  // (GRAPH_STORE_WRITE_BATCH_DURATION=0) gave 31.3 ms and slowed the floor to 7.6 ms.
  GRAPH_STORE_WRITE_BATCH_SIZE: "1000",
};

/** Starts `gnd dev` on a staged subgraph; resolves once its GraphQL server answers. */
export async function startGndDev(stage: Stage, options: GndDevOptions): Promise<GndDev> {
  const [httpPort, indexPort, adminPort, metricsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const proc = startProcess(
    "gnd dev",
    path.join(stage.dir, "gnd"),
    [
      "dev",
      "--manifests", "subgraph.yaml",
      "--database-dir", "db",
      "--postgres-url", options.postgresUrl,
      "--ethereum-rpc", `${options.network}:${options.rpcUrl}`,
      "--ipfs", options.ipfsUrl,
      "--http-port", String(httpPort),
      "--index-node-port", String(indexPort),
      "--admin-port", String(adminPort),
      "--metrics-port", String(metricsPort),
    ],
    {
      cwd: stage.dir,
      user: stage.user,
      env: {
        ...process.env,
        HOME: stage.dir,
        NO_COLOR: "1",
        ...GRAPH_NODE_SETTINGS,
        ...options.env,
      },
      logFile: path.join(stage.dir, "gnd-dev.log"),
      echo: options.echo,
    },
  );
  const graphqlUrl = `http://127.0.0.1:${httpPort}/subgraphs/name/subgraph-0`;
  const query = async (text: string, variables?: Record<string, unknown>) => {
    const body = await postGraphql(graphqlUrl, text, variables, 60_000);
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const indexedBlock = async () => {
    try {
      const data = await query("{ _meta { block { number } hasIndexingErrors } }");
      if (data._meta.hasIndexingErrors) throw new Error(`the subgraph failed:\n${proc.output(60)}`);
      return data._meta.block.number as number;
    } catch (error) {
      if ((error as Error).message.startsWith("the subgraph failed")) throw error;
      return undefined;
    }
  };
  const dev: GndDev = {
    graphqlUrl,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    indexStatusUrl: `http://127.0.0.1:${indexPort}/graphql`,
    process: proc,
    query,
    indexedBlock,
    async waitForBlock(block: number, timeoutMs = 120_000) {
      await waitFor(
        `the subgraph to index block ${block}`,
        async () => {
          const at = await indexedBlock();
          if (at === undefined) return undefined;
          return at >= block ? at : undefined;
        },
        { timeoutMs, intervalMs: 100, process: proc },
      );
    },
    stop: () => proc.stop(5000),
  };
  try {
    await waitFor("gnd dev's GraphQL server", async () => {
      const response = await fetch(`http://127.0.0.1:${httpPort}/`).catch(() => undefined);
      return response ? true : undefined;
    }, { timeoutMs: 60_000, process: proc });
  } catch (error) {
    await proc.stop(2000);
    throw error;
  }
  return dev;
}
