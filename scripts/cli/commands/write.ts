/**
 * Write commands: mint, merge, redeem, buy. Each checks balances and allowance, simulates, and sends only what
 * would succeed; then prints the hash, gas used and the new balances. A missing allowance is handled by
 * allowance.ts: a permit sent with a router action, else an approval of exactly the amount with --approve or
 * after asking; otherwise the command says what to do and sends nothing.
 */
import type { Command } from "commander";
import { lowerNameOf, Route, SettlementState, Side } from "../../lib/market/enums.js";
import { redemptionValue } from "../../lib/market/payout.js";
import {
  balancesOf, chooseRouteOrSayMax, deadlineOf, eventOf, maximumIn, minimumOut, needBalance, needImpactConsent, needLive, needSlippageConsent, priceImpact, reportAction, type Limit,
} from "../actions.js";
import { authorize, type Authorization } from "../allowance.js";
import type { Context } from "../context.js";
import { usage } from "../errors.js";
import { human } from "../output.js";
import { parseAmount, parseRoute, parseSlippage } from "../parse.js";
import { examples, withContext } from "../program.js";
import { sendRouterAction, simulateAndSend, type Sent } from "../send.js";
import { buyBundle } from "../bundle.js";
import type { BuyOptions } from "../buyOptions.js";

async function mint(ctx: Context, seriesText: string, amountText: string, opts: { approve?: boolean }) {
  const s = await ctx.resolveSeries(seriesText);
  const amount = parseAmount(amountText, s.decimals, `amount (${s.collateralSymbol})`);
  await needLive(ctx, s);
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  await needBalance(ctx, s, s.collateral, s.collateralSymbol, who, amount);
  const auth = await authorize(ctx, signer, { token: s.collateral, symbol: s.collateralSymbol, decimals: s.decimals, spender: ctx.deployment.addresses.market, needed: amount, approve: opts.approve, deadline: 0n });
  const market = ctx.contracts.market.connect(signer);
  const sent = await simulateAndSend(market, "mint", [s.id, amount, who, who], `minting ${human(amount, s.decimals)} pairs`, s.decimals);
  const a = human(amount, s.decimals);
  reportAction(ctx, "mint", s, sent, auth, await balancesOf(ctx, s, who), {
    text: { locked: `${a} ${s.collateralSymbol}`, minted: `${a} CLAIM + ${a} NOCLAIM` },
    json: { amount: a, locked: a, minted: { CLAIM: a, NOCLAIM: a } },
  });
}

async function merge(ctx: Context, seriesText: string, amountText: string) {
  const s = await ctx.resolveSeries(seriesText);
  const amount = parseAmount(amountText, s.decimals, "amount (pairs)");
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  await needBalance(ctx, s, s.claim, "CLAIM", who, amount);
  await needBalance(ctx, s, s.noclaim, "NOCLAIM", who, amount);
  const market = ctx.contracts.market.connect(signer);
  const sent = await simulateAndSend(market, "merge", [s.id, amount, who], `merging ${human(amount, s.decimals)} pairs`, s.decimals);
  const a = human(amount, s.decimals);
  reportAction(ctx, "merge", s, sent, undefined, await balancesOf(ctx, s, who), {
    text: { burned: `${a} CLAIM + ${a} NOCLAIM`, received: `${a} ${s.collateralSymbol}` },
    json: { amount: a, burned: { CLAIM: a, NOCLAIM: a }, received: a },
  });
}

async function redeem(ctx: Context, seriesText: string, opts: { claim?: string; noclaim?: string }) {
  const s = await ctx.resolveSeries(seriesText);
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  const held = async (token: string) => (await ctx.erc20(token).balanceOf(who)) as bigint;
  const claim = opts.claim !== undefined ? parseAmount(opts.claim, s.decimals, "--claim", { allowZero: true }) : await held(s.claim);
  const noclaim = opts.noclaim !== undefined ? parseAmount(opts.noclaim, s.decimals, "--noclaim", { allowZero: true }) : await held(s.noclaim);
  if (claim === 0n && noclaim === 0n) throw usage(`nothing to redeem: no CLAIM or NOCLAIM of ${s.handle} named or held`);
  await needBalance(ctx, s, s.claim, "CLAIM", who, claim);
  await needBalance(ctx, s, s.noclaim, "NOCLAIM", who, noclaim);
  const market = ctx.contracts.market.connect(signer);
  const sent = await simulateAndSend(market, "redeem", [s.id, claim, noclaim, who], `redeeming ${s.handle}`, s.decimals);
  // The payout the redemption was at (fixed once it succeeds), and what it paid: the same sum as the market's.
  const status = await ctx.contracts.market.seriesStatus(s.id, { blockTag: sent.blockNumber });
  const payout = BigInt(status.payout);
  const received = redemptionValue(claim, noclaim, payout);
  const h = (raw: bigint) => human(raw, s.decimals);
  const each = (side: number) => `${human(side === Side.Claim ? payout : 10n ** 18n - payout, 18)} ${s.collateralSymbol} each`;
  const worthless = [claim > 0n && payout === 0n ? "CLAIM" : "", noclaim > 0n && payout === 10n ** 18n ? "NOCLAIM" : ""].filter(Boolean);
  reportAction(ctx, "redeem", s, sent, undefined, await balancesOf(ctx, s, who), {
    text: {
      settled: `${Number(status.state) === SettlementState.ByIncident ? "by an incident" : "at expiry without an incident"}, CLAIM pays ${human(payout, 18)} ${s.collateralSymbol}, NOCLAIM ${human(10n ** 18n - payout, 18)}`,
      redeemed: `${h(claim)} CLAIM (${each(Side.Claim)}) + ${h(noclaim)} NOCLAIM (${each(Side.Noclaim)})`,
      received: `you receive ${h(received)} ${s.collateralSymbol}${worthless.length ? ` (the ${worthless.join(" and ")} redeemed for nothing: that side lost)` : ""}`,
    },
    json: { claim: h(claim), noclaim: h(noclaim), payout: human(payout, 18), received: h(received) },
  });
}

