/**
 * How far a subgraph may trail the chain before a tool says so: the `cover` CLI refuses (unless --allow-stale) and
 * the dashboard shows its behind-the-chain banner past this many blocks (graph-node polls the chain, so a block or
 * two is normal). No imports, so the browser dashboard bundles it as it is.
 */
export const STALE_TOLERANCE = 2;
