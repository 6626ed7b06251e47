/**
 * The curated list of a network: the protocols and collaterals that readable series handles may name. Public
 * networks' lists are kept in the repository (config/curated.json); the local market's is its deployment file's
 * demo protocols and test collaterals. The rule that applies it (listed or UNLISTED) is lib/market/listing.ts, shared
 * by the `cover` CLI and the dashboard.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { CuratedList, CuratedProtocol } from "../market/listing.js";
import { PROJECT_ROOT } from "../paths.js";
import type { DeploymentFile } from "./deploymentFile.js";

export type { CuratedList, CuratedProtocol };

/** config/curated.json, or COVER_CURATED_FILE (a list of one's own, or a test's). */
export const curatedFile = () => process.env.COVER_CURATED_FILE ?? path.join(PROJECT_ROOT, "config", "curated.json");

interface CuratedFile {
  networks: Record<string, { chainId: number; protocols: CuratedProtocol[]; collaterals: Record<string, string> }>;
}

let file: CuratedFile | undefined;

const upperKeys = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).map(([s, a]) => [s.toUpperCase(), a]));

/** The curated list for a deployment (see the file's comment); a network missing from config/curated.json lists nothing. */
export function curated(deployment: DeploymentFile): CuratedList {
  if (deployment.network === "localhost") {
    const names = new Set(deployment.demo ?? []);
    return {
      source: "deployments/localhost.json (the demo list)",
      protocols: deployment.protocols.filter((p) => names.has(p.name)).map(({ id, ticker, name }) => ({ id, ticker, name })),
      collaterals: upperKeys(deployment.addresses.collaterals ?? {}),
    };
  }
  const where = curatedFile();
  file ??= JSON.parse(readFileSync(where, "utf8")) as CuratedFile;
  const entry = file.networks[deployment.network];
  const shown = where.startsWith(PROJECT_ROOT + path.sep) ? path.relative(PROJECT_ROOT, where) : where;
  const source = `${shown} (${deployment.network})`;
  if (!entry || entry.chainId !== deployment.chainId) return { source, protocols: [], collaterals: {} };
  return { source, protocols: entry.protocols, collaterals: upperKeys(entry.collaterals) };
}
