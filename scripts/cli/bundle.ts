/**
 * `cover buy --bundle A,B,... <amount>`: cover on several series (several protocols) in one transaction, the router's
 * multicall. Each leg is planned as a lone buy would be (the series live, the quoter's quote on its cheaper route
 * unless --route, the limit from --slippage) and then simulated on its own (with the permit, if one is needed) so that
 * a leg that would fail is named, with its reason, before anything is sent; then one permit (or allowance) for the
 * total and every leg in one multicall, simulated and sent, and each leg's result read from its CoverBought event.
 */
import { lowerNameOf, Route } from "../lib/market/enums.js";
import { balancesIn, chooseRoute, deadlineOf, maximumIn, minimumOut, needBalance, needLive, needSlippageConsent, type Limit } from "./actions.js";
import { authorize } from "./allowance.js";
import type { BuyOptions } from "./buyOptions.js";
import type { Context, SeriesInfo } from "./context.js";
import { CliError, usage } from "./errors.js";
import { emit, human } from "./output.js";
import { parseAmount, parseRoute, parseSlippage } from "./parse.js";
import { reasonOf, simulateAndSend } from "./send.js";

export interface BundleOptions extends BuyOptions {
  bundle: string;
}

interface Leg {
  s: SeriesInfo;
  route: number;
  quoted: bigint;
  limit: Limit;
  /** Collateral this leg may pull: the limit (exact CLAIM out) or the amount (--spend). */
  pays: bigint;
  call: string;
}

/** The series of a --bundle list: comma-separated, at least two, no series twice, one collateral. */
async function bundleSeries(ctx: Context, list: string): Promise<SeriesInfo[]> {
  const texts = String(list).split(",").map((t) => t.trim());
  if (texts.some((t) => t === "")) throw usage(`--bundle must list series separated by commas, such as DEMOLEND-2026-12-18-USDC,DEMODEX-2026-12-18-USDC, got "${list}"`);
  if (texts.length < 2) throw usage(`--bundle needs at least two series (for one, leave out --bundle), got "${list}"`);
  const series = await Promise.all(texts.map((t) => ctx.resolveSeries(t)));
  const twice = series.find((s, i) => series.findIndex((x) => x.id === s.id) !== i);
  if (twice) throw usage(`--bundle names ${twice.handle} twice: each series once`);
  const collaterals = new Set(series.map((s) => s.collateral.toLowerCase()));
  if (collaterals.size > 1) throw usage(`--bundle mixes collaterals (${[...new Set(series.map((s) => s.collateralSymbol))].join(", ")}): a bundle pays in one collateral`);
  return series;
}

