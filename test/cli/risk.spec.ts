/**
 * `cover risk` against the indexed local market (riskFixture.ts: npm start's bring-up, the 30-day scenario, gnd dev indexing it):
 * the implied-risk table, the hourly candles of --history and the term structure of --term, each compared with the
 * chain (the risk oracle's spot risk, the pools' swaps, token supplies, the market's settlement status and balances) and
 * with the subgraph's own answers to the README's queries; the refusals (unknown series or protocol, bad options,
 * no subgraph at the URL or none named, a subgraph behind the chain) with their exit codes and messages. And the
 * terminal chart on a known input.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { formatUnits, parseUnits } from "ethers";
import { isoDate } from "../../scripts/lib/market/calendar.js";
import { nameOf, PriceStatus, SettlementState } from "../../scripts/lib/market/enums.js";
import { writeDeployment } from "../../scripts/lib/deploy/deploymentFile.js";
import { IUniswapV3Pool__factory, TestERC20__factory } from "../../scripts/lib/chain/contracts.js";
import { rpc } from "../../scripts/lib/chain/rpc.js";
import { freePort } from "../../scripts/lib/services/processes.js";
import { bar, candleChart } from "../../scripts/cli/chart.js";
import { STALE_TOLERANCE } from "../../scripts/cli/subgraph.js";
import { cover, coverJson } from "./cliFixture.js";
import { refusedWithoutSending } from "./refused.js";
import { documentedShapes, expectKeys } from "./jsonShapes.js";
import { sharedIndexedMarket, type IndexedMarket } from "./riskFixture.js";

const YEAR = 365 * 86400;
const HOUR = 3600;
const FEES = [100, 500, 3000, 10000];

/** |actual - expected| within `relative` of |expected|. */
function close(actual: number | null, expected: number, relative: number, what: string): void {
  expect(actual, what).to.be.a("number");
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).to.be.at.most(relative * Math.abs(expected));
}

