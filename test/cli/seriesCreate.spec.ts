/**
 * `cover series create` against the shared local market (cliFixture.ts), from the node's first account: a new series
 * and its two pools at the starting risk given (the pools' prices read back from slot0), found by `cover series`
 * afterwards; a series created without --risk, and its pools added by a second run; refusals before sending (an
 * expiry off the calendar, past or too far, a risk outside (0, 1), an unknown protocol, a collateral that is no
 * token, a series that exists without --risk: exit 2) and a --dry-run, none of which sends anything.
 */
import { expect } from "chai";
import { Contract } from "ethers";
import { firstExpiryAfter, isoDate, WEEK } from "../../scripts/lib/market/calendar.js";
import { seriesHandle } from "../../scripts/lib/market/handle.js";
import { seriesIdOf } from "../../scripts/lib/market/series.js";
import { cover, coverJson, sharedCliMarket, type CliMarket } from "./cliFixture.js";
import { refusedWithoutSending } from "./refused.js";

const POOL = ["function slot0() view returns (uint160 sqrtPriceX96, int24, uint16, uint16, uint16, uint8, bool)", "function token0() view returns (address)"];

describe("cover CLI: series create", function () {
  this.timeout(180_000);
  let m: CliMarket;
  let now: bigint;
  let usdc: string;
  let dai: string;
  const protocolId = (ticker: string) => m.deployment.protocols.find((p) => p.ticker === ticker)!.id;
  /** The `n`-th calendar expiry after now at which `ticker` has no series in `collateral`. */
  const freeExpiry = (ticker: string, collateral: string, n: number) => {
    const taken = new Set(m.deployment.series.filter((s) => s.protocolId === protocolId(ticker) && s.collateral === collateral).map((s) => BigInt(s.expiry)));
    let t = firstExpiryAfter(now + 2n * WEEK);
    for (let found = 0; ; t += WEEK) if (!taken.has(t) && ++found === n) return t;
  };

  before(async function () {
    m = await sharedCliMarket();
    now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    usdc = m.deployment.addresses.collaterals.USDC;
    dai = m.deployment.addresses.collaterals.DAI;
  });

  /** The price of `token` in collateral in `pool` (both of 6 decimals), from slot0. */
  async function priceIn(pool: string, token: string): Promise<number> {
    const c = new Contract(pool, POOL, m.provider);
    const [{ sqrtPriceX96 }, token0] = [await c.slot0(), await c.token0()];
    const ratio = (Number(sqrtPriceX96) / 2 ** 96) ** 2; // token1 per token0
    return token0.toLowerCase() === token.toLowerCase() ? ratio : 1 / ratio;
  }

  it("creates the series and both pools at the starting risk: CLAIM at p, NOCLAIM at 1 - p; `cover series` lists it", async function () {
    const expiry = freeExpiry("DEMODEX", usdc, 1);
    const handle = seriesHandle("DEMODEX", expiry, "USDC");
    const out = await coverJson(m, ["series", "create", "DEMODEX", "usdc", isoDate(expiry), "--risk", "5%"]);
    expect(out.series).to.equal(handle);
    expect(out.id).to.equal(seriesIdOf(protocolId("DEMODEX"), usdc, expiry));
    expect(out.listed).to.equal(true);
    expect((await m.provider.getTransactionReceipt(out.created.hash))!.status).to.equal(1);
    const s = await m.stack.contracts.market.series(out.id);
    expect(s.collateral).to.equal(usdc);
    expect(s.expiry).to.equal(expiry);
    const [claim, noclaim] = await m.stack.contracts.market.seriesTokens(out.id);
    expect(out.tokens).to.deep.equal({ claim, noclaim });
    const [claimPool, noclaimPool] = await m.stack.contracts.pools.poolsOf(out.id);
    expect(out.pools.claim).to.deep.equal({ side: "CLAIM", pool: claimPool, status: "created" });
    expect(out.pools.noclaim).to.deep.equal({ side: "NOCLAIM", pool: noclaimPool, status: "created" });
    expect(out.pools.risk).to.equal("0.05");
    expect(Math.abs(await priceIn(claimPool, claim) - 0.05)).to.be.at.most(1e-9); // numbers (chai-matchers' closeTo takes bigints)
    expect(Math.abs(await priceIn(noclaimPool, noclaim) - 0.95)).to.be.at.most(1e-9); // numbers (chai-matchers' closeTo takes bigints)
    const listed = (await coverJson(m, ["series", "--protocol", "DEMODEX"])).find((r: any) => r.id === out.id);
    expect(listed.handle ?? listed.series).to.equal(handle);

    // Again: the series exists, so only the pools are prepared, and they are at the price already.
    const again = await coverJson(m, ["series", "create", "DEMODEX", "USDC", String(expiry), "--risk", "0.05"]);
    expect(again.created).to.equal(null);
    expect([again.pools.claim.status, again.pools.noclaim.status]).to.deep.equal(["unchanged", "unchanged"]);
    await refusedWithoutSending(m, ["series", "create", "DEMODEX", "USDC", isoDate(expiry)], 2, new RegExp(`series ${handle} exists already \\(${out.id}\\); give --risk p to create or check its pools`));
  });

  it("without --risk: the series alone, in text; a later run with --risk adds its pools", async function () {
    const expiry = freeExpiry("DEMOLEND", dai, 2);
    const handle = seriesHandle("DEMOLEND", expiry, "DAI");
    const r = await cover(m, ["series", "create", "DEMOLEND", "DAI", isoDate(expiry)]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(new RegExp(`^series create ${handle}: 0x[0-9a-f]{64}\\n`));
    expect(r.stdout).to.contain("no pools yet: `cover series create` again with --risk p creates them");
    const id = seriesIdOf(protocolId("DEMOLEND"), dai, expiry);
    const [claimPool] = await m.stack.contracts.pools.poolsOf(id);
    expect(await m.provider.getCode(claimPool)).to.equal("0x");
    const out = await coverJson(m, ["series", "create", "DEMOLEND", "DAI", isoDate(expiry), "--risk", "12.5%"]);
    expect(out.created).to.equal(null);
    expect(out.pools.claim.status).to.equal("created");
    const [claim] = await m.stack.contracts.market.seriesTokens(id);
    expect(Math.abs(await priceIn(claimPool, claim) - 0.125)).to.be.at.most(1e-9); // numbers (chai-matchers' closeTo takes bigints)
  });

  it("--max-cost with --approve: CoverPools approved for exactly that; nothing lay on the way, so nothing of it is spent", async function () {
    const expiry = freeExpiry("DEMOBRIDGE", usdc, 1);
    const me = (await m.provider.send("eth_accounts", []))[0];
    await (await m.stack.contracts.collaterals.USDC.mint(me, 5_000_000n)).wait();
    const usdc0 = await m.stack.contracts.collaterals.USDC.balanceOf(me);
    const out = await coverJson(m, ["series", "create", "DEMOBRIDGE", "USDC", isoDate(expiry), "--risk", "20%", "--max-cost", "2.5", "--approve"]);
    const approval = (await m.provider.getTransaction(out.pools.approval.hash))!;
    const call = m.stack.contracts.collaterals.USDC.interface.parseTransaction({ data: approval.data })!;
    expect([call.name, call.args[0], call.args[1]]).to.deep.equal(["approve", m.deployment.addresses.coverPools, 2_500_000n]);
    expect([out.pools.claim.status, out.pools.noclaim.status]).to.deep.equal(["created", "created"]);
    expect(await m.stack.contracts.collaterals.USDC.balanceOf(me)).to.equal(usdc0);
    expect(await m.stack.contracts.collaterals.USDC.allowance(me, m.deployment.addresses.coverPools)).to.equal(2_500_000n);
  });

  it("refused before sending: off the calendar, past, too far, a risk outside (0, 1), no such protocol, no token (exit 2); --dry-run sends nothing", async function () {
    const expiry = freeExpiry("DEMODEX", usdc, 3);
    const thursday = isoDate(expiry - 86400n);
    await refusedWithoutSending(m, ["series", "create", "DEMODEX", "USDC", thursday], 2,
      new RegExp(`expiry ${thursday} is not on the calendar \\(expiries are Fridays at 08:00 UTC\\): the nearest are ${isoDate(expiry - WEEK)} and ${isoDate(expiry)}`));
    const past = firstExpiryAfter(now) - WEEK;
    await refusedWithoutSending(m, ["series", "create", "DEMODEX", "USDC", isoDate(past)], 2, new RegExp(`expiry ${isoDate(past)} is not in the future \\(chain time ${isoDate(now)}\\)`));
    const far = firstExpiryAfter(now + 52n * WEEK);
    await refusedWithoutSending(m, ["series", "create", "DEMODEX", "USDC", isoDate(far)], 2, /is more than 52 weeks ahead of chain time/);
    await refusedWithoutSending(m, ["series", "create", "DEMODEX", "USDC", isoDate(expiry), "--risk", "1"], 2, /--risk must be under 1 \(100%\): it is the starting CLAIM price, got "1"/);
    await refusedWithoutSending(m, ["series", "create", "DEMODEX", "USDC", isoDate(expiry), "--risk", "0"], 2, /--risk must be more than zero, got "0"/);
    await refusedWithoutSending(m, ["series", "create", "99", "USDC", isoDate(expiry)], 2, /unknown protocol 99: protocol ids on localhost run from 1 to \d+/);
    const eoa = (await m.provider.send("eth_accounts", []))[3];
    await refusedWithoutSending(m, ["series", "create", "DEMODEX", eoa, isoDate(expiry)], 2, /collateral 0x[0-9a-fA-F]{40} is not a token/);
    await refusedWithoutSending(m, ["series", "create", "DEMODEX", "USDC", "next friday"], 2, /expiry must be a date such as 2026-12-18 \(a Friday, 08:00 UTC\) or Unix seconds, got "next friday"/);

    const block = await m.provider.getBlockNumber();
    const dry = await coverJson(m, ["series", "create", "DEMODEX", "USDC", isoDate(expiry), "--risk", "5%", "--dry-run"]);
    expect(await m.provider.getBlockNumber()).to.equal(block);
    expect(dry.call).to.deep.equal({ method: "createSeries", args: { protocolId: String(protocolId("DEMODEX")), collateral: usdc, expiry: String(expiry) } });
    expect(dry.returns.seriesId).to.equal(seriesIdOf(protocolId("DEMODEX"), usdc, expiry));
    const unknown = await m.stack.contracts.market.series(dry.returns.seriesId).then(() => "exists", (e: unknown) => String(e));
    expect(unknown).to.match(/CoverUnknownSeries/); // not created
  });
});