export async function buyBundle(ctx: Context, amountText: string, opts: BundleOptions) {
  if (opts.maxIn !== undefined || opts.minOut !== undefined) throw usage("--max-in and --min-out limit one buy; with --bundle each leg's limit is its quote and --slippage");
  const series = await bundleSeries(ctx, opts.bundle);
  const { decimals, collateral, collateralSymbol } = series[0];
  const amount = parseAmount(amountText, decimals, opts.spend ? `collateral to spend on each leg (${collateralSymbol})` : "CLAIM amount of each leg");
  const bps = parseSlippage(opts.slippage);
  needSlippageConsent(ctx, bps);
  const forced = parseRoute(opts.route);
  for (const s of series) await needLive(ctx, s);
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  const { quoter } = ctx.contracts;
  const router = ctx.contracts.router.connect(signer);
  const deadline = await deadlineOf(ctx);

  // Each leg's quote; a leg that cannot fill is named with the others' state unknown yet.
  const quotes = await Promise.all(series.map((s) => (opts.spend ? quoter.quoteBuyCoverExactIn.staticCall(s.id, amount) : quoter.quoteBuyCoverExactOut.staticCall(s.id, amount))));
  const legs: Leg[] = series.map((s, i) => {
    let chosen;
    try {
      chosen = chooseRoute(quotes[i], forced);
    } catch (error) {
      throw new CliError(`leg ${i + 1} of the bundle, ${s.handle}: ${(error as Error).message}`);
    }
    const { route, quote } = chosen;
    if (opts.spend) {
      const limit = minimumOut(quote.amountOut, bps, "CLAIM", decimals);
      const call = router.interface.encodeFunctionData("buyCoverExactIn", [{ seriesId: s.id, route, collateralIn: amount, minClaimOut: limit.raw, recipient: who, deadline }]);
      return { s, route, quoted: quote.amountOut, limit, pays: amount, call };
    }
    const limit = maximumIn(quote.amountIn, bps, collateralSymbol, decimals);
    const call = router.interface.encodeFunctionData("buyCoverExactOut", [{ seriesId: s.id, route, claimAmount: amount, maxCollateralIn: limit.raw, recipient: who, deadline }]);
    return { s, route, quoted: quote.amountIn, limit, pays: limit.raw, call };
  });
  const total = legs.reduce((sum, l) => sum + l.pays, 0n);
  await needBalance(ctx, series[0], collateral, collateralSymbol, who, total);
  const auth = await authorize(ctx, signer, { token: collateral, symbol: collateralSymbol, decimals, spender: ctx.deployment.addresses.coverRouter, needed: total, approve: opts.approve, deadline });

  // Every leg simulated on its own, so that each one that would fail is named before anything is sent.
  const failures: string[] = [];
  for (const [i, leg] of legs.entries()) {
    try {
      await router.multicall.staticCall([...auth.permitCalls, leg.call]);
    } catch (error) {
      failures.push(`leg ${i + 1}, ${leg.s.handle}: ${reasonOf(error, decimals)}`);
    }
  }
  if (failures.length) throw new CliError(`the bundle would fail, nothing was sent: ${failures.join("; ")}`);

  const what = `buying a bundle of ${legs.length} (${legs.map((l) => l.s.handle).join(", ")})`;
  const sent = await simulateAndSend(router, "multicall", [[...auth.permitCalls, ...legs.map((l) => l.call)]], what, decimals);
  const bought = sent.logs
    .filter((log) => log.address.toLowerCase() === String(router.target).toLowerCase())
    .map((log) => router.interface.parseLog(log))
    .filter((e) => e?.name === "CoverBought");
  const results = legs.map((leg) => {
    const e = bought.find((b) => String(b!.args.seriesId).toLowerCase() === leg.s.id.toLowerCase());
    if (!e) throw new CliError(`transaction ${sent.hash} was mined but emitted no CoverBought event for ${leg.s.handle}`);
    return {
      series: leg.s.handle, id: leg.s.id, listed: leg.s.listed, route: lowerNameOf(Route, leg.route), ...leg.limit.json,
      paid: human(e.args.collateralIn, decimals), bought: human(e.args.claimOut, decimals), shown: leg.limit.shown,
    };
  });
  const balances = await balancesIn(ctx, who, decimals, [[collateralSymbol, collateral], ...legs.map((l) => [`CLAIM ${l.s.handle}`, l.s.claim] as [string, string])]);
  const approval = auth.approval ? { hash: auth.approval.hash, gasUsed: auth.approval.gasUsed } : null;
  const authorizedBy = auth.how;
  const legsJson = results.map(({ shown: _shown, ...leg }) => leg);
  const data = { action: "buy bundle", collateral: collateralSymbol, decimals, legs: legsJson, authorizedBy, approval: approval && { hash: approval.hash, gasUsed: Number(approval.gasUsed) }, hash: sent.hash, gasUsed: Number(sent.gasUsed), block: sent.blockNumber, balances };
  emit(ctx.options.json, data, () =>
    [
      ...(approval ? [`approved: ${approval.hash} (gas ${approval.gasUsed})`] : []),
      ...(authorizedBy === "permit" ? ["allowance: by permit, signed and sent with the bundle in one transaction"] : []),
      `buy bundle of ${legs.length}: ${sent.hash}`,
      `  gas used: ${sent.gasUsed}`,
      ...results.flatMap((r, i) => [`  leg ${i + 1} ${r.series}${r.listed ? "" : " (UNLISTED)"}: ${r.bought} CLAIM for ${r.paid} ${collateralSymbol}`, `    route: ${r.route}, quote: ${r.shown.quote}, limit: ${r.shown.limit}`]),
      `  balances now: ${Object.entries(balances).map(([k, v]) => `${v} ${k}`).join(", ")}`,
    ].join("\n"),
  );
}
