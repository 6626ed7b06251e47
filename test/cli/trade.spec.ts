/**
 * `cover` trade commands against the shared local market (cliFixture.ts, three-day scenario), sending from the node's first account: sell,
 * underwrite, exit and roll checked by exact balance changes against the quoter's quote taken just before (nothing
 * moves in between); quote exit and quote roll compared with the quoter's; refusals (slippage beyond a limit, also after
 * another account moved the pool, insufficient balance, rolls to an earlier, the same or another protocol's series,
 * bad options, expired series) checked for exit code, message and that nothing was sent.
 */
import { expect } from "chai";
import { Contract, formatUnits, parseUnits } from "ethers";
import { isoDate } from "../../scripts/lib/market/calendar.js";
import { cover, coverJson, sharedCliMarket, type CliMarket, liveSeries } from "./cliFixture.js";
import { refusedWithoutSending as refusedBy } from "./refused.js";

const ERC20 = ["function balanceOf(address) view returns (uint256)", "function approve(address,uint256) returns (bool)"];
const ROUTES = ["direct", "pair"];
/** A raw USDC amount as the CLI prints it (no trailing ".0"). */
const units = (raw: bigint) => formatUnits(raw, 6).replace(/\.0$/, "");
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

interface Series {
  id: string;
  claim: string;
  noclaim: string;
  expiry: number;
  handle: string;
}

