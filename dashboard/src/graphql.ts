/**
 * The dashboard's only data source: the subgraph's GraphQL over plain fetch. Which subgraph: `?subgraph=<url>` in
 * the page's address, else config.json beside index.html (the dashboard's server writes it; a static deployment
 * edits it). Also where the chain's head comes from, to say how far the subgraph trails it: `?rpc=<url>` or the
 * config's rpcUrl (eth_blockNumber), else the config's indexStatusUrl (graph-node's index-node status API).
 */
import type { CuratedList } from "../../scripts/lib/market/listing.js";
import { errorMessages, postGraphql, type GraphqlAnswer, type GraphqlPostFailure } from "../../scripts/lib/subgraph/graphqlPost.js";

export interface DashboardConfig {
  subgraphUrl: string;
  rpcUrl?: string | null;
  indexStatusUrl?: string | null;
  /** The network's curated list (lib/deploy/curated.ts), or null when the network has none. */
  curated?: CuratedList | null;
  network?: string | null;
}

/** The subgraph answered, but not as hoped (a GraphQL error), or not at all (unreachable). */
export class SubgraphError extends Error {
  constructor(message: string, readonly unreachable: boolean) {
    super(message);
  }
}

const TIMEOUT_MS = 10_000;

export async function loadConfig(): Promise<DashboardConfig> {
  const params = new URLSearchParams(location.search);
  let file: Partial<DashboardConfig> = {};
  try {
    const response = await fetch("config.json", { cache: "no-store" });
    if (response.ok) file = await response.json();
  } catch {
    /* no config beside the page: the address must name the subgraph */
  }
  const subgraphUrl = params.get("subgraph") ?? file.subgraphUrl ?? "";
  // A subgraph named in the address is not the one the config's chain and status endpoints describe.
  const own = !params.get("subgraph") || params.get("subgraph") === file.subgraphUrl;
  return {
    subgraphUrl,
    rpcUrl: params.get("rpc") ?? (own ? file.rpcUrl : null) ?? null,
    indexStatusUrl: own ? (file.indexStatusUrl ?? null) : null,
    curated: file.curated ?? null,
    network: file.network ?? null,
  };
}

/** Runs a query against the subgraph; a SubgraphError when nothing answers or it refuses the query. */
export async function query<T = any>(url: string, text: string, variables?: Record<string, unknown>): Promise<T> {
  let body: GraphqlAnswer;
  try {
    body = await postGraphql(url, text, variables, TIMEOUT_MS);
  } catch (error) {
    const failure = error as GraphqlPostFailure;
    throw new SubgraphError(failure.kind === "not-graphql" ? `${url}: ${failure.message}` : `no answer from ${url} (${failure.message})`, true);
  }
  if (body.errors?.length) throw new SubgraphError(`the subgraph refused a query: ${errorMessages(body.errors)}`, false);
  if (!body.data) throw new SubgraphError(`${url} answers without data`, true);
  return body.data as T;
}

/** Where the subgraph stands: the block it has indexed and its time, errors, and how far it trails the chain. */
export interface IndexStatus {
  block: number;
  blockTime: number;
  hasIndexingErrors: boolean;
  /** The chain's head, when an RPC or index-node status URL is known and answers. */
  head: number | null;
  /** Where `head` came from. */
  headSource: string | null;
}

async function chainHead(config: DashboardConfig, deployment: string): Promise<{ head: number; source: string } | null> {
  try {
    if (config.rpcUrl) {
      const response = await fetch(config.rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = await response.json();
      return { head: Number(BigInt(body.result)), source: "the chain's JSON-RPC" };
    }
    if (config.indexStatusUrl) {
      const data = await query(config.indexStatusUrl, `query($d: [String!]) { indexingStatuses(subgraphs: $d) { chains { chainHeadBlock { number } } } }`, { d: [deployment] });
      const n = data.indexingStatuses?.[0]?.chains?.[0]?.chainHeadBlock?.number;
      return n === undefined || n === null ? null : { head: Number(n), source: "graph-node's indexing status" };
    }
  } catch {
    /* the head is unknown; the page says so */
  }
  return null;
}

export async function indexStatus(config: DashboardConfig): Promise<IndexStatus> {
  const data = await query(config.subgraphUrl, `{ _meta { block { number timestamp } hasIndexingErrors deployment } }`);
  const meta = data._meta;
  if (!meta?.block) throw new SubgraphError(`${config.subgraphUrl} answers GraphQL, but has no _meta block: not a graph-node subgraph`, true);
  const head = await chainHead(config, meta.deployment);
  return {
    block: Number(meta.block.number),
    blockTime: Number(meta.block.timestamp),
    hasIndexingErrors: Boolean(meta.hasIndexingErrors),
    head: head?.head ?? null,
    headSource: head?.source ?? null,
  };
}
