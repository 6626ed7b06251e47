/**
 * --dry-run against the shared local market (cliFixture.ts), from the node's first account: a write prints the
 * transaction it would send (the call and its arguments, a multicall's calls one by one, what it would return, the gas
 * estimate, the calldata) and sends nothing: no block mined, the nonce and every balance unchanged. What it would
 * return is the quoter's quote (buy) and its calldata is what the real run sends; a revert found by the simulation
 * is decoded as in a real run (exit 1); an approval is the first transaction it shows, the action after it named.
 */
import { expect } from "chai";
import { Contract, getAddress, parseUnits } from "ethers";
import { cover, coverJson, sharedCliMarket, type CliMarket, liveSeries } from "./cliFixture.js";
import { refusedWithoutSending } from "./refused.js";

const ERC20 = ["function balanceOf(address) view returns (uint256)", "function allowance(address,address) view returns (uint256)"];

describe("cover CLI: --dry-run", function () {
  this.timeout(180_000);
  let m: CliMarket;
  let me: string;
  let other: string;
  let s: { id: string; claim: string; noclaim: string; handle: string };
  let usdc: any;

  before(async function () {
    m = await sharedCliMarket();
    [me, other] = (await m.provider.send("eth_accounts", [])).map(getAddress);
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    s = liveSeries(m, "DEMOLEND", "USDC", now)[0];
    usdc = m.stack.contracts.collaterals.USDC;
    await (await usdc.mint(me, parseUnits("1000", 6))).wait();
    await (await usdc.approve(m.deployment.addresses.market, parseUnits("200", 6))).wait();
    await (await m.stack.contracts.market.mint(s.id, parseUnits("200", 6), me, me)).wait();
  });

  const balanceOf = (token: string, who: string) => new Contract(token, ERC20, m.provider).balanceOf(who) as Promise<bigint>;
  /** Everything a dry run must leave as it was: the head block, the nonce, and the balances involved. */
  const state = async () => ({
    block: await m.provider.getBlockNumber(),
    nonce: await m.provider.getTransactionCount(me),
    usdc: await balanceOf(usdc.target as string, me),
    claim: await balanceOf(s.claim, me),
    noclaim: await balanceOf(s.noclaim, me),
    theirs: await balanceOf(usdc.target as string, other),
    allowance: await new Contract(usdc.target as string, ERC20, m.provider).allowance(me, m.deployment.addresses.coverRouter),
  });

  it("buy --dry-run: the permit and the buy as one multicall, returning the quoter's quote; nothing sent; the same calldata a real run sends", async function () {
    expect(await new Contract(usdc.target as string, ERC20, m.provider).allowance(me, m.deployment.addresses.coverRouter)).to.equal(0n);
    const q = await m.stack.contracts.quoter.quoteBuyCoverExactOut.staticCall(s.id, 50_000_000n);
    const quoted = Number(q.best) === 0 ? q.direct.amountIn : q.pair.amountIn;
    const before = await state();
    const out = await coverJson(m, ["buy", s.handle, "50", "--max-in", "100", "--dry-run"]);
    expect(await state()).to.deep.equal(before);
    expect(out.dryRun).to.equal(true);
    expect(out).to.not.have.property("action"); // no prose in --json: the call says what it does
    expect(out.from).to.equal(me);
    expect(out.to).to.equal(m.deployment.addresses.coverRouter);
    expect(out.call.method).to.equal("multicall");
    expect(out.call.calls.map((c: any) => c.method)).to.deep.equal(["selfPermit", "buyCoverExactOut"]);
    expect(out.call.calls[1].args.params).to.include({ seriesId: s.id, claimAmount: "50000000", maxCollateralIn: "100000000", recipient: me });
    expect(out.returns.collateralIn).to.equal(quoted.toString());
    expect(out.gasEstimate).to.be.a("number").and.above(21_000);
    const tx = m.stack.contracts.router.interface.parseTransaction({ data: out.data })!;
    expect(tx.name).to.equal("multicall");

    // The same run without --dry-run sends this buy (the permit is signed afresh: compare the action's calldata).
    const sent = await coverJson(m, ["buy", s.handle, "50", "--max-in", "100"]);
    const real = m.stack.contracts.router.interface.parseTransaction({ data: (await m.provider.getTransaction(sent.hash))!.data })!;
    expect(real.args[0][1]).to.equal(tx.args[0][1]);
    expect(before.usdc - (await balanceOf(usdc.target as string, me))).to.equal(quoted);
  });

  it("transfer --dry-run in text: the call and its gas estimate, nothing sent", async function () {
    const before = await state();
    const r = await cover(m, ["transfer", "USDC", other, "5", "--dry-run"]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal("");
    expect(await state()).to.deep.equal(before);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).to.equal(`dry run: transferring 5 USDC to ${other} would succeed; nothing was sent`);
    expect(lines).to.include(`  to: ${usdc.target}`);
    expect(lines).to.include(`  call: transfer(0: ${other}, 1: 5000000)`);
    expect(lines).to.include("  returns: 0 true");
    expect(lines.find((l) => l.startsWith("  gas estimate: "))).to.match(/^ {2}gas estimate: \d{5,}$/);
  });

  it("mint --dry-run --approve: the approval is what it would send first, the mint after it named; nothing sent", async function () {
    expect(await new Contract(usdc.target as string, ERC20, m.provider).allowance(me, m.deployment.addresses.market)).to.equal(0n);
    const before = await state();
    const out = await coverJson(m, ["mint", s.handle, "10", "--approve", "--dry-run"]);
    expect(await state()).to.deep.equal(before);
    expect(out.call).to.deep.equal({ method: "approve", args: { "0": m.deployment.addresses.market, "1": "10000000" } });
    expect(out.next).to.equal("action"); // the mint, not simulated before the approval is mined
    const text = await cover(m, ["mint", s.handle, "10", "--approve", "--dry-run"]);
    expect(text.stdout).to.match(/^ {2}then: the action itself, which spends this allowance: it can be simulated only once the approval is mined/m);
  });

  it("a write the simulation finds would revert: its custom error in words, exit 1, nothing sent", async function () {
    await refusedWithoutSending(m, ["redeem", s.handle, "--dry-run"], 1, /redeeming .* would fail, nothing was sent: the series is not settled yet; it can settle at .* \(CoverNotSettled\(/);
  });

  it("sell --dry-run: the CLAIM and collateral balances unchanged; it returns what the quoter quotes", async function () {
    const q = await m.stack.contracts.quoter.quoteSellCover.staticCall(s.id, 20_000_000n);
    const best = Number(q.best) === 0 ? q.direct : q.pair;
    const before = await state();
    const out = await coverJson(m, ["sell", s.handle, "20", "--dry-run"]);
    expect(await state()).to.deep.equal(before);
    expect(out.call.calls.map((c: any) => c.method)).to.deep.equal(["selfPermit", "sellCover"]);
    expect(out.returns.collateralOut).to.equal(best.amountOut.toString());
  });

  it("every kind of write: faucet, merge, underwrite, exit, roll, transfer of a side, series create: each shows its call, nothing sent", async function () {
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    const later = liveSeries(m, "DEMOLEND", "USDC", now)[1];
    const runs: [string[], string][] = [
      [["faucet", "USDC", "5"], "mint"],
      [["merge", s.handle, "1"], "merge"],
      [["underwrite", s.handle, "10"], "underwrite"],
      [["exit", s.handle, "10"], "exitUnderwriting"],
      [["roll", s.handle, later.handle, "10"], "roll"],
      [["transfer", s.handle, "noclaim", other, "3"], "transfer"],
      [["series", "create", "DEMODEX", "DAI", String(later.expiry)], "createSeries"],
    ];
    for (const [args, method] of runs) {
      const before = await state();
      const out = await coverJson(m, [...args, "--dry-run"]);
      expect(await state(), args.join(" ")).to.deep.equal(before);
      expect(out.dryRun, args.join(" ")).to.equal(true);
      const called = out.call.method === "multicall" ? out.call.calls[out.call.calls.length - 1].method : out.call.method;
      expect(called, args.join(" ")).to.equal(method);
      expect(out.gasEstimate, args.join(" ")).to.be.above(21_000);
    }
  });
});
