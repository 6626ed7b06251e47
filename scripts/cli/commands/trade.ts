/**
 * Trade commands through the router: sell (CLAIM for collateral), underwrite (mint, sell the CLAIM, keep the
 * NOCLAIM), exit (NOCLAIM back to collateral) and roll (a position to a later expiry). Each refuses an expired or
 * settled series and a short balance, quotes with the quoter, sets the slippage limit (from --slippage, or an explicit
 * one) and shows it against the quote, authorizes the router by permit (or approval with --approve), simulates and
 * sends only what would succeed; then prints the hash, gas used, what the trade did and the new balances.
 */
import type { Command } from "commander";
import { lowerNameOf, Route, Side, sideToken, type SideValue } from "../../lib/market/enums.js";
import {
  balancesIn, balancesOf, chooseRouteOrSayMax, deadlineOf, eventOf, minimumNet, minimumOut, needBalance, needImpactConsent, needLive, needSlippageConsent, priceImpact, quoteWithin, reportAction, signedHuman, type Limit,
} from "../actions.js";
import { authorize } from "../allowance.js";
import type { Context } from "../context.js";
import { CliError } from "../errors.js";
import { human } from "../output.js";
import { parseAmount, parseRoute, parseSide, parseSignedAmount, parseSlippage } from "../parse.js";
import { examples, withContext } from "../program.js";
import { needRollable, netLimitWords, netWords, rollQuotes } from "../roll.js";
import { sendRouterAction } from "../send.js";

/** Selling one side of a series for collateral: sell (CLAIM) and exit (NOCLAIM) differ only in these. */
interface SideSale {
  action: string;
  side: SideValue;
  quote: "quoteSellCover" | "quoteExitUnderwriting";
  method: "sellCover" | "exitUnderwriting";
  amountKey: "claimAmount" | "noclaimAmount";
  event: "CoverSold" | "UnderwritingExited";
  doing: string;
  ended: string;
}

const SELL: SideSale = {
  action: "sell", side: Side.Claim, quote: "quoteSellCover", method: "sellCover", amountKey: "claimAmount", event: "CoverSold",
  doing: "selling cover", ended: "no more selling cover; CLAIM pays out at settlement (cover redeem)",
};
const EXIT: SideSale = {
  action: "exit", side: Side.Noclaim, quote: "quoteExitUnderwriting", method: "exitUnderwriting", amountKey: "noclaimAmount", event: "UnderwritingExited",
  doing: "exiting underwriting", ended: "no more exiting by a trade; NOCLAIM pays out at settlement (cover redeem)",
};

interface TradeOptions {
  slippage: string;
  approve?: boolean;
}

/** sell / exit: exactly <amount> of the side for at least the limit, by the route asked for or the quoter's better. */
async function sellSide(ctx: Context, spec: SideSale, seriesText: string, amountText: string, opts: TradeOptions & { route?: string; minOut?: string }) {
  const s = await ctx.resolveSeries(seriesText);
  const token = sideToken(spec.side);
  const address = spec.side === Side.Claim ? s.claim : s.noclaim;
  const amount = parseAmount(amountText, s.decimals, `${token} amount`);
  const bps = parseSlippage(opts.slippage);
  const forced = parseRoute(opts.route);
  const explicit = opts.minOut === undefined ? undefined : parseAmount(opts.minOut, s.decimals, `--min-out (${s.collateralSymbol})`, { allowZero: true });
  if (explicit === undefined) needSlippageConsent(ctx, bps);
  await needLive(ctx, s, spec.ended);
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  await needBalance(ctx, s, address, token, who, amount);
  const requote = (a: bigint) => ctx.contracts.quoter[spec.quote].staticCall(s.id, a);
  const { route, quote } = await chooseRouteOrSayMax(await requote(amount), forced, amount, requote, token, s.decimals);
  needImpactConsent(ctx, `${spec.doing} ${human(amount, s.decimals)} ${token}`, await priceImpact(ctx, s, spec.side, route, amount, quote.amountOut, false));
  const limit = minimumOut(quote.amountOut, bps, s.collateralSymbol, s.decimals, explicit);
  const deadline = await deadlineOf(ctx);
  const auth = await authorize(ctx, signer, {
    token: address, symbol: token, decimals: s.decimals, spender: ctx.deployment.addresses.coverRouter, needed: amount, approve: opts.approve, deadline,
    beforeApproval: quoteWithin(spec.doing, quote.amountOut, limit),
  });
  const router = ctx.contracts.router.connect(signer);
  const params = { seriesId: s.id, route, [spec.amountKey]: amount, minCollateralOut: limit.raw, recipient: who, deadline };
  const sent = await sendRouterAction(router, spec.method, [params], auth.permitCalls, spec.doing, s.decimals);
  const { collateralOut } = eventOf(router, sent, spec.event);
  reportAction(ctx, spec.action, s, sent, auth, await balancesOf(ctx, s, who), {
    text: { sold: `${human(amount, s.decimals)} ${token}`, route: lowerNameOf(Route, route), ...limit.shown, received: `${human(collateralOut, s.decimals)} ${s.collateralSymbol}` },
    json: { token, sold: human(amount, s.decimals), route: lowerNameOf(Route, route), ...limit.json, received: human(collateralOut, s.decimals) },
  });
}

