/**
 * Token commands: balance (of collaterals, a token, or a series' three tokens), allowance (of a spender, by address or
 * by the name of a market contract) and transfer (a collateral, any token, or one side of a series). Tokens and
 * spenders are named as tokens.ts reads them; addresses go through parseAddress (checksum checked). A transfer checks
 * the balance before anything is sent (short: bad input, exit 2), simulates and sends.
 */
import type { Command } from "commander";
import { formatEther } from "ethers";
import { curated } from "../../lib/deploy/curated.js";
import { Side } from "../../lib/market/enums.js";
import type { Context } from "../context.js";
import { usage } from "../errors.js";
import { emit, human, table } from "../output.js";
import { parseAddress, parseAmount } from "../parse.js";
import { examples, withContext } from "../program.js";
import { simulateAndSend } from "../send.js";
import { collateralNamed, resolveSpender, resolveToken, sideOf, type TokenRef } from "../tokens.js";

/** The account an --account option names, else the signer's. */
async function accountOf(ctx: Context, text?: string): Promise<string> {
  return text === undefined ? (await ctx.signer()).getAddress() : parseAddress(text, "--account");
}

/** The tokens `balance` shows for its argument: one token, a series' collateral and sides, or every curated collateral. */
async function tokensFor(ctx: Context, text?: string, sideText?: string): Promise<TokenRef[]> {
  if (text === undefined) return Promise.all(Object.keys(curated(ctx.deployment).collaterals).map((symbol) => resolveToken(ctx, symbol)));
  const s = String(text).trim();
  if (sideText !== undefined || collateralNamed(ctx, s) || /^0x[0-9a-fA-F]{40}$/.test(s)) return [await resolveToken(ctx, s, sideText)];
  const series = await ctx.resolveSeries(s);
  return [{ address: series.collateral, label: series.collateralSymbol, symbol: series.collateralSymbol, decimals: series.decimals }, sideOf(series, Side.Claim), sideOf(series, Side.Noclaim)];
}

async function balance(ctx: Context, text: string | undefined, sideText: string | undefined, opts: { account?: string }) {
  const account = await accountOf(ctx, opts.account);
  const tokens = await tokensFor(ctx, text, sideText);
  const [raw, eth] = await Promise.all([
    Promise.all(tokens.map((t) => ctx.erc20(t.address).balanceOf(account) as Promise<bigint>)),
    text === undefined ? ctx.provider.getBalance(account) : Promise.resolve(undefined),
  ]);
  const rows = tokens.map((t, i) => ({ token: t.label, address: t.address, decimals: t.decimals, balance: human(raw[i], t.decimals) }));
  const all = eth === undefined ? rows : [{ token: "ETH", address: null, decimals: 18, balance: formatEther(eth).replace(/\.0$/, "") }, ...rows];
  emit(ctx.options.json, { account, balances: all }, () =>
    [`account ${account}`, table(["Token", "Balance", "Address"], all.map((r) => [r.token, r.balance, r.address ?? "(native)"]), ["Balance"])].join("\n"),
  );
}

async function allowance(ctx: Context, args: string[], opts: { account?: string }) {
  if (args.length < 2 || args.length > 3) throw usage(`allowance takes <token> <spender>, or <series> <side> <spender>; got ${args.length} argument(s)`);
  const spender = resolveSpender(ctx, args[args.length - 1]);
  const token = await resolveToken(ctx, args[0], args.length === 3 ? args[1] : undefined);
  const owner = await accountOf(ctx, opts.account);
  const raw: bigint = await ctx.erc20(token.address).allowance(owner, spender.address);
  const spenderShown = spender.name ? `${spender.name} (${spender.address})` : spender.address;
  emit(ctx.options.json, { token: token.label, address: token.address, decimals: token.decimals, owner, spender: spender.address, spenderName: spender.name ?? null, allowance: human(raw, token.decimals) }, () =>
    `${token.label} allowance of ${spenderShown} from ${owner}: ${human(raw, token.decimals)}`,
  );
}

async function transfer(ctx: Context, args: string[]) {
  if (args.length < 3 || args.length > 4) throw usage(`transfer takes <token> <to> <amount>, or <series> <side> <to> <amount>; got ${args.length} argument(s)`);
  const [amountText, toText] = [args[args.length - 1], args[args.length - 2]];
  const to = parseAddress(toText, "recipient");
  if (BigInt(to) === 0n) throw usage("recipient is the zero address: that would burn the tokens; nothing was sent");
  const token = await resolveToken(ctx, args[0], args.length === 4 ? args[1] : undefined);
  const amount = parseAmount(amountText, token.decimals, `amount (${token.label})`);
  const signer = await ctx.signer();
  const from = await signer.getAddress();
  const erc20 = ctx.erc20(token.address, signer);
  const have: bigint = await erc20.balanceOf(from);
  if (have < amount) throw usage(`insufficient ${token.label}: you have ${human(have, token.decimals)}, this needs ${human(amount, token.decimals)}; nothing was sent`);
  const sent = await simulateAndSend(erc20, "transfer", [to, amount], `transferring ${human(amount, token.decimals)} ${token.label} to ${to}`, token.decimals);
  const [mine, theirs] = await Promise.all([erc20.balanceOf(from) as Promise<bigint>, erc20.balanceOf(to) as Promise<bigint>]);
  const balances = { from: human(mine, token.decimals), to: human(theirs, token.decimals) };
  emit(ctx.options.json, { action: "transfer", token: token.label, address: token.address, decimals: token.decimals, from, to, amount: human(amount, token.decimals), hash: sent.hash, gasUsed: Number(sent.gasUsed), block: sent.blockNumber, balances }, () =>
    [
      `transfer ${human(amount, token.decimals)} ${token.label} to ${to}: ${sent.hash}`,
      `  gas used: ${sent.gasUsed}`,
      `  balances now: you ${balances.from}, ${to} ${balances.to} ${token.label}`,
    ].join("\n"),
  );
}

export function registerTokenCommands(program: Command): void {
  examples(
    program
      .command("balance [token] [side]")
      .description("token balances: every curated collateral (and ETH), one token (symbol or address), a series' collateral, CLAIM and NOCLAIM, or one side (<series> claim)")
      .option("--account <address>", "whose balances (default: yours)"),
    ["cover balance", "cover balance USDC --account 0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "cover balance DEMOLEND-2026-12-18-USDC", "cover balance DEMOLEND-2026-12-18-USDC claim --json"],
  ).action(withContext((ctx, token, side, opts) => balance(ctx, token, side, opts)));

  examples(
    program
      .command("allowance")
      .argument("<token-and-spender...>", "<token> <spender>, or <series> <side> <spender>")
      .usage("[options] <token|series side> <spender>")
      .description("how much <spender> (an address, or market, router, pools, committee, parametric) may spend of a token of yours")
      .option("--account <address>", "whose allowance (default: yours)"),
    ["cover allowance USDC router", "cover allowance DEMOLEND-2026-12-18-USDC claim router --json", "cover allowance 0x<token> 0x<spender>"],
  ).action(withContext((ctx, args, opts) => allowance(ctx, args, opts)));

  examples(
    program
      .command("transfer")
      .argument("<token-to-amount...>", "<token> <to> <amount>, or <series> <side> <to> <amount>")
      .usage("[options] <token|series side> <to> <amount>")
      .description("send <amount> of a collateral, a token or one side of a series to <to> (checksum checked; a short balance is refused before sending)"),
    ["cover transfer USDC 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 250", "cover transfer DEMOLEND-2026-12-18-USDC claim 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 100 --json"],
  ).action(withContext((ctx, args) => transfer(ctx, args)));
}
