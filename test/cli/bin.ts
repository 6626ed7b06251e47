/**
 * The `cover` bin as the tests run it: the package's bin (scripts/cli/cover.mjs), from its build in dist/cli/
 * (scripts/cli/build.mjs). A root before() hook builds it once, before the first spec, if it is not current (npm test
 * has built it already; a lone `npx hardhat test mocha test/cli/x.spec.ts` after an edit has not), so that no spec
 * pays for a rebuild and every spec runs the bundle a user runs.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "../../scripts/lib/paths.js";

/** The package's bin. */
export const COVER_BIN = path.join(PROJECT_ROOT, "scripts", "cli", "cover.mjs");
/** The bin's builder. */
export const COVER_BUILD = path.join(PROJECT_ROOT, "scripts", "cli", "build.mjs");

/** Builds dist/cli if it is not current (fails with esbuild's error if the sources do not build). */
export function ensureBuiltBin(): void {
  execFileSync(process.execPath, [COVER_BUILD], { cwd: PROJECT_ROOT, env: { ...process.env, COVER_CLI_DIST: undefined }, stdio: ["ignore", "ignore", "inherit"] });
}

if (typeof before === "function") {
  before(function () {
    this.timeout(120_000);
    ensureBuiltBin();
  });
}
