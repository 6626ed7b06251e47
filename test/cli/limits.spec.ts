/**
 * `cover buy` with explicit limits against the shared local market (cliFixture.ts), sending from the node's first
 * account: --max-in (exact CLAIM out) and --min-out (--spend) are the router's own maxCollateralIn / minClaimOut in
 * the transaction sent, read back from its calldata; a quote beyond the limit, or a limit option that does not fit the
 * kind of buy, is refused before sending (exit 2, nothing sent). `buy --bundle`: cover on two protocols in one router
 * multicall, each leg at the quoter's quote, checked by balances and the transaction's calls; a leg that cannot fill
 * (a series with pools but no liquidity) is named before sending; a bad bundle is bad input; --dry-run sends nothing.
 */
import { expect } from "chai";
import { Contract, parseUnits, type Interface } from "ethers";
import { firstExpiryAfter, WEEK } from "../../scripts/lib/market/calendar.js";
import { cover, coverJson, sharedCliMarket, type CliMarket, liveSeries } from "./cliFixture.js";
import { refusedWithoutSending } from "./refused.js";

const ERC20 = ["function balanceOf(address) view returns (uint256)"];

/** The router call a transaction made: its own calldata, or the last call of its multicall (permits go first). */
export function routerCall(router: Interface, data: string) {
  const tx = router.parseTransaction({ data })!;
  if (tx.name !== "multicall") return tx;
  const calls: string[] = tx.args[0];
  return router.parseTransaction({ data: calls[calls.length - 1] })!;
}

