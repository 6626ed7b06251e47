/** Read commands: protocols, series, positions (quotes are in quote.ts). Nothing here sends a transaction. */
import type { Command } from "commander";
import { parseUnits } from "ethers";
import { isoDate } from "../../lib/market/calendar.js";
import { nameOf, PriceStatus, SettlementState, wordsOf } from "../../lib/market/enums.js";
import { redemptionValue } from "../../lib/market/payout.js";
import { Context, type SeriesInfo } from "../context.js";
import { usage } from "../errors.js";
import { emit, human, percent, table } from "../output.js";
import { withContext, examples } from "../program.js";
import { allProtocols } from "../protocols.js";

/**
 * A series' status as people think of it: live (before expiry), expired (past expiry, awaiting settlement: claims
 * may still apply), settled-incident (an incident fixed the payout) or settled-time (no incident: NOCLAIM pays
 * in full). `--status settled` matches both settled ones.
 */
const STATUSES = ["live", "expired", "settled-incident", "settled-time"] as const;
const STATUS_FILTERS = [...STATUSES, "settled"];

function statusOf(state: bigint, expiry: number, now: number): (typeof STATUSES)[number] {
  if (state === BigInt(SettlementState.ByIncident)) return "settled-incident";
  if (state === BigInt(SettlementState.ByTime)) return "settled-time";
  return now < expiry ? "live" : "expired";
}

/** A risk reading's PriceStatus in words ("no pool", "low cardinality"; an uninitialised pool has "no price"). */
const priceStatusWords = (status: bigint) => (Number(status) === PriceStatus.Uninitialized ? "no price" : wordsOf(nameOf(PriceStatus, status)));

/** An address as 0x1234…abcd (the full one is in --json). */
const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;
/** Addresses abbreviated, the first two only and a count of the rest. */
const abbreviated = (addresses: string[]) => addresses.slice(0, 2).map(short).join(" ") + (addresses.length > 2 ? ` +${addresses.length - 2} more` : "");

/** A series' status with its payout once settled, in words: "settled-incident: CLAIM pays 0.4 USDC". */
function statusWords(status: string, payout: string | null, collateral: string): string {
  return payout === null ? status : `${status}: CLAIM pays ${payout} ${collateral}, NOCLAIM ${human(10n ** 18n - parseUnits(payout, 18), 18)}`;
}

/** The line under a table with settled series: how to redeem them. */
const redeemHint = (any: boolean) => (any ? ["", "Settled series pay out at their payout: cover redeem <series> (tokens of each side for collateral)."] : []);

/** protocols: every registered protocol with its resolver, committee or feeds, and whether it is curated. */
async function protocols(ctx: Context) {
  const out = await allProtocols(ctx);
  emit(ctx.options.json, out, () =>
    table(
      ["Id", "Ticker", "Name", "Resolver", "Committee / feeds", "Claim window", "Incidents", "Listed"],
      out.map((r) => [
        r.id,
        r.ticker,
        r.name,
        r.resolverKind,
        r.committee ? `${r.committee.threshold} of ${r.committee.members.length}: ${abbreviated(r.committee.members)}` : r.feeds ? `${r.feeds.length} feed(s): ${abbreviated(r.feeds.map((f) => f.aggregator))}` : short(r.resolver),
        `${r.claimWindowDays} d`,
        r.incidents,
        r.listed ? "yes" : "NO (unlisted)",
      ]),
      ["Id", "Incidents"],
    ),
  );
}

