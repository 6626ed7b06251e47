/**
 * The corners of the `cover` CLI a trader reaches (issue 16's "Wrong" and "Confusing" lists), against the shared
 * local market (cliFixture.ts, three-day scenario: the bridge's claim accepted at 40%, so its series are settled by
 * that incident): bad-checksum addresses, quotes and trades on a settled series, the settled status with its payout
 * in `series` and `positions` (with each position's value), an accepted claim's payout in `claim list`, the short
 * committee column of `protocols`, the quote table's labelled column. Refusals through refused.ts.
 */
import { expect } from "chai";
import { Contract, formatUnits, getAddress } from "ethers";
import { redemptionValue } from "../../scripts/lib/market/payout.js";
import { seriesHandle } from "../../scripts/lib/market/series.js";
import { cover, coverJson, sharedCliMarket, type CliMarket, liveSeries } from "./cliFixture.js";
import { refusedWithoutSending as refusedBy } from "./refused.js";

const ERC20 = ["function balanceOf(address) view returns (uint256)"];
/** A raw amount as the CLI prints it (no trailing ".0"). */
const units = (raw: bigint, decimals: number) => formatUnits(raw, decimals).replace(/\.0$/, "");

/** `address` with the case of one letter flipped: same hex, broken EIP-55 checksum. */
function badChecksum(address: string): string {
  const a = getAddress(address);
  const i = [...a].findIndex((c, k) => k > 1 && /[a-fA-F]/.test(c));
  const c = a[i];
  return a.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + a.slice(i + 1);
}

