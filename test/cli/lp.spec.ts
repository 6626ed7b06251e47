/**
 * `cover lp add|remove|list` against the shared local market (cliFixture.ts, three-day scenario), sending from the node's first account:
 * positions checked against the position manager (ticks equal to the risk range rounded to the tick spacing,
 * liquidity, owner), writes checked by balances and the router's events, adding to a position (`lp add --to`) by
 * its liquidity and ticks; refusals (bad ranges, someone else's, unknown, burned, other series' and non-cover
 * positions, an expired series, ...) checked for exit code, message and that nothing was sent. Also the risk <->
 * tick maths of scripts/lib/market/pricing.ts in both token orders, without a chain.
 */
import { expect } from "chai";
import { Contract, formatUnits, getAddress, MaxUint256, parseUnits, Wallet } from "ethers";
import { Side } from "../../scripts/lib/market/enums.js";
import { redemptionValue, toWad, WAD } from "../../scripts/lib/market/payout.js";
import { isToken0, priceAtTick, rangeForRisk, riskRangeOfTicks, tickAtSqrtPrice, usableTick } from "../../scripts/lib/market/pricing.js";
import { parseRiskRange } from "../../scripts/cli/parse.js";
import { percent } from "../../scripts/cli/output.js";
import { cover, coverJson, sharedCliMarket, type CliMarket, liveSeries } from "./cliFixture.js";
import { refusedWithoutSending as refusedBy } from "./refused.js";
import { type SideValue } from "../../scripts/lib/market/enums.js";

const ERC20 = ["function balanceOf(address) view returns (uint256)"];
/** Hardhat's well-known account #1 (public test mnemonic): funded on the local node. */
const ACCOUNT_1_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
/** A raw amount in human units, as the CLI prints it (no trailing ".0"). */
const units = (raw: bigint, decimals = 6) => formatUnits(raw, decimals).replace(/\.0$/, "");

describe("risk ranges as pool ticks (scripts/lib/market/pricing.ts)", function () {
  const low = toWad("0.02");
  const high = toWad("0.10");
  for (const side of [Side.Claim, Side.Noclaim] as SideValue[]) {
    for (const coverIsToken0 of [true, false]) {
      it(`${side === Side.Claim ? "CLAIM" : "NOCLAIM"} pool, cover token ${coverIsToken0 ? "token0" : "token1"}: the widest range of whole spacings inside the risks`, function () {
        const { tickLower, tickUpper } = rangeForRisk(low, high, side, coverIsToken0, 60);
        expect(tickLower % 60).to.equal(0);
        expect(tickUpper % 60).to.equal(0);
        const inside = riskRangeOfTicks(tickLower, tickUpper, side, coverIsToken0);
        expect(inside.low >= low && inside.high <= high, `${inside.low}..${inside.high}`).to.equal(true);
        // One spacing wider on either side leaves the asked range.
        expect(riskRangeOfTicks(tickLower - 60, tickUpper, side, coverIsToken0)).to.satisfy((r: any) => r.low < low || r.high > high);
        expect(riskRangeOfTicks(tickLower, tickUpper + 60, side, coverIsToken0)).to.satisfy((r: any) => r.low < low || r.high > high);
        // The cover token's price at the ticks: the risk itself for CLAIM, one minus it for NOCLAIM.
        const prices = [priceAtTick(tickLower, coverIsToken0), priceAtTick(tickUpper, coverIsToken0)].sort((a, b) => (a < b ? -1 : 1));
        if (side === Side.Claim) expect(prices).to.deep.equal([inside.low, inside.high]);
        else expect(prices).to.deep.equal([WAD - inside.high, WAD - inside.low]);
      });
    }
  }

  it("parseRiskRange: fractions and percentages alike; out of (0, 1), inverted and malformed ranges refused", function () {
    expect(parseRiskRange("2%:10%")).to.deep.equal({ low, high });
    expect(parseRiskRange("0.02:0.1")).to.deep.equal({ low, high });
    expect(parseRiskRange(" 0.02 : 10% ")).to.deep.equal({ low, high });
    for (const bad of ["0.02", "0.02-0.10", "a:b", "0.02:0.10:0.2", "-0.1:0.2", "1e-2:0.1"]) expect(() => parseRiskRange(bad), bad).to.throw(/--range must be <low>:<high>/);
    for (const bad of ["0:0.1", "0.5:1", "5%:120%", "0%:10%"]) expect(() => parseRiskRange(bad), bad).to.throw(/strictly between 0 and 1/);
    for (const bad of ["0.10:0.02", "5%:5%"]) expect(() => parseRiskRange(bad), bad).to.throw(/must be below the high end/);
  });
});

