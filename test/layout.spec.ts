/**
 * The import rule of scripts/ (ARCHITECTURE.md), checked from the imports themselves: every relative import of
 * every file under scripts/ is read with the TypeScript parser and held against the layers below. A folder of
 * scripts/lib may import only the folders under it in the picture; nothing imports upward; the `cover` CLI, whose
 * every run loads what it imports, never reaches the scenario, the services (and their signal handlers), the
 * Uniswap artifacts or Hardhat at load time, and its entry loads no command module and not ethers (a run imports
 * the one command module it needs).
 *
 *   npx hardhat test mocha test/layout.spec.ts
 */
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { PROJECT_ROOT } from "../scripts/lib/paths.js";

/** A part of scripts/, and the parts it may import (its own files always). */
const LAYERS: Record<string, string[]> = {
  "lib/paths.ts": [],
  "lib/argv.ts": [],
  "lib/format": [],
  "lib/chain": ["lib/paths.ts"],
  "lib/market": ["lib/format", "lib/chain"],
  "lib/feeds": ["lib/format", "lib/chain", "lib/market"],
  "lib/subgraph": ["lib/paths.ts", "lib/format", "lib/market"],
  "lib/deploy": ["lib/paths.ts", "lib/format", "lib/chain", "lib/market", "lib/subgraph"],
  "lib/services": ["lib/paths.ts", "lib/chain", "lib/subgraph"],
  "lib/scenario": ["lib/format", "lib/chain", "lib/market", "lib/feeds", "lib/subgraph", "lib/deploy"],
  "lib/dashboard": ["lib/paths.ts", "lib/market"],
  "lib/start": ["lib/paths.ts", "lib/format", "lib/chain", "lib/market", "lib/subgraph", "lib/deploy", "lib/services", "lib/scenario", "lib/dashboard"],
  cli: ["lib/paths.ts", "lib/format", "lib/chain", "lib/market", "lib/feeds", "lib/subgraph", "lib/deploy"],
  bench: ["lib/paths.ts", "lib/format", "lib/chain", "lib/market", "lib/feeds", "lib/subgraph", "lib/deploy", "lib/services", "lib/scenario", "lib/dashboard"],
  // Entry points (scripts/*.ts): anything below them, never one another.
  entry: ["lib/paths.ts", "lib/argv.ts", "lib/format", "lib/chain", "lib/market", "lib/feeds", "lib/subgraph", "lib/deploy", "lib/services", "lib/scenario", "lib/dashboard", "lib/start", "bench"],
};

/** What the CLI must not load on a run, by path under scripts/ (a prefix) or package name. */
const CLI_NEVER_LOADS = ["lib/scenario/", "lib/services/", "lib/start/", "lib/deploy/uniswap.ts", "lib/deploy/stack.ts", "@uniswap/", "hardhat", "@nomicfoundation/"];

const SCRIPTS = path.join(PROJECT_ROOT, "scripts");

/** The part of scripts/ a file (path under scripts/) belongs to. */
function partOf(file: string): string {
  if (!file.includes("/")) return "entry";
  const [top, second] = file.split("/");
  if (top === "lib") return second.endsWith(".ts") ? `lib/${second}` : `lib/${second}`;
  return top;
}

interface Import {
  /** Under scripts/ (relative imports) or the package name. */
  target: string;
  /** Erased at run time: `import type`, or every name imported is a type. */
  typeOnly: boolean;
  /** A dynamic import(): loaded only when the code asks, not when the module loads. */
  dynamic: boolean;
}