describe("cover CLI: trade commands", function () {
  this.timeout(240_000);
  let m: CliMarket;
  let me: string;
  let near: Series;
  let far: Series;
  let other: Series; // another protocol's series, same collateral and expiry as `far`
  let usdc: any;
  let quoter: any;

  before(async function () {
    m = await sharedCliMarket();
    me = (await m.provider.send("eth_accounts", []))[0];
    quoter = m.stack.contracts.quoter;
    usdc = m.stack.contracts.collaterals.USDC;
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    const live = (ticker: string) => liveSeries(m, ticker, "USDC", now);
    [near, far] = live("DEMOLEND");
    other = live("DEMODEX").find((x) => x.expiry === far.expiry)!;
    // Set up by hand, not through the CLI: collateral, and 1000 pairs of the near series.
    await (await usdc.mint(me, parseUnits("10000", 6))).wait();
    await (await usdc.approve(m.deployment.addresses.market, parseUnits("1000", 6))).wait();
    await (await m.stack.contracts.market.mint(near.id, parseUnits("1000", 6), me, me)).wait();
  });

  const balance = (token: string) => new Contract(token, ERC20, m.provider).balanceOf(me) as Promise<bigint>;
  const balances = async (s: Series) => ({ usdc: await balance(usdc.target as string), claim: await balance(s.claim), noclaim: await balance(s.noclaim) });
  const nonce = () => m.provider.getTransactionCount(me);
  const bestOf = (q: any) => ({ route: ROUTES[Number(q.best)], quote: Number(q.best) === 0 ? q.direct : q.pair });
  const rollQuotes = async (from: Series, to: Series, side: number, amount: bigint) => {
    const quotes = [];
    for (const s of [0, 1]) for (const b of [0, 1]) quotes.push({ s, b, q: await quoter.quoteRoll.staticCall(from.id, to.id, side, amount, s, b) });
    return quotes;
  };

  const refusedWithoutSending = (args: string[], code: number, message: RegExp) => refusedBy(m, args, code, message);

  /** Checks that `out` reports a mined transaction with its gas used, sent as one multicall with permits. */
  async function minedByPermit(out: any, n: number) {
    const receipt = (await m.provider.getTransactionReceipt(out.hash))!;
    expect(receipt.status).to.equal(1);
    expect(out.gasUsed).to.equal(Number(receipt.gasUsed));
    expect(out.authorizedBy).to.equal("permit");
    expect(out.approval).to.equal(null);
    expect(await nonce()).to.equal(n + 1);
    const tx = (await m.provider.getTransaction(out.hash))!;
    expect(tx.data.slice(0, 10)).to.equal(m.stack.contracts.router.interface.getFunction("multicall")!.selector);
  }

  it("sell: exactly the CLAIM sold, exactly the quoter's quote received on its better route, the limit shown against the quote", async function () {
    const { route, quote } = bestOf(await quoter.quoteSellCover.staticCall(near.id, 100_000_000n));
    const [before, n] = [await balances(near), await nonce()];
    const out = await coverJson(m, ["sell", near.handle, "100"]);
    const after = await balances(near);
    expect(after.claim).to.equal(before.claim - 100_000_000n);
    expect(after.usdc).to.equal(before.usdc + quote.amountOut);
    expect(after.noclaim).to.equal(before.noclaim);
    expect(out.route).to.equal(route);
    expect(out.quote).to.equal(units(quote.amountOut));
    expect(out.limit).to.equal(units((quote.amountOut * 9_950n) / 10_000n));
    expect([out.limitUnit, out.collateral, out.decimals]).to.deep.equal(["USDC", "USDC", 6]);
    expect(out.received).to.equal(units(quote.amountOut));
    expect(out.balances).to.deep.equal({ USDC: units(after.usdc), CLAIM: units(after.claim), NOCLAIM: units(after.noclaim) });
    await minedByPermit(out, n);
  });

  it("underwrite: pays the amount less the quoter's quoted premium, keeps as much NOCLAIM", async function () {
    const q = await quoter.quoteUnderwrite.staticCall(near.id, 200_000_000n);
    expect(q.ok).to.equal(true);
    const premium = 200_000_000n - q.amountIn;
    const [before, n] = [await balances(near), await nonce()];
    const out = await coverJson(m, ["underwrite", near.handle, "200", "--slippage", "1%"]);
    const after = await balances(near);
    expect(after.usdc).to.equal(before.usdc - q.amountIn);
    expect(after.noclaim).to.equal(before.noclaim + 200_000_000n);
    expect(after.claim).to.equal(before.claim);
    expect(out.premium).to.equal(units(premium));
    expect(out.quote).to.equal(units(premium));
    expect(out.limit).to.equal(units((premium * 9_900n) / 10_000n));
    await minedByPermit(out, n);
  });

  it("exit: gives up exactly the NOCLAIM, receives exactly the quoter's quote on its better route", async function () {
    const { route, quote } = bestOf(await quoter.quoteExitUnderwriting.staticCall(near.id, 150_000_000n));
    const [before, n] = [await balances(near), await nonce()];
    const out = await coverJson(m, ["exit", near.handle, "150"]);
    const after = await balances(near);
    expect(after.noclaim).to.equal(before.noclaim - 150_000_000n);
    expect(after.usdc).to.equal(before.usdc + quote.amountOut);
    expect(after.claim).to.equal(before.claim);
    expect(out.route).to.equal(route);
    expect(out.received).to.equal(units(quote.amountOut));
    await minedByPermit(out, n);
  });

  it("roll: CLAIM moves to the later series and the collateral by the best net of the quoter's quotes, permits and roll in one transaction", async function () {
    // What underwrite's limit left of the router's USDC allowance goes, so that the roll needs a USDC permit.
    await (await usdc.approve(m.deployment.addresses.coverRouter, 0n)).wait();
    const quotes = await rollQuotes(near, far, 0, 50_000_000n);
    const best = quotes.filter((x) => x.q.ok).reduce((a, x) => (x.q.net > a.q.net ? x : a));
    const [before, beforeFar, n] = [await balances(near), await balances(far), await nonce()];
    // A limit that lets the roll cost up to 1 USDC, whatever the market's prices: so a USDC permit is needed too.
    const out = await coverJson(m, ["roll", near.handle, far.handle, "50", "--min-net", "-1"]);
    const [after, afterFar] = [await balances(near), await balances(far)];
    expect(after.claim).to.equal(before.claim - 50_000_000n);
    expect(afterFar.claim).to.equal(beforeFar.claim + 50_000_000n);
    expect(after.usdc).to.equal(before.usdc + best.q.net);
    expect([out.sellRoute, out.buyRoute]).to.deep.equal([ROUTES[best.s], ROUTES[best.b]]);
    expect(out.net).to.equal(units(best.q.net));
    expect(out.balances[`CLAIM ${far.handle}`]).to.equal(units(afterFar.claim));
    await minedByPermit(out, n);
    // The limit lets the roll cost collateral: a permit for it goes in front too, then the roll.
    const router = m.stack.contracts.router.interface;
    const [calls] = router.decodeFunctionData("multicall", (await m.provider.getTransaction(out.hash))!.data);
    const parsed = calls.map((c: string) => router.parseTransaction({ data: c })!);
    expect(parsed.map((p: any) => p.name)).to.deep.equal(["selfPermit", "selfPermit", "roll"]);
    expect(parsed.slice(0, 2).map((p: any) => p.args[0].toLowerCase())).to.deep.equal([near.claim.toLowerCase(), (usdc.target as string).toLowerCase()]);
  });

  it("roll --side noclaim by the routes given: NOCLAIM moves, the collateral by that quote's net", async function () {
    const q = await quoter.quoteRoll.staticCall(near.id, far.id, 1, 100_000_000n, 1, 0);
    expect(q.ok).to.equal(true);
    const [before, beforeFar] = [await balances(near), await balances(far)];
    const out = await coverJson(m, ["roll", near.handle, far.handle, "100", "--side", "noclaim", "--sell-route", "pair", "--buy-route", "direct"]);
    const [after, afterFar] = [await balances(near), await balances(far)];
    expect(after.noclaim).to.equal(before.noclaim - 100_000_000n);
    expect(afterFar.noclaim).to.equal(beforeFar.noclaim + 100_000_000n);
    expect(after.usdc).to.equal(before.usdc + q.net);
    expect([out.sellRoute, out.buyRoute]).to.deep.equal(["pair", "direct"]);
  });

  it("roll --slippage bounds the net collateral, not each gross leg: the quoted net worse by the slippage of itself", async function () {
    const quotes = await rollQuotes(near, far, 0, 20_000_000n);
    const best = quotes.filter((x) => x.q.ok).reduce((a, x) => (x.q.net > a.q.net ? x : a));
    const net: bigint = best.q.net;
    const expected = net - ((net < 0n ? -net : net) * 200n) / 10_000n;
    const out = await coverJson(m, ["roll", near.handle, far.handle, "20", "--slippage", "2%"]);
    expect(out.quote).to.equal(units(net));
    expect(out.limit).to.equal(units(expected));
    expect(out.limitUnit).to.equal("USDC");
    // What was sent: the router's roll with that minimum net, not one built from the legs.
    const router = m.stack.contracts.router.interface;
    const tx = (await m.provider.getTransaction(out.hash))!;
    const outer = router.parseTransaction({ data: tx.data })!;
    const calls: string[] = outer.name === "multicall" ? outer.args[0] : [tx.data];
    const rollCall = calls.map((c) => router.parseTransaction({ data: c })!).find((p) => p.name === "roll")!;
    expect(rollCall.args[0].minNetCollateral).to.equal(expected);
    const legs = (best.q.proceeds * 9_800n) / 10_000n - (best.q.cost * 10_200n) / 10_000n;
    expect(expected).to.not.equal(legs);
  });

  it("--slippage above 5% and a trade with a price impact above 2% need --yes (exit 2, nothing sent); with --yes they go", async function () {
    await refusedWithoutSending(["sell", near.handle, "1", "--slippage", "6%"], 2, /slippage 6% is above 5%: the trade may fill that far from the quote: rerun with --yes to accept it; nothing was sent/);
    await refusedWithoutSending(["roll", near.handle, far.handle, "1", "--slippage", "5.5%"], 2, /slippage 5.5% is above 5%.*--yes/);
    await refusedWithoutSending(["underwrite", near.handle, "1", "--slippage", "10%"], 2, /slippage 10% is above 5%.*--yes/);
    const sold = await coverJson(m, ["sell", near.handle, "1", "--slippage", "6%", "--yes"]);
    expect((await m.provider.getTransactionReceipt(sold.hash))!.status).to.equal(1);
    // The impact as the CLI defines it: the quote's average price against the pool's spot price (slot0).
    const spot = await m.stack.contracts.riskOracle.spotRisk(near.id);
    const claimPrice = Number(spot.claimPrice) / 1e18;
    let amount = 0n;
    let impact = 0;
    for (const whole of [100n, 1_000n, 5_000n, 20_000n]) {
      const q = await quoter.quoteUnderwrite.staticCall(near.id, whole * 1_000_000n);
      if (!q.ok) break;
      const premium = whole * 1_000_000n - q.amountIn;
      impact = 1 - Number(premium) / Number(whole * 1_000_000n) / claimPrice;
      amount = whole;
      if (impact > 0.03) break;
    }
    expect(impact, "no fillable underwriting with an impact above 3% in the test market").to.be.greaterThan(0.03);
    await (await usdc.mint(me, amount * 1_000_000n)).wait();
    const r = await refusedWithoutSending(["underwrite", near.handle, String(amount)], 2, new RegExp(`underwriting ${amount} USDC has a price impact of [\\d.]+% \\(its average price against the pool's spot price\\), above 2%: rerun with --yes to accept it; nothing was sent`));
    const shown = Number(/impact of ([\d.]+)%/.exec(r.stderr)![1]) / 100;
    expect(Math.abs(shown - impact)).to.be.at.most(0.0001); // numbers (chai-matchers' closeTo takes bigints)
    const ok = await coverJson(m, ["underwrite", near.handle, String(amount), "--slippage", "1%", "--yes"]);
    expect((await m.provider.getTransactionReceipt(ok.hash))!.status).to.equal(1);
  });

  it("--slippage 1 says a bare number is a fraction (1 = 100%) and suggests 1%", async function () {
    await refusedWithoutSending(["sell", near.handle, "1", "--slippage", "1"], 2, /slippage "1" is a bare number, read as a fraction \(1 = 100%, 0.01 = 1%\): it must be under 1; for 1 percent write 1%/);
    await refusedWithoutSending(["buy", near.handle, "1", "--slippage", "2"], 2, /for 2 percent write 2%/);
    await refusedWithoutSending(["sell", near.handle, "1", "--slippage", "100%"], 2, /slippage must be at least 0% and under 100%, got "100%"/);
  });

  it("sell more than the pools can take: refused by the market (exit 1) saying about the most either route fills now", async function () {
    const big = parseUnits("1000000", 6);
    await (await usdc.mint(me, big)).wait();
    await (await usdc.approve(m.deployment.addresses.market, big)).wait();
    await (await m.stack.contracts.market.mint(near.id, big, me, me)).wait();
    const r = await refusedWithoutSending(["sell", near.handle, "1000000"], 1, /the (direct|pair) route cannot fill this now \(no pool, no price or not enough liquidity\); the most either route fills now is about ([\d.]+) CLAIM; nothing was sent/);
    const most = parseUnits(/fills now is about ([\d.]+) CLAIM/.exec(r.stderr)![1], 6);
    const fills = async (raw: bigint) => {
      const q = await quoter.quoteSellCover.staticCall(near.id, raw);
      return q.direct.ok || q.pair.ok;
    };
    expect(most > 0n).to.equal(true);
    expect(await fills(most)).to.equal(true);
    expect(await fills(most + 1_000_000n)).to.equal(false);
    // The pairs go back: the specs after this one see the balances they expect.
    await (await m.stack.contracts.market.merge(near.id, big, me)).wait();
    await (await usdc.transfer("0x000000000000000000000000000000000000dEaD", big)).wait();
  });

  it("quote exit and quote roll: the quoter's quotes by every route, the best named", async function () {
    const exit = await coverJson(m, ["quote", "exit", near.handle, "25"]);
    const q = await quoter.quoteExitUnderwriting.staticCall(near.id, 25_000_000n);
    expect(exit.by).to.equal("noclaim");
    expect(exit.direct).to.deep.equal({ ok: q.direct.ok, amountIn: units(q.direct.amountIn), amountOut: units(q.direct.amountOut) });
    expect(exit.pair).to.deep.equal({ ok: q.pair.ok, amountIn: units(q.pair.amountIn), amountOut: units(q.pair.amountOut) });
    expect(exit.best).to.equal(ROUTES[Number(q.best)]);

    const roll = await coverJson(m, ["quote", "roll", near.handle, far.id, "30", "--side", "noclaim"]);
    const quotes = await rollQuotes(near, far, 1, 30_000_000n);
    expect(roll.from).to.equal(near.handle);
    expect(roll.to).to.equal(far.handle);
    expect(roll.quotes).to.deep.equal(
      quotes.map(({ s, b, q }) => ({ sellRoute: ROUTES[s], buyRoute: ROUTES[b], ok: q.ok, proceeds: units(q.proceeds), cost: units(q.cost), net: units(q.net) })),
    );
    const best = quotes.filter((x) => x.q.ok).reduce((a, x) => (x.q.net > a.q.net ? x : a));
    expect(roll.best).to.deep.equal({ sellRoute: ROUTES[best.s], buyRoute: ROUTES[best.b] });

    const text = await cover(m, ["quote", "roll", near.handle, far.handle, "30"]);
    expect(text.code).to.equal(0);
    expect(text.stdout).to.match(/Best: sell (direct|pair), buy (direct|pair): (receive|pay) [\d.]+ USDC net/);
  });

  it("slippage beyond an explicit limit: the router's error in words, quote against limit, nothing sent", async function () {
    const sale = bestOf(await quoter.quoteSellCover.staticCall(near.id, 10_000_000n)).quote.amountOut;
    await refusedWithoutSending(
      ["sell", near.handle, "10", "--min-out", units(sale + 1n)],
      1,
      new RegExp(`selling cover would fail, nothing was sent: slippage: the trade would give ${escape(units(sale))}, below your limit of ${escape(units(sale + 1n))} \\(CoverRouterInsufficientOutput\\(${sale}, ${sale + 1n}\\)\\)`),
    );
    const premium = 10_000_000n - (await quoter.quoteUnderwrite.staticCall(near.id, 10_000_000n)).amountIn;
    await refusedWithoutSending(["underwrite", near.handle, "10", "--min-premium", units(premium + 1n)], 1, new RegExp(`underwriting would fail, nothing was sent: slippage: the trade would give ${escape(units(premium))}, below your limit`));
    const best = (await rollQuotes(near, far, 0, 10_000_000n)).filter((x) => x.q.ok).reduce((a, x) => (x.q.net > a.q.net ? x : a));
    await refusedWithoutSending(
      ["roll", near.handle, far.handle, "10", "--min-net", units(best.q.net + 1n)],
      1,
      /rolling would fail, nothing was sent: slippage: the roll would (pay you|cost you) [\d.]+, short of your limit to (receive at least|pay at most) [\d.]+ \(CoverRouterNetBelowMinimum\(/,
    );
    // With --approve the approval would be a transaction of its own: the quoter's quote refuses it before any is sent.
    const exit = bestOf(await quoter.quoteExitUnderwriting.staticCall(near.id, 10_000_000n)).quote.amountOut;
    await refusedWithoutSending(
      ["exit", near.handle, "10", "--min-out", units(exit + 1n), "--approve"],
      1,
      new RegExp(`exiting underwriting would fail, nothing was sent: slippage: the quoter quotes ${escape(units(exit))} USDC, your limit is at least ${escape(units(exit + 1n))} USDC`),
    );
  });

  it("a pool moved by another account after `quote`: a sale at that quote's price is refused in the router's words", async function () {
    const quoted = await coverJson(m, ["quote", "sell", near.handle, "10"]);
    const before = quoted.direct.amountOut as string;
    // Another account sells CLAIM in the same pool, so the price falls under the quote.
    const seller = await m.provider.getSigner(9);
    const who = await seller.getAddress();
    await (await usdc.mint(who, parseUnits("5000", 6))).wait();
    await (await usdc.connect(seller).approve(m.deployment.addresses.market, parseUnits("5000", 6))).wait();
    await (await m.stack.contracts.market.connect(seller).mint(near.id, parseUnits("5000", 6), who, who)).wait();
    await (await new Contract(near.claim, ERC20, seller).approve(m.deployment.addresses.coverRouter, parseUnits("5000", 6))).wait();
    // A year ahead: this chain runs on the wall clock, and its latest block may be minutes old by now.
    const deadline = BigInt((await m.provider.getBlock("latest"))!.timestamp) + 365n * 24n * 3600n;
    await (await m.stack.contracts.router.connect(seller).sellCover({ seriesId: near.id, route: 0, claimAmount: parseUnits("5000", 6), minCollateralOut: 0n, recipient: who, deadline })).wait();
    const now = (await quoter.quoteSellCover.staticCall(near.id, 10_000_000n)).direct.amountOut;
    expect(now < parseUnits(before, 6)).to.equal(true);
    await refusedWithoutSending(
      ["sell", near.handle, "10", "--route", "direct", "--min-out", before],
      1,
      new RegExp(`slippage: the trade would give ${escape(units(now))}, below your limit of ${escape(before)} \\(CoverRouterInsufficientOutput\\(`),
    );
  });

  it("insufficient balance (bad input, exit 2): CLAIM to sell, NOCLAIM to exit, collateral to underwrite, the side to roll", async function () {
    const b = await balances(near);
    await refusedWithoutSending(["sell", near.handle, units(b.claim + 1n)], 2, new RegExp(`insufficient CLAIM: you have ${escape(units(b.claim))}, this needs ${escape(units(b.claim + 1n))}; nothing was sent`));
    await refusedWithoutSending(["exit", near.handle, units(b.noclaim + 1n)], 2, new RegExp(`insufficient NOCLAIM: you have ${escape(units(b.noclaim))}, this needs`));
    await refusedWithoutSending(["underwrite", near.handle, "100000"], 2, new RegExp(`insufficient USDC: you have ${escape(units(b.usdc))}, this needs`));
    await refusedWithoutSending(["roll", near.handle, far.handle, units(b.claim + 1n)], 2, new RegExp(`insufficient CLAIM of ${near.handle}: you have ${escape(units(b.claim))}`));
  });

  it("rolls to an earlier or the same series, or to another protocol's, and bad options are refused as bad input", async function () {
    const rule = "a roll goes to a later expiry of the same protocol and collateral";
    await refusedWithoutSending(["roll", far.handle, near.handle, "1"], 2, new RegExp(`cannot roll ${far.handle} to ${near.handle}: ${near.handle} expires on ${isoDate(BigInt(near.expiry))}, not after ${isoDate(BigInt(far.expiry))}; ${rule}`));
    await refusedWithoutSending(["roll", near.handle, near.id, "1"], 2, new RegExp(`cannot roll ${near.handle} to ${near.handle}: they are the same series; ${rule}`));
    await refusedWithoutSending(["roll", near.handle, other.id, "1"], 2, /they cover different protocols \(DEMOLEND, DEMODEX\)/);
    await refusedWithoutSending(["quote", "roll", far.handle, near.handle, "1"], 2, /cannot roll .* not after/);
    await refusedWithoutSending(["roll", near.handle, far.handle, "1", "--side", "both"], 2, /--side must be claim or noclaim, got "both"/);
    await refusedWithoutSending(["sell", near.handle, "1", "--route", "best"], 2, /--route must be direct or pair, got "best"/);
    await refusedWithoutSending(["sell", near.handle, "1.1234567"], 2, /CLAIM amount "1.1234567" has 7 decimals; the token has only 6/);
    await refusedWithoutSending(["exit", near.handle, "--", "-5"], 2, /NOCLAIM amount must not be negative, got "-5"/);
    await refusedWithoutSending(["underwrite", near.handle, "0"], 2, /more than zero/);
  });

  it("after expiry: sell, underwrite, exit and roll are refused as expired (bad input, exit 2) before anything is sent", async function () {
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    await m.provider.send("evm_increaseTime", [Number(BigInt(near.expiry) - now + 1n)]);
    await m.provider.send("evm_mine", []);
    const expired = `${near.handle}: the series expired on ${isoDate(BigInt(near.expiry))}`;
    await refusedWithoutSending(["sell", near.handle, "1"], 2, new RegExp(`${expired}: no more selling cover; CLAIM pays out at settlement \\(cover redeem\\); nothing was sent`));
    await refusedWithoutSending(["underwrite", near.handle, "1"], 2, new RegExp(`${expired}: no more underwriting; nothing was sent`));
    await refusedWithoutSending(["exit", near.handle, "1"], 2, new RegExp(`${expired}: no more exiting by a trade`));
    await refusedWithoutSending(["roll", near.handle, far.handle, "1"], 2, new RegExp(`${expired}: nothing left to roll`));
  });
});
