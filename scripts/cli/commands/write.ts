/**
 * Write commands: mint, merge, redeem, buy. Each checks balances and allowance, simulates, and sends only what
 * would succeed; then prints the hash, gas used and the new balances. A missing allowance is handled by
 * allowance.ts: a permit sent with a router action, else an approval of exactly the amount with --approve or
 * after asking; otherwise the command says what to do and sends nothing.
 */
import type { Command } from "commander";
import { isoDate } from "../../lib/calendar.js";
import { Context, type SeriesInfo } from "../context.js";
import { CliError, usage } from "../errors.js";
import { emit, human } from "../output.js";
import { parseAmount, parseSlippage } from "../parse.js";
import { examples, withContext } from "../program.js";
import { sendRouterAction, simulateAndSend, type Sent } from "../send.js";
import { authorize, type Authorization } from "../allowance.js";

const ROUTES = ["direct", "pair"] as const;

export async function balancesOf(ctx: Context, s: SeriesInfo, who: string) {
  const [collateral, claim, noclaim] = await Promise.all([ctx.erc20(s.collateral).balanceOf(who), ctx.erc20(s.claim).balanceOf(who), ctx.erc20(s.noclaim).balanceOf(who)]);
  return { [s.symbol]: human(collateral, s.decimals), CLAIM: human(claim, s.decimals), NOCLAIM: human(noclaim, s.decimals) };
}

/** Refuses an expired series before anything (an approval included) is sent. */
export async function needLive(ctx: Context, s: SeriesInfo) {
  const now = (await ctx.provider.getBlock("latest"))!.timestamp;
  if (now >= s.expiry) throw new CliError(`${s.handle}: the series expired on ${isoDate(BigInt(s.expiry))}: no more minting or buying; nothing was sent`);
}

export async function needBalance(ctx: Context, s: SeriesInfo, token: string, name: string, who: string, needed: bigint) {
  const have: bigint = await ctx.erc20(token).balanceOf(who);
  if (have < needed) throw new CliError(`insufficient ${name}: you have ${human(have, s.decimals)}, this needs ${human(needed, s.decimals)}; nothing was sent`);
}

export function report(ctx: Context, action: string, s: SeriesInfo, sent: Sent, auth: Authorization | undefined, balances: Record<string, string>, extra: Record<string, unknown> = {}) {
  const approval = auth?.approval;
  const data = { action, series: s.handle, id: s.id, listed: s.listed, ...extra, authorizedBy: auth?.how ?? null, approval: approval ? { hash: approval.hash, gasUsed: approval.gasUsed } : null, hash: sent.hash, gasUsed: sent.gasUsed, block: sent.blockNumber, balances };
  emit(ctx.options.json, data, () =>
    [
      ...(approval ? [`approved: ${approval.hash} (gas ${approval.gasUsed})`] : []),
      ...(auth?.how === "permit" ? ["allowance: by permit, signed and sent with the action in one transaction"] : []),
      `${action} ${s.handle}${s.listed ? "" : " (UNLISTED)"}: ${sent.hash}`,
      `  gas used: ${sent.gasUsed}`,
      ...Object.entries(extra).map(([k, v]) => `  ${k}: ${v}`),
      `  balances now: ${Object.entries(balances).map(([k, v]) => `${v} ${k}`).join(", ")}`,
    ].join("\n"),
  );
}

async function mint(ctx: Context, seriesText: string, amountText: string, opts: { approve?: boolean }) {
  const s = await ctx.resolveSeries(seriesText);
  const amount = parseAmount(amountText, s.decimals, `amount (${s.symbol})`);
  await needLive(ctx, s);
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  await needBalance(ctx, s, s.collateral, s.symbol, who, amount);
  const auth = await authorize(ctx, signer, { token: s.collateral, symbol: s.symbol, decimals: s.decimals, spender: ctx.deployment.addresses.market, needed: amount, approve: opts.approve, deadline: 0n });
  const market = ctx.contracts.market.connect(signer) as any;
  const sent = await simulateAndSend(market, "mint", [s.id, amount, who, who], `minting ${human(amount, s.decimals)} pairs`, s.decimals);
  report(ctx, "mint", s, sent, auth, await balancesOf(ctx, s, who), { amount: human(amount, s.decimals) });
}