function importsOf(file: string, root = SCRIPTS): Import[] {
  const full = path.join(root, file);
  const source = ts.createSourceFile(full, readFileSync(full, "utf8"), ts.ScriptTarget.Latest, true);
  const out: Import[] = [];
  const add = (specifier: string, typeOnly: boolean, dynamic: boolean) => {
    const target = specifier.startsWith(".")
      ? path.relative(root, path.resolve(path.dirname(full), specifier)).replace(/\.js$/, ".ts")
      : specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
    out.push({ target, typeOnly, dynamic });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = Boolean(clause?.isTypeOnly || (clause && !clause.name && named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly, false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly, false);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && ts.isStringLiteral(node.arguments[0])) {
      add((node.arguments[0] as ts.StringLiteral).text, false, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function scriptFiles(dir = SCRIPTS): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return scriptFiles(full);
    return e.name.endsWith(".ts") ? [path.relative(SCRIPTS, full)] : [];
  });
}

describe("layout: the import rule of scripts/", function () {
  const files = scriptFiles();

  it("every file belongs to a known part", function () {
    expect(files.filter((f) => !(partOf(f) in LAYERS))).to.deep.equal([]);
  });

  it("no file imports a part above it (or a part beside it)", function () {
    const broken: string[] = [];
    for (const file of files) {
      const part = partOf(file);
      for (const { target } of importsOf(file)) {
        if (!target.includes(".ts")) continue; // a package
        if (target.startsWith("../types/")) continue; // typechain's generated types, below everything
        if (target.startsWith("..")) {
          broken.push(`${file} -> ${target} (outside scripts/)`);
          continue;
        }
        const to = partOf(target);
        if (to !== part && !LAYERS[part].includes(to)) broken.push(`${file} -> ${target} (${part} may not import ${to})`);
      }
    }
    expect(broken).to.deep.equal([]);
  });

  /** What loading `entry` loads (its static imports, followed), files under scripts/ and packages. */
  const loadedBy = (...entries: string[]) => {
    const loaded = new Set<string>();
    const packages = new Set<string>();
    const walk = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const i of importsOf(file)) {
        if (i.typeOnly || i.dynamic) continue;
        if (i.target.endsWith(".ts")) walk(i.target);
        else packages.add(i.target);
      }
    };
    entries.forEach(walk);
    return { loaded, packages };
  };
  /** The command modules cli/main.ts loads on demand, one per run. */
  const commandModules = importsOf("cli/main.ts").filter((i) => i.dynamic && i.target.endsWith(".ts")).map((i) => i.target);

  it("the cover CLI loads neither the scenario nor the services, Uniswap's artifacts or Hardhat", function () {
    expect(commandModules).to.include("cli/commands/read.ts");
    const { loaded, packages } = loadedBy("cli/main.ts", ...commandModules);
    const forbidden = [...loaded, ...packages].filter((f) => CLI_NEVER_LOADS.some((never) => f === never || f.startsWith(never)));
    expect(forbidden).to.deep.equal([]);
  });

  it("the cover CLI's entry loads no command and not ethers: each command module is imported when its command runs", function () {
    const { loaded, packages } = loadedBy("cli/main.ts");
    expect([...packages]).to.deep.equal(["commander"]);
    expect([...loaded].filter((f) => f.startsWith("cli/commands/") || f === "cli/context.ts")).to.deep.equal([]);
  });

  it("the dashboard's bundle (dashboard/src, for the browser) reaches in scripts/ only files that load no package or Node module", function () {
    // The shared maths, the curated-list rule and the handle rule are bundled from scripts/lib/market/ as they are.
    const seen = new Set<string>();
    const reached: string[] = [];
    const broken: string[] = [];
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const inScripts = file.startsWith("scripts/");
      if (inScripts) reached.push(file);
      for (const i of importsOf(file, PROJECT_ROOT)) {
        if (i.typeOnly) continue;
        if (i.target.endsWith(".ts")) walk(i.target);
        else if (inScripts) broken.push(`${file} -> ${i.target}`);
      }
    };
    walk("dashboard/src/main.ts");
    expect(broken).to.deep.equal([]);
    expect(reached).to.include.members(["scripts/lib/market/risk.ts", "scripts/lib/market/listing.ts", "scripts/lib/subgraph/graphqlPost.ts"]);
  });
});
