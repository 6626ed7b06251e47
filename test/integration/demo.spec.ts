/**
 * The demo end to end: npm start's bring-up (chain, stack, the 30-day scenario, Postgres and gnd dev), the test run's
 * one indexed market (test/cli/riskFixture.ts, shared with `cover risk`'s spec and the walkthroughs); the table
 * printed from the subgraph agrees with the chain and with a fresh query of the subgraph. And npm start interrupted
 * by a signal in the middle of start-up leaves no process behind (its own npm start, in a child process: that one is
 * about start-up itself). Unlike walkthroughs.spec.ts (through the CLI), it checks what npm start itself prints and
 * records.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { formatUnits } from "ethers";
import { CoverToken__factory, IUniswapV3Pool__factory, TestERC20__factory } from "../../scripts/lib/chain/contracts.js";
import { coverPriceOf, isToken0 } from "../../scripts/lib/market/pricing.js";
import { processTree } from "../../scripts/bench/memory.js";
import { PROJECT_ROOT } from "../../scripts/lib/paths.js";
import { readRiskTable } from "../../scripts/lib/subgraph/riskTable.js";
import { readDeployment } from "../../scripts/lib/deploy/deploymentFile.js";
import { type MarketUp } from "../../scripts/lib/start/localMarket.js";
import { sharedIndexedMarket } from "../cli/riskFixture.js";

const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").slice(0, 160);
  } catch {
    return "?";
  }
};
/** Whether `pid` still runs (a zombie, dead and waiting for init to reap it, does not). */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
};
/** Polls `holds` every 100 ms until it is true or `ms` have passed; returns whether it held. */
const within = async (ms: number, holds: () => boolean) => {
  for (const end = Date.now() + ms; !holds(); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > end) return false;
  }
  return true;
};