/** underwrite: lock <amount>, keep <amount> NOCLAIM, sell <amount> CLAIM for at least the premium's limit. */
async function underwrite(ctx: Context, seriesText: string, amountText: string, opts: TradeOptions & { minPremium?: string }) {
  const s = await ctx.resolveSeries(seriesText);
  const amount = parseAmount(amountText, s.decimals, `amount (${s.collateralSymbol})`);
  const bps = parseSlippage(opts.slippage);
  const explicit = opts.minPremium === undefined ? undefined : parseAmount(opts.minPremium, s.decimals, `--min-premium (${s.collateralSymbol})`, { allowZero: true });
  if (explicit === undefined) needSlippageConsent(ctx, bps);
  await needLive(ctx, s, "no more underwriting");
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  const q = await ctx.contracts.quoter.quoteUnderwrite.staticCall(s.id, amount);
  if (!q.ok) throw new CliError(`underwriting ${human(amount, s.decimals)} ${s.collateralSymbol} of ${s.handle} cannot be filled now (no pool, no price or not enough liquidity); nothing was sent`);
  const premium: bigint = amount - q.amountIn;
  const limit = minimumOut(premium, bps, `${s.collateralSymbol} premium`, s.decimals, explicit);
  // The most the router may pull before it checks the premium: the amount locked less the lesser of the quoted
  // premium and the limit (so that a limit above the quote fails as slippage, not as a short allowance).
  const least = limit.raw < premium ? limit.raw : premium;
  const most = least < amount ? amount - least : 0n;
  await needBalance(ctx, s, s.collateral, s.collateralSymbol, who, most);
  needImpactConsent(ctx, `underwriting ${human(amount, s.decimals)} ${s.collateralSymbol}`, await priceImpact(ctx, s, Side.Claim, Route.Direct, amount, premium, false));
  const deadline = await deadlineOf(ctx);
  const auth = await authorize(ctx, signer, {
    token: s.collateral, symbol: s.collateralSymbol, decimals: s.decimals, spender: ctx.deployment.addresses.coverRouter, needed: most, approve: opts.approve, deadline,
    beforeApproval: quoteWithin("underwriting", premium, limit),
  });
  const router = ctx.contracts.router.connect(signer);
  const params = { seriesId: s.id, amount, minPremium: limit.raw, recipient: who, deadline };
  const sent = await sendRouterAction(router, "underwrite", [params], auth.permitCalls, "underwriting", s.decimals);
  const got: bigint = eventOf(router, sent, "Underwritten").premium;
  reportAction(ctx, "underwrite", s, sent, auth, await balancesOf(ctx, s, who), {
    text: { locked: `${human(amount, s.decimals)} ${s.collateralSymbol}`, ...limit.shown, premium: `${human(got, s.decimals)} ${s.collateralSymbol}`, paid: `${human(amount - got, s.decimals)} ${s.collateralSymbol}` },
    json: { locked: human(amount, s.decimals), ...limit.json, premium: human(got, s.decimals), paid: human(amount - got, s.decimals) },
  });
}

