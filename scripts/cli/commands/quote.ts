/**
 * Quote commands: quote buy|sell|underwrite|exit|roll, the quoter's quotes at the current state (exact for it: the quoter
 * runs the router's swaps and undoes them), by every route with the better named. Nothing here sends a transaction.
 */
import type { Command } from "commander";
import { lowerNameOf, Route, sideToken } from "../../lib/market/enums.js";
import { needLive } from "../actions.js";
import type { Context, SeriesInfo } from "../context.js";
import { usage } from "../errors.js";
import { emit, human, table } from "../output.js";
import { parseAmount, parseRoute, parseSide } from "../parse.js";
import { examples, withContext } from "../program.js";
import { needRollable, netWords, rollQuotes } from "../roll.js";

const ACTIONS = ["buy", "sell", "underwrite", "exit", "roll"];
/** Why a settled or expired series has no quote (actions.ts, needLive, says what its tokens redeem for). */
const STALE = "no quotes: its pools' last price is stale and trades are refused";

function routeQuote(q: { ok: boolean; amountIn: bigint; amountOut: bigint }, s: SeriesInfo) {
  return { ok: Boolean(q.ok), amountIn: q.ok ? human(q.amountIn, s.decimals) : null, amountOut: q.ok ? human(q.amountOut, s.decimals) : null };
}

const unlisted = (s: SeriesInfo) => (s.listed ? "" : " (UNLISTED series)");

/** quote buy|sell|exit: a trade by both routes (the quoter's TradeQuote), the cheaper named. */
async function tradeQuote(ctx: Context, action: "buy" | "sell" | "exit", seriesText: string, amountText: string, opts: { spend?: boolean }) {
  const s = await ctx.resolveSeries(seriesText);
  const amount = parseAmount(amountText, s.decimals, opts.spend ? `collateral to spend (${s.collateralSymbol})` : "amount");
  await needLive(ctx, s, STALE);
  const { quoter } = ctx.contracts;
  const q =
    action === "buy"
      ? opts.spend
        ? await quoter.quoteBuyCoverExactIn.staticCall(s.id, amount)
        : await quoter.quoteBuyCoverExactOut.staticCall(s.id, amount)
      : action === "sell"
        ? await quoter.quoteSellCover.staticCall(s.id, amount)
        : await quoter.quoteExitUnderwriting.staticCall(s.id, amount);
  const direct = routeQuote(q.direct, s);
  const pair = routeQuote(q.pair, s);
  const anyOk = direct.ok || pair.ok;
  const best = anyOk ? lowerNameOf(Route, Number(q.best)) : null;
  const by = action === "buy" ? (opts.spend ? "collateral" : "claim") : action === "sell" ? "claim" : "noclaim";
  const data = { series: s.handle, id: s.id, listed: s.listed, collateral: s.collateralSymbol, decimals: s.decimals, action, amount: human(amount, s.decimals), by, direct, pair, best };
  const what = action === "buy" ? [`${s.collateralSymbol} paid`, "CLAIM received"] : [`${action === "sell" ? "CLAIM" : "NOCLAIM"} sold`, `${s.collateralSymbol} received`];
  const unit = by === "collateral" ? `${s.collateralSymbol} of CLAIM` : by.toUpperCase();
  emit(ctx.options.json, data, () => {
    const cell = (r: ReturnType<typeof routeQuote>, which: "amountIn" | "amountOut") => (r.ok ? r[which]! : "-");
    const row = (name: "direct" | "pair", r: ReturnType<typeof routeQuote>) => [name, cell(r, "amountIn"), cell(r, "amountOut"), best === name ? "<- better" : r.ok ? "" : "cannot fill"];
    return [
      `Quote: ${action} ${data.amount} ${unit} in ${s.handle}${unlisted(s)}`,
      "",
      table(["Route", what[0], what[1], "Best / fill"], [row("direct", direct), row("pair", pair)], [what[0], what[1]]),
      "",
      anyOk ? `Cheaper route: ${best}` : "Neither route can fill this amount now.",
    ].join("\n");
  });
}

