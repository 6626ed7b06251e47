/**
 * `cover` read commands against the shared local market (cliFixture.ts, three-day scenario; the Demo DEX left off the curated list to show
 * unlisted series): protocols, series, positions and quotes compared with the chain; --help with examples; the
 * curated lists per network (config/curated.json) and handles resolving only on them.
 */
import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { uniswapSettings } from "../../scripts/lib/deploy/uniswap.js";
import { PROJECT_ROOT } from "../../scripts/lib/paths.js";
import { Contract, formatUnits, getAddress } from "ethers";
import { isoDate } from "../../scripts/lib/market/calendar.js";
import { DEMO_PROTOCOLS } from "../../scripts/lib/scenario/demoProtocols.js";
import { cover, coverJson, sharedCliMarket, type CliMarket, liveSeries } from "./cliFixture.js";

const UNLISTED = "Demo DEX (demo)";
/** A raw amount in human units, as the CLI prints it (no trailing ".0"). */
const units = (raw: bigint, decimals: number) => formatUnits(raw, decimals).replace(/\.0$/, "");

describe("cover CLI: read commands", function () {
  this.timeout(180_000);
  let m: CliMarket;
  let now: bigint;

  before(async function () {
    m = await sharedCliMarket({ curated: DEMO_PROTOCOLS.map((p) => p.name).filter((n) => n !== UNLISTED) });
    now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
  });

  const protocolOf = (ticker: string) => m.deployment.protocols.find((p) => p.ticker === ticker)!;
  const live = (ticker: string, symbol: string) => liveSeries(m, ticker, symbol, now);
  const handleOf = (ticker: string, symbol: string, expiry: number) => `${ticker}-${isoDate(BigInt(expiry))}-${symbol}`;

  it("--help lists every command, and each command's help has examples", async function () {
    const top = await cover(m, ["--help"]);
    expect(top.code).to.equal(0);
    for (const c of ["protocols", "series", "positions", "quote", "sell", "underwrite", "exit", "roll", "lp", "claim", "trigger", "risk", "faucet"]) {
      expect(top.stdout).to.match(new RegExp(`^  ${c} `, "m"));
      const help = await cover(m, [c, "--help"]);
      expect(help.code, c).to.equal(0);
      expect(help.stdout, c).to.match(/Examples:\n\s+\$ cover /);
    }
    for (const action of ["buy", "sell", "underwrite", "exit", "roll"]) {
      const help = await cover(m, ["quote", action, "--help"]);
      expect(help.code, `quote ${action}`).to.equal(0);
      expect(help.stdout, `quote ${action}`).to.match(new RegExp(`Usage: cover quote ${action} `));
      expect(help.stdout, `quote ${action}`).to.match(/Examples:\n\s+\$ cover quote /);
    }
  });

  it("protocols: names, tickers, resolvers, committee members or feeds, curated flag, as the chain has them", async function () {
    const rows = await coverJson(m, ["protocols"]);
    const { market, committee } = m.stack.contracts;
    expect(rows).to.have.length(Number(await market.protocolCount()));
    for (const row of rows) {
      const p = await market.protocol(row.id);
      expect(row.name).to.equal(p.name);
      expect(row.ticker).to.equal(p.ticker);
      expect(row.resolver).to.equal(p.resolver);
      expect(row.listed).to.equal(row.name !== UNLISTED);
      if (row.resolverKind === "committee") {
        const config = await committee.protocolConfig(row.id);
        const [members] = await committee.committee(row.id, config.epoch);
        expect(row.committee.members).to.deep.equal([...members]);
      } else {
        expect(row.resolverKind).to.equal("parametric");
        expect(row.feeds.length).to.equal((await m.stack.contracts.parametric.feeds(row.id)).length);
      }
    }
    const text = await cover(m, ["protocols"]);
    expect(text.code).to.equal(0);
    expect(text.stdout).to.match(/DEMODEX.*NO \(unlisted\)/);
  });

  it("series: every series with the risk oracle's flags; filters by protocol, collateral and status", async function () {
    const rows = await coverJson(m, ["series"]);
    expect(rows).to.have.length(m.deployment.series.length);
    const { riskOracle, market } = m.stack.contracts;
    for (const row of rows) {
      const flags = await riskOracle.seriesFlags(row.id);
      const state = Number(flags.state);
      expect(row.status).to.equal(state === 1 ? "settled-incident" : state === 2 ? "settled-time" : BigInt(row.expiryTime) > now ? "live" : "expired");
      expect(row.openClaim).to.equal(flags.claimPending);
      expect(row.incident).to.equal(flags.incidentApplied);
      const s = await market.series(row.id);
      expect(row.expiry).to.equal(isoDate(s.expiry));
      expect(row.listed).to.equal(row.ticker !== "DEMODEX");
    }
    const lendUsdc = await coverJson(m, ["series", "--protocol", "DEMOLEND", "--collateral", "usdc"]);
    expect(lendUsdc.length).to.be.greaterThan(0);
    expect(lendUsdc.every((r: any) => r.ticker === "DEMOLEND" && r.collateral === "USDC")).to.equal(true);
    expect(lendUsdc).to.have.length(rows.filter((r: any) => r.ticker === "DEMOLEND" && r.collateral === "USDC").length);
    const live = await coverJson(m, ["series", "--status", "live"]);
    expect(live).to.have.length(rows.filter((r: any) => r.status === "live").length);
    expect(live.length).to.be.greaterThan(0);
    const settled = await coverJson(m, ["series", "--status", "settled"]);
    expect(settled).to.have.length(rows.filter((r: any) => r.status.startsWith("settled-")).length);
  });

  it("positions: CLAIM, NOCLAIM and collateral balances of an account, as the chain has them", async function () {
    const hedger = m.scenario.accounts.hedger;
    const out = await coverJson(m, ["positions", hedger]);
    expect(out.account).to.equal(hedger);
    let held = 0;
    for (const s of m.deployment.series) {
      const info = await m.stack.contracts.market.series(s.id);
      const erc = (a: string) => new Contract(a, ["function balanceOf(address) view returns (uint256)"], m.provider);
      const [c, n] = [await erc(s.claim).balanceOf(hedger), await erc(s.noclaim).balanceOf(hedger)];
      const row = out.positions.find((p: any) => p.id === s.id.toLowerCase());
      if (c === 0n && n === 0n) {
        expect(row).to.equal(undefined);
        continue;
      }
      held++;
      expect(Number(row.claim)).to.equal(Number(formatUnits(c, info.decimals)));
      expect(Number(row.noclaim)).to.equal(Number(formatUnits(n, info.decimals)));
    }
    expect(held).to.be.greaterThan(0);
    const usdc = out.collaterals.find((c: any) => c.symbol === "USDC");
    expect(usdc.balance).to.equal(units(await m.stack.contracts.collaterals.USDC.balanceOf(hedger), 6));
  });

  it("quote buy / sell / underwrite: the quoter's quotes by both routes, the better named", async function () {
    const [s] = live("DEMOLEND", "USDC");
    const handle = handleOf("DEMOLEND", "USDC", s.expiry);
    const { quoter } = m.stack.contracts;
    const buy = await coverJson(m, ["quote", "buy", handle, "100"]);
    const expected = await quoter.quoteBuyCoverExactOut.staticCall(s.id, 100_000_000n);
    expect(buy.series).to.equal(handle);
    expect(buy.listed).to.equal(true);
    expect(buy.direct.ok).to.equal(expected.direct.ok);
    expect(buy.direct.amountIn).to.equal(units(expected.direct.amountIn, 6));
    expect(buy.pair.amountIn).to.equal(units(expected.pair.amountIn, 6));
    expect(buy.best).to.equal(["direct", "pair"][Number(expected.best)]);
    expect(expected.direct.ok || expected.pair.ok).to.equal(true);

    const spend = await coverJson(m, ["quote", "buy", handle, "5.5", "--spend"]);
    const expectedIn = await quoter.quoteBuyCoverExactIn.staticCall(s.id, 5_500_000n);
    expect(spend.by).to.equal("collateral");
    expect(spend.best).to.equal(["direct", "pair"][Number(expectedIn.best)]);

    const sell = await coverJson(m, ["quote", "sell", s.id, "10"]);
    const expectedSell = await quoter.quoteSellCover.staticCall(s.id, 10_000_000n);
    expect(sell.series).to.equal(handle);
    expect(sell.direct.amountOut).to.equal(expectedSell.direct.ok ? units(expectedSell.direct.amountOut, 6) : null);

    const uw = await coverJson(m, ["quote", "underwrite", handle, "1000"]);
    const expectedUw = await quoter.quoteUnderwrite.staticCall(s.id, 1_000_000_000n);
    expect(uw.ok).to.equal(expectedUw.ok);
    expect(uw.premium).to.equal(units(1_000_000_000n - expectedUw.amountIn, 6));

    const text = await cover(m, ["quote", "buy", handle, "100"]);
    expect(text.code).to.equal(0);
    expect(text.stdout).to.match(/Cheaper route: (direct|pair)/);
  });

  it("an unlisted protocol's series is reachable by id or token address only, and flagged as unlisted", async function () {
    const [s] = live("DEMODEX", "USDC");
    const byId = await coverJson(m, ["quote", "buy", s.id, "1"]);
    expect(byId.listed).to.equal(false);
    const byToken = await coverJson(m, ["quote", "sell", s.claim, "1"]);
    expect(byToken.id).to.equal(s.id.toLowerCase());
    expect(byToken.listed).to.equal(false);
    const text = await cover(m, ["quote", "buy", s.id, "1"]);
    expect(text.stdout).to.include("UNLISTED");
  });

  it("a public network's curated list comes from the repository: only its protocols and collaterals resolve by handle", async function () {
    // The committed lists: every network of config/uniswap.json, valid checksummed addresses, ids only with tickers.
    const committed = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "config", "curated.json"), "utf8"));
    expect(Object.keys(committed.networks).sort()).to.deep.equal(Object.keys(uniswapSettings().networks).sort());
    for (const [name, n] of Object.entries<any>(committed.networks)) {
      expect(n.chainId, name).to.equal(uniswapSettings().networks[name].chainId);
      for (const a of Object.values<string>(n.collaterals)) expect(getAddress(a), name).to.equal(a);
      for (const p of n.protocols) expect(Number.isInteger(p.id) && typeof p.ticker === "string", name).to.equal(true);
    }
    // The same chain as a "testnet" whose list (a file like config/curated.json) curates DEMOLEND and USDC only,
    // and names protocol 2 with a ticker the chain does not have.
    const lend = protocolOf("DEMOLEND");
    const bridge = protocolOf("DEMOBRIDGE");
    writeFileSync(path.join(m.dir, "testnet.json"), JSON.stringify({ ...m.deployment, network: "testnet", demo: [] }));
    const list = path.join(m.dir, "curated.json");
    writeFileSync(list, JSON.stringify({ networks: { testnet: { chainId: 31337, protocols: [{ id: lend.id, ticker: "DEMOLEND", name: lend.name }, { id: bridge.id, ticker: "STALE", name: "renamed" }], collaterals: { USDC: m.deployment.addresses.collaterals.USDC } } } }));
    const env = { COVER_CURATED_FILE: list };
    const [s] = live("DEMOLEND", "USDC");
    const ok = await coverJson(m, ["--network", "testnet", "quote", "buy", handleOf("DEMOLEND", "USDC", s.expiry), "1"], env);
    expect(ok.id).to.equal(s.id.toLowerCase());
    expect(ok.listed).to.equal(true);
    const notListed = await cover(m, ["--network", "testnet", "quote", "buy", handleOf("DEMOBRIDGE", "USDC", s.expiry), "1"], env);
    expect(notListed.code).to.equal(2);
    expect(notListed.stderr, notListed.stderr).to.match(/no protocol with ticker DEMOBRIDGE on the curated list, \/\S+\/curated.json \(testnet\) \(listed: DEMOLEND, STALE\)/);
    const dai = await cover(m, ["--network", "testnet", "quote", "buy", handleOf("DEMOLEND", "DAI", s.expiry), "1"], env);
    expect(dai.stderr).to.match(/no collateral DAI on the curated list/);
    const stale = await cover(m, ["--network", "testnet", "quote", "buy", handleOf("STALE", "USDC", s.expiry), "1"], env);
    expect(stale.code).to.equal(1);
    expect(stale.stderr).to.match(new RegExp(`says protocol ${bridge.id} is STALE, but the chain disagrees`));
    const [daiSeries] = live("DEMOLEND", "DAI");
    const byId = await coverJson(m, ["--network", "testnet", "quote", "buy", daiSeries.id, "1"], env);
    expect(byId.listed).to.equal(false);
  });
});
