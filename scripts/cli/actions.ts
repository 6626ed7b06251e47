/**
 * What the write commands share: the checks made before anything is sent (the series neither expired nor settled,
 * the balance), the action's deadline, the route and the slippage limit against the quoter's quote, the router event
 * that says what a trade did, and the report printed afterwards (hash, gas used, new balances).
 */
import type { Result } from "ethers";
import { isoDate } from "../lib/market/calendar.js";
import { lowerNameOf, Route, SettlementState } from "../lib/market/enums.js";
import type { Authorization } from "./allowance.js";
import type { Context, SeriesInfo } from "./context.js";
import { CliError } from "./errors.js";
import { emit, human, percent } from "./output.js";
import {  } from "./parse.js";
import type { Sent } from "./send.js";

/** How long an action (and its permits) stays valid after the latest block, in seconds. */
const DEADLINE_AFTER = 600n;

/** Balances of `who` in the given tokens, as [label, address] pairs, in human units of `decimals`. */
export async function balancesIn(ctx: Context, who: string, decimals: number, tokens: [string, string][]): Promise<Record<string, string>> {
  const raw = await Promise.all(tokens.map(([, address]) => ctx.erc20(address).balanceOf(who) as Promise<bigint>));
  return Object.fromEntries(tokens.map(([label], i) => [label, human(raw[i], decimals)]));
}

/** Collateral, CLAIM and NOCLAIM balances of `who` in series `s`. */
export function balancesOf(ctx: Context, s: SeriesInfo, who: string): Promise<Record<string, string>> {
  return balancesIn(ctx, who, s.decimals, [[s.collateralSymbol, s.collateral], ["CLAIM", s.claim], ["NOCLAIM", s.noclaim]]);
}

/**
 * Refuses a series that expired or was settled by an incident before anything (an approval included) is sent;
 * `ended` says what is no longer possible.
 */
export async function needLive(ctx: Context, s: SeriesInfo, ended = "no more minting or buying") {
  const now = (await ctx.provider.getBlock("latest"))!.timestamp;
  if (now >= s.expiry) throw new CliError(`${s.handle}: the series expired on ${isoDate(BigInt(s.expiry))}: ${ended}; nothing was sent`);
  const status = await ctx.contracts.market.seriesStatus(s.id);
  if (Number(status.state) !== SettlementState.Open) {
    throw new CliError(`${s.handle}: the series is settled by an incident (CLAIM pays ${percent(status.payout)}): ${ended}; redeem it instead (cover redeem); nothing was sent`);
  }
}

/** Refuses when `who` holds less than `needed` of `token` (`name` in the message). */
export async function needBalance(ctx: Context, s: SeriesInfo, token: string, name: string, who: string, needed: bigint) {
  const have: bigint = await ctx.erc20(token).balanceOf(who);
  if (have < needed) throw new CliError(`insufficient ${name}: you have ${human(have, s.decimals)}, this needs ${human(needed, s.decimals)}; nothing was sent`);
}

/** The deadline of an action and of its permits: a few minutes after the latest block. */
export async function deadlineOf(ctx: Context): Promise<bigint> {
  return BigInt((await ctx.provider.getBlock("latest"))!.timestamp) + DEADLINE_AFTER;
}

/** One route's quote from the quoter (ICoverQuoter.RouteQuote). */
export interface RouteQuote {
  ok: boolean;
  amountIn: bigint;
  amountOut: bigint;
}

/** The route to trade by: `forced` (a Route index) if given, else the quoter's better one; refused when it cannot fill. */
export function chooseRoute(q: { direct: RouteQuote; pair: RouteQuote; best: bigint }, forced?: number): { route: number; quote: RouteQuote } {
  const route = forced ?? Number(q.best);
  const quote = route === Route.Direct ? q.direct : q.pair;
  if (!quote.ok) throw new CliError(`the ${lowerNameOf(Route, route)} route cannot fill this now (no pool, no price or not enough liquidity); nothing was sent`);
  return { route, quote };
}

/** A slippage limit and how it is shown: the quote against the limit. */
export interface Limit {
  raw: bigint;
  /** The quote and the limit in words, with their unit. */
  shown: { quote: string; limit: string };
  /** Whether `amount` meets the limit. */
  met(amount: bigint): boolean;
}

