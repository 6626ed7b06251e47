/**
 * The subgraph's `gnd test` files, generated from compact descriptions (subgraph/tests/*.json). A description is a
 * gnd test with its events written `{ "Contract.Event": params }` (or `"Contract.Event@address"`): the event's full
 * signature ("Name(type indexed name, ...)") is taken from the contract's ABI in subgraph/abis/ (copied from the
 * build artifacts, never written by hand), and the address, when the description names none, is the test network's
 * market or Uniswap factory (subgraph/config/test.json). Every event's parameters must be exactly the ABI's inputs.
 * "$NAME" in any string (a key, a value, a query) stands for the fixture's address or id of that name in
 * subgraph/tests/names.json. The generated files are what graph-node runs.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SUBGRAPH_DIR } from "../paths.js";
import { loadConfig } from "./manifest.js";

/** The compact description of one gnd test. */
export interface TestDescription {
  name: string;
  blocks: { number?: number; timestamp?: number; events?: Record<string, Record<string, unknown>>[] }[];
  assertions: unknown[];
}

/** One event as gnd test reads it. */
export interface GndEvent {
  address: string;
  event: string;
  params: Record<string, unknown>;
}

interface AbiEvent {
  type: string;
  name: string;
  inputs: { name: string; type: string; indexed: boolean }[];
}

/** The folder of the descriptions, and the file of the fixture's names. */
export const TESTS_DIR = path.join(SUBGRAPH_DIR, "tests");
const NAMES_FILE = "names.json";

/** Reads the descriptions' source: the ABIs and the test network's addresses. */
export class TestFileGenerator {
  private readonly abis = new Map<string, AbiEvent[]>();
  private readonly defaults: Record<string, string>;
  private readonly names: Record<string, string>;

  constructor(private readonly abiDir = path.join(SUBGRAPH_DIR, "abis")) {
    const config = loadConfig("test");
    this.defaults = { CoverMarket: config.market.address, UniswapV3Factory: config.factory.address };
    this.names = JSON.parse(readFileSync(path.join(TESTS_DIR, NAMES_FILE), "utf8")).names;
  }

  /** `value` with every "$NAME" in its strings replaced by the fixture's value of that name. */
  private named<T>(value: T, where: string): T {
    if (typeof value === "string") {
      return value.replace(/\$([A-Z][A-Z0-9_]*)/g, (_, name: string) => {
        if (!(name in this.names)) throw new Error(`${where}: no name $${name} in subgraph/tests/${NAMES_FILE}`);
        return this.names[name];
      }) as T;
    }
    if (Array.isArray(value)) return value.map((v) => this.named(v, where)) as T;
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.named(k, where), this.named(v, where)])) as T;
    }
    return value;
  }

  /** The event `name` of `contract`'s ABI with its signature as gnd test writes it. */
  signature(contract: string, name: string): { signature: string; inputs: string[] } {
    if (!this.abis.has(contract)) {
      const file = path.join(this.abiDir, `${contract}.json`);
      let abi: AbiEvent[];
      try {
        abi = JSON.parse(readFileSync(file, "utf8"));
      } catch {
        throw new Error(`no ABI for ${contract}: ${file} is missing (npm run subgraph:abis writes subgraph/abis/)`);
      }
      this.abis.set(contract, abi.filter((e) => e.type === "event"));
    }
    const matches = this.abis.get(contract)!.filter((e) => e.name === name);
    if (matches.length !== 1) throw new Error(`${contract} has ${matches.length === 0 ? "no" : "more than one"} event ${name}`);
    const { inputs } = matches[0];
    return {
      signature: `${name}(${inputs.map((i) => `${i.type}${i.indexed ? " indexed" : ""} ${i.name}`).join(", ")})`,
      inputs: inputs.map((i) => i.name),
    };
  }

  /** One compact event as gnd reads it; `where` names it in errors. */
  event(compact: Record<string, Record<string, unknown>>, where: string): GndEvent {
    const keys = Object.keys(compact);
    if (keys.length !== 1) throw new Error(`${where}: an event is one "Contract.Event[@address]": params entry, got ${JSON.stringify(keys)}`);
    const m = /^(\w+)\.(\w+)(?:@(0x[0-9a-fA-F]{40}))?$/.exec(keys[0]);
    if (!m) throw new Error(`${where}: "${keys[0]}" is not Contract.Event or Contract.Event@0xaddress`);
    const [, contract, name, at] = m;
    const address = at ?? this.defaults[contract];
    if (!address) throw new Error(`${where}: ${keys[0]} needs an @address (only CoverMarket and UniswapV3Factory have one by default)`);
    const params = compact[keys[0]];
    const { signature, inputs } = this.signature(contract, name);
    const given = Object.keys(params);
    const missing = inputs.filter((i) => !given.includes(i));
    const extra = given.filter((g) => !inputs.includes(g));
    if (missing.length || extra.length) {
      throw new Error(`${where}: ${contract}.${name} takes ${inputs.join(", ")}${missing.length ? `; missing ${missing.join(", ")}` : ""}${extra.length ? `; no such parameter ${extra.join(", ")}` : ""}`);
    }
    return { address: address.toLowerCase(), event: signature, params };
  }

  /** The gnd test of a description; `where` names it in errors. */
  generate(compact: TestDescription, where: string): unknown {
    const description = this.named(compact, where);
    return {
      name: description.name,
      blocks: description.blocks.map((block, b) => ({
        ...block,
        events: (block.events ?? []).map((e, i) => this.event(e, `${where}: block ${b}, event ${i}`)),
      })),
      assertions: description.assertions,
    };
  }
}

/** The descriptions in subgraph/tests (every *.json), sorted by name. */
export function testDescriptions(dir = TESTS_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".json") && f !== NAMES_FILE).sort().map((f) => path.join(dir, f));
}

/**
 * Writes the gnd test file of each description into `outDir` (same file names); returns their paths and how many
 * assertions they hold.
 */
export function writeTestFiles(descriptions: string[], outDir: string): { files: string[]; assertions: number } {
  const generator = new TestFileGenerator();
  let assertions = 0;
  const files = descriptions.map((file) => {
    const description = JSON.parse(readFileSync(file, "utf8")) as TestDescription;
    assertions += description.assertions.length;
    const out = path.join(outDir, path.basename(file));
    writeFileSync(out, JSON.stringify(generator.generate(description, path.relative(SUBGRAPH_DIR, file)), null, 2) + "\n");
    return out;
  });
  return { files, assertions };
}