/** Refuses the limit option that does not fit the kind of buy (exact CLAIM out, or exact collateral in with --spend). */
export function needBuyLimitFits(opts: Pick<BuyOptions, "spend" | "maxIn" | "minOut">): void {
  if (opts.spend && opts.maxIn !== undefined) throw usage("--max-in limits the collateral paid for an exact CLAIM amount; with --spend the collateral paid is <amount>: limit the CLAIM received with --min-out");
  if (!opts.spend && opts.minOut !== undefined) throw usage("--min-out is the least CLAIM for --spend; buying exactly <amount> CLAIM, limit the collateral paid with --max-in");
}

/** Refuses (bad input, exit 2) an explicit limit the quoter's quote already misses: the trade would revert at the router. */
export function needQuoteWithin(what: string, quoted: bigint, limit: Limit, option: string): void {
  if (!limit.met(quoted)) throw usage(`${what}: the quoter quotes ${limit.shown.quote}, beyond your ${option} (${limit.shown.limit}); nothing was sent`);
}

async function buy(ctx: Context, seriesText: string, amountText: string, opts: BuyOptions) {
  needBuyLimitFits(opts);
  const s = await ctx.resolveSeries(seriesText);
  const amount = parseAmount(amountText, s.decimals, opts.spend ? `collateral to spend (${s.collateralSymbol})` : "CLAIM amount");
  const bps = parseSlippage(opts.slippage);
  needSlippageConsent(ctx, bps);
  const forced = parseRoute(opts.route);
  const maxIn = opts.maxIn === undefined ? undefined : parseAmount(opts.maxIn, s.decimals, `--max-in (${s.collateralSymbol})`);
  const minOut = opts.minOut === undefined ? undefined : parseAmount(opts.minOut, s.decimals, "--min-out (CLAIM)");
  await needLive(ctx, s);
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  const { quoter } = ctx.contracts;
  const requote = (a: bigint) => (opts.spend ? quoter.quoteBuyCoverExactIn.staticCall(s.id, a) : quoter.quoteBuyCoverExactOut.staticCall(s.id, a));
  const { route, quote: chosen } = await chooseRouteOrSayMax(await requote(amount), forced, amount, requote, opts.spend ? s.collateralSymbol : "CLAIM", s.decimals);
  const impact = await priceImpact(ctx, s, Side.Claim, route, chosen.amountOut, chosen.amountIn, true);
  const deadline = await deadlineOf(ctx);
  const router = ctx.contracts.router.connect(signer);
  const spender = ctx.deployment.addresses.coverRouter;
  let sent: Sent;
  let auth: Authorization;
  let limit: Limit;
  if (opts.spend) {
    limit = minimumOut(chosen.amountOut, bps, "CLAIM", s.decimals, minOut);
    if (minOut !== undefined) needQuoteWithin(`buying cover for ${human(amount, s.decimals)} ${s.collateralSymbol}`, chosen.amountOut, limit, "--min-out");
    await needBalance(ctx, s, s.collateral, s.collateralSymbol, who, amount);
    needImpactConsent(ctx, `buying ${human(chosen.amountOut, s.decimals)} CLAIM`, impact);
    auth = await authorize(ctx, signer, { token: s.collateral, symbol: s.collateralSymbol, decimals: s.decimals, spender, needed: amount, approve: opts.approve, deadline });
    sent = await sendRouterAction(router, "buyCoverExactIn", [{ seriesId: s.id, route, collateralIn: amount, minClaimOut: limit.raw, recipient: who, deadline }], auth.permitCalls, "buying cover", s.decimals);
  } else {
    limit = maximumIn(chosen.amountIn, bps, s.collateralSymbol, s.decimals, maxIn);
    if (maxIn !== undefined) needQuoteWithin(`buying ${human(amount, s.decimals)} CLAIM`, chosen.amountIn, limit, "--max-in");
    await needBalance(ctx, s, s.collateral, s.collateralSymbol, who, limit.raw);
    needImpactConsent(ctx, `buying ${human(chosen.amountOut, s.decimals)} CLAIM`, impact);
    auth = await authorize(ctx, signer, { token: s.collateral, symbol: s.collateralSymbol, decimals: s.decimals, spender, needed: limit.raw, approve: opts.approve, deadline });
    sent = await sendRouterAction(router, "buyCoverExactOut", [{ seriesId: s.id, route, claimAmount: amount, maxCollateralIn: limit.raw, recipient: who, deadline }], auth.permitCalls, "buying cover", s.decimals);
  }
  const bought = eventOf(router, sent, "CoverBought");
  const [paid, got]: bigint[] = [bought.collateralIn, bought.claimOut];
  reportAction(ctx, "buy", s, sent, auth, await balancesOf(ctx, s, who), {
    text: { route: lowerNameOf(Route, route), ...limit.shown, paid: `${human(paid, s.decimals)} ${s.collateralSymbol}`, bought: `${human(got, s.decimals)} CLAIM` },
    json: { route: lowerNameOf(Route, route), ...limit.json, paid: human(paid, s.decimals), bought: human(got, s.decimals) },
  });
}