describe("cover CLI: risk from the subgraph (indexed local market)", function () {
  this.timeout(600_000); // the before hook brings up an indexed market: over a minute here, more on a busy machine
  let m: IndexedMarket;
  let head: number;
  let headTime: number;
  const symbolOf = (collateral: string) => Object.entries(m.deployment.addresses.collaterals).find(([, a]) => a.toLowerCase() === collateral.toLowerCase())![0];
  const erc20 = (address: string) => TestERC20__factory.connect(address, m.provider);
  const tickerOf = (protocolId: number) => m.deployment.protocols.find((p) => p.id === protocolId)!.ticker;
  const handleOf = (s: { protocolId: number; expiry: number; collateral: string }) => `${tickerOf(s.protocolId)}-${isoDate(BigInt(s.expiry))}-${symbolOf(s.collateral)}`;
  /** The risk oracle's spot implied risk and CLAIM price of a series (null without a price). */
  const spot = async (id: string) => {
    const r = await m.stack.contracts.riskOracle.spotRisk(id);
    return Number(r.status) === PriceStatus.Ok ? { risk: Number(r.risk) / 1e18, claimPrice: Number(r.claimPrice) / 1e18 } : null;
  };
  const query = (text: string, variables?: Record<string, unknown>) => m.gnd.query(text, variables);

  before(async function () {
    m = await sharedIndexedMarket();
    head = await m.provider.getBlockNumber();
    // The market is shared: a spec before this one may have sent since graph-node last caught up.
    await m.gnd.waitForBlock(head, 180_000);
    headTime = (await m.provider.getBlock(head))!.timestamp;
  });

  it("README's JSON table of the indexed market's commands matches the bin's --json (risk, at the head and at a block, --history, --term)", async function () {
    const live = m.deployment.series.find((x) => x.expiry > headTime)!;
    const shapes = documentedShapes("json-shapes-indexed");
    expect(shapes.map((x) => x.command)).to.deep.equal(["risk", "risk --history <series>", "risk --term <ticker>"]);
    for (const shape of shapes) {
      const args = shape.command.replace("<series>", handleOf(live)).replace("<ticker>", tickerOf(live.protocolId)).split(" ");
      const runs = shape.command === "risk" ? [args, [...args, "--block", String(head - 5)]] : [args];
      for (const run of runs) {
        const out = await coverJson(m, run);
        const rows = shape.list ? out : [out];
        if (shape.list) expect(rows.length, run.join(" ")).to.be.greaterThan(0);
        for (const row of rows) expectKeys(run.join(" "), row, shape.keys);
      }
    }
    for (const row of await coverJson(m, ["risk"])) {
      expect(row.decimals, row.handle).to.equal(Number(await erc20(row.collateralAddress).decimals()));
      for (const k of ["claimPrice", "impliedProbability", "annualisedRate", "payout"]) expect(row[k] === null || typeof row[k] === "number", `${row.handle} ${k}`).to.equal(true);
      for (const k of ["volume24h", "openInterest", "collateralLocked"]) expect(row[k], `${row.handle} ${k}`).to.match(/^\d+(\.\d+)?$/);
    }
  });

  it("risk: every series with the chain's status, CLAIM price, implied risk, open interest, 24-hour volume and collateral locked", async function () {
    const rows = await coverJson(m, ["risk"]);
    const { market, factory } = m.stack.contracts;
    expect(rows.map((r: any) => r.seriesId).sort()).to.deep.equal(m.deployment.series.map((s) => s.id.toLowerCase()).sort());
    const since = Math.floor((headTime - 86400) / HOUR) * HOUR + HOUR;
    const blockTimes = new Map<number, number>();
    const locked: Record<string, bigint> = {};
    const settled: any[] = [];
    for (const row of rows) {
      const s = m.deployment.series.find((x) => x.id.toLowerCase() === row.seriesId)!;
      const what = row.handle;
      const decimals = Number(await erc20(s.collateral).decimals());
      expect(row.handle).to.equal(handleOf(s));
      expect(row.collateral).to.equal(symbolOf(s.collateral));
      expect(row.ticker).to.equal(tickerOf(s.protocolId));

      const status = await market.seriesStatus(s.id);
      const state = nameOf(SettlementState, status.state);
      expect(row.status, what).to.equal(state !== "Open" ? state : headTime >= s.expiry ? "Expired" : "Live");
      expect(row.openInterest, what).to.equal(formatUnits(await erc20(s.claim).totalSupply(), decimals));
      locked[row.collateral] = (locked[row.collateral] ?? 0n) + parseUnits(row.collateralLocked, decimals);

      const reading = await spot(s.id);
      if (row.status === "Live") expect(reading, `${what}: the risk oracle has no spot price`).to.not.equal(null);
      if (reading && row.status === "Live") {
        close(row.impliedProbability, reading.risk, 1e-9, `implied risk of ${what}`);
        close(row.claimPrice, reading.claimPrice, 1e-9, `CLAIM price of ${what}`);
        // The rate at the chain's time (the head block's), not at the series' last price change.
        close(row.annualisedRate, -Math.log1p(-reading.risk) / (Math.max(s.expiry - headTime, HOUR) / YEAR), 1e-9, `rate of ${what}`);
        expect(row.payout, what).to.equal(null);
      }
      if (state !== "Open") {
        // Settled: the probability is the payout (0 by time, p by incident), and there is no rate.
        const payout = state === "ByTime" ? 0 : Number(status.payout) / 1e18;
        expect(row.payout, `payout of ${what}`).to.equal(payout);
        expect(row.impliedProbability, `probability of ${what}`).to.equal(payout);
        expect(row.annualisedRate, `rate of ${what}`).to.equal(null);
        settled.push(row);
      }

      // 24-hour volume: the collateral side of every swap in any Uniswap pool pairing the series' cover with its collateral.
      let volume = 0n;
      for (const cover of [s.claim, s.noclaim]) {
        for (const fee of FEES) {
          const address: string = await factory.getPool(cover, s.collateral, fee);
          if (BigInt(address) === 0n) continue;
          const pool = IUniswapV3Pool__factory.connect(address, m.provider);
          const collateralIs0 = BigInt(s.collateral) < BigInt(cover);
          for (const log of await pool.queryFilter(pool.filters.Swap(), m.deployment.startBlock, head)) {
            if (!blockTimes.has(log.blockNumber)) blockTimes.set(log.blockNumber, (await m.provider.getBlock(log.blockNumber))!.timestamp);
            if (Math.floor(blockTimes.get(log.blockNumber)! / HOUR) * HOUR < since) continue;
            const amount: bigint = collateralIs0 ? log.args.amount0 : log.args.amount1;
            volume += amount < 0n ? -amount : amount;
          }
        }
      }
      expect(row.volume24h, `24h volume of ${what}`).to.equal(formatUnits(volume, decimals));
    }
    expect(rows.some((r: any) => Number(r.volume24h) > 0)).to.equal(true);
    // The 30-day scenario settles series by incident (its claim and its de-peg) and by time.
    expect(settled.map((r) => r.status)).to.include.members(["ByIncident", "ByTime"]);
    for (const [symbol, address] of Object.entries(m.deployment.addresses.collaterals)) {
      expect(locked[symbol], `${symbol} locked`).to.equal(await erc20(address).balanceOf(m.deployment.addresses.market));
    }

    const text = await cover(m, ["risk"]);
    expect(text.code).to.equal(0);
    expect(text.stdout).to.include(`from the subgraph at block ${head}`);
    for (const row of rows) {
      const payout = row.payout === null ? "-" : `${(row.payout * 100).toFixed(2)}%`;
      expect(text.stdout).to.match(new RegExp(`^${row.handle} .* ${payout.replace(".", "\\.")} +${row.status}$`, "m"));
    }
  });

  it("risk --protocol / --collateral: the table's rows of that protocol (ticker or id) and collateral", async function () {
    const all = await coverJson(m, ["risk"]);
    const bridge = m.deployment.protocols.find((p) => p.ticker === "DEMOBRIDGE")!;
    const expected = all.filter((r: any) => r.protocolId === bridge.id && r.collateral === "USDC");
    expect(expected.length).to.be.at.least(3);
    expect(await coverJson(m, ["risk", "--protocol", "demobridge", "--collateral", "usdc"])).to.deep.equal(expected);
    expect(await coverJson(m, ["risk", "--protocol", String(bridge.id), "--collateral", "USDC"])).to.deep.equal(expected);
  });

  it("risk: a series off the curated list is flagged as unlisted, whatever its ticker and symbol say", async function () {
    const all = await coverJson(m, ["risk"]);
    expect(all.every((r: any) => r.listed === true)).to.equal(true);
    // The same market, with the Demo DEX left off the local curated list.
    const dir = mkdtempSync(path.join(os.tmpdir(), "cover-risk-unlisted-"));
    try {
      writeDeployment({ ...m.deployment, demo: m.deployment.demo.filter((n) => !/DEX/.test(n)) }, dir);
      const rows = await coverJson({ dir }, ["risk"]);
      for (const r of rows) expect(r.listed, r.handle).to.equal(r.ticker !== "DEMODEX");
      const text = await cover({ dir }, ["risk"]);
      expect(text.code).to.equal(0);
      expect(text.stdout).to.match(/DEMODEX-\d{4}-\d\d-\d\d-USDC \(UNLISTED\)/);
      expect(text.stdout).to.not.match(/DEMOLEND-\S+ \(UNLISTED\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("risk --history: the subgraph's hourly candles of the series (by handle, id or token address), closing at the chain's price, drawn as a chart", async function () {
    // The live series that traded first: the longest history.
    const earliest = (await query(`{ series_collection(where: { status: Live, swapCount_gt: 0 }, orderBy: firstTradeAt, orderDirection: asc, first: 1) { id swapCount } }`)).series_collection[0];
    const s = m.deployment.series.find((x) => x.id.toLowerCase() === earliest.id)!;
    const handle = handleOf(s);
    const data = await coverJson(m, ["risk", "--history", handle]);
    expect(data.series).to.equal(handle);
    expect(data.id).to.equal(earliest.id);
    expect(data.hours).to.equal(48);
    expect(data.candles.length).to.be.greaterThan(1);

    // The README's HourlyCandles query over the same 48 hours.
    const since = Math.floor(headTime / HOUR) * HOUR + HOUR - 48 * HOUR;
    expect(data.from).to.equal(new Date(since * 1000).toISOString());
    const answer = await query(
      `query HourlyCandles($series: String!, $since: BigInt!) {
        candles(where: { series: $series, interval: Hour, periodStart_gte: $since }, orderBy: periodStart, orderDirection: asc, first: 168) {
          periodStart probabilityOpen probabilityHigh probabilityLow probabilityClose claimPriceClose volume swapCount
        }
      }`,
      { series: earliest.id, since: String(since) },
    );
    const decimals = Number(await erc20(s.collateral).decimals());
    expect(data.candles).to.deep.equal(
      answer.candles.map((c: any) => ({
        periodStart: Number(c.periodStart),
        time: new Date(Number(c.periodStart) * 1000).toISOString(),
        open: Number(c.probabilityOpen),
        high: Number(c.probabilityHigh),
        low: Number(c.probabilityLow),
        close: Number(c.probabilityClose),
        claimPriceClose: c.claimPriceClose === null ? null : Number(c.claimPriceClose),
        volume: formatUnits(BigInt(c.volume), decimals),
        swapCount: Number(c.swapCount),
      })),
    );
    // Hourly, gapless, each opening at the previous close, and closing at the chain's price now.
    for (let i = 0; i < data.candles.length; i++) {
      const c = data.candles[i];
      expect(Math.min(c.open, c.close)).to.be.at.least(c.low);
      expect(Math.max(c.open, c.close)).to.be.at.most(c.high);
      if (i > 0) {
        expect(c.periodStart).to.equal(data.candles[i - 1].periodStart + HOUR);
        expect(c.open).to.equal(data.candles[i - 1].close);
      }
    }
    const last = data.candles[data.candles.length - 1];
    const reading = (await spot(s.id))!;
    close(last.close, reading.risk, 1e-9, "last close vs the risk oracle's spot risk");
    close(last.claimPriceClose, reading.claimPrice, 1e-9, "last CLAIM price vs the risk oracle's");
    // Every swap of the series in the window is in a candle: the swaps in any pool pairing its cover with its collateral
    // from `since` on, counted on the chain (the 30-day market traded before the window too, so not all its swaps).
    let swaps = 0;
    for (const cover of [s.claim, s.noclaim]) {
      for (const fee of FEES) {
        const address: string = await m.stack.contracts.factory.getPool(cover, s.collateral, fee);
        if (BigInt(address) === 0n) continue;
        const pool = IUniswapV3Pool__factory.connect(address, m.provider);
        for (const log of await pool.queryFilter(pool.filters.Swap(), m.deployment.startBlock, head)) {
          if ((await m.provider.getBlock(log.blockNumber))!.timestamp >= since) swaps++;
        }
      }
    }
    expect(swaps, "swaps in the window").to.be.greaterThan(0);
    expect(data.candles.reduce((n: number, c: any) => n + c.swapCount, 0)).to.equal(swaps);

    // The same series by id and by its NOCLAIM token's address; a shorter window.
    expect((await coverJson(m, ["risk", "--history", s.id])).candles).to.deep.equal(data.candles);
    expect((await coverJson(m, ["risk", "--history", s.noclaim])).candles).to.deep.equal(data.candles);
    const recent = await coverJson(m, ["risk", "--history", handle, "--hours", "3"]);
    expect(recent.candles).to.deep.equal(data.candles.filter((c: any) => c.periodStart >= since + 45 * HOUR));

    // The chart: the candles as chart.ts draws them, within the terminal's width.
    const text = await cover(m, ["risk", "--history", handle], { COLUMNS: "100" });
    expect(text.code).to.equal(0);
    const chart = candleChart(data.candles.map((c: any) => ({ time: c.periodStart, open: c.open, high: c.high, low: c.low, close: c.close })), { width: 100 });
    expect(text.stdout).to.include(chart);
    for (const line of text.stdout.split("\n")) expect(line.length).to.be.at.most(100);
    expect(text.stdout).to.include(`last close ${(last.close * 100).toFixed(3)}%`);
  });

  it("risk --term: each live expiry of the protocol, by collateral and expiry, with the chain's implied risk", async function () {
    const lending = m.deployment.protocols.find((p) => p.ticker === "DEMOLEND")!;
    const { market } = m.stack.contracts;
    const live = [];
    for (const s of m.deployment.series.filter((x) => x.protocolId === lending.id)) {
      if (Number((await market.seriesStatus(s.id)).state) === 0 && s.expiry > headTime) live.push(s);
    }
    live.sort((a, b) => symbolOf(a.collateral).localeCompare(symbolOf(b.collateral)) || a.expiry - b.expiry);
    expect(live.length).to.be.at.least(6);

    const data = await coverJson(m, ["risk", "--term", "DEMOLEND"]);
    expect(data.protocol).to.deep.equal({ id: lending.id, name: lending.name, ticker: "DEMOLEND", listed: true });
    expect(data.block).to.equal(head);
    expect(data.series.map((r: any) => r.seriesId)).to.deep.equal(live.map((s) => s.id.toLowerCase()));
    for (const [i, row] of data.series.entries()) {
      const s = live[i];
      const reading = (await spot(s.id))!;
      expect(row.handle).to.equal(handleOf(s));
      close(row.impliedProbability, reading.risk, 1e-9, `implied risk of ${row.handle}`);
      close(row.claimPrice, reading.claimPrice, 1e-9, `CLAIM price of ${row.handle}`);
      close(row.annualisedRate, -Math.log1p(-reading.risk) / (Math.max(s.expiry - headTime, HOUR) / YEAR), 1e-9, `rate of ${row.handle} at the chain's time`);
      // (plain arithmetic: hardhat's chai matchers take closeTo's integers for bigints)
      expect(Math.abs(row.daysToExpiry - (s.expiry - headTime) / 86400), `days to expiry of ${row.handle}`).to.be.lessThan(0.05);
    }
    const dai = await coverJson(m, ["risk", "--term", String(lending.id), "--collateral", "dai"]);
    expect(dai.series).to.deep.equal(data.series.filter((r: any) => r.collateral === "DAI"));

    const text = await cover(m, ["risk", "--term", "demolend"]);
    expect(text.code).to.equal(0);
    const top = Math.max(...data.series.map((r: any) => r.annualisedRate));
    for (const row of data.series) {
      expect(text.stdout).to.match(new RegExp(`^${row.handle} .* ${(row.annualisedRate * 100).toFixed(1)}%  ${bar(row.annualisedRate, top, 20)}`, "m"));
    }
  });

  it("refuses unknown series and protocols and options that do not go together (exit 2), naming them", async function () {
    const cases: [string[], RegExp][] = [
      [["risk", "--history", "NOPE-2026-12-18-USDC"], /unknown series "NOPE-2026-12-18-USDC": no protocol with ticker NOPE/],
      [["risk", "--history", "0x" + "ab".repeat(32)], /unknown series 0x(ab){32}: no such series/],
      [["risk", "--term", "NOPE"], /--term: "NOPE" is not a ticker on the curated list deployments\/localhost.json \(the demo list\) \(listed: DEMOLEND, /],
      [["risk", "--protocol", "99"], /--protocol: no protocol with id 99 in the subgraph \(ids: 1, /],
      [["risk", "--block", "12a"], /--block must be a block number \(a whole number, e\.g\. 1200\), got "12a"/],
      [["risk", "--block", "-3"], /--block must be a block number/],
      [["risk", "--block", String(10 ** 9)], new RegExp(`--block 1000000000 is beyond the chain's head \\(block \\d+ at `)],
      [["risk", "--collateral", "EUR"], /--collateral: no series in "EUR" \(collaterals: DAI, USDC\)/],
      [["risk", "--hours", "5"], /--hours goes with --history/],
      [["risk", "--history", "DEMOLEND-USDC", "--hours", "0"], /--hours must be a whole number of hours from 1 to 1000, got "0"/],
      [["risk", "--history", "DEMOLEND-USDC", "--term", "DEMOLEND"], /--history and --term do not go together/],
    ];
    for (const [args, message] of cases) await refusedWithoutSending(m, args, 2, message);
  });

  it("risk --term / --protocol: tickers resolve only through the curated list; an unlisted protocol by id, flagged", async function () {
    const dex = m.deployment.protocols.find((p) => p.ticker === "DEMODEX")!;
    // The same market, with the Demo DEX left off the local curated list: its ticker no longer names it.
    const dir = mkdtempSync(path.join(os.tmpdir(), "cover-risk-curated-"));
    try {
      writeDeployment({ ...m.deployment, demo: m.deployment.demo.filter((n) => !/DEX/.test(n)) }, dir);
      const off = { dir, provider: m.provider };
      const hint = new RegExp(`"DEMODEX" is not a ticker on the curated list .*the subgraph has unlisted protocol with that ticker: id ${dex.id} \\(name one by id`, "i");
      await refusedWithoutSending(off, ["risk", "--term", "DEMODEX"], 2, hint);
      await refusedWithoutSending(off, ["risk", "--protocol", "demodex"], 2, hint);
      const term = await coverJson({ dir }, ["risk", "--term", String(dex.id)]);
      expect(term.protocol).to.deep.equal({ id: dex.id, name: dex.name, ticker: "DEMODEX", listed: false });
      expect(term.series.length).to.be.greaterThan(0);
      const text = await cover({ dir }, ["risk", "--term", String(dex.id)]);
      expect(text.code).to.equal(0);
      expect(text.stdout).to.include(`Term structure of ${dex.name} (DEMODEX, id ${dex.id}, UNLISTED)`);
      const rows = await coverJson({ dir }, ["risk", "--protocol", String(dex.id)]);
      expect(rows.length).to.be.greaterThan(0);
      for (const r of rows) expect([r.protocolId, r.listed]).to.deep.equal([dex.id, false]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("risk --block N: the table, --term and --history as of block N, at that block's chain time", async function () {
    // A block before the head, inside npm start's scenario.
    const n = m.up.head - 10;
    const time = (await m.provider.getBlock(n))!.timestamp;
    const { market, riskOracle } = m.stack.contracts;
    const rows = await coverJson(m, ["risk", "--block", String(n)]);
    expect(rows.length).to.be.greaterThan(0);
    for (const row of rows) {
      const status = await market.seriesStatus(row.seriesId, { blockTag: n });
      const state = nameOf(SettlementState, status.state);
      const expiry = m.deployment.series.find((x) => x.id.toLowerCase() === row.seriesId)!.expiry;
      expect(row.status, row.handle).to.equal(state !== "Open" ? state : time >= expiry ? "Expired" : "Live");
      if (row.status !== "Live") continue;
      const r = await riskOracle.spotRisk(row.seriesId, { blockTag: n });
      const risk = Number(r.risk) / 1e18;
      close(row.impliedProbability, risk, 1e-9, `implied risk of ${row.handle} at block ${n}`);
      close(row.annualisedRate, -Math.log1p(-risk) / (Math.max(expiry - time, HOUR) / YEAR), 1e-9, `rate of ${row.handle} at block ${n}`);
    }
    const text = await cover(m, ["risk", "--block", String(n)]);
    expect(text.code).to.equal(0);
    expect(text.stdout).to.include(`from the subgraph at block ${n} (--block), chain time ${new Date(time * 1000).toISOString().replace(".000Z", "Z")}`);
    const term = await coverJson(m, ["risk", "--term", "DEMOLEND", "--block", String(n)]);
    expect(term.block).to.equal(n);
    const live = rows.filter((r: any) => r.ticker === "DEMOLEND" && r.status === "Live");
    expect(term.series.map((r: any) => r.seriesId).sort()).to.deep.equal(live.map((r: any) => r.seriesId).sort());
    const first = live[0];
    const history = await coverJson(m, ["risk", "--history", first.handle, "--block", String(n)]);
    expect(history.block).to.equal(n);
    for (const c of history.candles) expect(c.periodStart).to.be.at.most(time);
  });

  it("refuses when no subgraph answers at the URL, or none is named, saying how to get one (npm start)", async function () {
    const dead = `http://127.0.0.1:${await freePort()}/subgraphs/name/cover`;
    const byFlag = await cover(m, ["risk", "--subgraph", dead]);
    expect(byFlag.code).to.equal(1);
    expect(byFlag.stderr).to.include(`no subgraph answering at ${dead} (from --subgraph): connection refused`);
    expect(byFlag.stderr).to.include("`npm start`");
    const byEnv = await cover(m, ["risk", "--term", "DEMOLEND"], { COVER_SUBGRAPH: dead });
    expect(byEnv.code).to.equal(1);
    expect(byEnv.stderr).to.include(`no subgraph answering at ${dead} (from COVER_SUBGRAPH)`);

    // Something else answers: the chain's JSON-RPC; graph-node without that subgraph.
    const notGraphql = await cover(m, ["risk", "--subgraph", m.node.url]);
    expect(notGraphql.code).to.equal(1);
    expect(notGraphql.stderr).to.match(/no subgraph answering at .* it answers HTTP \d+, but not as a GraphQL server/);
    const otherName = await cover(m, ["risk", "--subgraph", m.gnd.graphqlUrl.replace(/[^/]+$/, "no-such-subgraph")]);
    expect(otherName.code).to.equal(1);
    expect(otherName.stderr).to.match(/no subgraph answering at .*no-such-subgraph .*its GraphQL server says: .*no-such-subgraph/);

    // A deployment file without graphqlUrl, and neither flag nor environment.
    const dir = mkdtempSync(path.join(os.tmpdir(), "cover-risk-nourl-"));
    try {
      writeDeployment({ ...m.deployment, graphqlUrl: undefined }, dir);
      const none = await cover({ dir }, ["risk"]);
      expect(none.code).to.equal(2);
      expect(none.stderr).to.include('no subgraph for network "localhost": pass --subgraph <url> or set COVER_SUBGRAPH');
      expect(none.stderr).to.include("`npm start`");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a subgraph behind the chain, naming how many blocks; --allow-stale shows its data with the warning", async function () {
    await m.pauseIndexing();
    try {
      for (let i = 0; i < STALE_TOLERANCE + 3; i++) await rpc(m.node.url, "evm_mine");
      // Both wait a few seconds for it to catch up, side by side.
      const [refused, stale] = await Promise.all([cover(m, ["risk"]), cover(m, ["--json", "risk", "--term", "DEMOLEND", "--allow-stale"])]);
      const indexed = (await m.gnd.indexedBlock())!;
      const chainHead = await m.provider.getBlockNumber();
      expect(chainHead - indexed).to.be.greaterThan(STALE_TOLERANCE);
      const behind = `is ${chainHead - indexed} blocks behind the chain (indexed block ${indexed}, chain head ${chainHead})`;
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.include(behind);
      expect(refused.stderr).to.include("--allow-stale");
      expect(refused.stdout).to.equal("");
      expect(stale.code).to.equal(0);
      expect(stale.stderr).to.include(`warning: the subgraph at ${m.gnd.graphqlUrl} ${behind}; showing its data as of block ${indexed}`);
      expect(JSON.parse(stale.stdout).block).to.equal(indexed);
    } finally {
      await m.resumeIndexing();
    }
    expect((await cover(m, ["risk", "--term", "DEMOLEND"])).code).to.equal(0);
  });
});

describe("cover CLI: the risk chart (chart.ts)", function () {
  const t0 = Date.UTC(2026, 0, 5, 8) / 1000;
  const candles = (values: [number, number, number, number][]) => values.map(([open, high, low, close], i) => ({ time: t0 + i * HOUR, open, high, low, close }));

  it("draws candles on a y axis in % and an x axis in UTC hours", function () {
    const chart = candleChart(
      candles([
        [0.01, 0.012, 0.01, 0.012], // up
        [0.012, 0.012, 0.012, 0.012], // unchanged
        [0.012, 0.015, 0.009, 0.009], // down, with wicks
        [0.009, 0.011, 0.009, 0.011], // up
      ]),
      { width: 40, height: 7 },
    );
    expect(chart.split("\n")).to.deep.equal([
      "1.5% ┤    │",
      "     │    │",
      "     │    │",
      "1.2% ┤█ ─ ░",
      "     │█   ░ █",
      "     │█   ░ █",
      "0.9% ┤    ░ █",
      "     └┬───────",
      "      01-05 08:00",
      "2026-01-05 08:00 to 2026-01-05 12:00 UTC, one candle a column",
      "█ up  ░ down  ─ unchanged  │ high-low",
    ]);
  });

  it("merges candles into columns when there are more candles than columns", function () {
    const chart = candleChart(
      candles([
        [0.01, 0.02, 0.01, 0.02],
        [0.02, 0.03, 0.02, 0.03],
        [0.03, 0.03, 0.02, 0.02],
        [0.02, 0.02, 0.01, 0.01],
      ]),
      { width: 6, height: 3 },
    );
    // Two columns of two candles: 1% -> 3% (up), then 3% -> 1% (down); no room for a time label.
    expect(chart.split("\n")).to.deep.equal([
      "3% ┤█░",
      "   │█░",
      "1% ┤█░",
      "   └──",
      "",
      "2026-01-05 08:00 to 2026-01-05 12:00 UTC, 2 candles (2 h) a column",
      "█ up  ░ down  ─ unchanged  │ high-low",
    ]);
  });

  it("draws bars in eighths of a column", function () {
    expect(bar(0.5, 1, 10)).to.equal("█████");
    expect(bar(0.33, 1, 10)).to.equal("███▎");
    expect(bar(2, 1, 4)).to.equal("████");
    expect(bar(0, 1, 10)).to.equal("");
  });
});
