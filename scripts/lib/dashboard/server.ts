/**
 * The dashboard's static server (node:http on 127.0.0.1, a port of its own: free unless given): the built files
 * (build.ts), config.json made from the options (the subgraph's URL, the curated list, where the chain's head comes
 * from), and /rpc, which forwards eth_blockNumber to the chain's JSON-RPC so the page can say how far the subgraph
 * trails it (a browser cannot always call a node on another origin). npm start and `npm run dashboard` use it.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { CuratedList } from "../market/listing.js";
import { DASHBOARD_DIST } from "./build.js";

export interface DashboardOptions {
  subgraphUrl: string;
  /** The chain's JSON-RPC, for its head (forwarded through /rpc). */
  rpcUrl?: string;
  /** graph-node's index-node status API, the head's other source when there is no RPC. */
  indexStatusUrl?: string;
  curated?: CuratedList | null;
  network?: string;
  /** Default: a free port. */
  port?: number;
  /** The built files (default dashboard/dist). */
  dir?: string;
}

export interface Dashboard {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json", ".png": "image/png" };
/** Only these JSON-RPC methods go through /rpc. */
const RPC_METHODS = new Set(["eth_blockNumber", "eth_chainId"]);

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const dir = options.dir ?? DASHBOARD_DIST;
  if (!existsSync(path.join(dir, "app.js"))) throw new Error(`the dashboard is not built in ${dir} (buildDashboard() builds it)`);
  const config = JSON.stringify({
    subgraphUrl: options.subgraphUrl,
    rpcUrl: options.rpcUrl ? "rpc" : null,
    indexStatusUrl: options.indexStatusUrl ?? null,
    curated: options.curated ?? null,
    network: options.network ?? null,
  });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/config.json") {
      res.writeHead(200, { "content-type": TYPES[".json"], "cache-control": "no-store" }).end(config);
      return;
    }
    if (url.pathname === "/rpc" && req.method === "POST" && options.rpcUrl) {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", async () => {
        try {
          const call = JSON.parse(body);
          if (!RPC_METHODS.has(call.method)) throw new Error(`only ${[...RPC_METHODS].join(", ")} are forwarded`);
          const answer = await fetch(options.rpcUrl!, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(call), signal: AbortSignal.timeout(10_000) });
          res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
        } catch (error) {
          res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ error: (error as Error).message }));
        }
      });
      return;
    }
    const file = path.join(dir, path.normalize(url.pathname === "/" ? "/index.html" : url.pathname));
    if (!file.startsWith(dir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
