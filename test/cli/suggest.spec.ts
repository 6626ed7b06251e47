/**
 * "Did you mean" against the shared local market (cliFixture.ts): a mistyped ticker, collateral or date in a series
 * handle, and a mistyped protocol ticker, are refused as bad input (exit 2, nothing sent) with the nearest known
 * handle or ticker by edit distance (lib/format/suggest.ts); a name near nothing gets no suggestion.
 */
import { expect } from "chai";
import { isoDate } from "../../scripts/lib/market/calendar.js";
import { closest, editDistance } from "../../scripts/lib/format/suggest.js";
import { seriesHandle } from "../../scripts/lib/market/handle.js";
import { sharedCliMarket, type CliMarket, liveSeries } from "./cliFixture.js";
import { refusedWithoutSending } from "./refused.js";

const WEEK = 7 * 86400;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("cover CLI: did you mean", function () {
  this.timeout(120_000);
  let m: CliMarket;
  let live: { handle: string; expiry: number }[];

  before(async function () {
    m = await sharedCliMarket();
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    live = liveSeries(m, "DEMOLEND", "USDC", now);
  });

  it("edit distance: insertions, deletions, substitutions, swaps, case ignored; a typo limit of a third of the word", function () {
    expect(editDistance("DEMOLNED", "demolend")).to.equal(1); // a swap of neighbours is one edit
    expect(editDistance("USCD", "USDC")).to.equal(1);
    expect(editDistance("DEMOLEND", "DEMODEX")).to.equal(3);
    expect(editDistance("DEMOLEN", "DEMOLEND")).to.equal(1);
    expect(editDistance("", "ABC")).to.equal(3);
    expect(closest("DEMOLNED", ["DEMODEX", "DEMOLEND", "DEMOBRIDGE"])).to.equal("DEMOLEND");
    expect(closest("ZZZZ", ["DEMODEX", "DEMOLEND"])).to.equal(undefined);
    expect(closest("DEMOLEND", ["DEMOLEND"])).to.equal(undefined); // never the word itself
  });

  it("a mistyped ticker in a handle: the handle with the nearest ticker", async function () {
    const typo = live[0].handle.replace("DEMOLEND", "DEMOLNED");
    await refusedWithoutSending(m, ["quote", "buy", typo, "1"], 2, new RegExp(`unknown series "${typo}": no protocol with ticker DEMOLNED on the curated list.*; did you mean ${escape(live[0].handle)}\\?$`, "m"));
    const lower = live[0].handle.replace("DEMOLEND", "demolen").toLowerCase();
    await refusedWithoutSending(m, ["buy", lower, "1"], 2, new RegExp(`did you mean ${escape(live[0].handle)}\\?`));
  });

  it("a mistyped collateral: the handle with the nearest collateral", async function () {
    const typo = live[0].handle.replace(/USDC$/, "USCD");
    await refusedWithoutSending(m, ["sell", typo, "1"], 2, new RegExp(`no collateral USCD on the curated list.*; did you mean ${escape(live[0].handle)}\\?`));
  });

  it("a date that is no expiry, or an expiry with no series: the nearest known handle", async function () {
    const dayAfter = seriesHandle("DEMOLEND", live[0].expiry + 86400, "USDC");
    await refusedWithoutSending(m, ["buy", dayAfter, "1"], 2, new RegExp(`is not an expiry \\(expiries are Fridays at 08:00 UTC\\); did you mean ${escape(live[0].handle)}\\?`));
    const last = live[live.length - 1];
    const weekAfter = seriesHandle("DEMOLEND", last.expiry + WEEK, "USDC");
    const known = m.deployment.series.filter((x) => x.protocolId === m.deployment.protocols.find((p) => p.ticker === "DEMOLEND")!.id && x.collateral === m.deployment.addresses.collaterals.USDC).map((x) => seriesHandle("DEMOLEND", x.expiry, "USDC"));
    const expected = closest(weekAfter, known)!;
    expect(expected).to.be.a("string");
    await refusedWithoutSending(m, ["quote", "sell", weekAfter, "1"], 2,
      new RegExp(`unknown series ${escape(weekAfter)}: DEMOLEND has no USDC series expiring ${isoDate(BigInt(last.expiry + WEEK))}; did you mean ${escape(expected)}\\?`));
  });

  it("a mistyped protocol ticker: the nearest ticker; a name near nothing: no suggestion", async function () {
    await refusedWithoutSending(m, ["claim", "record", "DEMOBRIGDE"], 2, /unknown protocol "DEMOBRIGDE": no protocol with ticker DEMOBRIGDE on the curated list.*; did you mean DEMOBRIDGE\?/);
    const r = await refusedWithoutSending(m, ["claim", "record", "ZZZZ"], 2, /unknown protocol "ZZZZ"/);
    expect(r.stderr).not.to.contain("did you mean");
  });
});
