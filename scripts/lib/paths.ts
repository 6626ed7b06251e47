/** The project's folders, found from this file's own place (scripts/lib/), whatever the working directory. */
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root folder. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The subgraph's folder: schema, template, config, mappings, utils, tests. */
export const SUBGRAPH_DIR = path.join(PROJECT_ROOT, "subgraph");
/** Where deployments/<network>.json are written and read. */
export const DEPLOYMENTS_DIR = path.join(PROJECT_ROOT, "deployments");
