/**
 * What the write commands share: the checks made before anything is sent (the series neither expired nor settled,
 * the balance), the action's deadline, the route and the slippage limit against the quoter's quote, the router event
 * that says what a trade did, and the report printed afterwards (hash, gas used, new balances).
 */
import type { Result } from "ethers";
import { isoDate } from "../lib/market/calendar.js";
import { lowerNameOf, PriceStatus, Route, SettlementState, Side } from "../lib/market/enums.js";
import type { Authorization } from "./allowance.js";
import type { Context, SeriesInfo } from "./context.js";
import { CliError, usage } from "./errors.js";
import { emit, human, percent } from "./output.js";
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

/** A settled series in words: what each token redeems for, with the hint to redeem. */
export function settledWords(s: SeriesInfo, state: number | bigint, payout: bigint): string {
  const how = Number(state) === SettlementState.ByIncident ? "by an incident" : "at expiry without an incident";
  return `settled ${how}: each CLAIM redeems for ${human(payout, 18)} ${s.collateralSymbol} and each NOCLAIM for ${human(10n ** 18n - payout, 18)} ${s.collateralSymbol} (CLAIM pays ${percent(payout)}); redeem them with \`cover redeem ${s.handle}\``;
}

/**
 * Refuses a series that is settled (saying what its tokens redeem for) or expired before anything (an approval
 * included) is sent; `ended` says what is no longer possible. Bad input (exit 2): another series is the fix.
 */
export async function needLive(ctx: Context, s: SeriesInfo, ended = "no more minting or buying") {
  const [block, flags] = await Promise.all([ctx.provider.getBlock("latest"), ctx.contracts.riskOracle.seriesFlags(s.id)]);
  if (Number(flags.state) !== SettlementState.Open) throw usage(`${s.handle}: the series is ${settledWords(s, flags.state, flags.payout)}: ${ended}; nothing was sent`);
  if (block!.timestamp >= s.expiry) throw usage(`${s.handle}: the series expired on ${isoDate(BigInt(s.expiry))}: ${ended}; nothing was sent`);
}

/** Refuses (exit 2) when `who` holds less than `needed` of `token` (`name` in the message). */
export async function needBalance(ctx: Context, s: SeriesInfo, token: string, name: string, who: string, needed: bigint) {
  const have: bigint = await ctx.erc20(token).balanceOf(who);
  if (have < needed) throw usage(`insufficient ${name}: you have ${human(have, s.decimals)}, this needs ${human(needed, s.decimals)}; nothing was sent`);
}

/** The most slippage accepted without --yes, in basis points (5%). */
export const SLIPPAGE_WITHOUT_YES = 500n;
/** The most price impact accepted without --yes, as a fraction (2%). */
export const IMPACT_WITHOUT_YES = 0.02;

/** Refuses (exit 2) what needs --yes when it was not given: `what` says what, and why it needs it. */
export function needYes(ctx: Context, what: string): void {
  if (!ctx.options.yes) throw usage(`${what}: rerun with --yes to accept it; nothing was sent`);
}

/** Refuses slippage above 5% without --yes. */
export function needSlippageConsent(ctx: Context, bps: bigint): void {
  if (bps > SLIPPAGE_WITHOUT_YES) needYes(ctx, `slippage ${Number(bps) / 100}% is above ${Number(SLIPPAGE_WITHOUT_YES) / 100}%: the trade may fill that far from the quote`);
}

/**
 * A trade's price impact: how far the quote's average price per token is from the pool's spot price (slot0, the
 * risk oracle's spotRisk), fee included; `buying` says the side is bought (paying more is worse). Null without a
 * spot price to compare with.
 */