/** roll: sell <amount> of the side in <from>, buy as much in <to>, settling the difference in collateral. */
async function roll(ctx: Context, fromText: string, toText: string, amountText: string, opts: TradeOptions & { side: string; sellRoute?: string; buyRoute?: string; minNet?: string }) {
  const from = await ctx.resolveSeries(fromText);
  const to = await ctx.resolveSeries(toText);
  needRollable(from, to);
  const side = parseSide(opts.side);
  const token = sideToken(side);
  const amount = parseAmount(amountText, from.decimals, `${token} amount`);
  const bps = parseSlippage(opts.slippage);
  const [sellRoute, buyRoute] = [parseRoute(opts.sellRoute, "--sell-route"), parseRoute(opts.buyRoute, "--buy-route")];
  const explicit = opts.minNet === undefined ? undefined : parseSignedAmount(opts.minNet, from.decimals, `--min-net (${from.collateralSymbol})`);
  if (explicit === undefined) needSlippageConsent(ctx, bps);
  await needLive(ctx, from, "nothing left to roll; redeem it once it settles (cover redeem)");
  await needLive(ctx, to, "no rolling into it");
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  const [fromToken, toToken] = side === Side.Claim ? [from.claim, to.claim] : [from.noclaim, to.noclaim];
  await needBalance(ctx, from, fromToken, `${token} of ${from.handle}`, who, amount);
  const { best } = await rollQuotes(ctx, from, to, side, amount, sellRoute, buyRoute);
  if (!best) throw new CliError(`rolling ${human(amount, from.decimals)} ${token} from ${from.handle} to ${to.handle} cannot be filled now (no pool, no price or not enough liquidity); nothing was sent`);
  const impacts = await Promise.all([
    priceImpact(ctx, from, side, best.sellRoute, amount, best.proceeds, false),
    priceImpact(ctx, to, side, best.buyRoute, amount, best.cost, true),
  ]);
  const known = impacts.filter((i): i is number => i !== null);
  // The slippage bounds the net: the quoted net worse by the slippage of itself.
  const minNet = minimumNet(best.net, bps, explicit);
  const limit: Limit = {
    raw: minNet, shown: { quote: netWords(best.net, from), limit: netLimitWords(minNet, from) },
    json: { quote: signedHuman(best.net, from.decimals), limit: signedHuman(minNet, from.decimals), limitUnit: from.collateralSymbol }, met: (net) => net >= minNet,
  };
  // The most the router may pull before it checks the net: by the quote or by the limit, whichever pays more.
  const worst = minNet < best.net ? minNet : best.net;
  const pay = worst < 0n ? -worst : 0n;
  await needBalance(ctx, from, from.collateral, from.collateralSymbol, who, pay);
  needImpactConsent(ctx, `rolling ${human(amount, from.decimals)} ${token}`, known.length ? Math.max(...known) : null);
  const deadline = await deadlineOf(ctx);
  const spender = ctx.deployment.addresses.coverRouter;
  const beforeApproval = quoteWithin("rolling", best.net, limit);
  const auths = [await authorize(ctx, signer, { token: fromToken, symbol: token, decimals: from.decimals, spender, needed: amount, approve: opts.approve, deadline, beforeApproval })];
  if (pay > 0n) auths.push(await authorize(ctx, signer, { token: from.collateral, symbol: from.collateralSymbol, decimals: from.decimals, spender, needed: pay, approve: opts.approve, deadline, beforeApproval }));
  const router = ctx.contracts.router.connect(signer);
  const params = { fromSeriesId: from.id, toSeriesId: to.id, side, amount, sellRoute: best.sellRoute, buyRoute: best.buyRoute, minNetCollateral: minNet, recipient: who, deadline };
  const sent = await sendRouterAction(router, "roll", [params], auths.flatMap((a) => a.permitCalls), "rolling", from.decimals);
  const rolled = eventOf(router, sent, "Rolled");
  const [proceeds, cost]: bigint[] = [rolled.proceeds, rolled.cost];
  const h = (raw: bigint) => `${human(raw, from.decimals)} ${from.collateralSymbol}`;
  const balances = await balancesIn(ctx, who, from.decimals, [[from.collateralSymbol, from.collateral], [`${token} ${from.handle}`, fromToken], [`${token} ${to.handle}`, toToken]]);
  const routes = { sellRoute: lowerNameOf(Route, best.sellRoute), buyRoute: lowerNameOf(Route, best.buyRoute) };
  reportAction(ctx, "roll", from, sent, auths, balances, {
    text: { to: to.handle, rolled: `${human(amount, from.decimals)} ${token}`, ...routes, ...limit.shown, proceeds: h(proceeds), cost: h(cost), net: h(proceeds - cost) },
    json: { to: to.handle, toId: to.id, token, rolled: human(amount, from.decimals), ...routes, ...limit.json, proceeds: human(proceeds, from.decimals), cost: human(cost, from.decimals), net: signedHuman(proceeds - cost, from.decimals) },
  });
}