/** quote underwrite: the net paid, the NOCLAIM kept and the premium. */
async function underwriteQuote(ctx: Context, seriesText: string, amountText: string) {
  const s = await ctx.resolveSeries(seriesText);
  const amount = parseAmount(amountText, s.decimals, "amount");
  await needLive(ctx, s, STALE);
  const q = await ctx.contracts.quoter.quoteUnderwrite.staticCall(s.id, amount);
  const base = { series: s.handle, id: s.id, listed: s.listed, collateral: s.collateralSymbol, decimals: s.decimals, action: "underwrite", amount: human(amount, s.decimals) };
  const data = { ...base, ok: Boolean(q.ok), collateralPaid: q.ok ? human(q.amountIn, s.decimals) : null, noclaimReceived: q.ok ? human(q.amountOut, s.decimals) : null, premium: q.ok ? human(amount - q.amountIn, s.decimals) : null };
  emit(ctx.options.json, data, () =>
    q.ok
      ? `Underwrite ${data.amount} ${s.collateralSymbol} of ${s.handle}${s.listed ? "" : " (UNLISTED)"}: pay ${data.collateralPaid} ${s.collateralSymbol} net, receive ${data.noclaimReceived} NOCLAIM; premium ${data.premium} ${s.collateralSymbol}`
      : `Underwriting ${data.amount} of ${s.handle} cannot be filled now (no pool, no price or not enough liquidity)`,
  );
}

/** quote roll: a roll by every pair of routes (or those given), the best named. */
async function rollQuote(ctx: Context, fromText: string, toText: string, amountText: string, opts: { side: string; sellRoute?: string; buyRoute?: string }) {
  const from = await ctx.resolveSeries(fromText);
  const to = await ctx.resolveSeries(toText);
  needRollable(from, to);
  const side = parseSide(opts.side);
  const amount = parseAmount(amountText, from.decimals, `${sideToken(side)} amount`);
  await needLive(ctx, from, STALE);
  await needLive(ctx, to, STALE);
  const { quotes, best } = await rollQuotes(ctx, from, to, side, amount, parseRoute(opts.sellRoute, "--sell-route"), parseRoute(opts.buyRoute, "--buy-route"));
  const h = (raw: bigint) => human(raw, from.decimals);
  const rows = quotes.map((q) => ({ sellRoute: lowerNameOf(Route, q.sellRoute), buyRoute: lowerNameOf(Route, q.buyRoute), ok: q.ok, proceeds: q.ok ? h(q.proceeds) : null, cost: q.ok ? h(q.cost) : null, net: q.ok ? h(q.net) : null }));
  const data = {
    from: from.handle, fromId: from.id, to: to.handle, toId: to.id, listed: from.listed && to.listed, collateral: from.collateralSymbol, decimals: from.decimals, action: "roll",
    side: sideToken(side), amount: h(amount), quotes: rows, best: best ? { sellRoute: lowerNameOf(Route, best.sellRoute), buyRoute: lowerNameOf(Route, best.buyRoute) } : null,
  };
  emit(ctx.options.json, data, () =>
    [
      `Quote: roll ${data.amount} ${data.side} from ${from.handle}${unlisted(from)} to ${to.handle}${unlisted(to)}`,
      "",
      table(
        ["Sell route", "Buy route", `${from.collateralSymbol} raised`, `${from.collateralSymbol} paid`, "Net", "Best / fill"],
        quotes.map((q, i) => {
          const r = rows[i];
          return [r.sellRoute, r.buyRoute, r.proceeds ?? "-", r.cost ?? "-", r.net ?? "-", q === best ? "<- best" : q.ok ? "" : "cannot fill"];
        }),
        [`${from.collateralSymbol} raised`, `${from.collateralSymbol} paid`, "Net"],
      ),
      "",
      best ? `Best: sell ${lowerNameOf(Route, best.sellRoute)}, buy ${lowerNameOf(Route, best.buyRoute)}: ${netWords(best.net, from)}` : "No pair of routes can fill this amount now.",
    ].join("\n"),
  );
}

