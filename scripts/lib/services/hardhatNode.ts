/**
 * `hardhat node` on a free loopback port, as a managed process (stopped with the rest, whatever happens), on the
 * config's `demo` network: a fixed calendar starting on Monday 2026-06-01
 * 08:00 UTC (hardhat.config.ts).
 */
import path from "node:path";
import { freePort, type ManagedProcess, startProcess, waitFor } from "./processes.js";
import { PROJECT_ROOT } from "../subgraph/manifest.js";

export interface HardhatNode {
  /** http://127.0.0.1:<port> */
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Calls a JSON-RPC method on `url`; throws on an error answer. */
export async function rpc<T = any>(url: string, method: string, params: unknown[] = [], signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, {
    signal,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body: any = await response.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

export async function startHardhatNode(): Promise<HardhatNode> {
  const port = await freePort();
  const cli = path.join(PROJECT_ROOT, "node_modules", "hardhat", "dist", "src", "cli.js");
  // Node 22 runs this process (npm/npx put it first on PATH); the node started here is the same binary.
  const proc = startProcess("hardhat node", process.execPath, [cli, "--network", "demo", "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: PROJECT_ROOT,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor("hardhat node to answer", async () => ((await rpc(url, "eth_chainId")) ? true : undefined), { timeoutMs: 120_000, intervalMs: 250, process: proc });
  } catch (error) {
    await proc.stop(2000);
    throw error;
  }
  return { url, process: proc, stop: () => proc.stop(5000) };
}