/** series: the deployment's series with chain flags, filtered. */
async function series(ctx: Context, opts: { protocol?: string; collateral?: string; status?: string }) {
  if (opts.status && !STATUS_FILTERS.includes(opts.status.toLowerCase())) {
    throw usage(`--status must be one of ${STATUS_FILTERS.join(", ")}, got "${opts.status}"`);
  }
  const infos: SeriesInfo[] = await ctx.allSeriesInfo();
  let selected = infos;
  if (opts.protocol) {
    const want = opts.protocol.toUpperCase();
    selected = selected.filter((s) => s.ticker.toUpperCase() === want || String(s.protocolId) === opts.protocol);
    if (selected.length === 0 && !infos.some((s) => s.ticker.toUpperCase() === want || String(s.protocolId) === opts.protocol)) {
      throw usage(`--protocol: no protocol "${opts.protocol}" has series (tickers: ${[...new Set(infos.map((s) => s.ticker))].join(", ")})`);
    }
  }
  if (opts.collateral) {
    const want = opts.collateral.toUpperCase();
    if (!infos.some((s) => s.collateralSymbol.toUpperCase() === want)) throw usage(`--collateral: no series in "${opts.collateral}" (collaterals: ${[...new Set(infos.map((s) => s.collateralSymbol))].join(", ")})`);
    selected = selected.filter((s) => s.collateralSymbol.toUpperCase() === want);
  }
  const [reports, names] = await Promise.all([
    selected.length ? ctx.contracts.riskOracle.seriesReports(selected.map((s) => s.id)) : [],
    Promise.all(selected.map((s) => ctx.protocolName(s.protocolId))),
  ]);
  const now = (await ctx.provider.getBlock("latest"))!.timestamp;
  let rows = selected.map((s, i) => {
    const r = reports[i];
    return {
      handle: s.handle,
      id: s.id,
      listed: s.listed,
      protocol: names[i],
      ticker: s.ticker,
      collateral: s.collateralSymbol,
      expiry: isoDate(BigInt(s.expiry)),
      expiryTime: s.expiry,
      status: statusOf(r.flags.state, s.expiry, now),
      payout: Number(r.flags.state) === SettlementState.Open ? null : human(r.flags.payout, 18),
      openClaim: Boolean(r.flags.claimPending),
      incident: Boolean(r.flags.incidentApplied),
      spotRisk: Number(r.spot.status) === PriceStatus.Ok || Number(r.spot.status) === PriceStatus.Settled ? human(r.spot.risk, 18) : null,
      spotStatus: priceStatusWords(r.spot.status),
      claim: s.claim,
      noclaim: s.noclaim,
    };
  });
  const want = opts.status?.toLowerCase();
  if (want) rows = rows.filter((r) => r.status === want || (want === "settled" && r.status.startsWith("settled")));
  emit(ctx.options.json, rows, () =>
    rows.length === 0
      ? "no series match"
      : [table(
          ["Series", "Status", "Spot risk", "Open claim", "Incident", "Listed"],
          rows.map((r) => [
            r.handle,
            statusWords(r.status, r.payout, r.collateral),
            r.spotRisk === null ? `- (${r.spotStatus})` : percent(BigInt(Math.round(Number(r.spotRisk) * 1e18))),
            r.openClaim ? "YES" : "-",
            r.incident ? "YES" : "-",
            r.listed ? "yes" : "NO",
          ]),
          ["Spot risk"],
        ), ...redeemHint(rows.some((r) => r.payout !== null))].join("\n"),
  );
}

/**
 * positions: CLAIM and NOCLAIM balances of an account in every series of the deployment, each with its status (live,
 * expired: awaiting settlement, settled at its payout) and value (at the pools' spot prices while it trades, at the
 * redemption value once settled; none when the pools have no price), and collateral.
 */