export function registerWriteCommands(program: Command): void {
  examples(
    program
      .command("mint <series> <amount>")
      .description("lock <amount> collateral for as many CLAIM + NOCLAIM pairs")
      .option("--approve", "approve the market for exactly the amount if the allowance is short (otherwise you are asked)"),
    ["cover mint DEMOLEND-2026-12-18-USDC 1000 --approve", "cover mint 0x<series id> 25.5"],
  ).action(withContext((ctx, series, amount, opts) => mint(ctx, series, amount, opts)));

  examples(
    program.command("merge <series> <amount>").description("burn <amount> CLAIM + NOCLAIM pairs for as much collateral (at any time, before or after settlement)"),
    ["cover merge DEMOLEND-2026-12-18-USDC 100"],
  ).action(withContext((ctx, series, amount) => merge(ctx, series, amount)));

  examples(
    program
      .command("redeem <series>")
      .description("redeem CLAIM and NOCLAIM of a settled series at its payout (default: everything held)")
      .option("--claim <amount>", "CLAIM to redeem")
      .option("--noclaim <amount>", "NOCLAIM to redeem"),
    ["cover redeem DEMOBRIDGE-2026-11-27-USDC", "cover redeem DEMOBRIDGE-2026-11-27-USDC --claim 100 --noclaim 0"],
  ).action(withContext((ctx, series, opts) => redeem(ctx, series, opts)));

  examples(
    program
      .command("buy")
      .argument("<series>", "the series (with --bundle: the amount)")
      .argument("[amount]", "CLAIM to buy, or collateral to spend with --spend")
      .usage("[options] <series> <amount> | --bundle <series,series,...> <amount>")
      .description("buy <amount> CLAIM (or spend <amount> collateral with --spend) on the cheaper route unless --route; --bundle: as much on each of several series in one transaction")
      .option("--spend", "<amount> is the collateral to spend")
      .option("--route <route>", "direct or pair (default: the cheaper, by the quoter's quote)")
      .option("--slippage <percent>", "limit vs the quote", "0.5%")
      .option("--max-in <amount>", "the most collateral to pay for <amount> CLAIM, instead of the quote plus --slippage (sent as the router's maxCollateralIn)")
      .option("--min-out <amount>", "with --spend: the least CLAIM to receive, instead of the quote less --slippage (sent as the router's minClaimOut)")
      .option("--bundle <series,...>", "buy <amount> on each of these series (one collateral) in one router multicall; every leg is quoted and simulated before sending")
      .option("--approve", "if the allowance is short, approve the router for exactly the limit instead of signing a permit"),
    ["cover buy DEMOLEND-2026-12-18-USDC 1000 --approve", "cover buy --bundle DEMOLEND-2026-12-18-USDC,DEMODEX-2026-12-18-USDC 1000", "cover buy DEMOLEND-2026-12-18-USDC 1000 --max-in 25", "cover buy DEMOLEND-2026-12-18-USDC 250 --spend --slippage 1%", "cover buy DEMOLEND-2026-12-18-USDC 250 --spend --min-out 9000", "cover buy 0x<series id> 10 --route direct --json"],
  ).action(
    withContext((ctx, series, amount, opts) => {
      if (opts.bundle !== undefined) {
        if (amount !== undefined) throw usage(`with --bundle, give only <amount> (the series are in --bundle), got "${series}" and "${amount}"`);
        return buyBundle(ctx, series, opts);
      }
      if (amount === undefined) throw usage("missing required argument 'amount'");
      return buy(ctx, series, amount, opts);
    }),
  );
}
