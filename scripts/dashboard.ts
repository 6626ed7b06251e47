/**
 * npm run dashboard -- <subgraph-url> [--rpc <url>] [--status <url>] [--network <name>] [--port <n>]: builds the
 * dashboard (lib/dashboard/build.ts) and serves it on 127.0.0.1 (lib/dashboard/server.ts) against any graph-node's
 * GraphQL URL. The curated list is the network's (deployments/<network>.json, default localhost, through
 * lib/deploy/curated.ts, as the CLI reads it); without that file every series shows as UNLISTED. --rpc (the chain's
 * JSON-RPC) or --status (graph-node's index-node status URL) lets the page say how far the subgraph trails the
 * chain. Serves until Ctrl-C.
 */
import { existsSync } from "node:fs";
import { readCommandLine } from "./lib/argv.js";
import { buildDashboard } from "./lib/dashboard/build.js";
import { startDashboard } from "./lib/dashboard/server.js";
import { curated } from "./lib/deploy/curated.js";
import { deploymentPath, readDeployment } from "./lib/deploy/deploymentFile.js";

const USAGE = "usage: npm run dashboard -- <subgraph-url> [--rpc <url>] [--status <url>] [--network <name>] [--port <n>]";

export function parseDashboardArgs(argv: string[]) {
  const [url, ...rest] = argv;
  if (!url || url.startsWith("-")) throw new Error(`the subgraph's GraphQL URL comes first\n${USAGE}`);
  if (!/^https?:\/\//.test(url)) throw new Error(`not an http(s) URL: ${JSON.stringify(url)}\n${USAGE}`);
  const o = readCommandLine(rest, { rpc: { type: "string", needs: "a JSON-RPC URL" }, status: { type: "string", needs: "graph-node's index-node status URL" }, network: { type: "string", needs: "a network name" }, port: { type: "string", needs: "a port number" } }, USAGE);
  if (o.port !== undefined && !(/^\d+$/.test(o.port) && Number(o.port) > 0 && Number(o.port) < 65536)) throw new Error(`--port needs a port number, got ${JSON.stringify(o.port)}\n${USAGE}`);
  return { subgraphUrl: url, rpcUrl: o.rpc, indexStatusUrl: o.status, network: o.network ?? "localhost", port: o.port === undefined ? undefined : Number(o.port) };
}

if (process.argv[1] && /dashboard\.ts$/.test(process.argv[1])) {
  let args: ReturnType<typeof parseDashboardArgs>;
  try {
    args = parseDashboardArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const file = deploymentPath(args.network);
  const list = existsSync(file) ? curated(readDeployment(args.network)) : null;
  const built = await buildDashboard();
  const dashboard = await startDashboard({ ...args, curated: list });
  process.stdout.write(
    [
      `Dashboard:  ${dashboard.url}  (JS ${(built.jsGzipBytes / 1024).toFixed(0)} kB gzip)`,
      `  Subgraph: ${args.subgraphUrl}`,
      `  Curated list: ${list ? list.source : `none (no ${file}): every series shows as UNLISTED`}`,
      "Serving; press Ctrl-C to stop.",
    ].join("\n") + "\n",
  );
  const stop = async () => {
    await dashboard.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