async function positions(ctx: Context, account?: string) {
  const who = await ctx.account(account);
  // Every series at once (ethers batches the calls), kept in the series' order.
  const held = (
    await Promise.all(
      (await ctx.allSeriesInfo()).map(async (s) => {
        const [claim, noclaim]: bigint[] = await Promise.all([ctx.erc20(s.claim).balanceOf(who), ctx.erc20(s.noclaim).balanceOf(who)]);
        return { s, claim, noclaim };
      }),
    )
  ).filter(({ claim, noclaim }) => claim !== 0n || noclaim !== 0n);
  const [reports, now] = await Promise.all([
    held.length ? ctx.contracts.riskOracle.seriesReports(held.map(({ s }) => s.id)) : [],
    ctx.provider.getBlock("latest").then((b) => b!.timestamp),
  ]);
  const rows = held.map(({ s, claim, noclaim }, i) => {
    const r = reports[i];
    const status = statusOf(r.flags.state, s.expiry, now);
    const settled = Number(r.flags.state) !== SettlementState.Open;
    const payout: bigint = r.flags.payout;
    const priced = Number(r.spot.status) === PriceStatus.Ok;
    // Settled: what redeeming pays; else at the pools' spot prices (WADs of collateral per token).
    const value = settled ? redemptionValue(claim, noclaim, payout) : priced ? (claim * BigInt(r.spot.claimPrice) + noclaim * BigInt(r.spot.noclaimPrice)) / 10n ** 18n : null;
    return {
      handle: s.handle, id: s.id, listed: s.listed, collateral: s.collateralSymbol, decimals: s.decimals,
      claim: human(claim, s.decimals), noclaim: human(noclaim, s.decimals),
      status, payout: settled ? human(payout, 18) : null,
      value: value === null ? null : human(value, s.decimals),
      valuedAt: settled ? "redemption" : priced ? "spot" : null,
    };
  });
  const collaterals: { symbol: string; address: string; decimals: number; balance: string }[] = [];
  for (const [symbol, address] of Object.entries(ctx.deployment.addresses.collaterals ?? {})) {
    const token = ctx.erc20(address);
    const [balance, decimals] = await Promise.all([token.balanceOf(who), token.decimals()]);
    collaterals.push({ symbol, address, decimals: Number(decimals), balance: human(balance, Number(decimals)) });
  }
  emit(ctx.options.json, { account: who, positions: rows, collaterals }, () =>
    [
      `Account ${who}`,
      "",
      rows.length === 0
        ? "no cover positions"
        : table(
            ["Series", "CLAIM", "NOCLAIM", "Status", "Value", "Listed"],
            rows.map((r) => [
              r.handle, r.claim, r.noclaim, statusWords(r.status, r.payout, r.collateral),
              r.value === null ? "- (no price)" : `${r.value} ${r.collateral}${r.valuedAt === "redemption" ? " (redeem)" : ""}`,
              r.listed ? "yes" : "NO",
            ]),
            ["CLAIM", "NOCLAIM", "Value"],
          ),
      ...redeemHint(rows.some((r) => r.payout !== null)),
      "",
      table(["Collateral", "Balance"], collaterals.map((c) => [c.symbol, c.balance]), ["Balance"]),
    ].join("\n"),
  );
}

export function registerReadCommands(program: Command): void {
  examples(
    program.command("protocols").description("registered protocols: resolver, committee members or feeds, and whether each is on the curated list"),
    ["cover protocols", "cover protocols --json"],
  ).action(withContext((ctx) => protocols(ctx)));

  examples(
    program
      .command("series")
      .description("every series (those created since deployment too) with their status, spot implied risk, open-claim and incident flags (from the risk oracle)")
      .option("--protocol <ticker|id>", "only this protocol")
      .option("--collateral <symbol>", "only this collateral")
      .option("--status <status>", `only this status: ${STATUS_FILTERS.join(", ")}`),
    ["cover series", "cover series --protocol DEMOLEND --collateral USDC", "cover series --status live --json", "cover series create DEMOLEND USDC 2026-12-18 --risk 8%"],
  )
    .action(withContext((ctx, opts) => series(ctx, opts)))
    // Its own module (commands/seriesCreate.ts), loaded only when it runs.
    .command("create <protocol> <collateral> <expiry>")
    .description("create a series (anyone may) and, with --risk, its CLAIM and NOCLAIM pools at that starting implied risk; a series that exists gets only its pools")
    .option("--risk <p>", "starting implied risk: the CLAIM price in collateral (0.08 or 8%), NOCLAIM at 1 - p")
    .option("--max-cost <amount>", "collateral createPools may spend swapping through liquidity placed on the way to the price (default 0: none)")
    .option("--approve", "approve CoverPools for exactly --max-cost if the allowance is short (otherwise you are asked)")
    .addHelpText("after", "\nExamples:\n  $ cover series create DEMOLEND USDC 2026-12-18 --risk 8%\n  $ cover series create 3 0x<token> 1797321600 --risk 0.2 --json\n")
    .action(withContext(async (ctx, protocol, collateral, expiry, opts) => (await import("./seriesCreate.js")).createSeries(ctx, protocol, collateral, expiry, opts)));

  examples(
    program.command("positions [account]").description("CLAIM and NOCLAIM held in each series, and collateral balances (default account: yours)"),
    ["cover positions", "cover positions 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --json"],
  ).action(withContext((ctx, account) => positions(ctx, account)));
}
