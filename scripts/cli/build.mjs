// The `cover` bin's build: scripts/cli/main.ts and what it loads, bundled by esbuild ahead of time into dist/cli/
// (git-ignored) as ES modules split by command (each command module's dynamic import is its own chunk, so a run
// loads only the command it names, and `cover --help` loads neither ethers nor any command), with build.json
// beside them: the entry's file, every command's name and summary (main.ts, commandManifest: help is answered
// from it) and the size and time of every source file the bundle was built from.
//
// The bin (cover.mjs) runs the bundle only while it is current: every source file as recorded, the same checkout,
// the same installed packages (node_modules/.package-lock.json) and this builder. Otherwise it rebuilds first (about
// a second), and if it cannot (a syntax error, no esbuild), it runs the TypeScript through tsx as before, so a
// stale bundle never runs. Plain JavaScript, so that the bin and `npm install` (prepare) need no TypeScript loader.
//
//   node scripts/cli/build.mjs            build if not current (npm run build:cli; prepare, npm test, npm start)
//   node scripts/cli/build.mjs --force    build anyway
//   COVER_CLI_DIST=<dir>                  build into / run from <dir> instead of dist/cli
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const SELF = path.relative(PROJECT_ROOT, fileURLToPath(import.meta.url));
const RECORD = "build.json";
const FORMAT = 1;
/** Files besides the bundle's own inputs whose change makes a build stale: the installed packages, this builder. */
const ALSO = ["node_modules/.package-lock.json", SELF];

/** The folder the bundle is built into and run from. */
export function buildDir() {
  return path.resolve(process.env.COVER_CLI_DIST || path.join(PROJECT_ROOT, "dist", "cli"));
}

function stamp(file) {
  try {
    const s = statSync(path.join(PROJECT_ROOT, file));
    return { mtimeMs: s.mtimeMs, size: s.size };
  } catch {
    return null;
  }
}

/** The build record in `dir` if it is current (see the file's comment), else undefined. About a millisecond. */
export function currentBuild(dir = buildDir()) {
  let record;
  try {
    record = JSON.parse(readFileSync(path.join(dir, RECORD), "utf8"));
  } catch {
    return undefined;
  }
  if (record.format !== FORMAT || record.root !== PROJECT_ROOT || !existsSync(path.join(dir, record.entry))) return undefined;
  for (const [file, was] of Object.entries(record.inputs)) {
    const now = stamp(file);
    if (!now || now.mtimeMs !== was.mtimeMs || now.size !== was.size) return undefined;
  }
  return { ...record, dir, entryUrl: pathToFileURL(path.join(dir, record.entry)).href };
}

/** Writes `bytes` to `file` whole or not at all (another run may be reading the folder). */
function writeAtomic(file, bytes) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

/** Builds the bundle into `dir`; returns its record (as currentBuild does). */
export async function buildCli(dir = buildDir()) {
  const started = performance.now();
  const { build } = await import("esbuild");
  const pathsFile = path.join(PROJECT_ROOT, "scripts", "lib", "paths.ts");
  const result = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: { main: path.join(PROJECT_ROOT, "scripts", "cli", "main.ts") },
    outdir: dir,
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Loaded only when a key is looked up in Hardhat's keystore (keystore.ts): from node_modules, as before.
    external: ["hardhat", "hardhat/*", "@nomicfoundation/*"],
    // Bundled CommonJS packages may require() Node's own modules.
    banner: { js: 'import { createRequire as __coverRequire } from "node:module"; const require = __coverRequire(import.meta.url);' },
    plugins: [
      {
        // lib/paths.ts finds the project from its own place; in the bundle it is where the source is.
        name: "project-root",
        setup(b) {
          b.onLoad({ filter: /[\\/]scripts[\\/]lib[\\/]paths\.ts$/ }, (args) => ({
            contents: readFileSync(args.path, "utf8").replaceAll("import.meta.url", JSON.stringify(pathToFileURL(pathsFile).href)),
            loader: "ts",
          }));
        },
      },
    ],
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  mkdirSync(dir, { recursive: true });
  const files = [];
  let entry;
  for (const out of result.outputFiles) {
    writeAtomic(out.path, out.contents);
    const name = path.relative(dir, out.path);
    files.push(name);
    // (esbuild marks each dynamically imported module's chunk as an entry point too: the entry is main-*.)
    if (/^main-[^/]*\.js$/.test(name)) entry = name;
  }
  if (!entry) throw new Error("cover build: esbuild wrote no entry");
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs).filter((f) => !f.startsWith("node_modules/")), ...ALSO]) {
    const s = stamp(file);
    if (s) inputs[file] = s;
  }
  const entryUrl = pathToFileURL(path.join(dir, entry)).href;
  const commands = await (await import(entryUrl)).commandManifest();
  const record = { format: FORMAT, root: PROJECT_ROOT, builtAt: new Date().toISOString(), entry, files, commands, inputs };
  writeAtomic(path.join(dir, RECORD), JSON.stringify(record, null, 1) + "\n");
  // Earlier builds' files (content-hashed names) go.
  for (const name of readdirSync(dir)) {
    if (name !== RECORD && !files.includes(name) && /^(main|chunk)-.*\.js$/.test(name)) rmSync(path.join(dir, name), { force: true });
  }
  const bytes = files.reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
  return { ...record, dir, entryUrl, seconds: (performance.now() - started) / 1000, bytes };
}

/** For the bin: a current build, built now if stale or missing; undefined if it cannot be built. */
export async function loadBuild(dir = buildDir()) {
  const current = currentBuild(dir);
  if (current) return current;
  try {
    return await buildCli(dir);
  } catch {
    return undefined;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = buildDir();
  const shown = path.relative(process.cwd(), dir) || ".";
  if (!process.argv.includes("--force") && currentBuild(dir)) {
    console.log(`cover bin: ${shown} is current`);
  } else {
    const b = await buildCli(dir);
    console.log(`cover bin: built ${shown} in ${b.seconds.toFixed(2)} s (${b.files.length} files, ${Math.round(b.bytes / 1024)} KB, ${Object.keys(b.inputs).length} sources)`);
  }
}
