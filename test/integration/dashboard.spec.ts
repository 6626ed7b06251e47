/**
 * The dashboard in a real browser: Debian's headless Chromium driven by playwright-core, against npm start's own
 * bring-up over a four-day scenario (gnd dev indexing it), with the dashboard npm start serves. Each page loads
 * without console errors; the numbers on the page equal the subgraph's, read here independently over GraphQL and
 * put through the same maths (lib/market/risk.ts) and formatting (dashboard/src/format.ts): every row of the market
 * page, one live series, one settled series and one protocol in full; the charts are drawn (ink on their canvases)
 * with as many points as the subgraph has rows; columns sort; links lead between pages and keep ?subgraph=; and the
 * banners: behind the chain by N blocks (indexing paused, blocks mined), unreachable (a dead URL, then graph-node
 * stopped). Unlike demo.spec.ts (what npm start prints) and cli/risk.spec.ts (the CLI), it checks what a browser shows.
 */
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { expect } from "chai";
import path from "node:path";
import ts from "typescript";
import type { Browser, Page } from "playwright-core";
import { rpc } from "../../scripts/lib/chain/rpc.js";
import { launchChromium } from "../../scripts/lib/dashboard/browser.js";
import { curated } from "../../scripts/lib/deploy/curated.js";
import { isListedSeries, type CuratedList } from "../../scripts/lib/market/listing.js";
import { seriesHandle } from "../../scripts/lib/market/handle.js";
import { annualisedRate, claimAppliesTo, dayWindowStart, forwardRisk, tradedDuringClaim } from "../../scripts/lib/market/risk.js";
import { freePort } from "../../scripts/lib/services/processes.js";
import { PROJECT_ROOT } from "../../scripts/lib/paths.js";
import { amount, pct, pp, price, time, wad } from "../../dashboard/src/format.js";
import { startIndexedMarket } from "../cli/riskFixture.js";

const SETTLED = ["ByIncident", "ByTime"];

interface Cell {
  text: string;
  value: string | undefined;
}

