/**
 * Builds the subgraph for one network config into a folder of its own, so builds for different deployments never
 * share files: the manifest rendered with absolute paths into the sources, and `build/` (graph-node's input).
 *
 * `graph codegen` + `graph build` (about 25 s of CPU) depend only on the subgraph's sources, never on the deployed
 * addresses: they run once per version of the sources, for a placeholder config (BUILD_CACHE_CONFIG), and the result
 * is kept in subgraph/.builds/cache/<key>/ (ignored by git), the key a hash of everything the build reads (template,
 * schema, mappings, utils, ABIs, graph-cli's and graph-ts' versions). Each build then copies the cached build/ and
 * renders its manifest for the real config, checking that every placeholder was found where the template puts it.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runProcess } from "./processes.js";
import { copyAbis } from "../subgraph/abis.js";
import { type SubgraphConfig, validateConfig, writeManifest } from "../subgraph/manifest.js";
import { PROJECT_ROOT, SUBGRAPH_DIR } from "../paths.js";

/** graph-cli, from this project's install. */
export const GRAPH_CLI = path.join(PROJECT_ROOT, "node_modules", ".bin", "graph");

/** Where cached builds are kept: one folder per key, the newest only. */
export const BUILD_CACHE_DIR = path.join(SUBGRAPH_DIR, ".builds", "cache");

/** Bump when the cache's layout or the way a build is specialised changes. */
const CACHE_FORMAT = 2;

/**
 * The config the cached build is made for: values that occur nowhere else in a manifest, replaced by the real
 * config's in each build's manifest.
 */
export const BUILD_CACHE_CONFIG: SubgraphConfig = validateConfig(
  {
    network: "cover-build-cache-network",
    // Built with no block filter (every block); specialiseBuiltManifest adds a public network's polling filter.
    pollEveryBlocks: 1,
    market: { address: "0xc0ffee0000000000000000000000000000c0de01", startBlock: 987_654_301 },
    factory: { address: "0xc0ffee0000000000000000000000000000c0de02", startBlock: 987_654_302 },
  },
  "the build cache's placeholder config",
);

/**
 * A fresh folder for one build, inside the project (graph-cli looks for node_modules above the manifest):
 * subgraph/.builds/<label>-<pid>-<n>, ignored by git; remove it when done.
 */
