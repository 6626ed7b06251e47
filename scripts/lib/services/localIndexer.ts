/**
 * A local indexer: the subgraph built for one deployment, Postgres, the IPFS stub and graph-node (`gnd dev`)
 * following a JSON-RPC chain, as one object with start() and stop(). npm start, the indexing benchmark and the
 * subgraph's integration test each run one over their chain. stop() stops whatever has started so far, in one
 * order for every caller (graph-node first: it holds connections to the others), and removes the temporary
 * folders; they also go, synchronously, if the process exits without a stop().
 */
import { existsSync, rmSync } from "node:fs";
import type { SubgraphConfig } from "../subgraph/manifest.js";
import { startGndDev, stageSubgraph, type GndDev, type Stage } from "./gnd.js";
import { startIpfsStub, type IpfsStub } from "./ipfsStub.js";
import { startPostgres, type Postgres } from "./postgres.js";
import { buildFolder, buildSubgraph } from "./subgraphBuild.js";

/** What the indexer indexes: the deployment and the chain's JSON-RPC URL. */
export interface IndexerTarget {
  /** The deployment to index (graph-node's network name, market and factory with their start blocks). */
  config: SubgraphConfig;
  /** The chain's JSON-RPC URL. */
  rpcUrl: string;
}

/**
 * The deployment and chain (config and rpcUrl), or `target`, a promise of them: Postgres and the IPFS stub start at
 * once, the subgraph's build and graph-node once it resolves (npm start starts them while the chain comes up and the
 * stack deploys).
 */
export type LocalIndexerOptions = (IndexerTarget | { target: Promise<IndexerTarget> }) & {
  /** Names the build folder (subgraph/.builds/<label>-...). */
  label: string;
  /** Extra environment for graph-node (e.g. GRAPH_LOG). */
  env?: NodeJS.ProcessEnv;
  /** Builds the subgraph to index into a folder, returning its manifest (default: this project's subgraph). */
  build?: (config: SubgraphConfig, outDir: string) => Promise<string>;
};

export class LocalIndexer {
  private postgresProcess?: Postgres;
  private ipfs?: IpfsStub;
  private gnd?: GndDev;
  private stage?: Stage;
  private buildDir?: string;
  private starting?: Promise<GndDev>;
  private stopping = false;
  private abandon?: (error: Error) => void;
  /** When graph-node was started (Date.now()), after the build, Postgres and the stub. */
  graphNodeStartedAt?: number;
  private readonly removeOnExit = () => this.removeFolders();

  constructor(private readonly options: LocalIndexerOptions) {}

  /** Builds the subgraph (once the target is known) while Postgres and the IPFS stub start, then starts graph-node; resolves once it answers. */
  start(): Promise<GndDev> {
    this.starting ??= this.bringUp();
    return this.starting;
  }

  private async bringUp(): Promise<GndDev> {
    const { label, env, build = buildSubgraph } = this.options;
    process.on("exit", this.removeOnExit);
    this.buildDir = buildFolder(label);
    // stop() while waiting for the target ends the wait.
    const given = "target" in this.options ? this.options.target : Promise.resolve({ config: this.options.config, rpcUrl: this.options.rpcUrl });
    const target = Promise.race([given, new Promise<never>((_, reject) => (this.abandon = reject))]);
    const [{ config, rpcUrl }, manifest] = await Promise.all([
      target,
      target.then(({ config }) => build(config, this.buildDir!)),
      (async () => ([this.postgresProcess, this.ipfs] = await Promise.all([startPostgres(), startIpfsStub()])))(),
    ]);
    if (this.stopping) throw new Error("the local indexer was stopped while starting");
    this.stage = stageSubgraph(manifest);
    this.graphNodeStartedAt = Date.now();
    this.gnd = await startGndDev(this.stage, { postgresUrl: this.postgresProcess!.url, network: config.network, rpcUrl, ipfsUrl: this.ipfs!.url, env });
    return this.gnd;
  }

  /** Whether graph-node is up (start() has resolved). */
  get started(): boolean {
    return this.gnd !== undefined;
  }

  /** graph-node, once start() has resolved. */
  get dev(): GndDev {
    if (!this.gnd) throw new Error("the local indexer has not started");
    return this.gnd;
  }

  /** Postgres, once it has started (its process, for measuring). */
  get postgres(): Postgres | undefined {
    return this.postgresProcess;
  }

  /**
   * Stops every part started so far and removes the temporary folders; safe to call more than once, and while
   * start() is under way (it then stops at its next step, and what it started meanwhile is stopped too).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abandon?.(new Error("the local indexer was stopped while starting"));
    await this.stopParts();
    await this.starting?.catch(() => {});
    await this.stopParts();
    process.off("exit", this.removeOnExit);
  }

  private async stopParts(): Promise<void> {
    await this.gnd?.stop();
    await this.postgresProcess?.stop();
    await this.ipfs?.stop();
    this.removeFolders();
    this.gnd = this.postgresProcess = this.ipfs = undefined;
  }

  private removeFolders(): void {
    this.stage?.remove();
    if (this.buildDir) rmSync(this.buildDir, { recursive: true, force: true });
    if (this.postgresProcess && existsSync(this.postgresProcess.dir)) rmSync(this.postgresProcess.dir, { recursive: true, force: true });
    this.stage = this.buildDir = undefined;
  }
}
