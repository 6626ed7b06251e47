/**
 * `cover buy` with explicit limits against the shared local market (cliFixture.ts), sending from the node's first
 * account: --max-in (exact CLAIM out) and --min-out (--spend) are the router's own maxCollateralIn / minClaimOut in
 * the transaction sent, read back from its calldata; a quote beyond the limit, or a limit option that does not fit the
 * kind of buy, is refused before sending (exit 2, nothing sent).
 */
import { expect } from "chai";
import { Contract, parseUnits, type Interface } from "ethers";
import { coverJson, sharedCliMarket, type CliMarket, liveSeries } from "./cliFixture.js";
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
    expect(out.limit).to.equal(`at most ${Number(maxIn) / 1e6} USDC`);
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
});