describe("dashboard in headless Chromium (indexed local market, 4 days)", function () {
  this.timeout(600_000); // the before hook brings up an indexed market: over a minute here, more on a busy machine
  let m: Awaited<ReturnType<typeof startIndexedMarket>>;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];
  let list: CuratedList;
  let blockTime: number;
  const q = (text: string, variables?: Record<string, unknown>) => m.gnd.query(text, variables);

  /** Opens `hash` (a fresh load when the address before the hash changes) and waits until the page has rendered it. */
  async function open(hash: string, search = ""): Promise<string> {
    const target = `${m.dashboardUrl}${search}${hash}`;
    const current = page.url();
    if (current.split("#")[0] === target.split("#")[0]) {
      const before = Number(await page.getAttribute("body", "data-render"));
      if (current === target) await page.evaluate(() => dispatchEvent(new HashChangeEvent("hashchange")));
      else await page.evaluate((h) => (location.hash = h), hash);
      await page.waitForFunction((n) => Number(document.body.dataset.render) > n && document.body.dataset.state !== "loading", before, { timeout: 30_000 });
    } else {
      await page.goto(target);
      await page.waitForFunction(() => Boolean(document.body.dataset.render) && document.body.dataset.state !== "loading", undefined, { timeout: 30_000 });
    }
    return (await page.getAttribute("body", "data-state"))!;
  }
  /** Non-background pixels over a chart's canvases. */
  const ink = (selector: string) =>
    page.$eval(selector, (el) =>
      [...el.querySelectorAll("canvas")].reduce((sum, c) => {
        const ctx = (c as HTMLCanvasElement).getContext("2d");
        if (!ctx || !c.width || !c.height) return sum;
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && !(d[i] > 250 && d[i + 1] > 250 && d[i + 2] > 250)) n++;
        return sum + n;
      }, 0),
    );
  const data = (selector: string, name: string) => page.$eval(selector, (el, n) => (el as HTMLElement).dataset[n] ?? null, name);
  const rowsOf = (table: string) =>
    page.$$eval(`${table} tbody tr`, (trs) =>
      trs.map((tr) => ({
        id: (tr as HTMLElement).dataset.series!,
        cells: Object.fromEntries([...tr.children].filter((td) => (td as HTMLElement).dataset.col).map((td) => [(td as HTMLElement).dataset.col, { text: td.textContent!.trim(), value: (td as HTMLElement).dataset.value }])) as Record<string, Cell>,
      })),
    );
  const facts = () =>
    page.$$eval("#series-facts td[data-field]", (tds) => Object.fromEntries(tds.map((td) => [(td as HTMLElement).dataset.field, { text: td.textContent!.trim(), value: (td as HTMLElement).dataset.value }])) as Record<string, Cell>);
  const num = (v: string | undefined) => (v === undefined || v === "" ? null : Number(v));

  before(async function () {
    m = await startIndexedMarket({ days: 4 });
    list = curated(m.deployment);
    blockTime = Number((await q("{ _meta { block { timestamp } } }"))._meta.block.timestamp);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
    page.on("pageerror", (e) => errors.push(e.message));
  });
  after(async function () {
    await browser?.close();
    await m?.stop();
  });
  beforeEach(() => (errors = []));

  it("npm start's bring-up serves it with its subgraph, chain and curated list in config.json", async function () {
    const config = await (await fetch(`${m.dashboardUrl}config.json`)).json();
    expect(config.subgraphUrl).to.equal(m.gnd.graphqlUrl);
    expect(config.rpcUrl).to.equal("rpc");
    expect(config.curated).to.deep.equal(JSON.parse(JSON.stringify(list)));
    const head = await (await fetch(`${m.dashboardUrl}rpc`, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }) })).json();
    expect(Number(BigInt(head.result))).to.equal(await m.provider.getBlockNumber());
    const refused = await fetch(`${m.dashboardUrl}rpc`, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_sendTransaction", params: [] }) });
    expect(refused.status).to.equal(502);
  });

  it("market page: every series row equals the subgraph (implied p, annualised rate now, 24h change and volume, open interest, status, claim open, curated)", async function () {
    expect(await open("#/market")).to.equal("ready");
    const since = dayWindowStart(blockTime);
    const s = await q(`{
      series_collection(first: 1000) { id expiry claimWindowEnd status payout collateral { id } collateralSymbol decimals impliedProbability openInterest collateralLocked firstTradeAt protocol { id name ticker } }
      claims(first: 1000) { protocol { id } status bucket filedAt }
    }`);
    const candles = (await q(`query($since: BigInt!) { candles(first: 1000, where: { interval: Hour, periodStart_gte: $since }) { series { id } periodStart probabilityOpen volume } }`, { since: String(since) })).candles;
    const shown = [...(await rowsOf("#market-table")), ...(await rowsOf("#settled-table"))];
    expect(shown.map((r) => r.id).sort()).to.deep.equal(s.series_collection.map((x: any) => x.id).sort());
    const market = new Map((await rowsOf("#market-table")).map((r) => [r.id, r.cells]));
    const settled = new Map((await rowsOf("#settled-table")).map((r) => [r.id, r.cells]));
    let checked = 0;
    for (const x of s.series_collection) {
      const p = x.impliedProbability === null ? null : Number(x.impliedProbability);
      const listed = isListedSeries(list, Number(x.protocol.id), x.collateral.id);
      if (SETTLED.includes(x.status)) {
        const cells = settled.get(x.id)!;
        expect(cells.status.text).to.equal(x.status);
        expect(cells.payout.value).to.equal(x.payout);
        expect(cells.payout.text).to.equal(pct(wad(x.payout)));
        expect(cells.collateralLocked.text).to.equal(amount(x.collateralLocked, x.decimals));
        continue;
      }
      const cells = market.get(x.id)!;
      const own = candles.filter((c: any) => c.series.id === x.id).sort((a: any, b: any) => Number(a.periodStart) - Number(b.periodStart));
      const volume = own.reduce((sum: bigint, c: any) => sum + BigInt(c.volume), 0n);
      const change = p === null ? null : own.length ? p - Number(own[0].probabilityOpen) : x.firstTradeAt !== null && Number(x.firstTradeAt) < since ? 0 : null;
      const rate = x.status === "Live" ? annualisedRate(p, Number(x.expiry), blockTime) : null;
      const claimOpen = s.claims.some((c: any) => c.protocol.id === x.protocol.id && c.status === "Open" && claimAppliesTo({ bucket: Number(c.bucket), filedAt: Number(c.filedAt) }, { expiry: Number(x.expiry), claimWindowEnd: Number(x.claimWindowEnd) }));
      const handle = seriesHandle(x.protocol.ticker, x.expiry, x.collateralSymbol);
      expect(cells.series.text, x.id).to.equal(listed ? handle : `${handle} UNLISTED`);
      expect(cells.protocol.text).to.equal(x.protocol.name);
      expect(num(cells.probability.value)).to.equal(p);
      expect(cells.probability.text).to.equal(pct(p));
      expect(num(cells.rate.value)).to.equal(rate);
      expect(cells.rate.text).to.equal(pct(rate, 1));
      expect(num(cells.change.value)).to.equal(change);
      expect(cells.change.text).to.equal(pp(change));
      expect(cells.volume.value).to.equal(volume.toString());
      expect(cells.volume.text).to.equal(amount(volume, x.decimals));
      expect(cells.openInterest.value).to.equal(x.openInterest);
      expect(cells.openInterest.text).to.equal(amount(x.openInterest, x.decimals));
      expect(cells.status.text).to.equal(x.status);
      expect(cells.claimOpen.value).to.equal(String(claimOpen));
      expect(cells.listed.text).to.equal(listed ? "curated" : "UNLISTED");
      checked++;
    }
    expect(checked).to.be.at.least(12);
    expect(market.size + settled.size).to.equal(s.series_collection.length);
    // One sparkline per protocol, with a point per priced live series.
    const protocols = (await q(`{ protocols(first: 100) { id } }`)).protocols;
    for (const { id } of protocols) {
      const live = s.series_collection.filter((x: any) => x.protocol.id === id && x.status === "Live" && x.impliedProbability !== null).length;
      expect(Number(await data(`#protocol-table tr[data-protocol="${id}"] svg.sparkline`, "points")), `protocol ${id}`).to.equal(live);
    }
    expect(errors).to.deep.equal([]);
  });

  it("market page: columns sort both ways", async function () {
    expect(await open("#/market")).to.equal("ready");
    const values = async () => (await rowsOf("#market-table")).map((r) => num(r.cells.probability.value));
    await page.click('th[data-sort="probability"]');
    const up = await values();
    const priced = up.filter((v) => v !== null) as number[];
    expect(priced).to.deep.equal([...priced].sort((a, b) => a - b));
    expect(up.slice(priced.length).every((v) => v === null)).to.equal(true);
    await page.click('th[data-sort="probability"]');
    const down = (await values()).filter((v) => v !== null) as number[];
    expect(down).to.deep.equal([...priced].sort((a, b) => b - a));
    expect(errors).to.deep.equal([]);
  });

  it("series page (the most traded live series): every figure, candles hour and day, CLAIM price, volume, pool depth, recent swaps with claim flags", async function () {
    const { series_collection: [{ id }] } = await q(`{ series_collection(where: { status: Live }, orderBy: swapCount, orderDirection: desc, first: 1) { id } }`);
    const { series: s, hour, day, swaps } = await q(
      `query($id: ID!, $sid: String!) {
        series(id: $id) { id expiry claimWindowEnd status decimals collateralSymbol claimPrice noclaimPrice impliedProbability claimSupply noclaimSupply openInterest collateralLocked totalMinted totalRedeemed volume swapCount
          protocol { ticker claims(first: 1000) { bucket filedAt incidentTime decidedAt } } claimPool { id liquidity } noclaimPool { id liquidity } }
        hour: candles(first: 1000, where: { series: $sid, interval: Hour }, orderBy: periodStart) { periodStart probabilityClose claimPriceClose }
        day: candles(first: 1000, where: { series: $sid, interval: Day }) { claimPriceClose }
        swaps(first: 50, where: { series: $sid }, orderBy: timestamp, orderDirection: desc) { id timestamp }
      }`,
      { id, sid: id },
    );
    expect(await open(`#/series/${id}`)).to.equal("ready");
    expect(await page.textContent("h1")).to.contain(seriesHandle(s.protocol.ticker, s.expiry, s.collateralSymbol));
    const f = await facts();
    const p = Number(s.impliedProbability);
    const rate = annualisedRate(p, Number(s.expiry), blockTime);
    expect(f.status.text).to.equal("Live");
    expect(num(f.impliedProbability.value)).to.equal(p);
    expect(f.impliedProbability.text).to.equal(pct(p, 3));
    expect(num(f.annualisedRate.value)).to.equal(rate);
    expect(f.annualisedRate.text).to.equal(pct(rate, 2));
    expect(num(f.claimPrice.value)).to.equal(Number(s.claimPrice));
    expect(f.claimPrice.text).to.equal(price(Number(s.claimPrice)));
    expect(num(f.noclaimPrice.value)).to.equal(Number(s.noclaimPrice));
    for (const field of ["claimSupply", "noclaimSupply", "openInterest", "collateralLocked", "totalMinted", "totalRedeemed", "volume"]) {
      expect(f[field].value, field).to.equal(s[field]);
      expect(f[field].text, field).to.equal(`${amount(s[field], s.decimals)} ${s.collateralSymbol}`);
    }
    expect(f.swapCount.value).to.equal(String(s.swapCount));
    expect(f.expiry.text).to.equal(time(Number(s.expiry)));
    // Candles (hour), CLAIM price points, volume bars: as many as the subgraph's rows; drawn.
    expect(hour.length).to.be.greaterThan(1);
    expect(Number(await data("#candles", "points"))).to.equal(hour.length);
    expect(Number(await data("#candles", "claimPoints"))).to.equal(hour.filter((c: any) => c.claimPriceClose !== null).length);
    expect(Number(await data("#candles", "volumePoints"))).to.equal(hour.length);
    expect(await data("#candles", "firstTime")).to.equal(hour[0].periodStart);
    expect(await data("#candles", "lastTime")).to.equal(hour[hour.length - 1].periodStart);
    expect(num((await data("#candles", "lastClose"))!)).to.equal(Number(hour[hour.length - 1].probabilityClose));
    expect(await ink("#candles")).to.be.greaterThan(500);
    // Depth: both canonical pools, their positions adding up to the pool's in-range liquidity at its tick.
    for (const pool of [s.claimPool, s.noclaimPool]) {
      const li = `li[data-pool="${pool.id}"]`;
      expect(await data(li, "liquidity")).to.equal(pool.liquidity);
      expect(await data(li, "activeLiquidity"), `${pool.id}: liquidity changes vs in-range liquidity`).to.equal(pool.liquidity);
    }
    expect(Number(await data("#depth", "pools"))).to.equal(2);
    expect(Number(await data("#depth", "points"))).to.be.greaterThan(0);
    expect(await ink("#depth")).to.be.greaterThan(500);
    // Recent swaps, each flagged when traded during a claim that could apply.
    const shown = await page.$$eval("#swaps-table tbody tr", (trs) => trs.map((tr) => ({ id: (tr as HTMLElement).dataset.swap!, during: tr.querySelector('[data-col="duringClaim"]')!.getAttribute("data-value") })));
    expect(shown.map((w) => w.id).sort()).to.deep.equal(swaps.map((w: any) => w.id).sort());
    const claims = s.protocol.claims.map((c: any) => ({ bucket: Number(c.bucket), filedAt: Number(c.filedAt), incidentTime: Number(c.incidentTime), decidedAt: c.decidedAt === null ? null : Number(c.decidedAt) }));
    for (const w of swaps) {
      const flagged = tradedDuringClaim(Number(w.timestamp), claims, { expiry: Number(s.expiry), claimWindowEnd: Number(s.claimWindowEnd) });
      expect(shown.find((x) => x.id === w.id)!.during).to.equal(String(flagged));
    }
    // Daily candles.
    expect(await open(`#/series/${id}/day`)).to.equal("ready");
    expect(Number(await data("#candles", "points"))).to.equal(day.length);
    expect(await ink("#candles")).to.be.greaterThan(100);
    expect(errors).to.deep.equal([]);
  });

  it("series page of a settled series: status, payout, settlement time", async function () {
    const { series_collection: [s] } = await q(`{ series_collection(where: { status: ByIncident }, first: 1) { id status payout settledAt claimSupply decimals collateralSymbol } }`);
    expect(await open(`#/series/${s.id}`)).to.equal("ready");
    const f = await facts();
    expect(f.status.text).to.equal(s.status);
    expect(f.payout.value).to.equal(s.payout);
    expect(f.payout.text).to.equal(`${pct(wad(s.payout), 2)} of face`);
    expect(f.settledAt.text).to.equal(time(Number(s.settledAt)));
    expect(f.annualisedRate.text).to.equal("-");
    expect(f.claimSupply.value).to.equal(s.claimSupply);
    expect(errors).to.deep.equal([]);
  });

  it("protocol page (the one with a claim): term structure, forward risk, timeline with every vote, committee, curated", async function () {
    const { claims: [{ protocol: { id } }] } = await q(`{ claims(first: 1, orderBy: filedAt) { protocol { id } } }`);
    const { protocol: p } = await q(
      `query($id: ID!) { protocol(id: $id) { name ticker committee { members threshold }
        series(first: 1000, where: { status: Live }) { id expiry collateralSymbol impliedProbability }
        claims(first: 100) { id decidedAt votes(first: 100) { id } } incidents(first: 100) { id } } }`,
      { id },
    );
    expect(await open(`#/protocol/${id}`)).to.equal("ready");
    expect(await page.textContent("h1")).to.contain(p.name);
    expect(await page.textContent("h1")).to.contain(list.protocols.some((x) => String(x.id) === id) ? "curated" : "UNLISTED");
    // Term structure: each live series, by collateral then expiry, with its rate now and the forward risk from the expiry before.
    const rows = new Map((await rowsOf("#term-table")).map((r) => [r.id, r.cells]));
    expect([...rows.keys()].sort()).to.deep.equal(p.series.map((s: any) => s.id).sort());
    let forwards = 0;
    for (const collateral of [...new Set<string>(p.series.map((s: any) => s.collateralSymbol))]) {
      const live = p.series.filter((s: any) => s.collateralSymbol === collateral).sort((a: any, b: any) => Number(a.expiry) - Number(b.expiry));
      live.forEach((s: any, i: number) => {
        const cells = rows.get(s.id)!;
        const prob = Number(s.impliedProbability);
        expect(num(cells.probability.value)).to.equal(prob);
        expect(num(cells.rate.value)).to.equal(annualisedRate(prob, Number(s.expiry), blockTime));
        const fwd = i === 0 ? null : forwardRisk(Number(live[i - 1].impliedProbability), prob);
        expect(num(cells.forward.value)).to.equal(fwd);
        expect(cells.forward.text).to.equal(pct(fwd));
        if (fwd !== null) forwards++;
      });
    }
    expect(Number(await data("#term", "points"))).to.equal(p.series.length);
    expect(Number(await data("#forward", "points"))).to.equal(forwards);
    expect(await ink("#term")).to.be.greaterThan(500);
    expect(await ink("#forward")).to.be.greaterThan(200);
    // Timeline: each claim filed, each vote, each decision, each incident.
    const kinds = await page.$$eval("#timeline li", (lis) => lis.map((li) => `${(li as HTMLElement).dataset.kind}:${(li as HTMLElement).dataset.claim ?? ""}`));
    const expected = [
      ...p.claims.flatMap((c: any) => [`filed:${c.id}`, ...c.votes.map(() => `vote:${c.id}`), ...(c.decidedAt === null ? [] : [`decided:${c.id}`])]),
      ...p.incidents.map(() => "incident:"),
    ];
    expect(kinds.sort()).to.deep.equal(expected.sort());
    expect(p.claims.some((c: any) => c.votes.length > 0)).to.equal(true);
    // Resolver: the committee's members.
    expect(await page.$$eval("#committee li", (lis) => lis.map((li) => (li as HTMLElement).dataset.member))).to.deep.equal(p.committee.members);
    expect(errors).to.deep.equal([]);
  });

  it("links lead from the market to a series, its protocol and back, keeping ?subgraph=", async function () {
    const search = `?subgraph=${encodeURIComponent(m.gnd.graphqlUrl)}`;
    expect(await open("#/market", search)).to.equal("ready");
    const id = (await page.getAttribute("#market-table a.series-link", "data-series"))!;
    const before = Number(await page.getAttribute("body", "data-render"));
    await page.click(`#market-table a.series-link[data-series="${id}"]`);
    await page.waitForFunction((n) => Number(document.body.dataset.render) > n && document.body.dataset.state === "ready", before);
    expect(await page.getAttribute("body", "data-page")).to.equal("series");
    expect(new URL(page.url()).hash).to.equal(`#/series/${id}`);
    expect(new URL(page.url()).search).to.equal(search);
    const protocolId = (await page.getAttribute(".crumbs a.protocol-link", "data-protocol"))!;
    let n = Number(await page.getAttribute("body", "data-render"));
    await page.click(".crumbs a.protocol-link");
    await page.waitForFunction((k) => Number(document.body.dataset.render) > k && document.body.dataset.state === "ready", n);
    expect(new URL(page.url()).hash).to.equal(`#/protocol/${protocolId}`);
    n = Number(await page.getAttribute("body", "data-render"));
    await page.click(".crumbs a.market-link");
    await page.waitForFunction((k) => Number(document.body.dataset.render) > k && document.body.dataset.state === "ready", n);
    expect(await page.getAttribute("body", "data-page")).to.equal("market");
    expect(new URL(page.url()).search).to.equal(search);
    expect(errors).to.deep.equal([]);
  });

  it("says how many blocks the subgraph trails the chain by", async function () {
    await m.pauseIndexing();
    try {
      for (let i = 0; i < 5; i++) await rpc(m.node.url, "evm_mine");
      const head = await m.provider.getBlockNumber();
      const indexed = Number((await q("{ _meta { block { number } } }"))._meta.block.number);
      expect(await open("#/market", "?reload=1")).to.equal("ready");
      expect(await data('[data-banner="behind"]', "behind")).to.equal(String(head - indexed));
      expect(head - indexed).to.be.at.least(5);
    } finally {
      await m.resumeIndexing();
    }
    expect(await open("#/market", "?reload=2")).to.equal("ready");
    expect(await page.$('[data-banner="behind"]')).to.equal(null);
    expect(errors).to.deep.equal([]);
  });

  it("shows the unreachable banner, not a blank page, for a dead URL and for a stopped graph-node", async function () {
    const dead = `http://127.0.0.1:${await freePort()}/subgraphs/name/nothing`;
    expect(await open("#/market", `?subgraph=${encodeURIComponent(dead)}`)).to.equal("error");
    expect(await page.textContent('[data-banner="unreachable"]')).to.contain(dead);
    expect((await page.textContent("#app"))!.trim().length).to.be.greaterThan(10);
    await m.gnd.stop();
    expect(await open("#/market", "?stopped=1")).to.equal("error");
    expect(await page.textContent('[data-banner="unreachable"]')).to.contain(m.gnd.graphqlUrl);
    expect(await page.$("#market-table")).to.equal(null);
  });
});

describe("dashboard: its TypeScript (bundled by esbuild, which does not type-check)", function () {
  this.timeout(120_000);

  it("type-checks under dashboard/tsconfig.json (DOM types, strict)", function () {
    const file = path.join(PROJECT_ROOT, "dashboard", "tsconfig.json");
    const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(file, ts.sys.readFile).config, ts.sys, path.dirname(file));
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(parsed.fileNames.length).to.be.greaterThan(5);
    expect(diagnostics).to.deep.equal([]);
  });
});
