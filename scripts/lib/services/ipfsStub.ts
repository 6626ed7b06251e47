/**
 * The smallest IPFS API graph-node accepts at start-up: `gnd dev` checks its IPFS endpoint even when it loads
 * the subgraph from a local build, and these machines reach no public one. Answers POST /api/v0/version only.
 */
import { createServer } from "node:http";
import { freePort } from "./processes.js";

export interface IpfsStub {
  /** http://127.0.0.1:<port> */
  url: string;
  stop(): Promise<void>;
}

export async function startIpfsStub(): Promise<IpfsStub> {
  const port = await freePort();
  const server = createServer((request, response) => {
    if (request.url?.startsWith("/api/v0/version")) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ Version: "0.0.0-stub", Commit: "", Repo: "0", System: "stub", Golang: "" }));
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("not served by the IPFS stub\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
