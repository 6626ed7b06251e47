/**
 * `cover` write commands against the shared local market (cliFixture.ts, three-day scenario), sending from the node's first account:
 * mint, merge, buy and redeem checked by balances and receipts; refusals (no allowance, insufficient balance,
 * a revert found by simulation: not settled, expired) checked for exit code, message and that nothing was sent;
 * a missing allowance by permit (buy), by --approve, or by asking at a terminal (mint, under `script`); faucet.
 */
import { expect } from "chai";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Contract, parseUnits } from "ethers";
import { cover, coverJson, sharedCliMarket, type CliMarket, liveSeries } from "./cliFixture.js";
import { refusedWithoutSending as refusedBy } from "./refused.js";
import { coverAtTerminal } from "./terminal.js";

const ERC20 = ["function balanceOf(address) view returns (uint256)", "function allowance(address,address) view returns (uint256)"];

describe("cover CLI: write commands", function () {
  this.timeout(180_000);
  let m: CliMarket;
  let me: string;
  let s: { id: string; claim: string; noclaim: string; expiry: number };
  let handle: string;
  let usdc: any;

  before(async function () {
    m = await sharedCliMarket();
    me = (await m.provider.send("eth_accounts", []))[0];
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    const [nearest] = liveSeries(m, "DEMOLEND", "USDC", now);
    s = nearest;
    handle = nearest.handle;
    usdc = m.stack.contracts.collaterals.USDC;
    await (await usdc.mint(me, parseUnits("10000", 6))).wait();
  });

  const balance = (token: string) => new Contract(token, ERC20, m.provider).balanceOf(me) as Promise<bigint>;
  const balances = async () => ({ usdc: await balance(usdc.target as string), claim: await balance(s.claim), noclaim: await balance(s.noclaim) });
  const nonce = () => m.provider.getTransactionCount(me);

  /** Refused before sending: `code` 2 for what the user can correct (the default), 1 for the market's refusal. */
  const refusedWithoutSending = (args: string[], message: RegExp, code = 2) => refusedBy(m, args, code, message);

  it("mint without allowance says how to approve and sends nothing; with --approve it approves exactly and mints", async function () {
    expect(await usdc.allowance(me, m.deployment.addresses.market)).to.equal(0n);
    await refusedWithoutSending(["mint", handle, "100"], /USDC allowance of 0x[0-9a-fA-F]{40} is 0, 100 USDC needed: rerun with --approve to approve exactly that first; nothing was sent/);
    const before = await balances();
    const out = await coverJson(m, ["mint", handle, "100", "--approve"]);
    const after = await balances();
    expect(after.usdc).to.equal(before.usdc - 100_000_000n);
    expect(after.claim).to.equal(before.claim + 100_000_000n);
    expect(after.noclaim).to.equal(before.noclaim + 100_000_000n);
    const receipt = await m.provider.getTransactionReceipt(out.hash);
    expect(receipt!.status).to.equal(1);
    expect(out.gasUsed).to.equal(Number(receipt!.gasUsed));
    expect(out.approval.hash).to.match(/^0x[0-9a-f]{64}$/);
    expect(out.balances.CLAIM).to.equal("100");
    expect([out.amount, out.locked, out.minted]).to.deep.equal(["100", "100", { CLAIM: "100", NOCLAIM: "100" }]);
    expect(await usdc.allowance(me, m.deployment.addresses.market)).to.equal(0n); // exactly the amount, spent
  });

  it("merge burns pairs for collateral; more than held is refused before sending", async function () {
    const text = await cover(m, ["merge", handle, "1"]);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.match(/burned: 1 CLAIM \+ 1 NOCLAIM\n  received: 1 USDC/);
    const before = await balances();
    const out = await coverJson(m, ["merge", handle, "39"]);
    const after = await balances();
    expect(after.usdc).to.equal(before.usdc + 39_000_000n);
    expect(after.claim).to.equal(before.claim - 39_000_000n);
    expect(after.noclaim).to.equal(before.noclaim - 39_000_000n);
    expect([out.amount, out.received, out.burned]).to.deep.equal(["39", "39", { CLAIM: "39", NOCLAIM: "39" }]);
    expect((await m.provider.getTransactionReceipt(out.hash))!.status).to.equal(1);
    await refusedWithoutSending(["merge", handle, "61"], /insufficient CLAIM: you have 60, this needs 61; nothing was sent/);
  });

  it("mint without allowance at a terminal asks: no sends nothing, yes approves exactly the amount and mints", async function () {
    const market = m.deployment.addresses.market;
    const allowance = () => new Contract(usdc.target as string, ERC20, m.provider).allowance(me, market) as Promise<bigint>;
    if ((await allowance()) > 0n) await (await usdc.connect(await m.provider.getSigner(me)).approve(market, 0n)).wait();
    const [n, b] = [await nonce(), await m.provider.getBlockNumber()];
    const no = await coverAtTerminal(m, ["mint", handle, "3"], "n\r");
    expect(no.screen).to.match(/USDC allowance of 0x[0-9a-fA-F]{40} is 0; approve exactly 3 USDC\? \[y\/N\]/);
    expect(no.code, no.screen).to.equal(2);
    expect(no.screen).to.match(/nothing was sent/);
    expect([await nonce(), await m.provider.getBlockNumber()]).to.deep.equal([n, b]);
    const before = await balances();
    const yes = await coverAtTerminal(m, ["mint", handle, "3"], "y\r");
    expect(yes.code, yes.screen).to.equal(0);
    expect(yes.screen).to.match(/locked: 3 USDC\s+minted: 3 CLAIM \+ 3 NOCLAIM/);
    expect(yes.screen).to.match(/approved: 0x[0-9a-f]{64}/);
    expect(await nonce()).to.equal(n + 2); // the approval, then the mint
    expect(await allowance()).to.equal(0n); // exactly the amount, spent by the mint
    const after = await balances();
    expect(after.claim - before.claim).to.equal(3_000_000n);
    expect(before.usdc - after.usdc).to.equal(3_000_000n);
  });

  it("buy: on the quoter's cheaper route, within the slippage limit shown against the quote", async function () {
    const quote = await m.stack.contracts.quoter.quoteBuyCoverExactOut.staticCall(s.id, 10_000_000n);
    const best = ["direct", "pair"][Number(quote.best)];
    const before = await balances();
    const out = await coverJson(m, ["buy", handle, "10", "--approve", "--slippage", "1%"]);
    const after = await balances();
    expect(out.route).to.equal(best);
    expect(after.claim).to.equal(before.claim + 10_000_000n);
    const paid = before.usdc - after.usdc;
    const quoted = best === "direct" ? quote.direct.amountIn : quote.pair.amountIn;
    expect(paid).to.equal(quoted); // nothing moved in between
    expect(out.limit).to.equal(String(Number((quoted * 10_100n) / 10_000n) / 1e6));
    expect([out.quote, out.limitUnit, out.paid, out.bought]).to.deep.equal([String(Number(quoted) / 1e6), "USDC", String(Number(paid) / 1e6), "10"]);
  });

  it("buy without an allowance: a permit from eip712Domain() goes with the trade in one multicall transaction", async function () {
    const router = m.deployment.addresses.coverRouter;
    const allowance = () => new Contract(usdc.target as string, ERC20, m.provider).allowance(me, router) as Promise<bigint>;
    // Spend the allowance the previous buy left, so that this buy needs a new one.
    if ((await allowance()) > 0n) await (await usdc.connect(await m.provider.getSigner(me)).approve(router, 0n)).wait();
    const before = await balances();
    const n = await nonce();
    const out = await coverJson(m, ["buy", handle, "5"]);
    expect(out.authorizedBy).to.equal("permit");
    expect(out.approval).to.equal(null);
    expect(await nonce()).to.equal(n + 1); // one transaction: permit and trade together
    const tx = (await m.provider.getTransaction(out.hash))!;
    expect(tx.to!.toLowerCase()).to.equal(router.toLowerCase());
    expect(tx.data.slice(0, 10)).to.equal(m.stack.contracts.router.interface.getFunction("multicall")!.selector);
    const after = await balances();
    expect(after.claim).to.equal(before.claim + 5_000_000n);
    // The permit was for the limit; what the trade did not use is the allowance left.
    const paid = before.usdc - after.usdc;
    const limit = parseUnits(out.limit, 6);
    expect(await allowance()).to.equal(limit - paid);
  });

  it("buy more than the pools can fill: refused by the market (exit 1) saying about the most either route fills now", async function () {
    const r = await refusedWithoutSending(["buy", handle, "100000000"], /the (direct|pair) route cannot fill this now \(no pool, no price or not enough liquidity\); the most either route fills now is about ([\d.]+) CLAIM; nothing was sent/, 1);
    const most = parseUnits(/fills now is about ([\d.]+) CLAIM/.exec(r.stderr)![1], 6);
    const fills = async (raw: bigint) => {
      const q = await m.stack.contracts.quoter.quoteBuyCoverExactOut.staticCall(s.id, raw);
      return q.direct.ok || q.pair.ok;
    };
    expect(most > 0n).to.equal(true);
    expect(await fills(most)).to.equal(true);
    expect(await fills(most + 1_000_000n)).to.equal(false); // a whole CLAIM more does not fill
  });

  it("redeem before settlement: the simulation's custom error in words, nothing sent", async function () {
    await refusedWithoutSending(["redeem", handle], /redeeming .* would fail, nothing was sent: the series is not settled yet; it can settle at .* \(CoverNotSettled\(/, 1);
  });

  it("once settled: mint and buy are refused saying what the tokens redeem for; redeem pays at the settled payout and says what you receive", async function () {
    const flags = await m.stack.contracts.riskOracle.seriesFlags(s.id);
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    await m.provider.send("evm_increaseTime", [Number(flags.finalAt - now + 1n)]);
    await m.provider.send("evm_mine", []);
    const settled = new RegExp(`${handle}: the series is settled at expiry without an incident: each CLAIM redeems for 0 USDC and each NOCLAIM for 1 USDC \\(CLAIM pays 0.00%\\); redeem them with \`cover redeem ${handle}\`: no more minting or buying; nothing was sent`);
    await refusedWithoutSending(["mint", handle, "1", "--approve"], settled);
    await refusedWithoutSending(["buy", handle, "1", "--approve"], settled);
    // Worthless CLAIM redeemed alone: the text says you receive 0.
    const held = await balances();
    const zero = await cover(m, ["redeem", handle, "--claim", "1", "--noclaim", "0"]);
    expect(zero.code, zero.stderr).to.equal(0);
    expect(zero.stdout).to.match(/redeemed: 1 CLAIM \(0 USDC each\) \+ 0 NOCLAIM \(1 USDC each\)/);
    expect(zero.stdout).to.match(/received: you receive 0 USDC \(the CLAIM redeemed for nothing: that side lost\)/);
    expect((await balances()).usdc).to.equal(held.usdc);
    const before = await balances();
    const out = await coverJson(m, ["redeem", handle]);
    const after = await balances();
    const status = await m.stack.contracts.market.seriesStatus(s.id);
    const payout = BigInt(status.payout);
    const expected = (before.claim * payout + before.noclaim * (10n ** 18n - payout)) / 10n ** 18n;
    expect(after.claim).to.equal(0n);
    expect(after.noclaim).to.equal(0n);
    expect(after.usdc - before.usdc).to.be.closeTo(expected, 1n);
    expect([out.payout, out.received, out.decimals]).to.deep.equal([String(Number(payout) / 1e18), String(Number(after.usdc - before.usdc) / 1e6), 6]);
    expect((await m.provider.getTransactionReceipt(out.hash))!.status).to.equal(1);
  });

  it("faucet: test collateral on the local market, checked by balance; refused on any other network", async function () {
    const other = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const dai = m.stack.contracts.collaterals.DAI;
    const before: bigint = await dai.balanceOf(other);
    const out = await coverJson(m, ["faucet", "dai", "12.5", other]);
    expect(out.symbol).to.equal("DAI");
    expect(await dai.balanceOf(other)).to.equal(before + parseUnits("12.5", 18));
    writeFileSync(path.join(m.dir, "testnet.json"), JSON.stringify({ ...m.deployment, network: "testnet" }));
    await refusedWithoutSending(["--network", "testnet", "faucet", "USDC", "1"], /only the local market's test collaterals mint for free; testnet \(chain 31337\) has real ones; nothing was sent/);
    const r = await cover(m, ["faucet", "WETH", "1"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/no test collateral "WETH" \(the local market has USDC, DAI\)/);
  });
});