export function registerQuoteCommands(program: Command): void {
  const quote = examples(
    program
      .command("quote")
      .usage("<action> <arguments> [options]")
      .allowExcessArguments() // an unknown action reaches the action below, which names the known ones
      .description("the quoter's quotes at the current state, by every route with the better named: buy, sell, underwrite, exit, roll (nothing is sent)"),
    ["cover quote buy DEMOLEND-2026-12-18-USDC 1000", "cover quote exit DEMOLEND-2026-12-18-USDC 500", "cover quote roll DEMOLEND-2026-12-18-USDC DEMOLEND-2027-01-29-USDC 1000", "cover quote buy --help"],
  );
  // Reached only when the first argument names no action.
  quote.action((_opts: unknown, command: Command) => {
    const [action] = command.args;
    throw usage(action === undefined ? `quote: name an action: ${ACTIONS.join(", ")}` : `quote: unknown action "${action}" (${ACTIONS.join(", ")})`);
  });

  examples(
    quote
      .command("buy <series> <amount>")
      .description("quote buying <amount> CLAIM (or spending <amount> collateral with --spend) by both routes")
      .option("--spend", "<amount> is the collateral to spend, not the CLAIM to receive"),
    ["cover quote buy DEMOLEND-2026-12-18-USDC 1000", "cover quote buy DEMOLEND-2026-12-18-USDC 250 --spend", "cover quote buy 0x<series id> 10 --json"],
  ).action(withContext((ctx, series, amount, opts) => tradeQuote(ctx, "buy", series, amount, opts)));

  examples(
    quote.command("sell <series> <amount>").description("quote selling <amount> CLAIM for collateral by both routes"),
    ["cover quote sell DEMOLEND-2026-12-18-USDC 500", "cover quote sell 0x<series id> 500 --json"],
  ).action(withContext((ctx, series, amount) => tradeQuote(ctx, "sell", series, amount, {})));

  examples(
    quote.command("underwrite <series> <amount>").description("quote underwriting <amount>: lock it, keep as much NOCLAIM, sell the CLAIM for the premium"),
    ["cover quote underwrite DEMODEX-2026-12-18-USDC 10000", "cover quote underwrite DEMOLEND-2026-12-18-USDC 500 --json"],
  ).action(withContext((ctx, series, amount) => underwriteQuote(ctx, series, amount)));

  examples(
    quote.command("exit <series> <amount>").description("quote exiting <amount> of underwriting (NOCLAIM back to collateral) by both routes"),
    ["cover quote exit DEMOLEND-2026-12-18-USDC 500", "cover quote exit 0x<series id> 500 --json"],
  ).action(withContext((ctx, series, amount) => tradeQuote(ctx, "exit", series, amount, {})));

  examples(
    quote
      .command("roll <from-series> <to-series> <amount>")
      .description("quote rolling <amount> of a position to a later expiry of the same protocol and collateral, by every pair of routes")
      .option("--side <side>", "claim (cover) or noclaim (underwriting)", "claim")
      .option("--sell-route <route>", "only this route for selling in <from-series>: direct or pair")
      .option("--buy-route <route>", "only this route for buying in <to-series>: direct or pair"),
    ["cover quote roll DEMOLEND-2026-12-18-USDC DEMOLEND-2027-01-29-USDC 1000", "cover quote roll DEMOLEND-2026-12-18-USDC DEMOLEND-2027-01-29-USDC 500 --side noclaim --json"],
  ).action(withContext((ctx, from, to, amount, opts) => rollQuote(ctx, from, to, amount, opts)));
}