describe("cover CLI: buy limits (--max-in, --min-out)", function () {
  this.timeout(180_000);
  let m: CliMarket;
  let me: string;
  let s: { id: string; claim: string; handle: string };
  let usdc: any;

  before(async function () {
    m = await sharedCliMarket();
    me = (await m.provider.send("eth_accounts", []))[0];
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    s = liveSeries(m, "DEMOLEND", "USDC", now)[0];
    usdc = m.stack.contracts.collaterals.USDC;
    await (await usdc.mint(me, parseUnits("10000", 6))).wait();
  });

  const claimOf = () => new Contract(s.claim, ERC20, m.provider).balanceOf(me) as Promise<bigint>;
  const usdcOf = () => usdc.balanceOf(me) as Promise<bigint>;
  const routerIface = () => m.stack.contracts.router.interface;
  const cheaper = (q: any) => (Number(q.best) === 0 ? q.direct : q.pair);

  it("--max-in: the router's maxCollateralIn is exactly the limit given; the CLAIM bought, the collateral paid within it", async function () {
    const quoted: bigint = cheaper(await m.stack.contracts.quoter.quoteBuyCoverExactOut.staticCall(s.id, 100_000_000n)).amountIn;
    const maxIn = quoted + 1_000_000n; // one USDC above the quote
    const [claim0, usdc0] = [await claimOf(), await usdcOf()];
    const out = await coverJson(m, ["buy", s.handle, "100", "--max-in", String(Number(maxIn) / 1e6)]);
    const call = routerCall(routerIface(), (await m.provider.getTransaction(out.hash))!.data);
    expect(call.name).to.equal("buyCoverExactOut");
    expect(call.args[0].maxCollateralIn).to.equal(maxIn);
    expect(call.args[0].claimAmount).to.equal(100_000_000n);
    expect(await claimOf()).to.equal(claim0 + 100_000_000n);
    expect(usdc0 - (await usdcOf())).to.equal(quoted); // nothing moved in between
    expect(out.limit).to.equal(String(Number(maxIn) / 1e6));
    expect(out.limitUnit).to.equal("USDC");
  });

  it("--max-in below the quote: refused before sending, exit 2, the quote against the limit", async function () {
    const quoted: bigint = cheaper(await m.stack.contracts.quoter.quoteBuyCoverExactOut.staticCall(s.id, 100_000_000n)).amountIn;
    const maxIn = quoted - 1n;
    await refusedWithoutSending(m, ["buy", s.handle, "100", "--max-in", (Number(maxIn) / 1e6).toFixed(6)], 2,
      new RegExp(`buying 100 CLAIM: the quoter quotes ${Number(quoted) / 1e6} USDC, beyond your --max-in \\(at most ${Number(maxIn) / 1e6} USDC\\); nothing was sent`));
  });

  it("--spend --min-out: the router's minClaimOut is exactly the limit; below the quote it is refused, exit 2", async function () {
    const quotedOut: bigint = cheaper(await m.stack.contracts.quoter.quoteBuyCoverExactIn.staticCall(s.id, 5_000_000n)).amountOut;
    await refusedWithoutSending(m, ["buy", s.handle, "5", "--spend", "--min-out", (Number(quotedOut + 1n) / 1e6).toFixed(6)], 2,
      new RegExp(`buying cover for 5 USDC: the quoter quotes ${Number(quotedOut) / 1e6} CLAIM, beyond your --min-out \\(at least ${Number(quotedOut + 1n) / 1e6} CLAIM\\); nothing was sent`));
    const minOut = quotedOut - 1_000_000n;
    const claim0 = await claimOf();
    const out = await coverJson(m, ["buy", s.handle, "5", "--spend", "--min-out", (Number(minOut) / 1e6).toFixed(6)]);
    const call = routerCall(routerIface(), (await m.provider.getTransaction(out.hash))!.data);
    expect(call.name).to.equal("buyCoverExactIn");
    expect(call.args[0].minClaimOut).to.equal(minOut);
    expect(call.args[0].collateralIn).to.equal(5_000_000n);
    expect(await claimOf()).to.equal(claim0 + quotedOut);
  });

  it("a limit option that does not fit the kind of buy, or a malformed one, is bad input (exit 2), nothing sent", async function () {
    await refusedWithoutSending(m, ["buy", s.handle, "5", "--spend", "--max-in", "6"], 2, /--max-in limits the collateral paid for an exact CLAIM amount; with --spend the collateral paid is <amount>: limit the CLAIM received with --min-out/);
    await refusedWithoutSending(m, ["buy", s.handle, "5", "--min-out", "4"], 2, /--min-out is the least CLAIM for --spend; buying exactly <amount> CLAIM, limit the collateral paid with --max-in/);
    await refusedWithoutSending(m, ["buy", s.handle, "5", "--max-in", "0"], 2, /--max-in \(USDC\) must be more than zero, got "0"/);
    await refusedWithoutSending(m, ["buy", s.handle, "5", "--max-in", "1.0000001"], 2, /--max-in \(USDC\) "1.0000001" has 7 decimals; the token has only 6/);
  });

  describe("buy --bundle", function () {
    let lend: { id: string; claim: string; handle: string; expiry: number };
    let dex: { id: string; claim: string; handle: string; expiry: number };

    before(async function () {
      const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
      dex = liveSeries(m, "DEMODEX", "USDC", now)[0];
      lend = liveSeries(m, "DEMOLEND", "USDC", now).find((x) => x.expiry === dex.expiry)!;
    });

    it("two protocols in one multicall: each leg at the quoter's quote, per-leg results, one transaction", async function () {
      const quoted = async (id: string) => cheaper(await m.stack.contracts.quoter.quoteBuyCoverExactOut.staticCall(id, 40_000_000n)).amountIn as bigint;
      const [qLend, qDex] = [await quoted(lend.id), await quoted(dex.id)];
      const claimBefore = [await new Contract(lend.claim, ERC20, m.provider).balanceOf(me), await new Contract(dex.claim, ERC20, m.provider).balanceOf(me)];
      const [usdc0, nonce] = [await usdcOf(), await m.provider.getTransactionCount(me)];
      const out = await coverJson(m, ["buy", "--bundle", `${lend.handle},${dex.handle.toLowerCase()}`, "40"]);
      expect(await m.provider.getTransactionCount(me)).to.equal(nonce + 1);
      expect(usdc0 - (await usdcOf())).to.equal(qLend + qDex);
      expect(await new Contract(lend.claim, ERC20, m.provider).balanceOf(me)).to.equal(claimBefore[0] + 40_000_000n);
      expect(await new Contract(dex.claim, ERC20, m.provider).balanceOf(me)).to.equal(claimBefore[1] + 40_000_000n);
      // Amounts as decimal strings in the collateral's decimals, beside it; the limit in its unit.
      expect([out.collateral, out.decimals, typeof out.gasUsed]).to.deep.equal(["USDC", 6, "number"]);
      expect(out.legs.map((l: any) => [l.series, l.paid, l.bought, l.quote, l.limitUnit])).to.deep.equal([
        [lend.handle, String(Number(qLend) / 1e6), "40", String(Number(qLend) / 1e6), "USDC"],
        [dex.handle, String(Number(qDex) / 1e6), "40", String(Number(qDex) / 1e6), "USDC"],
      ]);
      const tx = m.stack.contracts.router.interface.parseTransaction({ data: (await m.provider.getTransaction(out.hash))!.data })!;
      expect(tx.name).to.equal("multicall");
      const names = (tx.args[0] as string[]).map((d) => m.stack.contracts.router.interface.parseTransaction({ data: d })!.name);
      expect(names.slice(-2)).to.deep.equal(["buyCoverExactOut", "buyCoverExactOut"]);
      const text = await cover(m, ["buy", "--bundle", `${lend.handle},${dex.handle}`, "1"]);
      expect(text.code, text.stderr).to.equal(0);
      expect(text.stdout).to.match(new RegExp(`^ {2}leg 1 ${lend.handle}: 1 CLAIM for [0-9.]+ USDC$`, "m"));
      expect(text.stdout).to.match(new RegExp(`^ {2}leg 2 ${dex.handle}: 1 CLAIM for [0-9.]+ USDC$`, "m"));
    });

    it("--dry-run: the permit and both legs shown as one multicall, nothing sent", async function () {
      const [block, usdc0] = [await m.provider.getBlockNumber(), await usdcOf()];
      const out = await coverJson(m, ["buy", "--bundle", `${lend.handle},${dex.handle}`, "10", "--spend", "--dry-run"]);
      expect([await m.provider.getBlockNumber(), await usdcOf()]).to.deep.equal([block, usdc0]);
      expect(out.call.calls.map((c: any) => c.method).slice(-2)).to.deep.equal(["buyCoverExactIn", "buyCoverExactIn"]);
      expect(out.call.calls.slice(-2).map((c: any) => c.args.params.seriesId)).to.deep.equal([lend.id, dex.id]);
    });

    it("a leg that cannot fill is named before sending; a bad bundle is bad input (exit 2); nothing sent", async function () {
      // A DEMODEX series with pools at 5% but no liquidity in them: its quote cannot fill.
      const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
      const taken = new Set(m.deployment.series.filter((x) => x.protocolId === m.deployment.protocols.find((p) => p.ticker === "DEMODEX")!.id).map((x) => BigInt(x.expiry)));
      let expiry = firstExpiryAfter(now + 4n * WEEK);
      while (taken.has(expiry)) expiry += WEEK;
      const created = await coverJson(m, ["series", "create", "DEMODEX", "USDC", String(expiry), "--risk", "5%"]);
      await refusedWithoutSending(m, ["buy", "--bundle", `${lend.handle},${created.series}`, "10"], 1,
        new RegExp(`leg 2 of the bundle, ${created.series}: the (direct|pair) route cannot fill this now .*; nothing was sent`));

      const dai = liveSeries(m, "DEMOLEND", "DAI", now)[0];
      await refusedWithoutSending(m, ["buy", "--bundle", lend.handle, "10"], 2, /--bundle needs at least two series \(for one, leave out --bundle\)/);
      await refusedWithoutSending(m, ["buy", "--bundle", `${lend.handle},${lend.handle.toLowerCase()}`, "10"], 2, new RegExp(`--bundle names ${lend.handle} twice: each series once`));
      await refusedWithoutSending(m, ["buy", "--bundle", `${lend.handle},${dai.handle}`, "10"], 2, /--bundle mixes collaterals \(USDC, DAI\): a bundle pays in one collateral/);
      await refusedWithoutSending(m, ["buy", "--bundle", `${lend.handle},,${dex.handle}`, "10"], 2, /--bundle must list series separated by commas/);
      await refusedWithoutSending(m, ["buy", "--bundle", `${lend.handle},${dex.handle}`, lend.handle, "10"], 2, /with --bundle, give only <amount> \(the series are in --bundle\)/);
      await refusedWithoutSending(m, ["buy", "--bundle", `${lend.handle},${dex.handle}`, "10", "--max-in", "30"], 2, /--max-in and --min-out limit one buy; with --bundle each leg's limit is its quote and --slippage/);
      await refusedWithoutSending(m, ["buy", lend.handle], 2, /missing required argument 'amount'/);
    });
  });
});
