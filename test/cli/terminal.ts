/**
 * Runs `cover <args>` at a terminal, as a person would: util-linux `script` gives it a pseudo-terminal for stdin,
 * stdout and stderr, and `input` is typed into it. Returns the exit code and everything the terminal showed.
 */
import { spawn } from "node:child_process";
import { PROJECT_ROOT } from "../../scripts/lib/paths.js";
import { COVER_BIN } from "./bin.js";

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

export function coverAtTerminal(m: { dir: string }, args: string[], input: string): Promise<{ code: number; screen: string }> {
  const command = [process.execPath, COVER_BIN, ...args].map(quote).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["--quiet", "--return", "--command", command, "/dev/null"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, COVER_DEPLOYMENTS_DIR: m.dir, COVER_PRIVATE_KEY: undefined, COVER_RPC: undefined, COVER_NETWORK: undefined, COVER_SUBGRAPH: undefined },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let screen = "";
    let typed = false;
    const onData = (d: Buffer) => {
      screen += d;
      // Type the answer once the question is on the screen.
      if (!typed && /\[y\/N\]/.test(screen)) {
        typed = true;
        child.stdin.write(input);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, screen }));
  });
}