const APPROVE = "if an allowance is short, approve the router for exactly what is needed instead of signing a permit";

/** The options of a sale of one side (sell, exit): the route, the limit (as slippage or explicit), --approve. */
function saleOptions(command: Command): Command {
  return command
    .option("--route <route>", "direct or pair (default: the better, by the quoter's quote)")
    .option("--slippage <percent>", "limit vs the quote", "0.5%")
    .option("--min-out <amount>", "the least collateral to accept, instead of the quote less --slippage")
    .option("--approve", APPROVE);
}

export function registerTradeCommands(program: Command): void {
  examples(
    saleOptions(program.command("sell <series> <amount>").description("sell <amount> CLAIM for collateral on the better route (by the quoter's quote) unless --route")),
    ["cover sell DEMOLEND-2026-12-18-USDC 500", "cover sell DEMOLEND-2026-12-18-USDC 500 --route pair --slippage 1%", "cover sell 0x<series id> 10 --min-out 0.09 --json"],
  ).action(withContext((ctx, series, amount, opts) => sellSide(ctx, SELL, series, amount, opts)));

  examples(
    program
      .command("underwrite <series> <amount>")
      .description("underwrite <amount>: lock it, keep <amount> NOCLAIM and sell <amount> CLAIM for the premium; you pay <amount> less the premium")
      .option("--slippage <percent>", "limit on the premium vs the quote", "0.5%")
      .option("--min-premium <amount>", "the least premium to accept, instead of the quote less --slippage")
      .option("--approve", APPROVE),
    ["cover underwrite DEMOLEND-2026-12-18-USDC 10000", "cover underwrite DEMOLEND-2026-12-18-USDC 500 --min-premium 4 --json"],
  ).action(withContext((ctx, series, amount, opts) => underwrite(ctx, series, amount, opts)));

  examples(
    saleOptions(program.command("exit <series> <amount>").description("exit <amount> of underwriting: NOCLAIM back to collateral, buying back CLAIM and merging (pair) or selling the NOCLAIM (direct)")),
    ["cover exit DEMOLEND-2026-12-18-USDC 500", "cover exit 0x<series id> 500 --route direct --json"],
  ).action(withContext((ctx, series, amount, opts) => sellSide(ctx, EXIT, series, amount, opts)));

  examples(
    program
      .command("roll <from-series> <to-series> <amount>")
      .description("roll <amount> of a position to a later expiry of the same protocol and collateral: sell it in <from-series>, buy as much in <to-series>, the difference settled in collateral")
      .option("--side <side>", "claim (cover) or noclaim (underwriting)", "claim")
      .option("--sell-route <route>", "direct or pair for selling in <from-series> (default: the best pair of routes, by the quoter)")
      .option("--buy-route <route>", "direct or pair for buying in <to-series> (default: the best pair of routes, by the quoter)")
      .option("--slippage <percent>", "limit: the quoted net collateral worse by this share of itself", "0.5%")
      .option("--min-net <amount>", "the least net collateral to receive, instead of the limit from --slippage; negative: the most to pay (--min-net -5)")
      .option("--approve", APPROVE),
    ["cover roll DEMOLEND-2026-12-18-USDC DEMOLEND-2027-01-29-USDC 1000", "cover roll DEMOLEND-2026-12-18-USDC DEMOLEND-2027-01-29-USDC 500 --side noclaim --json", "cover roll DEMOLEND-2026-12-18-USDC DEMOLEND-2027-01-29-USDC 100 --min-net -2.5"],
  ).action(withContext((ctx, from, to, amount, opts) => roll(ctx, from, to, amount, opts)));
}
