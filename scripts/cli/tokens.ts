/**
 * Tokens as the token commands (balance, allowance, transfer) name them: a collateral by its symbol on the curated
 * list (USDC), any token by address, or one side of a series (a series reference and `claim` / `noclaim`); and
 * spenders by address or by the name of one of the market's contracts (market, router, pools, committee, parametric).
 */
import { lowerNamesOf, Side, sideToken, valueNamed, type SideValue } from "../lib/market/enums.js";
import { curated } from "../lib/deploy/curated.js";
import type { Context, SeriesInfo } from "./context.js";
import { usage } from "./errors.js";
import { parseAddress } from "./parse.js";

export interface TokenRef {
  address: string;
  /** What the CLI calls it: the collateral's symbol, "CLAIM <handle>", or the token's own symbol. */
  label: string;
  symbol: string;
  decimals: number;
}

/** A token's symbol and decimals, read in one batch; an address that is no ERC-20 is bad input. */
async function readToken(ctx: Context, address: string, label?: string): Promise<TokenRef> {
  const token = ctx.erc20(address);
  const [symbol, decimals] = await Promise.all([token.symbol() as Promise<string>, token.decimals() as Promise<bigint>]).catch(() => {
    throw usage(`${address} is not a token (it answers no ERC-20 symbol() and decimals())`);
  });
  return { address, label: label ?? symbol, symbol, decimals: Number(decimals) };
}

/** One side of a series as a token. */
export function sideOf(s: SeriesInfo, side: SideValue): TokenRef {
  const word = sideToken(side);
  return { address: side === Side.Claim ? s.claim : s.noclaim, label: `${word} ${s.handle}`, symbol: word, decimals: s.decimals };
}

/** Whether `text` names a collateral on the curated list, by symbol. */
export function collateralNamed(ctx: Context, text: string): string | undefined {
  return curated(ctx.deployment).collaterals[String(text).trim().toUpperCase()];
}

/**
 * A token named by `text` (and `sideText` when `text` is a series): a collateral symbol, a token address, or a series
 * reference with claim / noclaim. A series without a side is bad input.
 */
export async function resolveToken(ctx: Context, text: string, sideText?: string): Promise<TokenRef> {
  const s = String(text).trim();
  const collateral = collateralNamed(ctx, s);
  if (collateral) {
    if (sideText !== undefined) throw usage(`${s.toUpperCase()} is a collateral, not a series: it has no side "${sideText}"`);
    return readToken(ctx, collateral, s.toUpperCase());
  }
  if (/^0x[0-9a-fA-F]{40}$/.test(s) && sideText === undefined) return readToken(ctx, parseAddress(s, "token"));
  if (sideText === undefined) {
    const symbols = Object.keys(curated(ctx.deployment).collaterals).join(", ") || "none";
    throw usage(`"${s}" is not a token: name a collateral (${symbols}), a token address, or a series and its side (claim or noclaim)`);
  }
  const side = valueNamed(Side, String(sideText));
  if (side === undefined) throw usage(`the side of series ${s} must be ${lowerNamesOf(Side).join(" or ")}, got "${sideText}"`);
  return sideOf(await ctx.resolveSeries(s), side as SideValue);
}

/** The market's contracts a spender may be named by. */
const SPENDERS = { market: "market", router: "coverRouter", pools: "coverPools", committee: "committeeResolver", parametric: "parametricResolver" } as const;

/** A spender: an address, or the name of one of the market's contracts. */
export function resolveSpender(ctx: Context, text: string): { address: string; name?: string } {
  const s = String(text).trim();
  const key = s.toLowerCase() as keyof typeof SPENDERS;
  if (Object.hasOwn(SPENDERS, key)) return { address: ctx.deployment.addresses[SPENDERS[key]], name: key };
  if (!s.startsWith("0x")) throw usage(`spender "${text}" is neither an address nor one of ${Object.keys(SPENDERS).join(", ")}`);
  return { address: parseAddress(s, "spender") };
}