describe("npm start / npm run demo (the shared indexed market, gnd dev)", function () {
  this.timeout(600_000); // bring-up takes 80 s here, 160 s on a busy machine (only if this spec is the first to ask)
  let m: MarketUp | undefined;
  // The deployment file is in a temporary folder, never the project's deployments/.
  let dir: string;

  before(async function () {
    const indexed = await sharedIndexedMarket();
    m = indexed.up;
    dir = indexed.dir;
  });

  it("records the node's RPC URL and the subgraph's GraphQL URL in the deployment file", function () {
    const file = readDeployment("localhost", dir);
    expect(m!.summary.deploymentFile).to.equal(path.join(dir, "localhost.json"));
    expect(file.rpcUrl).to.equal(m!.node.url);
    expect(file.graphqlUrl).to.equal(m!.gnd.graphqlUrl);
  });

  it("covers four demo protocols, both collaterals, at least three live expiries each, settled ones beside", function () {
    const rows = m!.rows;
    const protocols = [...new Set(rows.map((r) => r.protocol))];
    expect(protocols).to.have.length(4);
    for (const name of protocols) {
      expect(name).to.match(/\(demo\)$/);
      expect(rows.filter((r) => r.protocol === name && r.status === "Live").length).to.be.at.least(3);
    }
    expect(new Set(rows.map((r) => r.collateral))).to.deep.equal(new Set(["USDC", "DAI"]));
    expect(rows.some((r) => r.status === "ByIncident" && /Bridge/.test(r.protocol))).to.equal(true);
    expect(rows.some((r) => r.status === "ByIncident" && /Peg/.test(r.protocol))).to.equal(true);
    expect(rows.some((r) => Number(r.volume24h) > 0)).to.equal(true);
  });

  // The market is shared: the specs before this one may have mined or sent since npm start printed its table, so the
  // fresh query and the chain are read at the block the table was read at (m.head).
  it("prints what the subgraph answers to a fresh query", async function () {
    const atHead = (text: string, variables?: Record<string, unknown>) => m!.gnd.query(text.replace("series_collection(", `series_collection(block: { number: ${m!.head} }, `), variables);
    expect(await readRiskTable(atHead, m!.now)).to.deep.equal(m!.rows);
  });

  it("agrees with the chain: CLAIM prices from the pools (the payout once settled), collateral locked per collateral, settlement states, handles", async function () {
    const { stack, provider, rows, head } = m!;
    const { market, router } = stack.contracts;
    const at = { blockTag: head };
    const locked: Record<string, number> = {};
    for (const row of rows) {
      locked[row.collateral] = (locked[row.collateral] ?? 0) + Number(row.collateralLocked);
      const status = await market.seriesStatus(row.seriesId, at);
      const state = Number(status.state);
      if (row.status === "Live") expect(state).to.equal(0);
      if (row.status === "ByIncident") expect(state).to.equal(1);
      const info = await market.series(row.seriesId, at);
      const [claim] = await market.seriesTokens(row.seriesId, at);
      const pool = IUniswapV3Pool__factory.connect(await router.poolOf(row.seriesId, 0, at), provider);
      const price = coverPriceOf((await pool.slot0(at)).sqrtPriceX96, isToken0(claim, info.collateral));
      // One handle rule: the subgraph's row names the series as its CLAIM token's symbol does, after "CLAIM-".
      expect(await CoverToken__factory.connect(claim, provider).symbol()).to.equal(`CLAIM-${row.handle}`);
      // A settled series is priced at its payout (DESIGN section 4), a live or expired one at its pool.
      const expected = state === 0 ? price : Number(formatUnits(status.payout, 18));
      expect(Math.abs(row.claimPrice! - expected) <= expected * 1e-9, `${row.seriesId} (${row.status}): subgraph ${row.claimPrice}, ${state === 0 ? "pool" : "payout"} ${expected}`).to.equal(true);
    }
    for (const [symbol, address] of Object.entries(stack.addresses.collaterals)) {
      const token = TestERC20__factory.connect(address, provider);
      const held = Number(formatUnits(await token.balanceOf(stack.addresses.market, at), await token.decimals()));
      expect(Math.abs(locked[symbol] - held) <= held * 1e-12, `${symbol}: subgraph ${locked[symbol]}, market holds ${held}`).to.equal(true);
    }
  });
});

describe("npm start interrupted by a signal", function () {
  this.timeout(600_000);

  it("leaves no process behind when SIGINT comes in the middle of start-up", async function () {
    // As package.json's start runs it: node with tsx as a loader, one process. Under tsx's own CLI a parent process
    // relays the signal and SIGKILLs start.ts if it has not reported the signal within 30 ms (a busy event loop), so
    // nothing of its cleanup ran and the chain, Postgres and graph-node were left running (seen in a CI run).
    const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "scripts", "start.ts"), "--days", "4"], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    const seen = new Set<number>();
    const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? "?")));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`start-up never reached the scenario:\n${stderr}`)), 240_000);
      child.stderr!.on("data", (chunk) => {
        stderr += chunk.toString();
        for (const pid of processTree(child.pid!)) seen.add(pid);
        if (/scenario: /.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // Interrupt once Postgres runs beside the scenario (with the subgraph's build), a condition rather than a pause
    // that a slow machine could spend before Postgres even started.
    const postgresRuns = () => {
      for (const pid of processTree(child.pid!)) seen.add(pid);
      return [...seen].some((pid) => alive(pid) && /\/postgres\b/.test(commandOf(pid)));
    };
    expect(await within(240_000, postgresRuns), `Postgres never started beside the scenario:\n${stderr}`).to.equal(true);
    child.kill("SIGINT");
    await exited;
    // What it started is killed on the way out: wait until none of it runs (at most 30 s), not a fixed second.
    await within(30_000, () => ![...seen].some(alive));
    const left = [...seen].filter(alive).map((pid) => `${pid} ${commandOf(pid)}`);
    expect(left, `still running:\n${left.join("\n")}`).to.deep.equal([]);
  });
});