describe("cover CLI: the corners a trader reaches", function () {
  this.timeout(180_000);
  let m: CliMarket;
  let me: string;
  let settled: { id: string; claim: string; noclaim: string; handle: string; payout: bigint };
  let live: { id: string; handle: string };

  before(async function () {
    m = await sharedCliMarket();
    me = (await m.provider.send("eth_accounts", []))[0];
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    live = liveSeries(m, "DEMOLEND", "USDC", now)[0];
    const bridge = m.deployment.protocols.find((p) => p.ticker === "DEMOBRIDGE")!;
    for (const s of m.deployment.series.filter((x) => x.protocolId === bridge.id)) {
      const flags = await m.stack.contracts.riskOracle.seriesFlags(s.id);
      if (Number(flags.state) === 1) {
        const symbol = Object.entries(m.deployment.addresses.collaterals).find(([, a]) => a === s.collateral)![0];
        if (symbol !== "USDC") continue;
        settled = { ...s, handle: seriesHandle("DEMOBRIDGE", s.expiry, symbol), payout: BigInt(flags.payout) };
        break;
      }
    }
    expect(settled, "the scenario settles a bridge USDC series by its accepted claim").to.not.equal(undefined);
    expect(settled.payout).to.equal(4n * 10n ** 17n);
  });

  const refusedWithoutSending = (args: string[], code: number, message: RegExp) => refusedBy(m, args, code, message);

  it("a bad-checksum address is bad input (exit 2) with its own message, wherever an address is taken", async function () {
    await refusedWithoutSending(["positions", badChecksum(me)], 2, /^error: account "0x[0-9a-fA-F]{40}" has a bad checksum: the case of its letters does not match the address \(a typo\?\); check it, or give it all in lower case\n$/);
    await refusedWithoutSending(["quote", "buy", badChecksum(live.id.length === 66 ? m.deployment.series.find((s) => s.id === live.id)!.claim : live.id), "1"], 2, /series token "0x[0-9a-fA-F]{40}" has a bad checksum/);
    await refusedWithoutSending(["faucet", "USDC", "1", badChecksum(me)], 2, /account "0x[0-9a-fA-F]{40}" has a bad checksum/);
    await refusedWithoutSending(["positions", "0x1234"], 2, /account "0x1234" is not an address: 0x and 40 hex digits/);
    // All lower case carries no checksum: accepted.
    const out = await coverJson(m, ["positions", me.toLowerCase()]);
    expect(out.account).to.equal(getAddress(me));
  });

  it("quotes and trades on a settled series are refused (exit 2) saying what its tokens redeem for and pointing to redeem", async function () {
    const words = new RegExp(
      `${settled.handle}: the series is settled by an incident: each CLAIM redeems for 0.4 USDC and each NOCLAIM for 0.6 USDC \\(CLAIM pays 40.00%\\); redeem them with \`cover redeem ${settled.handle}\`: `,
    );
    for (const args of [["quote", "buy", settled.handle, "100"], ["quote", "sell", settled.handle, "100"], ["quote", "underwrite", settled.handle, "100"], ["buy", settled.handle, "1"], ["sell", settled.handle, "1"], ["underwrite", settled.handle, "1"]]) {
      const r = await refusedWithoutSending(args, 2, words);
      expect(r.stderr).to.not.match(/quote: /i);
    }
  });

  it("series: a settled series' status says it is settled, at what payout, with a hint to redeem", async function () {
    const text = await cover(m, ["series", "--protocol", "DEMOBRIDGE"]);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.match(new RegExp(`${settled.handle}\\s+settled-incident: CLAIM pays 0.4 USDC, NOCLAIM 0.6\\s`));
    expect(text.stdout).to.match(/Settled series pay out at their payout: cover redeem <series>/);
  });

  it("positions: each position's status and value (spot prices while live, the redemption value once settled)", async function () {
    // An account of the scenario that holds the settled series' tokens and live ones.
    const erc = (a: string) => new Contract(a, ERC20, m.provider);
    let who: string | undefined;
    for (const a of Object.values(m.scenario.accounts)) {
      if ((await erc(settled.claim).balanceOf(a)) > 0n || (await erc(settled.noclaim).balanceOf(a)) > 0n) who = a;
      if (who) break;
    }
    expect(who, "some scenario account holds the settled series").to.not.equal(undefined);
    const out = await coverJson(m, ["positions", who!]);
    let liveRows = 0;
    for (const row of out.positions) {
      const s = m.deployment.series.find((x) => x.id.toLowerCase() === row.id)!;
      const [c, n] = [await erc(s.claim).balanceOf(who!), await erc(s.noclaim).balanceOf(who!)];
      const flags = await m.stack.contracts.riskOracle.seriesFlags(s.id);
      expect(row.decimals).to.equal(Number(await new Contract(s.collateral, ["function decimals() view returns (uint8)"], m.provider).decimals()));
      if (Number(flags.state) !== 0) {
        expect(row.status).to.equal(Number(flags.state) === 1 ? "settled-incident" : "settled-time");
        expect(row.valuedAt).to.equal("redemption");
        expect(row.value).to.equal(units(redemptionValue(c, n, BigInt(flags.payout)), row.decimals));
      } else {
        const spot = await m.stack.contracts.riskOracle.spotRisk(s.id);
        if (Number(spot.status) !== 0) continue;
        liveRows++;
        expect(row.status).to.be.oneOf(["live", "expired"]);
        expect(row.payout).to.equal(null);
        expect(row.valuedAt).to.equal("spot");
        expect(row.value).to.equal(units((c * BigInt(spot.claimPrice) + n * BigInt(spot.noclaimPrice)) / 10n ** 18n, row.decimals));
      }
    }
    const mine = out.positions.find((r: any) => r.id === settled.id.toLowerCase());
    expect(mine.payout).to.equal("0.4");
    expect(liveRows).to.be.greaterThan(0);
    const text = await cover(m, ["positions", who!]);
    expect(text.stdout).to.match(/Series\s+CLAIM\s+NOCLAIM\s+Status\s+Value\s+Listed/);
    expect(text.stdout).to.match(new RegExp(`${settled.handle}\\s+[\\d.]+\\s+[\\d.]+\\s+settled-incident: CLAIM pays 0.4 USDC, NOCLAIM 0.6\\s+${mine.value.replace(".", "\\.")} USDC \\(redeem\\)`));
  });

  it("claim list: an accepted claim shows the payout it was accepted at, beside the one requested", async function () {
    const id = Number(m.scenario.exploit!.claimId);
    const rows = await coverJson(m, ["claim", "list", "--protocol", "DEMOBRIDGE"]);
    const row = rows.find((r: any) => r.id === id);
    expect(row.status).to.equal("accepted");
    expect(row.payout).to.equal("0.4");
    const text = await cover(m, ["claim", "list", "--protocol", "DEMOBRIDGE"]);
    expect(text.stdout).to.match(/Claim\s+Protocol\s+Status\s+Votes\s+Requested\s+Payout\s/);
    expect(text.stdout).to.match(new RegExp(`${id}\\s+DEMOBRIDGE\\s+accepted at 40.00%\\s+\\d accept, \\d deny; \\d of \\d pass it\\s+[\\d.]+%\\s+40.00%\\s`));
  });

  it("protocols: the committee column is short (threshold, count, abbreviated addresses); --json keeps every member", async function () {
    const text = await cover(m, ["protocols"]);
    expect(text.code, text.stderr).to.equal(0);
    const longest = Math.max(...text.stdout.split("\n").map((l) => l.length));
    expect(longest, text.stdout).to.be.lessThan(170);
    expect(text.stdout).to.match(/\d of \d+: 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4} 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4} \+\d+ more/);
    const rows = await coverJson(m, ["protocols"]);
    const committee = rows.find((r: any) => r.resolverKind === "committee");
    expect(committee.committee.members.length).to.be.greaterThan(2);
    for (const a of committee.committee.members) expect(a).to.match(/^0x[0-9a-fA-F]{40}$/);
  });

  it("quote: every column of the table has a label", async function () {
    const text = await cover(m, ["quote", "buy", live.handle, "10"]);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.match(/Route\s+USDC paid\s+CLAIM received\s+Best \/ fill\n/);
    expect(text.stdout).to.match(/<- better/);
  });
});