describe("cover CLI: lp add | remove | list", function () {
  this.timeout(300_000);
  let m: CliMarket;
  let me: string;
  let s: { id: string; claim: string; noclaim: string; expiry: number; collateral: string };
  let handle: string;
  let usdc: any;
  let npm: any;
  let spacing: number;
  /** A range around the series' current risk, as typed, and as WADs. */
  let rangeText: string;
  let range: { low: bigint; high: bigint };
  /** The positions made here: CLAIM (minted from USDC) and NOCLAIM (from NOCLAIM held). */
  let claimPosition: bigint;
  let noclaimPosition: bigint;
  /** A USDC/DAI position of mine: a Uniswap position outside the cover pools. */
  let nonCoverPosition: bigint;

  before(async function () {
    m = await sharedCliMarket();
    me = getAddress((await m.provider.send("eth_accounts", []))[0]);
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    const [nearest] = liveSeries(m, "DEMOLEND", "USDC", now);
    s = nearest;
    handle = nearest.handle;
    usdc = m.stack.contracts.collaterals.USDC;
    npm = m.stack.contracts.positionManager;
    spacing = Number(await m.stack.contracts.pools.tickSpacing());
    const risk = Number((await m.stack.contracts.riskOracle.spotRisk(s.id)).risk) / 1e18;
    rangeText = `${(risk / 2).toFixed(4)}:${Math.min(0.9, risk * 2).toFixed(4)}`;
    range = parseRiskRange(rangeText);
    await (await usdc.mint(me, parseUnits("10000", 6))).wait();
  });

  const balance = (token: string) => new Contract(token, ERC20, m.provider).balanceOf(me) as Promise<bigint>;
  const balances = async () => ({ usdc: await balance(s.collateral), claim: await balance(s.claim), noclaim: await balance(s.noclaim) });
  const nonce = () => m.provider.getTransactionCount(me);
  const routerEvent = async (hash: string, name: string) => {
    const router = m.stack.contracts.router;
    const receipt = (await m.provider.getTransactionReceipt(hash))!;
    expect(receipt.status).to.equal(1);
    const logs = receipt.logs.filter((l) => l.address.toLowerCase() === m.deployment.addresses.coverRouter.toLowerCase()).map((l) => router.interface.parseLog(l));
    return logs.find((l: any) => l?.name === name)!.args;
  };

  const refusedWithoutSending = (args: string[], code: number, message: RegExp) => refusedBy(m, args, code, message);

  it("--help of lp and of each sub-command has examples", async function () {
    for (const args of [["lp"], ["lp", "add"], ["lp", "remove"], ["lp", "list"]]) {
      const help = await cover(m, [...args, "--help"]);
      expect(help.code, args.join(" ")).to.equal(0);
      expect(help.stdout, args.join(" ")).to.match(/Examples:\n\s+\$ cover lp /);
    }
  });

  it("add: CLAIM minted from USDC under a permit, one transaction; the NFT's ticks are the range rounded to the spacing", async function () {
    const before = await balances();
    const n = await nonce();
    const out = await coverJson(m, ["lp", "add", handle, "1000", "--range", rangeText]);
    expect(await nonce()).to.equal(n + 1); // permit and deposit in one multicall
    expect(out.authorizedBy).to.equal("permit");
    const event = await routerEvent(out.hash, "LiquidityAdded");
    claimPosition = BigInt(out.positionId);
    expect(event.tokenId).to.equal(claimPosition);
    expect(await npm.ownerOf(claimPosition)).to.equal(me);

    const position = await npm.positions(claimPosition);
    const expected = rangeForRisk(range.low, range.high, Side.Claim, isToken0(s.claim, s.collateral), spacing);
    expect([Number(position.tickLower), Number(position.tickUpper)]).to.deep.equal([expected.tickLower, expected.tickUpper]);
    expect([out.tickLower, out.tickUpper]).to.deep.equal([expected.tickLower, expected.tickUpper]);
    expect(position.liquidity).to.equal(event.liquidity);
    expect(out.liquidity).to.equal(event.liquidity.toString());
    // --json: token amounts as decimal strings by token, in the result's decimals; no prose.
    expect(out.decimals).to.equal(6);
    expect(out.deposited).to.deep.equal({ CLAIM: formatUnits(event.coverAmount, 6).replace(/\.0$/, ""), USDC: formatUnits(event.collateralAmount, 6).replace(/\.0$/, "") });
    expect(out.minted).to.equal(formatUnits(event.minted, 6).replace(/\.0$/, ""));
    expect(Object.keys(out.quote).sort()).to.deep.equal(["CLAIM", "USDC"]);
    const shown = riskRangeOfTicks(expected.tickLower, expected.tickUpper, Side.Claim, isToken0(s.claim, s.collateral));
    expect([toWad(out.riskLow), toWad(out.riskHigh)]).to.deep.equal([shown.low, shown.high]);
    expect(shown.low >= range.low && shown.high <= range.high).to.equal(true);

    // The pool is in range: both tokens go in, about 1000 USDC at face value, all of it paid in USDC.
    expect(event.coverAmount > 0n && event.collateralAmount > 0n).to.equal(true);
    expect(event.minted).to.equal(event.coverAmount);
    const deposited = event.coverAmount + event.collateralAmount;
    expect(deposited <= 1000_000_000n && deposited >= 999_000_000n, String(deposited)).to.equal(true);
    const after = await balances();
    expect(after.usdc).to.equal(before.usdc - deposited);
    expect(after.claim).to.equal(before.claim);
    expect(after.noclaim).to.equal(before.noclaim + event.coverAmount); // the other side of the minted pairs
    expect(out.balances).to.deep.equal({ USDC: units(after.usdc), CLAIM: units(after.claim), NOCLAIM: units(after.noclaim) });
  });

  it("add --side noclaim --no-mint: NOCLAIM held goes in over NOCLAIM prices 1 - high .. 1 - low", async function () {
    const before = await balances();
    const out = await coverJson(m, ["lp", "add", handle, "200", "--range", rangeText, "--side", "noclaim", "--no-mint", "--slippage", "1%"]);
    const event = await routerEvent(out.hash, "LiquidityAdded");
    noclaimPosition = BigInt(out.positionId);
    expect(out.pool).to.equal("NOCLAIM");
    const position = await npm.positions(noclaimPosition);
    const noclaimIs0 = isToken0(s.noclaim, s.collateral);
    const expected = rangeForRisk(range.low, range.high, Side.Noclaim, noclaimIs0, spacing);
    expect([Number(position.tickLower), Number(position.tickUpper)]).to.deep.equal([expected.tickLower, expected.tickUpper]);
    const prices = [priceAtTick(expected.tickLower, noclaimIs0), priceAtTick(expected.tickUpper, noclaimIs0)].sort((a, b) => (a < b ? -1 : 1));
    expect(prices[0] >= WAD - range.high && prices[1] <= WAD - range.low).to.equal(true);
    expect(position.liquidity).to.equal(event.liquidity);
    expect(event.minted).to.equal(0n);
    const after = await balances();
    expect(after.noclaim).to.equal(before.noclaim - event.coverAmount);
    expect(after.usdc).to.equal(before.usdc - event.collateralAmount);
    expect(after.claim).to.equal(before.claim);
    expect(event.coverAmount + event.collateralAmount <= 200_000_000n).to.equal(true);
  });

  it("list: the account's cover positions as the position manager has them, with the quoter's value and fees", async function () {
    // A purchase through the CLAIM pool crosses the CLAIM position's range: it earns fees, in USDC.
    await coverJson(m, ["buy", handle, "20", "--route", "direct"]);
    const out = await coverJson(m, ["lp", "list"]);
    expect(out.account).to.equal(me);
    const ids = out.positions.map((p: any) => BigInt(p.positionId));
    expect(ids).to.include.members([claimPosition, noclaimPosition]);
    expect(out.positions).to.have.length(Number(await npm.balanceOf(me))); // every position of mine is in a cover pool
    for (const row of out.positions) {
      const id = BigInt(row.positionId);
      const p = await npm.positions(id);
      const side = row.side === "CLAIM" ? Side.Claim : Side.Noclaim;
      const series = m.deployment.series.find((x) => x.id.toLowerCase() === row.id)!;
      const coverToken = side === Side.Claim ? series.claim : series.noclaim;
      if (id === claimPosition || id === noclaimPosition) expect(row.series).to.equal(handle);
      expect([String(p.token0), String(p.token1)].map((a) => a.toLowerCase()).sort()).to.deep.equal([coverToken, series.collateral].map((a) => a.toLowerCase()).sort());
      expect([row.tickLower, row.tickUpper]).to.deep.equal([Number(p.tickLower), Number(p.tickUpper)]);
      expect(row.liquidity).to.equal(p.liquidity.toString());
      const coverIs0 = isToken0(coverToken, series.collateral);
      expect([row.tokensOwed.cover, row.tokensOwed.collateral]).to.deep.equal(coverIs0 ? [units(p.tokensOwed0), units(p.tokensOwed1)] : [units(p.tokensOwed1), units(p.tokensOwed0)]);
      const risks = riskRangeOfTicks(Number(p.tickLower), Number(p.tickUpper), side, coverIs0);
      expect([toWad(row.riskLow), toWad(row.riskHigh)]).to.deep.equal([risks.low, risks.high]);
      const [cover, collateral] = await m.stack.contracts.quoter.quoteRemoveLiquidity(series.id, id, p.liquidity);
      expect([row.value.cover, row.value.collateral]).to.deep.equal([units(cover), units(collateral)]);
      const [coverFees, collateralFees] = await m.stack.contracts.quoter.quoteRemoveLiquidity(series.id, id, 0n);
      expect([row.fees.cover, row.fees.collateral]).to.deep.equal([units(coverFees), units(collateralFees)]);
      if (id === claimPosition) expect(collateralFees).to.be.greaterThan(0n);
      const pool = new Contract(row.pool, ["function slot0() view returns (uint160, int24 tick, uint16, uint16, uint16, uint8, bool)"], m.provider);
      const tick = Number((await pool.slot0()).tick);
      expect(row.inRange).to.equal(Number(p.tickLower) <= tick && tick < Number(p.tickUpper));
    }
    // Another account's, by argument: the scenario's LP has one position per pool of each series it seeded.
    const lp = m.scenario.accounts.lp;
    const theirs = await coverJson(m, ["lp", "list", lp]);
    expect(theirs.positions).to.have.length(Number(await npm.balanceOf(lp)));
    expect(theirs.positions.length).to.be.greaterThan(0);
    const text = await cover(m, ["lp", "list"]);
    expect(text.code).to.equal(0);
    expect(text.stdout).to.match(/Position\s+Series\s+Pool\s+Risk range/);
    expect(text.stdout).to.include(`${claimPosition}  ${handle}`);
  });

  it("add --to: more liquidity in my CLAIM position, over its ticks, no new NFT; side and range from the position", async function () {
    const p = await npm.positions(claimPosition);
    const nfts = await npm.balanceOf(me);
    const before = await balances();
    const n = await nonce();
    const out = await coverJson(m, ["lp", "add", handle, "300", "--to", String(claimPosition)]);
    expect(await nonce()).to.equal(n + 1); // any permit and the deposit in one transaction; none for the NFT
    const event = await routerEvent(out.hash, "LiquidityAdded");
    expect(event.tokenId).to.equal(claimPosition);
    expect(Number(event.side)).to.equal(Side.Claim);
    expect(event.liquidity > 0n).to.equal(true);
    expect(out).to.include({ pool: "CLAIM", positionId: String(claimPosition), addedTo: String(claimPosition), liquidity: event.liquidity.toString() });

    const q = await npm.positions(claimPosition);
    expect(q.liquidity).to.equal(p.liquidity + event.liquidity);
    expect(out.totalLiquidity).to.equal(q.liquidity.toString());
    expect([Number(q.tickLower), Number(q.tickUpper)]).to.deep.equal([Number(p.tickLower), Number(p.tickUpper)]);
    expect([out.tickLower, out.tickUpper]).to.deep.equal([Number(p.tickLower), Number(p.tickUpper)]);
    expect(await npm.balanceOf(me)).to.equal(nfts);
    expect(await npm.ownerOf(claimPosition)).to.equal(me);

    // Minted from USDC as a new position is: about 300 USDC at face value, the NOCLAIM of the minted pairs kept.
    expect(event.minted).to.equal(event.coverAmount);
    const deposited = event.coverAmount + event.collateralAmount;
    expect(deposited <= 300_000_000n && deposited >= 299_000_000n, String(deposited)).to.equal(true);
    const after = await balances();
    expect(after.usdc).to.equal(before.usdc - deposited);
    expect(after.claim).to.equal(before.claim);
    expect(after.noclaim).to.equal(before.noclaim + event.coverAmount);
    expect(out.balances).to.deep.equal({ USDC: units(after.usdc), CLAIM: units(after.claim), NOCLAIM: units(after.noclaim) });

    // Text, to the NOCLAIM position from NOCLAIM held, a --side that agrees with it.
    const pn = await npm.positions(noclaimPosition);
    const beforeText = await balances();
    const text = await cover(m, ["lp", "add", handle, "20", "--to", String(noclaimPosition), "--side", "noclaim", "--no-mint"]);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stderr).to.include(`lp add: position ${noclaimPosition} (liquidity ${pn.liquidity}), NOCLAIM pool of ${handle}`);
    const hash = /^lp add \S+: (0x[0-9a-f]{64})$/m.exec(text.stdout)?.[1];
    expect(hash, text.stdout).to.be.a("string");
    const added = await routerEvent(hash!, "LiquidityAdded");
    expect(added.tokenId).to.equal(noclaimPosition);
    expect(added.minted).to.equal(0n);
    const qn = await npm.positions(noclaimPosition);
    expect(qn.liquidity).to.equal(pn.liquidity + added.liquidity);
    expect([qn.tickLower, qn.tickUpper]).to.deep.equal([pn.tickLower, pn.tickUpper]);
    const afterText = await balances();
    expect(afterText.noclaim).to.equal(beforeText.noclaim - added.coverAmount);
    expect(afterText.usdc).to.equal(beforeText.usdc - added.collateralAmount);
    const shown = riskRangeOfTicks(Number(pn.tickLower), Number(pn.tickUpper), Side.Noclaim, isToken0(s.noclaim, s.collateral));
    for (const line of [
      `addedTo: position ${noclaimPosition}`,
      `positionId: ${noclaimPosition}`,
      `liquidity: ${added.liquidity}`,
      `totalLiquidity: ${qn.liquidity}`,
      `range: ${percent(shown.low)} to ${percent(shown.high)} implied risk (ticks ${pn.tickLower} to ${pn.tickUpper})`,
      `deposited: ${units(added.coverAmount)} NOCLAIM + ${units(added.collateralAmount)} USDC`,
      "quote: deposit ",
      "limit: at least ",
      "gas used: ",
      `balances now: ${units(afterText.usdc)} USDC, ${units(afterText.claim)} CLAIM, ${units(afterText.noclaim)} NOCLAIM`,
    ]) {
      expect(text.stdout).to.include(line);
    }
  });

  it("remove --percent 50: half the liquidity back, as quoted, with the NFT permit in the same transaction", async function () {
    const p = await npm.positions(claimPosition);
    const half = (p.liquidity * 5000n) / 10_000n;
    const [coverQuote, collateralQuote] = await m.stack.contracts.quoter.quoteRemoveLiquidity(s.id, claimPosition, half);
    const before = await balances();
    const n = await nonce();
    const out = await coverJson(m, ["lp", "remove", String(claimPosition), "--percent", "50"]);
    expect(await nonce()).to.equal(n + 1);
    const tx = (await m.provider.getTransaction(out.hash))!;
    expect(tx.data.slice(0, 10)).to.equal(m.stack.contracts.router.interface.getFunction("multicall")!.selector);
    const event = await routerEvent(out.hash, "LiquidityRemoved");
    expect(event.liquidity).to.equal(half);
    expect([event.coverAmount, event.collateralAmount]).to.deep.equal([coverQuote, collateralQuote]);
    const after = await balances();
    expect(after.claim).to.equal(before.claim + coverQuote);
    expect(after.usdc).to.equal(before.usdc + collateralQuote);
    expect(after.noclaim).to.equal(before.noclaim);
    expect((await npm.positions(claimPosition)).liquidity).to.equal(p.liquidity - half);
    expect(await npm.ownerOf(claimPosition)).to.equal(me);
    expect(out.burned).to.equal(false);
  });

  it("remove (all) --merge: the CLAIM collected is merged with NOCLAIM held into USDC, and the NFT burned", async function () {
    // Enough NOCLAIM for the merge whatever the split of the deposits above was.
    const { market } = m.stack.contracts;
    await (await usdc.approve(m.deployment.addresses.market, 500_000_000n)).wait();
    await (await market.mint(s.id, 500_000_000n, me, me)).wait();
    const p = await npm.positions(claimPosition);
    const [coverQuote, collateralQuote] = await m.stack.contracts.quoter.quoteRemoveLiquidity(s.id, claimPosition, p.liquidity);
    const before = await balances();
    const out = await coverJson(m, ["lp", "remove", String(claimPosition), "--merge"]);
    const event = await routerEvent(out.hash, "LiquidityRemoved");
    expect(event.liquidity).to.equal(p.liquidity);
    expect(event.collateralOut).to.equal(collateralQuote + coverQuote);
    const after = await balances();
    expect(after.claim).to.equal(before.claim);
    expect(after.noclaim).to.equal(before.noclaim - coverQuote);
    expect(after.usdc).to.equal(before.usdc + collateralQuote + coverQuote);
    expect(out.burned).to.equal(true);
    let exists = true;
    try {
      await npm.ownerOf(claimPosition);
    } catch {
      exists = false;
    }
    expect(exists).to.equal(false);
  });

  it("refusals send nothing: malformed, inverted, out-of-(0,1) and too narrow ranges; bad side, share and options", async function () {
    await refusedWithoutSending(["lp", "add", handle, "10", "--range", "0.02-0.10"], 2, /--range must be <low>:<high> in implied-risk terms, such as 0\.02:0\.10 or 2%:10%, got "0\.02-0\.10"/);
    await refusedWithoutSending(["lp", "add", handle, "10", "--range", "0.10:0.02"], 2, /--range: the low end 0\.10 must be below the high end 0\.02/);
    await refusedWithoutSending(["lp", "add", handle, "10", "--range", "0:0.10"], 2, /each end must lie strictly between 0 and 1 \(0% and 100%\), got 0 in "0:0\.10"/);
    await refusedWithoutSending(["lp", "add", handle, "10", "--range", "50%:100%"], 2, /strictly between 0 and 1/);
    await refusedWithoutSending(["lp", "add", handle, "10", "--range", "0.05:0.0501"], 2, /--range 0\.05:0\.0501 is narrower than one tick spacing of the CLAIM pool \(60 ticks/);
    await refusedWithoutSending(["lp", "add", handle, "10"], 2, /required option '--range <low:high>' not specified/);
    await refusedWithoutSending(["lp", "add", handle, "10", "--range", rangeText, "--side", "both"], 2, /--side must be claim or noclaim, got "both"/);
    await refusedWithoutSending(["lp", "add", handle, "1000000", "--range", rangeText], 2, /insufficient USDC: you have [\d.]+, this needs 1000000; nothing was sent/);
    await refusedWithoutSending(["lp", "remove", String(noclaimPosition), "--percent", "0"], 2, /--percent must be more than 0 and at most 100, got "0"/);
    await refusedWithoutSending(["lp", "remove", String(noclaimPosition), "--percent", "101"], 2, /at most 100/);
    await refusedWithoutSending(["lp", "remove", String(noclaimPosition), "--slippage", "10%"], 2, /slippage 10% is above 5%: the trade may fill that far from the quote: rerun with --yes to accept it; nothing was sent/);
    await refusedWithoutSending(["lp", "remove", String(noclaimPosition), "--merge", "--redeem"], 2, /--merge and --redeem exclude each other/);
    await refusedWithoutSending(["lp", "remove", String(noclaimPosition), "--redeem"], 2, /--redeem: DEMOLEND-.* is not settled yet.*nothing was sent/);
  });

  it("remove refuses someone else's, unknown, malformed and non-cover positions, sending nothing", async function () {
    const lp = m.scenario.accounts.lp;
    const theirs = BigInt(await npm.tokenOfOwnerByIndex(lp, 0n));
    await refusedWithoutSending(["lp", "remove", String(theirs)], 2, new RegExp(`position ${theirs} is not yours: it belongs to ${lp}; nothing was sent`));
    await refusedWithoutSending(["lp", "remove", "999999"], 2, /unknown position 999999: the position manager 0x[0-9a-fA-F]{40} has no such position/);
    await refusedWithoutSending(["lp", "remove", String(claimPosition)], 2, new RegExp(`unknown position ${claimPosition}`)); // burned above
    await refusedWithoutSending(["lp", "remove", "abc"], 2, /"abc" is not a position id/);
    // A USDC/DAI position: a real Uniswap position, but not of a cover pool.
    const dai = m.stack.contracts.collaterals.DAI;
    const [token0, token1] = [await usdc.getAddress(), await dai.getAddress()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    await (await dai.mint(me, parseUnits("10", 18))).wait();
    for (const t of [usdc, dai]) await (await t.approve(await npm.getAddress(), MaxUint256)).wait();
    await (await npm.createAndInitializePoolIfNecessary(token0, token1, 3000, 1n << 96n)).wait();
    await (await npm.mint({ token0, token1, fee: 3000, tickLower: -600, tickUpper: 600, amount0Desired: 1_000_000n, amount1Desired: 1_000_000n, amount0Min: 0, amount1Min: 0, recipient: me, deadline: MaxUint256 })).wait();
    const other = BigInt(await npm.tokenOfOwnerByIndex(me, (await npm.balanceOf(me)) - 1n));
    nonCoverPosition = other;
    await refusedWithoutSending(["lp", "remove", String(other)], 2, new RegExp(`position ${other} is not in a cover pool`));
    const listed = await coverJson(m, ["lp", "list"]);
    expect(listed.positions.map((p: any) => p.positionId)).not.to.include(String(other));
  });

  it("add --to refuses --range, someone else's, another series', burned and non-cover positions, a contradicting side and another fee tier, sending nothing", async function () {
    await refusedWithoutSending(["lp", "add", handle, "10", "--to", String(noclaimPosition), "--range", rangeText], 2, new RegExp(`--range and --to exclude each other: adding to position ${noclaimPosition} keeps its range`));
    await refusedWithoutSending(["lp", "add", handle, "10", "--to", "abc"], 2, /"abc" is not a position id/);

    // Someone else's, even in this series' pool: the position manager would take the deposit, so the CLI refuses.
    // Hardhat's account #1 opens a position in this series' CLAIM pool through the CLI itself.
    const someone = new Wallet(ACCOUNT_1_KEY);
    await (await usdc.mint(someone.address, parseUnits("100", 6))).wait();
    const opened = await coverJson(m, ["lp", "add", handle, "50", "--range", rangeText], { COVER_PRIVATE_KEY: ACCOUNT_1_KEY });
    const theirs = BigInt(opened.positionId);
    expect(await npm.ownerOf(theirs)).to.equal(someone.address);
    await refusedWithoutSending(["lp", "add", handle, "10", "--to", String(theirs)], 2, new RegExp(`position ${theirs} is not yours: it belongs to ${someone.address}; nothing was sent`));

    // Mine, but in another series: a new position there first.
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    let s2: (typeof m.deployment.series)[number] | undefined;
    for (const x of m.deployment.series) {
      if (x.id === s.id || x.collateral !== s.collateral || BigInt(x.expiry) <= now) continue;
      if ((await m.provider.getCode(await m.stack.contracts.router.poolOf(x.id, Side.Claim))) !== "0x") s2 = x;
    }
    expect(s2, "another live USDC series with a CLAIM pool").to.not.equal(undefined);
    const elsewhere = await coverJson(m, ["lp", "add", s2!.id, "50", "--range", "0.1%:90%"]);
    await refusedWithoutSending(["lp", "add", handle, "10", "--to", elsewhere.positionId], 2, new RegExp(`position ${elsewhere.positionId} is in the CLAIM pool of ${elsewhere.series}, not of ${handle}: name its series`));

    await refusedWithoutSending(["lp", "add", handle, "10", "--to", String(claimPosition)], 2, new RegExp(`unknown position ${claimPosition}: the position manager 0x[0-9a-fA-F]{40} has no such position \\(burned`)); // burned above
    await refusedWithoutSending(["lp", "add", handle, "10", "--to", "999999"], 2, /unknown position 999999/);
    await refusedWithoutSending(["lp", "add", handle, "10", "--to", String(nonCoverPosition)], 2, new RegExp(`position ${nonCoverPosition} is not in a cover pool`));
    await refusedWithoutSending(["lp", "add", handle, "10", "--to", String(noclaimPosition), "--side", "claim"], 2, new RegExp(`--side claim contradicts position ${noclaimPosition}, which is in the NOCLAIM pool of ${handle}`));

    // A position of this series' CLAIM and USDC, but in the 1% pool, not the router's: the quoter quotes another pool.
    const claim = new Contract(s.claim, ["function approve(address,uint256) returns (bool)"], await m.provider.getSigner(me));
    await (await claim.approve(await npm.getAddress(), MaxUint256)).wait();
    const claimIs0 = isToken0(s.claim, s.collateral);
    const [token0, token1] = claimIs0 ? [s.claim, s.collateral] : [s.collateral, s.claim];
    const routerPool = new Contract(await m.stack.contracts.router.poolOf(s.id, Side.Claim), ["function slot0() view returns (uint160 sqrtPriceX96, int24, uint16, uint16, uint16, uint8, bool)"], m.provider);
    const sqrtPrice = (await routerPool.slot0()).sqrtPriceX96;
    await (await npm.createAndInitializePoolIfNecessary(token0, token1, 10_000, sqrtPrice)).wait();
    const mid = usableTick(tickAtSqrtPrice(sqrtPrice), 200);
    await (await npm.mint({ token0, token1, fee: 10_000, tickLower: mid - 2000, tickUpper: mid + 2000, amount0Desired: 1_000_000n, amount1Desired: 1_000_000n, amount0Min: 0, amount1Min: 0, recipient: me, deadline: MaxUint256 })).wait();
    const feeTier = BigInt(await npm.tokenOfOwnerByIndex(me, (await npm.balanceOf(me)) - 1n));
    expect(Number((await npm.positions(feeTier)).fee)).to.equal(10_000);
    await refusedWithoutSending(["lp", "add", handle, "10", "--to", String(feeTier)], 2, new RegExp(`position ${feeTier} is in a 1% fee CLAIM pool of ${handle} \\(0x[0-9a-fA-F]{40}\\), not the router's`));
  });

  it("once settled: add is refused saying what the tokens redeem for; remove --redeem redeems the NOCLAIM collected in the same step", async function () {
    const flags = await m.stack.contracts.riskOracle.seriesFlags(s.id);
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    await m.provider.send("evm_increaseTime", [Number(flags.finalAt - now + 1n)]);
    await m.provider.send("evm_mine", []);
    await refusedWithoutSending(["lp", "add", handle, "10", "--range", rangeText], 2, /the series is settled at expiry without an incident: each CLAIM redeems for 0 USDC and each NOCLAIM for 1 USDC .*nothing was sent/);

    const p = await npm.positions(noclaimPosition);
    const [coverQuote, collateralQuote] = await m.stack.contracts.quoter.quoteRemoveLiquidity(s.id, noclaimPosition, p.liquidity);
    const before = await balances();
    const out = await coverJson(m, ["lp", "remove", String(noclaimPosition), "--redeem"]);
    const event = await routerEvent(out.hash, "LiquidityRemoved");
    const payout = BigInt((await m.stack.contracts.riskOracle.seriesFlags(s.id)).payout);
    const redeemed = redemptionValue(0n, coverQuote, payout);
    expect(out.unwind).to.equal("redeem");
    expect(event.collateralOut).to.equal(collateralQuote + redeemed);
    const after = await balances();
    expect(after.noclaim).to.equal(before.noclaim);
    expect(after.claim).to.equal(before.claim);
    expect(after.usdc).to.equal(before.usdc + collateralQuote + redeemed);
    expect(out.burned).to.equal(true);
  });
});
