/**
 * `cover risk`: the market's implied risk as the subgraph indexes it. Without options, npm start's table of every
 * series (CLAIM price, implied probability, annualised rate, 24-hour volume, open interest, collateral locked,
 * status; lib/subgraph/riskTable.ts); --history <series> one series' hourly candles drawn as a chart (chart.ts); --term
 * <protocol> a protocol's live expiries side by side. Probabilities and rates are at the chain time of the block read
 * (lib/market/risk.ts's riskAt: a settled series at its payout, no rate); --block N reads everything as of block N at
 * its time. --term / --protocol tickers resolve only through the curated list (lib/deploy/curated.ts); a protocol off
 * it is named by id and flagged UNLISTED. Nothing is shown from a subgraph that trails the chain (subgraph.ts), unless
 * --allow-stale. Nothing here sends a transaction.
 */
import type { Command } from "commander";
import { formatTable, pct, amount, readRiskTable } from "../../lib/subgraph/riskTable.js";
import { hourOf, MAX_CANDLES, readHourlyCandles, readProtocols, readTermStructure, type ProtocolRow } from "../../lib/subgraph/riskQueries.js";
import type { Context } from "../context.js";
import { curated } from "../../lib/deploy/curated.js";
import { isListedProtocol, isListedSeries } from "../../lib/market/listing.js";
import { CliError, usage } from "../errors.js";
import { emit, table } from "../output.js";
import { examples, withContext } from "../program.js";
import { bar, candleChart } from "../chart.js";
import { openSubgraph, parseBlock, STALE_TOLERANCE, type Subgraph, type SubgraphOptions } from "../subgraph.js";

interface RiskOptions extends SubgraphOptions {
  history?: string;
  hours?: string;
  term?: string;
  protocol?: string;
  collateral?: string;
}

const DEFAULT_HOURS = 48;
const HOUR = 3600;

const isoTime = (time: number) => new Date(time * 1000).toISOString();
const chainTime = (time: number) => isoTime(time).replace(".000Z", "Z");
const source = (sg: Subgraph) => `from the subgraph at block ${sg.block}${sg.at === undefined ? "" : " (--block)"}, chain time ${chainTime(sg.blockTime)}`;

/** --hours: a whole number of hours the candles may come from. */
function parseHours(text: string | undefined): number {
  if (text === undefined) return DEFAULT_HOURS;
  if (!/^\d+$/.test(String(text).trim()) || Number(text) < 1 || Number(text) > MAX_CANDLES) {
    throw usage(`--hours must be a whole number of hours from 1 to ${MAX_CANDLES}, got "${text}"`);
  }
  return Number(text);
}

/** Refuses options that do not go together, before anything is asked of the chain or the subgraph. */
function checkCombination(opts: RiskOptions): void {
  if (opts.history !== undefined && opts.term !== undefined) throw usage("--history and --term do not go together: pick one");
  if (opts.hours !== undefined && opts.history === undefined) throw usage("--hours goes with --history <series>");
  if (opts.protocol !== undefined && (opts.history !== undefined || opts.term !== undefined)) {
    throw usage(`--protocol filters the table; ${opts.term !== undefined ? "--term names its protocol itself" : "--history names a series"}`);
  }
  if (opts.collateral !== undefined && opts.history !== undefined) throw usage("--collateral does not go with --history (a series has one collateral)");
}

/** A protocol resolved for --term / --protocol, and whether it is on the curated list. */
interface ResolvedProtocol extends ProtocolRow {
  listed: boolean;
}

/**
 * A protocol by ticker (any case) or id. A ticker resolves only through the curated list (anyone can register a
 * protocol under any ticker); an id names any protocol the subgraph knows, flagged when it is off the list. Anything
 * else is a usage error.
 */
