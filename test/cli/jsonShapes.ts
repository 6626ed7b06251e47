/**
 * README's "JSON" tables as data, and the check that a --json result has exactly the documented top-level keys: used by
 * json.spec.ts (the local market's commands) and risk.spec.ts (the indexed market's).
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../scripts/lib/paths.js";

export interface Shape {
  command: string;
  list: boolean;
  keys: string[];
  nested: { field: string; keys: string[] }[];
}

export const keysOf = (braces: string) => braces.split(",").map((k) => k.trim()).filter(Boolean);

/** The rows of README's JSON table after `<!-- <marker>:` (json-shapes: the local market's; json-shapes-indexed: the indexed market's). */
export function documentedShapes(marker = "json-shapes"): Shape[] {
  const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
  const start = readme.indexOf(`<!-- ${marker}:`);
  expect(start, "README has the JSON table's marker").to.be.greaterThan(0);
  const rows = readme.slice(start).split("\n").slice(3).filter((l) => l.startsWith("| `"));
  const end = readme.slice(start).split("\n").slice(3).findIndex((l) => !l.startsWith("|"));
  return rows.slice(0, end < 0 ? undefined : end).map((row) => {
    const [, command, shape] = /^\| `([^`]+)` \| (.*) \|$/.exec(row)!;
    const top = /^`(\[)?\{ ([^}]*) \}\]?`/.exec(shape)!;
    const nested = [...shape.matchAll(/each (\w+) `\{ ([^}]*) \}`/g)].map(([, field, keys]) => ({ field: `${field}s`, keys: keysOf(keys) }));
    return { command, list: top[1] === "[", keys: keysOf(top[2]), nested };
  });
}

/** Every required key present, and nothing beyond the documented ones. */
export function expectKeys(what: string, value: Record<string, unknown>, documented: string[]) {
  const required = documented.filter((k) => !k.endsWith("?"));
  const allowed = new Set(documented.map((k) => k.replace(/\?$/, "")));
  const actual = Object.keys(value);
  expect(actual.filter((k) => !allowed.has(k)), `${what}: keys the README does not document`).to.deep.equal([]);
  expect(required.filter((k) => !actual.includes(k)), `${what}: documented keys missing`).to.deep.equal([]);
}

