/**
 * Child processes the tests and benchmarks start (a chain, Postgres, graph-node): each in its own process group,
 * its output kept in a log file and its last lines in memory, stopped by group with SIGTERM then SIGKILL, and all
 * of them stopped when this process exits, whatever the reason.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, chownSync, lstatSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** The user unprivileged services run as when this process is root: nobody. */
export const NOBODY = { uid: 65534, gid: 65534 };

/** The user to start services as: nobody when running as root, else the current user (undefined). */
export function serviceUser(): { uid: number; gid: number } | undefined {
  return process.getuid?.() === 0 ? NOBODY : undefined;
}

/** Gives `dir` and everything under it to `user` (no-op without one). */
export function chownTree(dir: string, user: { uid: number; gid: number } | undefined): void {
  if (!user) return;
  const walk = (p: string) => {
    chownSync(p, user.uid, user.gid);
    const stat = lstatSync(p);
    if (stat.isDirectory()) for (const name of readdirSync(p)) walk(path.join(p, name));
  };
  walk(dir);
}

/** A free TCP port on the loopback interface (asked of the kernel). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run as this user (needs root). */
  user?: { uid: number; gid: number };
  /** Append the process's output to this file. */
  logFile?: string;
  /** Echo output lines to this process's stderr, prefixed with the name. */
  echo?: boolean;
  /** The signal stop() sends first (default SIGTERM). */
  stopSignal?: NodeJS.Signals;
}

/** A started child process. */
export class ManagedProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when the process has exited. */
  readonly exited: Promise<number | string>;
  private readonly tail: string[] = [];
  private exitStatus: number | string | undefined;
  private readonly stopSignal: NodeJS.Signals;

  constructor(readonly name: string, command: string, args: string[], options: StartOptions = {}) {
    this.stopSignal = options.stopSignal ?? "SIGTERM";
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      uid: options.user?.uid,
      gid: options.user?.gid,
      detached: true, // its own process group, so stop() reaches its children too
      stdio: ["ignore", "pipe", "pipe"],
    });
    const log = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : undefined;
    const lineReader = () => {
      let partial = "";
      return (chunk: Buffer) => {
        log?.write(chunk);
        const lines = (partial + chunk.toString()).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
          if (line.trim() === "") continue;
          this.tail.push(line);
          if (this.tail.length > 400) this.tail.shift();
          if (options.echo) process.stderr.write(`[${name}] ${line}\n`);
        }
      };
    };
    this.child.stdout!.on("data", lineReader());
    this.child.stderr!.on("data", lineReader());
    this.exited = new Promise((resolve) => {
      this.child.on("error", (error) => {
        this.tail.push(`failed to start: ${error.message}`);
        this.exitStatus = "spawn-error";
        resolve("spawn-error");
      });
      this.child.on("exit", (code, signal) => {
        this.exitStatus = code ?? signal ?? "unknown";
        log?.end();
        running.delete(this);
        resolve(this.exitStatus);
      });
    });
    running.add(this);
  }

  /** Whether it is still running. */
  get alive(): boolean {
    return this.exitStatus === undefined;
  }

  /** Its last output lines. */
  output(lines = 40): string {
    return this.tail.slice(-lines).join("\n");
  }

  /** Stops its process group: its stop signal, then SIGKILL after `graceMs`. Resolves once it has exited. */
  async stop(graceMs = 5000): Promise<void> {
    if (!this.alive) return;
    signalGroup(this.child.pid, this.stopSignal);
    const timer = setTimeout(() => signalGroup(this.child.pid, "SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
    signalGroup(this.child.pid, "SIGKILL"); // anything the leader left behind in its group
  }
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

const running = new Set<ManagedProcess>();

/** Starts `command` as a managed process. */
export function startProcess(name: string, command: string, args: string[], options: StartOptions = {}): ManagedProcess {
  return new ManagedProcess(name, command, args, options);
}

/** Runs `command` to completion; rejects with its output if it fails. */
export async function runProcess(name: string, command: string, args: string[], options: StartOptions = {}): Promise<string> {
  const proc = startProcess(name, command, args, options);
  const status = await proc.exited;
  if (status !== 0) throw new Error(`${name} failed (${status}):\n${proc.output(80)}`);
  return proc.output(200);
}

/** Stops every process still running (their groups: SIGTERM then SIGKILL). */
export async function stopAll(graceMs = 5000): Promise<void> {
  await Promise.all([...running].map((p) => p.stop(graceMs)));
}

// Whatever ends this process, nothing it started is left running.
process.once("exit", () => {
  for (const p of running) signalGroup(p.child.pid, "SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const p of running) signalGroup(p.child.pid, "SIGKILL");
    process.exit(130);
  });
}

/** Polls `probe` until it returns a value other than undefined; throws after `timeoutMs` naming `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 60_000, intervalMs = 200, process: proc }: { timeoutMs?: number; intervalMs?: number; process?: ManagedProcess } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    if (proc && !proc.alive) throw new Error(`${proc.name} exited while waiting for ${what}:\n${proc.output()}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      const output = proc ? `\n${proc.name}'s last output:\n${proc.output()}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}${output}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
