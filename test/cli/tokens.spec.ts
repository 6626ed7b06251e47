/**
 * `cover balance`, `allowance` and `transfer` against the shared local market (cliFixture.ts), from the node's first
 * account: balances and allowances compared with the tokens' own; transfers of a collateral and of one side of a
 * series checked by both balances; refusals (a bad checksum, a short balance, a token that is none, the zero
 * address) checked for exit 2, message and that nothing was sent.
 */
import { expect } from "chai";
import { Contract, getAddress, parseUnits } from "ethers";
import { cover, coverJson, sharedCliMarket, type CliMarket, liveSeries } from "./cliFixture.js";
import { refusedWithoutSending } from "./refused.js";

const ERC20 = ["function balanceOf(address) view returns (uint256)", "function allowance(address,address) view returns (uint256)"];

describe("cover CLI: balance, allowance, transfer", function () {
  this.timeout(180_000);
  let m: CliMarket;
  let me: string;
  let other: string;
  let s: { id: string; claim: string; noclaim: string; handle: string };
  let usdc: any;

  before(async function () {
    m = await sharedCliMarket();
    [me, other] = await m.provider.send("eth_accounts", []);
    [me, other] = [getAddress(me), getAddress(other)];
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    s = liveSeries(m, "DEMOLEND", "USDC", now)[0];
    usdc = m.stack.contracts.collaterals.USDC;
    await (await usdc.mint(me, parseUnits("1000", 6))).wait();
    await (await usdc.approve(m.deployment.addresses.market, parseUnits("300", 6))).wait();
    await (await m.stack.contracts.market.mint(s.id, parseUnits("300", 6), me, me)).wait();
    await (await usdc.approve(m.deployment.addresses.coverRouter, parseUnits("12.5", 6))).wait();
  });

  const balanceOf = (token: string, who: string) => new Contract(token, ERC20, m.provider).balanceOf(who) as Promise<bigint>;
  const usdcAddress = () => m.deployment.addresses.collaterals.USDC;

  it("--help lists the new commands, and each one's help has examples", async function () {
    const top = await cover(m, ["--help"]);
    for (const c of ["balance", "allowance", "transfer", "committee"]) expect(top.stdout).to.match(new RegExp(`^  ${c} `, "m"));
    for (const words of [["balance"], ["allowance"], ["transfer"], ["committee"], ["committee", "show"], ["committee", "propose"], ["committee", "approve"], ["committee", "withdraw-fees"], ["series", "create"], ["buy"]]) {
      const help = await cover(m, [...words, "--help"]);
      expect(help.code, words.join(" ")).to.equal(0);
      expect(help.stdout, words.join(" ")).to.match(/Examples:\n\s+\$ cover /);
    }
    expect((await cover(m, ["buy", "--help"])).stdout).to.match(/--bundle <series,...>/);
    expect((await cover(m, ["--help"])).stdout).to.match(/--dry-run/);
  });

  it("balance: ETH and every curated collateral by default; a series' collateral, CLAIM and NOCLAIM; one side; another account", async function () {
    const all = await coverJson(m, ["balance"]);
    expect(all.account).to.equal(me);
    expect(all.balances.map((b: any) => b.token)).to.deep.equal(["ETH", ...Object.keys(m.deployment.addresses.collaterals).map((x) => x.toUpperCase())]);
    const usdcRow = all.balances.find((b: any) => b.token === "USDC");
    expect(usdcRow.balance).to.equal(String(Number(await balanceOf(usdcAddress(), me)) / 1e6));
    expect(usdcRow.decimals).to.equal(6);

    const series = await coverJson(m, ["balance", s.handle]);
    expect(series.balances.map((b: any) => [b.token, b.address, b.balance])).to.deep.equal([
      ["USDC", usdcAddress(), usdcRow.balance],
      [`CLAIM ${s.handle}`, s.claim, String(Number(await balanceOf(s.claim, me)) / 1e6)],
      [`NOCLAIM ${s.handle}`, s.noclaim, String(Number(await balanceOf(s.noclaim, me)) / 1e6)],
    ]);
    const side = await coverJson(m, ["balance", s.handle, "noclaim"]);
    expect(side.balances).to.have.length(1);
    expect(side.balances[0].address).to.equal(s.noclaim);

    const theirs = await coverJson(m, ["balance", "usdc", "--account", other.toLowerCase()]);
    expect(theirs.account).to.equal(other);
    expect(theirs.balances[0].balance).to.equal(String(Number(await balanceOf(usdcAddress(), other)) / 1e6));
    const text = await cover(m, ["balance", s.handle]);
    expect(text.code).to.equal(0);
    expect(text.stdout).to.contain(`CLAIM ${s.handle}`);
  });

  it("allowance: by the name of a market contract or by address, as the token reports it", async function () {
    const out = await coverJson(m, ["allowance", "USDC", "router"]);
    expect(out.spender).to.equal(m.deployment.addresses.coverRouter);
    expect(out.spenderName).to.equal("router");
    expect(out.allowance).to.equal("12.5");
    const byAddress = await coverJson(m, ["allowance", usdcAddress(), m.deployment.addresses.coverRouter.toLowerCase()]);
    expect(byAddress.allowance).to.equal("12.5");
    const side = await coverJson(m, ["allowance", s.handle, "claim", "market"]);
    expect(side.allowance).to.equal("0");
    expect(side.address).to.equal(s.claim);
    const text = await cover(m, ["allowance", "USDC", "router"]);
    expect(text.stdout.trim()).to.equal(`USDC allowance of router (${m.deployment.addresses.coverRouter}) from ${me}: 12.5`);
  });

  it("transfer: a collateral and one side of a series, checked by both balances", async function () {
    const [mine, theirs] = [await balanceOf(usdcAddress(), me), await balanceOf(usdcAddress(), other)];
    const out = await coverJson(m, ["transfer", "USDC", other, "250.5"]);
    expect(await balanceOf(usdcAddress(), me)).to.equal(mine - 250_500_000n);
    expect(await balanceOf(usdcAddress(), other)).to.equal(theirs + 250_500_000n);
    expect((await m.provider.getTransactionReceipt(out.hash))!.status).to.equal(1);
    expect(out.balances.to).to.equal(String(Number(theirs + 250_500_000n) / 1e6));

    const claim0 = await balanceOf(s.claim, other);
    await coverJson(m, ["transfer", s.handle, "claim", other, "100"]);
    expect(await balanceOf(s.claim, other)).to.equal(claim0 + 100_000_000n);
  });

  it("refused before sending (exit 2): a bad checksum, a short balance, the zero address, no token, a series without its side", async function () {
    const bad = other.slice(0, 2) + [...other.slice(2)].map((c) => (/[a-f]/.test(c) ? c.toUpperCase() : /[A-F]/.test(c) ? c.toLowerCase() : c)).join("");
    await refusedWithoutSending(m, ["transfer", "USDC", bad, "1"], 2, new RegExp(`recipient "${bad}" has a bad checksum: the case of its letters does not match the address \\(a typo\\?\\); check it, or give it all in lower case`));
    await refusedWithoutSending(m, ["balance", "--account", bad], 2, /--account "0x[0-9a-fA-F]{40}" has a bad checksum/);
    const held = await balanceOf(s.noclaim, me);
    await refusedWithoutSending(m, ["transfer", s.handle, "noclaim", other, String(Number(held) / 1e6 + 1)], 2,
      new RegExp(`insufficient NOCLAIM ${s.handle}: you have ${Number(held) / 1e6}, this needs ${Number(held) / 1e6 + 1}; nothing was sent`));
    await refusedWithoutSending(m, ["transfer", "USDC", "0x0000000000000000000000000000000000000000", "1"], 2, /recipient is the zero address: that would burn the tokens; nothing was sent/);
    await refusedWithoutSending(m, ["transfer", "USDC", "0x1234", "1"], 2, /recipient "0x1234" is not an address: 0x and 40 hex digits/);
    await refusedWithoutSending(m, ["transfer", "EURC", other, "1"], 2, /"EURC" is not a token: name a collateral \(USDC, DAI\), a token address, or a series and its side \(claim or noclaim\)/);
    await refusedWithoutSending(m, ["transfer", s.handle, "both", other, "1"], 2, /the side of series .* must be claim or noclaim, got "both"/);
    await refusedWithoutSending(m, ["allowance", "USDC", "treasury"], 2, /spender "treasury" is neither an address nor one of market, router, pools, committee, parametric/);
    await refusedWithoutSending(m, ["balance", other], 2, /is not a token \(it answers no ERC-20 symbol\(\) and decimals\(\)\)/);
  });
});