async function resolveProtocol(ctx: Context, sg: Subgraph, text: string, option: string): Promise<ResolvedProtocol> {
  const list = curated(ctx.deployment);
  const want = text.trim().toUpperCase();
  const protocols = await readProtocols(sg.query, sg.at);
  if (/^\d+$/.test(want)) {
    const found = protocols.find((p) => p.id === Number(want));
    if (!found) throw usage(`${option}: no protocol with id ${want} in the subgraph (ids: ${protocols.map((p) => p.id).join(", ") || "none"})`);
    return { ...found, listed: isListedProtocol(list, found.id) };
  }
  const entry = list.protocols.find((p) => p.ticker.toUpperCase() === want);
  if (!entry) {
    const lookalikes = protocols.filter((p) => p.ticker.toUpperCase() === want && !isListedProtocol(list, p.id));
    const hint = lookalikes.length > 0 ? `; the subgraph has unlisted protocol${lookalikes.length === 1 ? "" : "s"} with that ticker: id ${lookalikes.map((p) => p.id).join(", ")} (name one by id to see it, flagged UNLISTED)` : "";
    throw usage(`${option}: "${text}" is not a ticker on the curated list ${list.source} (listed: ${list.protocols.map((p) => p.ticker).join(", ") || "none"})${hint}`);
  }
  const found = protocols.find((p) => p.id === entry.id);
  if (!found) throw new CliError(`${option}: ${entry.ticker} is listed as protocol ${entry.id}, but the subgraph at ${sg.url} has no protocol ${entry.id}${sg.at === undefined ? "" : ` at block ${sg.at}`}`);
  return { ...found, listed: true };
}

/** --collateral: a symbol among `known` (any case); else a usage error listing them. */
function checkCollateral(text: string, known: string[]): string {
  const want = text.trim().toUpperCase();
  const symbols = [...new Set(known)];
  if (!symbols.some((s) => s.toUpperCase() === want)) throw usage(`--collateral: no series in "${text}" (collaterals: ${symbols.join(", ") || "none"})`);
  return want;
}

/** risk: the implied-risk table of every series, filtered by protocol and collateral. */
async function riskTable(ctx: Context, sg: Subgraph, opts: RiskOptions) {
  let rows = await readRiskTable(sg.query, sg.blockTime, sg.at);
  if (opts.collateral !== undefined) {
    const want = checkCollateral(opts.collateral, rows.map((r) => r.collateral));
    rows = rows.filter((r) => r.collateral.toUpperCase() === want);
  }
  if (opts.protocol !== undefined) {
    const protocol = await resolveProtocol(ctx, sg, opts.protocol, "--protocol");
    rows = rows.filter((r) => r.protocolId === protocol.id);
  }
  // A handle is only as good as the curated list: a series off it is flagged, whatever its ticker and symbol say.
  const list = curated(ctx.deployment);
  const flagged = rows.map((r) => ({ ...r, listed: isListedSeries(list, r.protocolId, r.collateralAddress) }));
  const shown = flagged.map((r) => (r.listed ? r : { ...r, handle: `${r.handle} (UNLISTED)` }));
  emit(ctx.options.json, flagged, () =>
    rows.length === 0 ? "no series match" : [`Implied risk per series (${source(sg)}):`, "", formatTable(shown, { handles: true })].join("\n"),
  );
}

/** risk --history <series>: the series' hourly candles over the last --hours hours, as a chart. */
async function history(ctx: Context, sg: Subgraph, opts: RiskOptions) {
  const hours = parseHours(opts.hours);
  const s = await ctx.resolveSeries(opts.history!);
  const end = hourOf(sg.blockTime) + HOUR;
  const since = end - hours * HOUR;
  const { series, candles } = await readHourlyCandles(sg.query, s.id, since, sg.at);
  if (!series) throw new CliError(`${s.handle} (${s.id}) is not in the subgraph at ${sg.url}: it does not follow this market`);
  const data = { series: s.handle, id: s.id, listed: s.listed, interval: "hour", hours, from: isoTime(since), to: isoTime(end), block: sg.block, candles };
  emit(ctx.options.json, data, () => {
    const title = `${s.handle}${s.listed ? "" : " (UNLISTED)"}: implied probability of a payout, hourly, last ${hours} h\n(${source(sg)})`;
    if (candles.length === 0) {
      if (series.candlesUntil === null) return `${title}\n\nno candles: the series has not traded yet`;
      const needed = Math.ceil((end - hourOf(series.candlesUntil)) / HOUR);
      const hint = needed <= MAX_CANDLES ? `; see them with --hours ${needed}` : "";
      return `${title}\n\nno candles in the last ${hours} h: its latest is the hour of ${chainTime(hourOf(series.candlesUntil))}, when it stood at ${pct(series.impliedProbability)}${hint}`;
    }
    const width = process.stdout.columns || Number(process.env.COLUMNS) || 80;
    const last = candles[candles.length - 1];
    const volume = candles.reduce((sum, c) => sum + Number(c.volume), 0);
    const swaps = candles.reduce((sum, c) => sum + c.swapCount, 0);
    return [
      title,
      "",
      candleChart(candles.map((c) => ({ time: c.periodStart, open: c.open, high: c.high, low: c.low, close: c.close })), { width }),
      "",
      `last close ${pct(last.close, 3)} (hour of ${chainTime(last.periodStart)}), CLAIM price ${last.claimPriceClose?.toFixed(6) ?? "-"} ${s.collateralSymbol}`,
      `${swaps} swap${swaps === 1 ? "" : "s"}, volume ${amount(String(volume))} ${s.collateralSymbol} over ${candles.length === 1 ? "this candle" : `these ${candles.length} candles`}`,
    ].join("\n");
  });
}

