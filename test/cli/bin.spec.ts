/**
 * The `cover` bin runs its build (scripts/cli/build.mjs, dist/cli/) only while the build is current, and the current
 * code otherwise: a source newer than the build makes the bin rebuild before it runs; a build it cannot write makes
 * it run the TypeScript through tsx. And `cover --help` is answered without loading ethers or any command module.
 * Each case builds into a folder of its own (COVER_CLI_DIST), so dist/cli is left as it is.
 */
import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../../scripts/lib/paths.js";
import { COVER_BIN, COVER_BUILD } from "./bin.js";

const MARK = "summary as the build recorded it";

function help(dist: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [COVER_BIN, "--help"], { cwd: PROJECT_ROOT, env: { ...process.env, COVER_CLI_DIST: dist, COVER_CLI_TSX: undefined, COVER_NETWORK: undefined }, encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const record = (dist: string) => JSON.parse(readFileSync(path.join(dist, "build.json"), "utf8"));

/** Marks the build's recorded summary of `series`, so that a run shows whether it answered from this build. */
function markBuild(dist: string): void {
  const r = record(dist);
  const series = r.commands.flatMap((m: any) => m.commands).find((c: any) => c.name === "series");
  series.description = MARK;
  writeFileSync(path.join(dist, "build.json"), JSON.stringify(r));
}

describe("cover bin: its build, current or not", function () {
  this.timeout(120_000);
  let dist: string;
  beforeEach(function () {
    dist = mkdtempSync(path.join(os.tmpdir(), "cover-bin-"));
    execFileSync(process.execPath, [COVER_BUILD, "--force"], { env: { ...process.env, COVER_CLI_DIST: dist }, stdio: "ignore" });
  });
  afterEach(function () {
    rmSync(dist, { recursive: true, force: true });
  });

  it("runs the build while it is current, and rebuilds first once a source is newer than it", function () {
    markBuild(dist);
    const fresh = help(dist);
    expect(fresh.code).to.equal(0);
    expect(fresh.stdout).to.contain(MARK);

    // A developer edits a source: here errors.ts gets a newer time (and gets its own back afterwards).
    const source = path.join(PROJECT_ROOT, "scripts", "cli", "errors.ts");
    const { atime, mtime } = statSync(source);
    const builtAt = record(dist).builtAt;
    try {
      utimesSync(source, atime, new Date(mtime.getTime() + 5_000));
      const stale = help(dist);
      expect(stale.code).to.equal(0);
      expect(stale.stderr).to.equal("");
      expect(stale.stdout).not.to.contain(MARK);
      expect(stale.stdout).to.match(/series \[options\]\s+every series/);
      expect(record(dist).builtAt).not.to.equal(builtAt);
      // Rebuilt, it is current again: the next run answers from it.
      markBuild(dist);
      expect(help(dist).stdout).to.contain(MARK);
    } finally {
      utimesSync(source, atime, mtime);
    }
  });

  it("runs the TypeScript (tsx) when the build is stale and cannot be rebuilt", function () {
    const blocked = path.join(dist, "a-file");
    writeFileSync(blocked, "");
    const r = help(path.join(blocked, "dist")); // no build there, and no folder can be made under a file
    expect(r.code).to.equal(0);
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.match(/series \[options\]\s+every series/);
    expect(r.stdout).to.equal(help(dist).stdout);
  });

  it("answers --help from the entry's own chunks, none of which holds ethers or a command module", function () {
    const r = record(dist);
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(path.join(dist, file), "utf8");
      for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"\.\/([^"]+)"|^import\s*"\.\/([^"]+)"/gm)) walk(m[1] ?? m[2]);
    };
    walk(r.entry);
    const loaded = [...seen].map((f) => readFileSync(path.join(dist, f), "utf8")).join("\n");
    expect(loaded).to.contain("node_modules/commander/");
    expect(loaded).not.to.contain("node_modules/ethers/");
    expect(loaded).not.to.match(/scripts\/cli\/(commands\/|context\.ts)/);
    // ...while the commands' chunks, loaded on demand, do hold them.
    const all = r.files.map((f: string) => readFileSync(path.join(dist, f), "utf8")).join("\n");
    expect(all).to.contain("node_modules/ethers/");
    expect(all).to.contain("scripts/cli/commands/read.ts");
  });
});
