#!/usr/bin/env node
// The `cover` bin: runs the CLI (scripts/cli/main.ts) from its build in dist/cli/ (build.mjs: ahead of time, split
// by command), which must be current: if a source is newer or the build is missing, build.mjs rebuilds it first,
// and if it cannot, the TypeScript runs under this Node through tsx's loader as it is. Either way the current code.
import { loadBuild } from "./build.mjs";

const build = process.env.COVER_CLI_TSX === "1" ? undefined : await loadBuild();
if (build) {
  const { main } = await import(build.entryUrl);
  await main(build.commands);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import("./main.ts");
  await main();
}
