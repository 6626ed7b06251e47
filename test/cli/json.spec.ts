/**
 * README's "JSON" section against the bin: each documented command is run with --json on the shared local market
 * (cliFixture.ts), in the table's order (faucet, then mint, so that the trades after have what they need), and its
 * result's top-level keys (of each element for a list; of each nested row the table names) must be exactly those
 * documented: every key without "?" present, and no key the table does not name.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Contract } from "ethers";
import { PROJECT_ROOT } from "../../scripts/lib/paths.js";
import { coverJson, sharedCliMarket, type CliMarket, liveSeries } from "./cliFixture.js";

interface Shape {
  command: string;
  list: boolean;
  keys: string[];
  nested: { field: string; keys: string[] }[];
}

const keysOf = (braces: string) => braces.split(",").map((k) => k.trim()).filter(Boolean);

/** The rows of README's JSON table (after its json-shapes marker). */
function documentedShapes(): Shape[] {
  const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
  const start = readme.indexOf("<!-- json-shapes");
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
function expectKeys(what: string, value: Record<string, unknown>, documented: string[]) {
  const required = documented.filter((k) => !k.endsWith("?"));
  const allowed = new Set(documented.map((k) => k.replace(/\?$/, "")));
  const actual = Object.keys(value);
  expect(actual.filter((k) => !allowed.has(k)), `${what}: keys the README does not document`).to.deep.equal([]);
  expect(required.filter((k) => !actual.includes(k)), `${what}: documented keys missing`).to.deep.equal([]);
}

describe("cover CLI: README's JSON shapes match the bin's --json", function () {
  this.timeout(240_000);
  let m: CliMarket;

  before(async function () {
    m = await sharedCliMarket();
  });

  it("every documented command's --json result has exactly the documented top-level keys", async function () {
    const me: string = (await m.provider.send("eth_accounts", []))[0];
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    const [near, later] = liveSeries(m, "DEMOLEND", "USDC", now);
    // A settled series (the scenario's accepted bridge claim) whose tokens someone of the scenario holds: some given to me.
    let settled: string | undefined;
    for (const s of m.deployment.series) {
      if (Number((await m.stack.contracts.riskOracle.seriesFlags(s.id)).state) === 0) continue;
      for (const holder of Object.values(m.scenario.accounts)) {
        const claim = new Contract(s.claim, ["function balanceOf(address) view returns (uint256)", "function transfer(address,uint256) returns (bool)"], m.provider);
        const held: bigint = await claim.balanceOf(holder);
        if (held === 0n || holder.toLowerCase() === me.toLowerCase()) continue;
        await m.provider.send("hardhat_impersonateAccount", [holder]);
        await (await (claim.connect(await m.provider.getSigner(holder)) as any).transfer(me, held < 1_000_000n ? held : 1_000_000n)).wait();
        await m.provider.send("hardhat_stopImpersonatingAccount", [holder]);
        settled = s.id;
        break;
      }
      if (settled) break;
    }
    expect(settled, "a settled series with tokens to redeem").to.not.equal(undefined);
    const shapes = documentedShapes();
    expect(shapes.length).to.be.at.least(18);
    const fill: Record<string, string> = { "<series>": near.handle, "<later>": later.handle, "<settled>": settled!, "<account>": me };
    for (const shape of shapes) {
      const args = shape.command.split(" ").map((w) => fill[w] ?? w);
      const out = await coverJson(m, args);
      if (typeof out.positionId === "string") fill["<position>"] = out.positionId;
      const elements: Record<string, unknown>[] = shape.list ? out : [out];
      expect(Array.isArray(out), `${shape.command}: a list?`).to.equal(shape.list);
      expect(elements.length, `${shape.command}: no rows to check`).to.be.greaterThan(0);
      for (const e of elements) {
        expectKeys(shape.command, e, shape.keys);
        for (const n of shape.nested) {
          const rows = e[n.field] as Record<string, unknown>[];
          expect(rows?.length, `${shape.command}: no ${n.field} to check`).to.be.greaterThan(0);
          for (const r of rows) expectKeys(`${shape.command} ${n.field}`, r, n.keys);
        }
      }
      // Numbers as numbers, where the shape has them.
      for (const e of elements) {
        for (const k of ["decimals", "gasUsed", "block", "expiryTime", "incidents", "tickLower", "tickUpper", "percent"]) if (k in e) expect(typeof e[k], `${shape.command}: ${k}`).to.equal("number");
      }
    }
  });
});