/** The least to accept for a quoted output: `explicit` if given, else the quote less `bps` basis points. */
export function minimumOut(quoted: bigint, bps: bigint, unit: string, decimals: number, explicit?: bigint): Limit {
  const raw = explicit ?? (quoted * (10_000n - bps)) / 10_000n;
  return { raw, shown: { quote: `${human(quoted, decimals)} ${unit}`, limit: `at least ${human(raw, decimals)} ${unit}` }, met: (amount) => amount >= raw };
}

/** The most to pay for a quoted input: `explicit` if given, else the quote plus `bps` basis points. */
export function maximumIn(quoted: bigint, bps: bigint, unit: string, decimals: number, explicit?: bigint): Limit {
  const raw = explicit ?? (quoted * (10_000n + bps)) / 10_000n;
  return { raw, shown: { quote: `${human(quoted, decimals)} ${unit}`, limit: `at most ${human(raw, decimals)} ${unit}` }, met: (amount) => amount <= raw };
}

/**
 * For AllowanceNeed.beforeApproval: a limit the quoter's quote already misses is refused before an approval is sent
 * for an action bound to fail. (With a permit, the simulation of the action itself refuses it.)
 */
export function quoteWithin(what: string, quoted: bigint, limit: Limit): () => void {
  return () => {
    if (!limit.met(quoted)) throw new CliError(`${what} would fail, nothing was sent: slippage: the quoter quotes ${limit.shown.quote}, your limit is ${limit.shown.limit}`);
  };
}

/** The first event `name` that `contract` (that address only: another contract may emit a look-alike) emitted in a sent transaction. */
export function eventOf(contract: { target: unknown; interface: { parseLog(log: { topics: readonly string[]; data: string }): { name: string; args: Result } | null } }, sent: Sent, name: string): Result {
  const address = String(contract.target).toLowerCase();
  for (const log of sent.logs) {
    if (log.address.toLowerCase() !== address) continue;
    let parsed: { name: string; args: Result } | null = null;
    try {
      parsed = contract.interface.parseLog(log);
    } catch {
      /* another contract's event */
    }
    if (parsed?.name === name) return parsed.args;
  }
  throw new CliError(`transaction ${sent.hash} was mined but emitted no ${name} event`);
}

/** Prints what a sent action did: approvals or permits, hash, gas used, `extra` facts and the new balances (and `jsonOnly` in JSON). */
export function report(
  ctx: Context,
  action: string,
  s: SeriesInfo,
  sent: Sent,
  auth: Authorization | Authorization[] | undefined,
  balances: Record<string, string>,
  extra: Record<string, unknown> = {},
  /** Fields for --json only (raw figures the text already says in words). */
  jsonOnly: Record<string, unknown> = {},
) {
  const auths = auth === undefined ? [] : Array.isArray(auth) ? auth : [auth];
  const approvals = auths.flatMap((a) => (a.approval ? [a.approval] : []));
  const hows = [...new Set(auths.map((a) => a.how).filter((h) => h !== "allowance"))];
  const authorizedBy = auths.length === 0 ? null : hows.length === 0 ? "allowance" : hows.join("+");
  const approval = approvals[0] ? { hash: approvals[0].hash, gasUsed: approvals[0].gasUsed } : null;
  const data = {
    action, series: s.handle, id: s.id, listed: s.listed, ...extra, ...jsonOnly, authorizedBy, approval,
    ...(approvals.length > 1 ? { approvals: approvals.map((a) => ({ hash: a.hash, gasUsed: a.gasUsed })) } : {}),
    hash: sent.hash, gasUsed: sent.gasUsed, block: sent.blockNumber, balances,
  };
  emit(ctx.options.json, data, () =>
    [
      ...approvals.map((a) => `approved: ${a.hash} (gas ${a.gasUsed})`),
      ...(hows.includes("permit") ? ["allowance: by permit, signed and sent with the action in one transaction"] : []),
      `${action} ${s.handle}${s.listed ? "" : " (UNLISTED)"}: ${sent.hash}`,
      `  gas used: ${sent.gasUsed}`,
      ...Object.entries(extra).map(([k, v]) => `  ${k}: ${v}`),
      `  balances now: ${Object.entries(balances).map(([k, v]) => `${v} ${k}`).join(", ")}`,
    ].join("\n"),
  );
}