export function buildFolder(label: string): string {
  const dir = path.join(SUBGRAPH_DIR, ".builds", `${label}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Every file under `dir`, sorted, as paths relative to SUBGRAPH_DIR. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(SUBGRAPH_DIR, p));
    }
  };
  walk(dir);
  return out;
}

const packageVersion = (name: string) => JSON.parse(readFileSync(path.join(PROJECT_ROOT, "node_modules", name, "package.json"), "utf8")).version as string;

/** The cache key: a hash of everything `graph codegen` and `graph build` read (call after copyAbis()). */
export function buildCacheKey(): string {
  const hash = createHash("sha256");
  hash.update(`format ${CACHE_FORMAT}\0graph-cli ${packageVersion("@graphprotocol/graph-cli")}\0graph-ts ${packageVersion("@graphprotocol/graph-ts")}\0`);
  const files = ["subgraph.template.yaml", "schema.graphql", ...["mappings", "utils", "abis"].flatMap((d) => filesUnder(path.join(SUBGRAPH_DIR, d)))];
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(SUBGRAPH_DIR, file)));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 24);
}

/** Runs codegen and build for the placeholder config into `dir/build` (`dir/subgraph.yaml` beside it). */
async function compile(dir: string): Promise<void> {
  const manifest = path.join(dir, "subgraph.yaml");
  writeManifest(BUILD_CACHE_CONFIG, manifest, SUBGRAPH_DIR);
  const env = { ...process.env, NO_COLOR: "1" };
  await runProcess("graph codegen", GRAPH_CLI, ["codegen", manifest, "--output-dir", path.join(SUBGRAPH_DIR, "generated")], { env });
  await runProcess("graph build", GRAPH_CLI, ["build", manifest, "--output-dir", path.join(dir, "build")], { env });
  // The generated types too, for `npm run subgraph:compile` to put back in subgraph/generated on a cache hit.
  cpSync(path.join(SUBGRAPH_DIR, "generated"), path.join(dir, "generated"), { recursive: true });
}

/** Builds being made by this process, by key (two indexers starting at once share one build). */
const building = new Map<string, Promise<string>>();

/**
 * The cached build for the current sources (a folder holding build/), compiling it first when there is none.
 * `hit` tells the caller which it was. Other keys' folders are removed when a new one is stored.
 */
export async function cachedBuild(): Promise<{ dir: string; hit: boolean }> {
  copyAbis();
  const key = buildCacheKey();
  const dir = path.join(BUILD_CACHE_DIR, key);
  if (existsSync(path.join(dir, "build", "subgraph.yaml"))) return { dir, hit: true };
  let pending = building.get(key);
  if (!pending) {
    pending = (async () => {
      const tmp = path.join(BUILD_CACHE_DIR, `.tmp-${key}-${process.pid}-${Date.now()}`);
      mkdirSync(tmp, { recursive: true });
      try {
        await compile(tmp);
        // Another process may have stored the same key meanwhile: its build is as good as ours.
        try {
          renameSync(tmp, dir);
        } catch (error) {
          if (!existsSync(path.join(dir, "build", "subgraph.yaml"))) throw error;
        }
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
      for (const name of readdirSync(BUILD_CACHE_DIR)) {
        if (name !== key && !name.startsWith(".tmp-")) rmSync(path.join(BUILD_CACHE_DIR, name), { recursive: true, force: true });
      }
      return dir;
    })().finally(() => building.delete(key));
    building.set(key, pending);
  }
  return { dir: await pending, hit: false };
}

/**
 * The built manifest (build/subgraph.yaml, as graph build wrote it for BUILD_CACHE_CONFIG) for `config`: each
 * placeholder replaced where it must be, and nowhere else. Throws if the text is not as expected.
 */
export function specialiseBuiltManifest(text: string, config: SubgraphConfig): string {
  const expect = (pattern: RegExp, count: number, what: string, value: string) => {
    const found = text.match(pattern)?.length ?? 0;
    if (found !== count) throw new Error(`the cached subgraph build's manifest has ${found} ${what} placeholder(s) where ${count} were expected: delete ${BUILD_CACHE_DIR} and retry`);
    text = text.replace(pattern, (match) => match.replace(/[^\s:"']+(["']?)$/, `${value}$1`));
  };
  const p = BUILD_CACHE_CONFIG;
  const networks = (readFileSync(path.join(SUBGRAPH_DIR, "subgraph.template.yaml"), "utf8").match(/network:\s*\{\{\s*network\s*\}\}/g) ?? []).length;
  expect(new RegExp(`(?<=^\\s*)network: ${p.network}$`, "gm"), networks, "network", config.network);
  for (const key of ["market", "factory"] as const) {
    expect(new RegExp(`(?<=^\\s*)address: ["']?${p[key].address}["']?$`, "gm"), 1, `${key} address`, config[key].address.toLowerCase());
    expect(new RegExp(`(?<=^\\s*)startBlock: ${p[key].startBlock}$`, "gm"), 1, `${key} start block`, String(config[key].startBlock));
  }
  // The block handler's polling filter (manifest.ts blockFilter), which the placeholder config builds without.
  const every = validateConfig({ ...config }, `config of "${config.network}"`).pollEveryBlocks!;
  if (every !== 1) {
    const handlers = text.match(/^(\s*)- handler: handleBlock$/gm)?.length ?? 0;
    if (handlers !== 1) throw new Error(`the cached subgraph build's manifest has ${handlers} block handler(s) where 1 was expected: delete ${BUILD_CACHE_DIR} and retry`);
    text = text.replace(/^(\s*)- handler: handleBlock$/m, (line, indent: string) => `${line}\n${indent}  filter:\n${indent}    kind: polling\n${indent}    every: ${every}`);
  }
  return text;
}

/**
 * npm run subgraph:compile: subgraph/subgraph.yaml for `config`, subgraph/build/ (graph-node's input, its manifest for
 * `config`) and subgraph/generated/ (the types the mappings import), from the cache when the sources are unchanged.
 * Returns whether the cache had them.
 */
export async function compileInPlace(config: SubgraphConfig): Promise<boolean> {
  const { dir, hit } = await cachedBuild();
  writeManifest(config, path.join(SUBGRAPH_DIR, "subgraph.yaml"));
  for (const folder of ["build", "generated"]) {
    rmSync(path.join(SUBGRAPH_DIR, folder), { recursive: true, force: true });
    cpSync(path.join(dir, folder), path.join(SUBGRAPH_DIR, folder), { recursive: true });
  }
  const built = path.join(SUBGRAPH_DIR, "build", "subgraph.yaml");
  writeFileSync(built, specialiseBuiltManifest(readFileSync(built, "utf8"), config));
  return hit;
}

/**
 * Renders the manifest for `config` into `outDir` and puts the subgraph's build for it in `outDir/build` (from the
 * cache, compiled first when the sources changed); returns the manifest path.
 */
export async function buildSubgraph(config: SubgraphConfig, outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const { dir } = await cachedBuild();
  const manifest = path.join(outDir, "subgraph.yaml");
  writeManifest(config, manifest, SUBGRAPH_DIR);
  const build = path.join(outDir, "build");
  rmSync(build, { recursive: true, force: true });
  cpSync(path.join(dir, "build"), build, { recursive: true });
  const built = path.join(build, "subgraph.yaml");
  writeFileSync(built, specialiseBuiltManifest(readFileSync(built, "utf8"), config));
  return manifest;
}
