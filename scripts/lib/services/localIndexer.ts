/**
 * Stopping a local indexer (hardhat node, Postgres, IPFS stub, gnd dev) and removing its temporary folders, in
 * one order for every caller: graph-node first (it holds connections to the others), the chain last.
 */
import { existsSync, rmSync } from "node:fs";
import type { GndDev, Stage } from "./gnd.js";
import type { HardhatNode } from "./hardhatNode.js";
import type { IpfsStub } from "./ipfsStub.js";
import type { Postgres } from "./postgres.js";
import { stopAll } from "./processes.js";

/** Whatever parts of a local indexer a run has started so far (any may be missing). */
export interface IndexerParts {
  node?: HardhatNode;
  postgres?: Postgres;
  ipfs?: IpfsStub;
  gnd?: GndDev;
  stage?: Stage;
  buildDir?: string;
}

/** Removes the run's temporary folders; synchronous, so it may also run in a process "exit" handler. */
export function removeIndexerFolders(parts: IndexerParts): void {
  parts.stage?.remove();
  if (parts.buildDir) rmSync(parts.buildDir, { recursive: true, force: true });
  if (parts.postgres && existsSync(parts.postgres.dir)) rmSync(parts.postgres.dir, { recursive: true, force: true });
}

/** Stops every started part, then any process still registered, then removes the temporary folders. */
export async function stopIndexer(parts: IndexerParts): Promise<void> {
  await parts.gnd?.stop();
  await parts.postgres?.stop();
  await parts.ipfs?.stop();
  await parts.node?.stop();
  await stopAll();
  removeIndexerFolders(parts);
}