export async function priceImpact(ctx: Context, s: SeriesInfo, side: number, route: number, amount: bigint, collateral: bigint, buying: boolean): Promise<number | null> {
  const spot = await ctx.contracts.riskOracle.spotRisk(s.id);
  if (Number(spot.status) !== PriceStatus.Ok || amount === 0n) return null;
  const [claim, noclaim] = [Number(spot.claimPrice) / 1e18, Number(spot.noclaimPrice) / 1e18];
  // Direct trades the side in its own pool; pair mints or merges a pair and trades the other side.
  const own = side === Side.Claim ? claim : noclaim;
  const other = side === Side.Claim ? noclaim : claim;
  const reference = route === Route.Direct ? own : 1 - other;
  if (!(reference > 0)) return null;
  const average = Number(collateral) / Number(amount);
  return buying ? average / reference - 1 : 1 - average / reference;
}

/** Refuses a price impact above 2% without --yes (`what` names the trade). */
export function needImpactConsent(ctx: Context, what: string, impact: number | null): void {
  if (impact !== null && impact > IMPACT_WITHOUT_YES) needYes(ctx, `${what} has a price impact of ${(impact * 100).toFixed(2)}% (its average price against the pool's spot price), above ${IMPACT_WITHOUT_YES * 100}%`);
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
export function chooseRoute(q: { direct: RouteQuote; pair: RouteQuote; best: bigint }, forced?: number, more = ""): { route: number; quote: RouteQuote } {
  const route = forced ?? Number(q.best);
  const quote = route === Route.Direct ? q.direct : q.pair;
  if (!quote.ok) throw new CliError(`the ${lowerNameOf(Route, route)} route cannot fill this now (no pool, no price or not enough liquidity)${more}; nothing was sent`);
  return { route, quote };
}

/**
 * The route to trade `amount` by (chooseRoute); when it cannot fill, the refusal says the most it can fill now:
 * `requote` quotes another amount, searched by halving down to a whole token (10^decimals raw), `unit` names it.
 */
export async function chooseRouteOrSayMax(
  q: { direct: RouteQuote; pair: RouteQuote; best: bigint },
  forced: number | undefined,
  amount: bigint,
  requote: (amount: bigint) => Promise<{ direct: RouteQuote; pair: RouteQuote; best: bigint }>,
  unit: string,
  decimals: number,
): Promise<{ route: number; quote: RouteQuote }> {
  const fills = (r: { direct: RouteQuote; pair: RouteQuote }) => (forced === undefined ? r.direct.ok || r.pair.ok : (forced === Route.Direct ? r.direct : r.pair).ok);
  if ((forced === undefined ? (Number(q.best) === Route.Direct ? q.direct : q.pair) : forced === Route.Direct ? q.direct : q.pair).ok) return chooseRoute(q, forced);
  const step = 10n ** BigInt(decimals);
  let [lo, hi] = [0n, amount / step]; // whole tokens: lo fills (0 trivially), hi + 1 does not
  while (lo < hi) {
    const mid = (lo + hi + 1n) / 2n;
    if (fills(await requote(mid * step))) lo = mid;
    else hi = mid - 1n;
  }
  const which = forced === undefined ? "either route" : `the ${lowerNameOf(Route, forced)} route`;
  const most = lo === 0n ? `; ${which} fills less than 1 ${unit} now` : `; the most ${which} fills now is about ${human(lo * step, decimals)} ${unit}`;
  return chooseRoute(q, forced, most);
}

/** A slippage limit and how it is shown: the quote against the limit. */
export interface Limit {
  raw: bigint;
  /** The quote and the limit in words, with their unit. */
  shown: { quote: string; limit: string };
  /** The same for --json: decimal strings in `limitUnit`. */
  json: { quote: string; limit: string; limitUnit: string };
  /** Whether `amount` meets the limit. */
  met(amount: bigint): boolean;
}

/** The least to accept for a quoted output: `explicit` if given, else the quote less `bps` basis points. */
export function minimumOut(quoted: bigint, bps: bigint, unit: string, decimals: number, explicit?: bigint): Limit {
  const raw = explicit ?? (quoted * (10_000n - bps)) / 10_000n;
  return {
    raw, shown: { quote: `${human(quoted, decimals)} ${unit}`, limit: `at least ${human(raw, decimals)} ${unit}` },
    json: { quote: human(quoted, decimals), limit: human(raw, decimals), limitUnit: unit.split(" ")[0] }, met: (amount) => amount >= raw,
  };
}

/** The most to pay for a quoted input: `explicit` if given, else the quote plus `bps` basis points. */
export function maximumIn(quoted: bigint, bps: bigint, unit: string, decimals: number, explicit?: bigint): Limit {
  const raw = explicit ?? (quoted * (10_000n + bps)) / 10_000n;
  return {
    raw, shown: { quote: `${human(quoted, decimals)} ${unit}`, limit: `at most ${human(raw, decimals)} ${unit}` },
    json: { quote: human(quoted, decimals), limit: human(raw, decimals), limitUnit: unit.split(" ")[0] }, met: (amount) => amount <= raw,
  };
}

/** A signed amount as a decimal string ("-2.5"). */
export function signedHuman(raw: bigint, decimals: number): string {
  return raw < 0n ? `-${human(-raw, decimals)}` : human(raw, decimals);
}

/**
 * The least net collateral to accept for a roll quoted at `net` (negative: paid): `explicit` if given, else the net
 * worse by `bps` basis points of itself (receive 1.19 at 2%: at least 1.1662; pay 157 at 2%: at most 160.14).
 */
export function minimumNet(net: bigint, bps: bigint, explicit?: bigint): bigint {
  if (explicit !== undefined) return explicit;
  const magnitude = net < 0n ? -net : net;
  // Rounded towards the quote (a limit never looser than the slippage asked for).
  return net - (magnitude * bps) / 10_000n;
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

/**
 * Prints what a sent action did: approvals or permits, hash, gas used, the `text` facts (in words, with units) and
 * the new balances; in JSON the `json` facts instead (numbers, and token amounts as decimal strings in the
 * `decimals` given with them), in the shape README's "JSON" section documents.
 */
export function reportAction(
  ctx: Context,
  action: string,
  s: SeriesInfo,
  sent: Sent,
  auth: Authorization | Authorization[] | undefined,
  balances: Record<string, string>,
  facts: { text: Record<string, unknown>; json: Record<string, unknown> },
) {
  const auths = auth === undefined ? [] : Array.isArray(auth) ? auth : [auth];
  const approvals = auths.flatMap((a) => (a.approval ? [a.approval] : []));
  const hows = [...new Set(auths.map((a) => a.how).filter((h) => h !== "allowance"))];
  const authorizedBy = auths.length === 0 ? null : hows.length === 0 ? "allowance" : hows.join("+");
  const approval = approvals[0] ? { hash: approvals[0].hash, gasUsed: Number(approvals[0].gasUsed) } : null;
  const data = {
    action, series: s.handle, id: s.id, listed: s.listed, collateral: s.collateralSymbol, decimals: s.decimals, ...facts.json, authorizedBy, approval,
    ...(approvals.length > 1 ? { approvals: approvals.map((a) => ({ hash: a.hash, gasUsed: Number(a.gasUsed) })) } : {}),
    hash: sent.hash, gasUsed: Number(sent.gasUsed), block: sent.blockNumber, balances,
  };
  emit(ctx.options.json, data, () =>
    [
      ...approvals.map((a) => `approved: ${a.hash} (gas ${a.gasUsed})`),
      ...(hows.includes("permit") ? ["allowance: by permit, signed and sent with the action in one transaction"] : []),
      `${action} ${s.handle}${s.listed ? "" : " (UNLISTED)"}: ${sent.hash}`,
      `  gas used: ${sent.gasUsed}`,
      ...Object.entries(facts.text).map(([k, v]) => `  ${k}: ${v}`),
      `  balances now: ${Object.entries(balances).map(([k, v]) => `${v} ${k}`).join(", ")}`,
    ].join("\n"),
  );
}
