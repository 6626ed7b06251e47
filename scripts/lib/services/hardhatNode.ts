/**
 * `hardhat node` on a free loopback port, as a managed process (stopped with the rest, whatever happens), on the
 * config's `demo` network: a fixed calendar starting on Monday 2026-06-01
 * 08:00 UTC (hardhat.config.ts), with the node's request logging off.
 */
import path from "node:path";
import { freePort, type ManagedProcess, startProcess, waitFor } from "./processes.js";
import { rpc } from "../chain/rpc.js";
import { PROJECT_ROOT } from "../paths.js";

export interface HardhatNode {
  /** http://127.0.0.1:<port> */
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
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
    // `hardhat node` turns on EDR's logging of every request (each transaction with its decoded call trace), which
    // costs the node CPU on every call; nothing reads that output here (its last lines are kept only for errors).
    await rpc(url, "hardhat_setLoggingEnabled", [false]);
  } catch (error) {
    await proc.stop(2000);
    throw error;
  }
  return { url, process: proc, stop: () => proc.stop(5000) };
}
