/**
 * `cover` refuses bad input with a clear message and a non-zero exit, and sends nothing: malformed, negative,
 * zero and over-precise amounts; unknown, unlisted-by-handle, ambiguous and malformed series; no market at the
 * RPC (and how to start one); a missing deployment; bad options and commands.
 */
import { expect } from "chai";
import { isoDate, WEEK } from "../../scripts/lib/market/calendar.js";
import { freePort } from "../../scripts/lib/services/processes.js";
import { cover, sharedCliMarket, type CliMarket, liveSeries } from "./cliFixture.js";
import { refusedWithoutSending as refusedBy } from "./refused.js";

describe("cover CLI: bad input", function () {
  this.timeout(180_000);
  let m: CliMarket;
  let handle: string;
  let farHandle: string;
  let startBlock: number;
  let nonces: number[];
  let accounts: string[];

  before(async function () {
    m = await sharedCliMarket();
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    const live = liveSeries(m, "DEMOLEND", "USDC", now);
    handle = live[0].handle;
    farHandle = `DEMOLEND-${isoDate(BigInt(live[live.length - 1].expiry) + 10n * WEEK)}-USDC`;
    startBlock = await m.provider.getBlockNumber();
    accounts = await m.provider.send("eth_accounts", []);
    nonces = await Promise.all(accounts.map((a) => m.provider.getTransactionCount(a)));
  });

  /** Runs cover and checks the exit code and that stderr matches `message`. */
  const refused = (args: string[], code: number, message: RegExp) => refusedBy(m, args, code, message);

  it("amounts: negative, malformed, zero and with more decimals than the token", async function () {
    await refused(["quote", "buy", handle, "--", "-5"], 2, /must not be negative, got "-5"/);
    await refused(["quote", "buy", handle, "-5"], 2, /amount must not be negative, got "-5"/);
    await refused(["buy", handle, "-0.5", "--slippage", "1%"], 2, /CLAIM amount must not be negative, got "-0.5"/);
    await refused(["quote", "buy", handle, "1.1234567"], 2, /has 7 decimals; the token has only 6/);
    await refused(["quote", "buy", handle, "1e5"], 2, /plain decimal number/);
    await refused(["quote", "buy", handle, "1,000"], 2, /plain decimal number/);
    await refused(["quote", "sell", handle, "abc"], 2, /plain decimal number/);
    await refused(["quote", "underwrite", handle, "0"], 2, /more than zero/);
    await refused(["quote", "buy", handle, "0.000000"], 2, /more than zero/);
  });

  it("series: unknown ticker or collateral, off-calendar date, no series at that expiry, ambiguous, unknown id, malformed", async function () {
    await refused(["quote", "buy", "NOPE-2026-12-18-USDC", "1"], 2, /unknown series "NOPE-2026-12-18-USDC": no protocol with ticker NOPE on the curated list/);
    await refused(["quote", "buy", handle.replace(/USDC$/, "WETH"), "1"], 2, /no collateral WETH on the curated list/);
    await refused(["quote", "buy", "DEMOLEND-2026-12-17-USDC", "1"], 2, /2026-12-17 is not an expiry \(expiries are Fridays at 08:00 UTC\)/);
    await refused(["quote", "buy", "DEMOLEND-2026-02-30-USDC", "1"], 2, /is not a date/);
    await refused(["quote", "buy", farHandle, "1"], 2, /unknown series .*DEMOLEND has no USDC series expiring/);
    await refused(["quote", "buy", "DEMOLEND-USDC", "1"], 2, /ambiguous series DEMOLEND-USDC: it matches \d+ live series \(DEMOLEND-\d{4}-\d\d-\d\d-USDC, /);
    await refused(["quote", "buy", "0x" + "00".repeat(31) + "01", "1"], 2, /unknown series 0x0{62}01/);
    await refused(["quote", "buy", "0x1234", "1"], 2, /neither a series id .* nor a token address/);
    await refused(["quote", "buy", m.deployment.addresses.collaterals.USDC, "1"], 2, /is not a CLAIM or NOCLAIM token of this market/);
    await refused(["quote", "buy", "not a series!", "1"], 2, /is not a series: use a handle such as/);
    await refused(["quote", "swap", handle, "1"], 2, /unknown action "swap"/);
  });

  it("options and commands: bad status, bad account, unknown command, missing argument", async function () {
    await refused(["series", "--status", "pending"], 2, /--status must be one of live, expired, settled-incident, settled-time, settled/);
    await refused(["series", "--protocol", "NOPE"], 2, /no protocol "NOPE" has series/);
    await refused(["positions", "0xnot"], 2, /account "0xnot" is not an address: 0x and 40 hex digits/);
    await refused(["frobnicate"], 2, /unknown command 'frobnicate'/);
    await refused(["quote", "buy", handle], 2, /missing required argument 'amount'/);
  });

  it("no market at the RPC says so and how to start one; a missing deployment file names the command to make it", async function () {
    const port = await freePort();
    const r = await refused(["--rpc", `http://127.0.0.1:${port}`, "series"], 1, /no market running at http:\/\/127\.0\.0\.1:\d+: nothing answers there\. deployments\/localhost\.json is from an npm start of \d{4}-\d\d-\d\dT[\d:.]+Z; if that one has stopped \(or is still starting\), start a local market with `npm start`/);
    expect(r.stderr.split("\n").filter(Boolean)).to.have.length(1);
    await refused(["--network", "nowhere", "series"], 1, /no deployment for network "nowhere"/);
  });

  it("sent nothing: no new block, no account's nonce moved", async function () {
    expect(await m.provider.getBlockNumber()).to.equal(startBlock);
    expect(await Promise.all(accounts.map((a) => m.provider.getTransactionCount(a)))).to.deep.equal(nonces);
  });
});
