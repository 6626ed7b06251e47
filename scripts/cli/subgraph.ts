/**
 * The subgraph as the CLI reads it: its URL (--subgraph, else COVER_SUBGRAPH, else the deployment file's graphqlUrl,
 * which npm start writes), GraphQL queries with a clear error when nothing, or something other than a subgraph,
 * answers there, and the check that it follows this chain and has indexed it to within a couple of blocks of the
 * head (after a short wait for it to catch up) before anything is shown; --allow-stale shows it anyway, warning.
 * With --block N, everything is read as of block N (graph-node's `block: { number: N }`) at that block's chain time,
 * once the subgraph has indexed it; a block beyond the chain's head is a usage error.
 */
import type { Context } from "./context.js";
import { CliError, usage } from "./errors.js";

import { STALE_TOLERANCE } from "../lib/subgraph/freshness.js";
import { errorMessages, GraphqlPostFailure, postGraphql } from "../lib/subgraph/graphqlPost.js";

/** Blocks the subgraph may trail the chain's head by without a complaint (lib/subgraph/freshness.ts). */
export { STALE_TOLERANCE };
/** How long to wait for a trailing subgraph to catch up before refusing. */
const CATCH_UP_MS = 5000;

export interface SubgraphOptions {
  /** --subgraph <url> */
  subgraph?: string;
  /** --allow-stale: show a subgraph that trails the chain, with a warning, instead of refusing. */
  allowStale?: boolean;
  /** --block <n>: read as of that block. */
  block?: string;
}

/** --block: a block number (decimal digits); else a usage error. */
export function parseBlock(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = String(text).trim();
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(Number(trimmed))) throw usage(`--block must be a block number (a whole number, e.g. 1200), got "${text}"`);
  return Number(trimmed);
}

export interface Subgraph {
  url: string;
  /** Runs a GraphQL query; a CliError when the subgraph cannot answer it. */
  query(text: string, variables?: Record<string, unknown>): Promise<any>;
  /** The block everything is read at (the latest indexed, or --block's), and that block's chain time. */
  block: number;
  blockTime: number;
  /** The block to pass to queries: --block's, or undefined for the latest indexed block. */
  at: number | undefined;
}

/** The subgraph's URL and where it came from, or a usage error saying how to name one. */
function subgraphUrl(ctx: Context, options: SubgraphOptions): { url: string; from: string } {
  if (options.subgraph) return { url: options.subgraph, from: "--subgraph" };
  if (process.env.COVER_SUBGRAPH) return { url: process.env.COVER_SUBGRAPH, from: "COVER_SUBGRAPH" };
  const file = `deployments/${ctx.deployment.network}.json`;
  if (ctx.deployment.graphqlUrl) return { url: ctx.deployment.graphqlUrl, from: file };
  throw usage(`no subgraph for network "${ctx.deployment.network}": pass --subgraph <url> or set COVER_SUBGRAPH${howToStart(ctx, ` (it records the GraphQL URL in ${file})`)}`);
}

function howToStart(ctx: Context, detail = ""): string {
  return ctx.deployment.network === "localhost" ? `, or start a local market with its subgraph with \`npm start\`${detail}` : "";
}

/** Connects to the subgraph and checks it against the chain (see the file's comment). */
export async function openSubgraph(ctx: Context, options: SubgraphOptions): Promise<Subgraph> {
  const wanted = parseBlock(options.block);
  const { url, from } = subgraphUrl(ctx, options);
  const nothing = (reason: string) =>
    new CliError(`no subgraph answering at ${url} (from ${from}): ${reason}. Name a running one with --subgraph <url> or COVER_SUBGRAPH${howToStart(ctx)}`);

  /** The parsed answer to a query, data or errors; a CliError when nothing, or no GraphQL server, answers. */
  const post = async (text: string, variables?: Record<string, unknown>) => {
    try {
      return await postGraphql(url, text, variables);
    } catch (error) {
      if (error instanceof GraphqlPostFailure) throw nothing(error.message);
      throw error;
    }
  };
  const messages = errorMessages;
  const query = async (text: string, variables?: Record<string, unknown>) => {
    const answer = await post(text, variables);
    if (answer.errors?.length) throw new CliError(`the subgraph at ${url} refused a query: ${messages(answer.errors)}`);
    return answer.data;
  };

  /** The subgraph at block `n` (indexed): checked against the chain's block there, at that block's time. */
  const atWanted = async (n: number): Promise<Subgraph> => {
    const answer = await post(`{ _meta(block: { number: ${n} }) { block { number hash } } }`);
    if (answer.errors?.length) throw new CliError(`the subgraph at ${url} cannot answer at block ${n}: ${messages(answer.errors)}`);
    const block = await ctx.provider.getBlock(n);
    const hash = answer.data?._meta?.block?.hash;
    if (!block || (hash && hash !== block.hash)) {
      throw new CliError(`the subgraph at ${url} follows another chain: its block ${n} is ${hash ?? "unknown"}, but the chain at ${ctx.rpcUrl} has ${block?.hash ?? "none"} there`);
    }
    return { url, query, block: n, blockTime: block.timestamp, at: n };
  };

  const deadline = Date.now() + CATCH_UP_MS;
  for (;;) {
    const answer = await post("{ _meta { block { number hash } hasIndexingErrors } }");
    if (answer.errors?.length) throw nothing(`its GraphQL server says: ${messages(answer.errors)}`);
    const meta = answer.data?._meta;
    if (!meta?.block) throw nothing("it answers GraphQL, but has no _meta block: not a graph-node subgraph");
    const indexed = Number(meta.block.number);
    const head = await ctx.provider.getBlockNumber();
    const ours = indexed <= head ? await ctx.provider.getBlock(indexed) : null;
    if (!ours || (meta.block.hash && ours.hash !== meta.block.hash)) {
      throw new CliError(
        `the subgraph at ${url} follows another chain: its block ${indexed} is ${meta.block.hash ?? "unknown"}, but the chain at ${ctx.rpcUrl} ` +
          `${ours ? `has ${ours.hash} there` : `ends at block ${head}`} (was the chain restarted under it? restart both, e.g. with npm start)`,
      );
    }
    const failed = Boolean(meta.hasIndexingErrors);
    if (wanted !== undefined) {
      if (wanted > head) throw usage(`--block ${wanted} is beyond the chain's head (block ${head} at ${ctx.rpcUrl})`);
      if (wanted <= indexed) return atWanted(wanted);
      if (failed || Date.now() >= deadline) {
        throw new CliError(`the subgraph at ${url} has indexed up to block ${indexed}${failed ? " and stopped on an indexing error" : ""}: block ${wanted} is not indexed yet${failed ? "" : "; wait for it to catch up and retry"}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    const behind = head - indexed;
    if (behind <= STALE_TOLERANCE && !failed) return { url, query, block: indexed, blockTime: ours.timestamp, at: undefined };
    if (failed || Date.now() >= deadline) {
      const what = `the subgraph at ${url} is ${behind} block${behind === 1 ? "" : "s"} behind the chain (indexed block ${indexed}, chain head ${head})${failed ? ": it stopped on an indexing error" : ""}`;
      if (!options.allowStale) {
        throw new CliError(`${what}. ${failed ? "Its data will not move on" : `Wait for it to catch up and retry`}, or pass --allow-stale to see its data as of block ${indexed}`);
      }
      process.stderr.write(`warning: ${what}; showing its data as of block ${indexed} (--allow-stale)\n`);
      return { url, query, block: indexed, blockTime: ours.timestamp, at: undefined };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