async function merge(ctx: Context, seriesText: string, amountText: string) {
  const s = await ctx.resolveSeries(seriesText);
  const amount = parseAmount(amountText, s.decimals, "amount (pairs)");
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  await needBalance(ctx, s, s.claim, "CLAIM", who, amount);
  await needBalance(ctx, s, s.noclaim, "NOCLAIM", who, amount);
  const market = ctx.contracts.market.connect(signer) as any;
  const sent = await simulateAndSend(market, "merge", [s.id, amount, who], `merging ${human(amount, s.decimals)} pairs`, s.decimals);
  report(ctx, "merge", s, sent, undefined, await balancesOf(ctx, s, who), { amount: human(amount, s.decimals) });
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
  const market = ctx.contracts.market.connect(signer) as any;
  const sent = await simulateAndSend(market, "redeem", [s.id, claim, noclaim, who], `redeeming ${s.handle}`, s.decimals);
  report(ctx, "redeem", s, sent, undefined, await balancesOf(ctx, s, who), { claim: human(claim, s.decimals), noclaim: human(noclaim, s.decimals) });
}

async function buy(ctx: Context, seriesText: string, amountText: string, opts: { spend?: boolean; route?: string; slippage: string; approve?: boolean }) {
  const s = await ctx.resolveSeries(seriesText);
  const amount = parseAmount(amountText, s.decimals, opts.spend ? `collateral to spend (${s.symbol})` : "CLAIM amount");
  const bps = parseSlippage(opts.slippage);
  if (opts.route !== undefined && !(ROUTES as readonly string[]).includes(opts.route)) throw usage(`--route must be direct or pair, got "${opts.route}"`);
  await needLive(ctx, s);
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  const { lens } = ctx.contracts;
  const q = opts.spend ? await lens.quoteBuyCoverExactIn.staticCall(s.id, amount) : await lens.quoteBuyCoverExactOut.staticCall(s.id, amount);
  const routeIndex = opts.route !== undefined ? ROUTES.indexOf(opts.route as any) : Number(q.best);
  const chosen = routeIndex === 0 ? q.direct : q.pair;
  if (!chosen.ok) throw new CliError(`the ${ROUTES[routeIndex]} route cannot fill this now (no pool, no price or not enough liquidity); nothing was sent`);
  const now = BigInt((await ctx.provider.getBlock("latest"))!.timestamp);
  const deadline = now + 600n;
  const router = ctx.contracts.router.connect(signer) as any;
  let sent: Sent;
  let auth: Authorization;
  let slippage: Record<string, string>;
  if (opts.spend) {
    const minOut = (chosen.amountOut * (10_000n - bps)) / 10_000n;
    slippage = { quote: `${human(chosen.amountOut, s.decimals)} CLAIM`, limit: `at least ${human(minOut, s.decimals)} CLAIM` };
    await needBalance(ctx, s, s.collateral, s.symbol, who, amount);
    auth = await authorize(ctx, signer, { token: s.collateral, symbol: s.symbol, decimals: s.decimals, spender: ctx.deployment.addresses.coverRouter, needed: amount, approve: opts.approve, deadline });
    sent = await sendRouterAction(router, "buyCoverExactIn", [{ seriesId: s.id, route: routeIndex, collateralIn: amount, minClaimOut: minOut, recipient: who, deadline }], auth.permitCalls, "buying cover", s.decimals);
  } else {
    const maxIn = (chosen.amountIn * (10_000n + bps)) / 10_000n;
    slippage = { quote: `${human(chosen.amountIn, s.decimals)} ${s.symbol}`, limit: `at most ${human(maxIn, s.decimals)} ${s.symbol}` };
    await needBalance(ctx, s, s.collateral, s.symbol, who, maxIn);
    auth = await authorize(ctx, signer, { token: s.collateral, symbol: s.symbol, decimals: s.decimals, spender: ctx.deployment.addresses.coverRouter, needed: maxIn, approve: opts.approve, deadline });
    sent = await sendRouterAction(router, "buyCoverExactOut", [{ seriesId: s.id, route: routeIndex, claimAmount: amount, maxCollateralIn: maxIn, recipient: who, deadline }], auth.permitCalls, "buying cover", s.decimals);
  }
  report(ctx, "buy", s, sent, auth, await balancesOf(ctx, s, who), { route: ROUTES[routeIndex], ...slippage });
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
      .command("buy <series> <amount>")
      .description("buy <amount> CLAIM (or spend <amount> collateral with --spend) on the cheaper route unless --route")
      .option("--spend", "<amount> is the collateral to spend")
      .option("--route <route>", "direct or pair (default: the cheaper, by the lens' quote)")
      .option("--slippage <percent>", "limit vs the quote", "0.5%")
      .option("--approve", "if the allowance is short, approve the router for exactly the limit instead of signing a permit"),
    ["cover buy DEMOLEND-2026-12-18-USDC 1000 --approve", "cover buy DEMOLEND-2026-12-18-USDC 250 --spend --slippage 1%", "cover buy 0x<series id> 10 --route direct --json"],
  ).action(withContext((ctx, series, amount, opts) => buy(ctx, series, amount, opts)));
}