/** risk --term <protocol>: each live expiry's implied risk and annualised rate side by side. */
async function term(ctx: Context, sg: Subgraph, opts: RiskOptions) {
  const protocol = await resolveProtocol(ctx, sg, opts.term!, "--term");
  let rows = await readTermStructure(sg.query, protocol, sg.blockTime, sg.at);
  if (opts.collateral !== undefined) {
    const want = checkCollateral(opts.collateral, rows.map((r) => r.collateral));
    rows = rows.filter((r) => r.collateral.toUpperCase() === want);
  }
  const out = rows.map((r) => ({ ...r, daysToExpiry: Math.round(((r.expiryTime - sg.blockTime) / 86400) * 10) / 10 }));
  const data = { protocol, block: sg.block, collateral: opts.collateral?.toUpperCase() ?? null, series: out };
  emit(ctx.options.json, data, () => {
    const title = `Term structure of ${protocol.name} (${protocol.ticker}${protocol.listed ? "" : `, id ${protocol.id}, UNLISTED`}): live expiries (${source(sg)})`;
    if (out.length === 0) return `${title}\n\nno live series`;
    const top = Math.max(...out.map((r) => r.annualisedRate ?? 0));
    return [
      title,
      "",
      table(
        ["Series", "Days", "CLAIM price", "Implied p", "Annualised", "", "Open int."],
        out.map((r) => [
          r.handle,
          r.daysToExpiry.toFixed(1),
          r.claimPrice === null ? "-" : r.claimPrice.toFixed(4),
          pct(r.impliedProbability, 3),
          pct(r.annualisedRate, 1),
          bar(r.annualisedRate ?? 0, top, 20).padEnd(20),
          amount(r.openInterest),
        ]),
        ["Days", "CLAIM price", "Implied p", "Annualised", "Open int."],
      ),
      "",
      "Days: to expiry. Bars: annualised rate, against the highest above.",
    ].join("\n");
  });
}

async function risk(ctx: Context, opts: RiskOptions) {
  checkCombination(opts);
  if (opts.hours !== undefined) parseHours(opts.hours);
  parseBlock(opts.block);
  const sg = await openSubgraph(ctx, opts);
  if (opts.history !== undefined) return history(ctx, sg, opts);
  if (opts.term !== undefined) return term(ctx, sg, opts);
  return riskTable(ctx, sg, opts);
}

export function registerRiskCommands(program: Command): void {
  examples(
    program
      .command("risk")
      .description(
        "implied risk from the subgraph: the table of every series (default), one series' hourly candles (--history), " +
          `or a protocol's term structure (--term). Refuses a subgraph more than ${STALE_TOLERANCE} blocks behind the chain unless --allow-stale`,
      )
      .option("--history <series>", "hourly candles of one series' implied probability, as a chart (handle, id or token address)")
      .option("--hours <n>", `with --history: the last <n> hours (default ${DEFAULT_HOURS}, at most ${MAX_CANDLES})`)
      .option("--term <protocol>", "term structure of a protocol (curated ticker, or id): its live expiries side by side")
      .option("--protocol <ticker|id>", "table: only this protocol (curated ticker, or id; an unlisted one by id, flagged)")
      .option("--collateral <symbol>", "table and --term: only this collateral")
      .option("--subgraph <url>", "the subgraph's GraphQL URL (default: COVER_SUBGRAPH, else the deployment file's graphqlUrl, which npm start writes)")
      .option("--block <n>", "read everything as of block <n> (graph-node's block: { number }), at that block's chain time")
      .option("--allow-stale", "show a subgraph that is behind the chain (with a warning) instead of refusing"),
    [
      "cover risk",
      "cover risk --protocol DEMOLEND --collateral USDC",
      "cover risk --history DEMOLEND-2026-12-18-USDC --hours 72",
      "cover risk --term DEMOBRIDGE --json",
      "cover risk --block 1200",
      "cover risk --subgraph http://127.0.0.1:8000/subgraphs/name/cover --allow-stale",
    ],
  ).action(withContext((ctx, opts) => risk(ctx, opts)));
}
