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

  const refusedWithoutSending = (args: string[], message: RegExp) => refusedBy(m, args, 1, message);

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
    expect(out.gasUsed).to.equal(receipt!.gasUsed.toString());
    expect(out.approval.hash).to.match(/^0x[0-9a-f]{64}$/);
    expect(out.balances.CLAIM).to.equal("100");
    expect(await usdc.allowance(me, m.deployment.addresses.market)).to.equal(0n); // exactly the amount, spent
  });

  it("merge burns pairs for collateral; more than held is refused before sending", async function () {
    const before = await balances();
    const out = await coverJson(m, ["merge", handle, "40"]);
    const after = await balances();
    expect(after.usdc).to.equal(before.usdc + 40_000_000n);
    expect(after.claim).to.equal(before.claim - 40_000_000n);
    expect(after.noclaim).to.equal(before.noclaim - 40_000_000n);
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
    expect(no.code, no.screen).to.equal(1);
    expect(no.screen).to.match(/nothing was sent/);
    expect([await nonce(), await m.provider.getBlockNumber()]).to.deep.equal([n, b]);
    const before = await balances();
    const yes = await coverAtTerminal(m, ["mint", handle, "3"], "y\r");
    expect(yes.code, yes.screen).to.equal(0);
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
    expect(out.limit).to.equal(`at most ${Number((quoted * 10_100n) / 10_000n) / 1e6} USDC`);
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
    const limit = parseUnits(out.limit.replace(/^at most | USDC$/g, ""), 6);
    expect(await allowance()).to.equal(limit - paid);
  });

  it("redeem before settlement: the simulation's custom error in words, nothing sent", async function () {
    await refusedWithoutSending(["redeem", handle], /redeeming .* would fail, nothing was sent: the series is not settled yet; it can settle at .* \(CoverNotSettled\(/);
  });

  it("after expiry: mint is refused as expired; redeem pays NOCLAIM at the settled payout", async function () {
    const flags = await m.stack.contracts.riskOracle.seriesFlags(s.id);
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    await m.provider.send("evm_increaseTime", [Number(flags.finalAt - now + 1n)]);
    await m.provider.send("evm_mine", []);
    await refusedWithoutSending(["mint", handle, "1", "--approve"], /the series expired on \d{4}-\d\d-\d\d: no more minting or buying; nothing was sent/);
    await refusedWithoutSending(["buy", handle, "1", "--approve"], /the series expired on/);
    const before = await balances();
    const out = await coverJson(m, ["redeem", handle]);
    const after = await balances();
    const status = await m.stack.contracts.market.seriesStatus(s.id);
    const payout = BigInt(status.payout);
    const expected = (before.claim * payout + before.noclaim * (10n ** 18n - payout)) / 10n ** 18n;
    expect(after.claim).to.equal(0n);
    expect(after.noclaim).to.equal(0n);
    expect(after.usdc - before.usdc).to.be.closeTo(expected, 1n);
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
