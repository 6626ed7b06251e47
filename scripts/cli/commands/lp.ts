/**
 * Liquidity commands: `lp add`, `lp remove`, `lp list`, with ranges in implied-risk terms.
 *
 * - Which pool: one pool of the series per position, CLAIM/collateral by default or NOCLAIM/collateral with
 *   `--side noclaim`. A risk range r1:r2 is CLAIM prices r1..r2 in the CLAIM pool, NOCLAIM prices 1-r2..1-r1 in the
 *   NOCLAIM pool (scripts/lib/market/pricing.ts), rounded inwards to the pool's tick spacing (read from the pool); the
 *   rounded range is shown, in risk terms, before and after sending.
 * - What <amount> is: the position's size in collateral at face value, cover tokens plus collateral deposited,
 *   split between the two as the current price and the range require (the quoter's quoteAddLiquidity). By default
 *   the router mints the cover tokens from your collateral in the same transaction and you keep the other side
 *   (NOCLAIM when providing to the CLAIM pool), so only collateral is spent; `--no-mint` deposits cover tokens
 *   you hold instead. What the pool does not take is refunded (unused minted pairs merged back).
 * - `lp add --to <id>` adds to a position of yours instead of minting one: its pool gives the side and its ticks the
 *   range, so `--range` is refused with it and a `--side` must agree. The position is read and checked like
 *   `lp remove`'s (lpPositions.ts: it exists and is in a cover pool) and must be yours, of the series named and in
 *   the router's pool of it (the one the quoter quotes); no NFT permit is needed, since the position manager lets
 *   anyone increase a position's liquidity (which is also why the CLI checks the owner itself).
 * - `lp remove` takes a share of a position you own through the router: the position's NFT permit (signed for the
 *   router) and the removal in one multicall. Removing 100% collects every fee and burns the emptied NFT.
 *   `--merge` turns the cover tokens collected into collateral with the other side you hold; `--redeem`, once the
 *   series is settled, redeems them at the payout in the same transaction.
 */
import type { Command } from "commander";
import type { Signer } from "ethers";
import { lowerNameOf, SettlementState, Side, sideToken, Unwind, type SideValue } from "../../lib/market/enums.js";
import { isToken0, priceFromSqrtPriceX96, rangeForRisk, riskOfPrice, riskRangeOfTicks } from "../../lib/market/pricing.js";
import { authorize, type Authorization } from "../allowance.js";
import type { Context, SeriesInfo } from "../context.js";
import { CliError, usage } from "../errors.js";
import { emit, human, percent, table } from "../output.js";
import { parseAmount, parsePercent, parsePositionId, parseRiskRange, parseSide, parseSlippage } from "../parse.js";
import { examples, withContext } from "../program.js";
import { sendRouterAction } from "../send.js";
import { signPositionPermit } from "../../lib/chain/permit.js";
import { coverPosition, coverPositionsOf, poolContract, poolNow, positionManager, removalValue, requireOwnPosition, type CoverPosition } from "../lpPositions.js";
import { balancesOf, deadlineOf, eventOf, needBalance, needLive, needSlippageConsent, reportAction } from "../actions.js";

const BPS = 10_000n;

/** A risk range as people read it: "2.01% to 9.97%". */
const riskRange = (low: bigint, high: bigint) => `${percent(low)} to ${percent(high)}`;

/** "12.5 CLAIM + 40 USDC". */
const pairText = (s: SeriesInfo, side: SideValue, cover: bigint, collateral: bigint) => `${human(cover, s.decimals)} ${sideToken(side)} + ${human(collateral, s.decimals)} ${s.collateralSymbol}`;

/** The same pair for --json: decimal strings by token ({ CLAIM: "12.5", USDC: "40" }). */
const pairJson = (s: SeriesInfo, side: SideValue, cover: bigint, collateral: bigint) => ({ [sideToken(side)]: human(cover, s.decimals), [s.collateralSymbol]: human(collateral, s.decimals) });

/** What is about to be sent, on stderr (text mode only: with --json, stdout carries the one JSON result). */
function preview(ctx: Context, lines: string[]): void {
  if (!ctx.options.json) process.stderr.write(lines.join("\n") + "\n");
}

/**
 * Several authorizations as one for report(): every permit call in one multicall, and the approvals sent (the
 * last as `approval`, any earlier ones named in the extra fields).
 */
function combine(auths: { name: string; auth: Authorization }[]): { auth: Authorization; extra: Record<string, string>; earlierApprovals: { token: string; hash: string; gasUsed: number }[] } {
  const approvals = auths.filter((a) => a.auth.approval);
  const extra: Record<string, string> = {};
  for (const a of approvals.slice(0, -1)) extra[`${a.name} approval`] = `${a.auth.approval!.hash} (gas ${a.auth.approval!.gasUsed})`;
  const earlierApprovals = approvals.slice(0, -1).map((a) => ({ token: a.name, hash: a.auth.approval!.hash, gasUsed: Number(a.auth.approval!.gasUsed) }));
  const how = approvals.length ? "approval" : auths.some((a) => a.auth.how === "permit") ? "permit" : "allowance";
  return { auth: { approval: approvals.at(-1)?.auth.approval, permitCalls: auths.flatMap((a) => a.auth.permitCalls), how }, extra, earlierApprovals };
}

interface AddOptions {
  range?: string;
  to?: string;
  side?: string;
  mint: boolean;
  slippage: string;
  approve?: boolean;
}

/**
 * Where `lp add` deposits, from its options alone (before a market is asked): a new position over `--range`, or
 * the existing position `--to`, whose range it keeps. Bad combinations are usage errors.
 */
function addMode(opts: AddOptions): { kind: "new"; range: { low: bigint; high: bigint }; text: string } | { kind: "existing"; tokenId: bigint } {
  if (opts.to !== undefined) {
    const tokenId = parsePositionId(opts.to);
    if (opts.range !== undefined) throw usage(`--range and --to exclude each other: adding to position ${tokenId} keeps its range (drop --range), or give --range alone for a new position`);
    return { kind: "existing", tokenId };
  }
  if (opts.range === undefined) throw usage("required option '--range <low:high>' not specified (or --to <positionId> to add to a position of yours)");
  return { kind: "new", range: parseRiskRange(opts.range), text: opts.range };
}

/** A deposit's pool and ticks: a new range (rounded to the spacing) or an existing position's. */
interface AddTarget {
  side: SideValue;
  /** The router's pool of the series and side. */
  pool: string;
  tickLower: number;
  tickUpper: number;
  /** The range in risk terms (WAD) of the ticks. */
  rounded: { low: bigint; high: bigint };
  /** The position added to; undefined for a new one. */
  position?: CoverPosition;
}

/**
 * Position `tokenId` as a target for `lp add` to series `s`: read and checked as `lp remove` does (it exists, in a
 * cover pool), then it must be of `s`, of the side asked if one was, in the router's pool (the one the quoter quotes
 * and the router's event names) and, last (it needs the key), yours. Refused with the reason before anything is sent.
 */
async function existingTarget(
  ctx: Context,
  s: SeriesInfo,
  tokenId: bigint,
  asked: SideValue | undefined,
  routerPool: (side: SideValue) => Promise<string>,
  signer: () => Promise<Signer>,
): Promise<AddTarget> {
  const p = await coverPosition(ctx, tokenId);
  const name = sideToken(p.side);
  if (p.series.id.toLowerCase() !== s.id.toLowerCase()) {
    throw usage(`position ${tokenId} is in the ${name} pool of ${p.series.handle}${p.series.listed ? "" : " (UNLISTED)"}, not of ${s.handle}: name its series, or add a new position with --range`);
  }
  if (asked !== undefined && asked !== p.side) {
    throw usage(`--side ${sideToken(asked).toLowerCase()} contradicts position ${tokenId}, which is in the ${name} pool of ${s.handle}: drop --side (it comes from the position)`);
  }
  const pool = await routerPool(p.side);
  if (p.pool.toLowerCase() !== pool.toLowerCase()) {
    throw usage(`position ${tokenId} is in a ${p.fee / 10_000}% fee ${name} pool of ${s.handle} (${p.pool}), not the router's (${pool}): the router and the quoter quote only the latter; nothing was sent`);
  }
  await requireOwnPosition(ctx, tokenId, await (await signer()).getAddress());
  return { side: p.side, pool, tickLower: p.tickLower, tickUpper: p.tickUpper, rounded: { low: p.riskLow, high: p.riskHigh }, position: p };
}

async function add(ctx: Context, seriesText: string, amountText: string, opts: AddOptions) {
  const mode = addMode(opts);
  const askedSide = opts.side === undefined ? undefined : parseSide(opts.side);
  const bps = parseSlippage(opts.slippage);
  needSlippageConsent(ctx, bps);
  const s = await ctx.resolveSeries(seriesText);
  const amount = parseAmount(amountText, s.decimals, `amount (${s.collateralSymbol})`);
  await needLive(ctx, s);
  const { router: routerRead, quoter } = ctx.contracts;
  const routerPool = async (side: SideValue): Promise<string> => {
    const address: string = await routerRead.poolOf(s.id, side);
    if ((await ctx.provider.getCode(address)) === "0x") throw new CliError(`${s.handle} has no ${sideToken(side)} pool yet; nothing was sent`);
    return address;
  };

  // The pool and the ticks: from the position added to, or the range asked rounded inwards to the pool's spacing.
  let target: AddTarget;
  let signerAsked: Promise<Signer> | undefined;
  const signerOnce = () => (signerAsked ??= ctx.signer()); // the key is asked for once, and only when needed
  if (mode.kind === "existing") {
    target = await existingTarget(ctx, s, mode.tokenId, askedSide, routerPool, signerOnce);
  } else {
    const side = askedSide ?? Side.Claim;
    const address = await routerPool(side);
    const pool = poolContract(ctx, address);
    const spacing = Number(await pool.tickSpacing());
    const coverIsToken0 = isToken0(side === Side.Claim ? s.claim : s.noclaim, s.collateral);
    let ticks: { tickLower: number; tickUpper: number };
    try {
      ticks = rangeForRisk(mode.range.low, mode.range.high, side, coverIsToken0, spacing);
    } catch {
      throw usage(`--range ${mode.text} is narrower than one tick spacing of the ${sideToken(side)} pool (${spacing} ticks, about ${(spacing / 100).toFixed(1)}% in price): widen it`);
    }
    target = { side, pool: address, ...ticks, rounded: riskRangeOfTicks(ticks.tickLower, ticks.tickUpper, side, coverIsToken0) };
  }
  const { side, tickLower, tickUpper, position } = target;
  const name = sideToken(side);
  const cover = side === Side.Claim ? s.claim : s.noclaim;
  const coverIsToken0 = isToken0(cover, s.collateral);
  const pool = poolContract(ctx, target.pool);
  const slot0 = await pool.slot0();
  if (slot0.sqrtPriceX96 === 0n) throw new CliError(`the ${name} pool of ${s.handle} has no price yet; nothing was sent`);
  const spacing = Number(await pool.tickSpacing());
  const riskNow = riskOfPrice(priceFromSqrtPriceX96(slot0.sqrtPriceX96, coverIsToken0), side);

  // Split the amount between cover tokens and collateral in the proportion the range takes at the current price.
  const probe = await quoter.quoteAddLiquidity(s.id, side, tickLower, tickUpper, amount, amount);
  const total = BigInt(probe.coverAmount) + BigInt(probe.collateralAmount);
  if (total === 0n) throw usage(`amount ${amountText} ${s.collateralSymbol} is too small to add liquidity over this range`);
  const coverDesired = (amount * BigInt(probe.coverAmount)) / total;
  const collateralDesired = amount - coverDesired;
  const q = await quoter.quoteAddLiquidity(s.id, side, tickLower, tickUpper, coverDesired, collateralDesired);
  if (BigInt(q.liquidity) === 0n) throw usage(`amount ${amountText} ${s.collateralSymbol} is too small to add liquidity over this range`);
  const coverMin = (BigInt(q.coverAmount) * (BPS - bps)) / BPS;
  const collateralMin = (BigInt(q.collateralAmount) * (BPS - bps)) / BPS;
  const slippage = { quote: `deposit ${pairText(s, side, q.coverAmount, q.collateralAmount)}`, limit: `at least ${pairText(s, side, coverMin, collateralMin)}` };
  const slippageJson = { quote: pairJson(s, side, q.coverAmount, q.collateralAmount), limit: pairJson(s, side, coverMin, collateralMin) };
  const rangeText = `${riskRange(target.rounded.low, target.rounded.high)} implied risk (ticks ${tickLower} to ${tickUpper}, spacing ${spacing})`;
  const where = position
    ? `position ${position.tokenId} (liquidity ${position.liquidity}), ${name} pool of ${s.handle}${s.listed ? "" : " (UNLISTED)"}, its range ${rangeText}`
    : `${name} pool of ${s.handle}${s.listed ? "" : " (UNLISTED)"}, range ${rangeText}${mode.kind === "new" ? `; asked ${riskRange(mode.range.low, mode.range.high)}` : ""}`;
  preview(ctx, [
    `lp add: ${where}`,
    `  pool now at ${percent(riskNow)} risk (${tickLower <= Number(slot0.tick) && Number(slot0.tick) < tickUpper ? "in range" : "out of range: one token only"})`,
    `  quote: ${slippage.quote}; limit: ${slippage.limit} (slippage ${Number(bps) / 100}%)`,
    `  ${opts.mint ? `${name} minted from your ${s.collateralSymbol}; you keep as much ${name === "CLAIM" ? "NOCLAIM" : "CLAIM"}` : `${name} taken from your balance`}`,
  ]);

  const signer = await signerOnce();
  const who = await signer.getAddress();
  const deadline = await deadlineOf(ctx);
  const routerAddress = ctx.deployment.addresses.coverRouter;
  const needs = opts.mint
    ? [{ name: s.collateralSymbol, token: s.collateral, needed: amount }]
    : [{ name, token: cover, needed: coverDesired }, { name: s.collateralSymbol, token: s.collateral, needed: collateralDesired }].filter((n) => n.needed > 0n);
  for (const n of needs) await needBalance(ctx, s, n.token, n.name, who, n.needed);
  const auths: { name: string; auth: Authorization }[] = [];
  for (const n of needs) {
    auths.push({ name: n.name, auth: await authorize(ctx, signer, { token: n.token, symbol: n.name, decimals: s.decimals, spender: routerAddress, needed: n.needed, approve: opts.approve, deadline }) });
  }
  const { auth, extra, earlierApprovals } = combine(auths);
  // Adding to a position needs no permit for it: the position manager lets anyone increase a position's liquidity.
  const router = ctx.contracts.router.connect(signer);
  const params = { seriesId: s.id, side, tokenId: position?.tokenId ?? 0n, tickLower, tickUpper, coverDesired, collateralDesired, mintCover: opts.mint, coverMin, collateralMin, recipient: who, deadline };
  const what = position ? `adding liquidity to position ${position.tokenId} in the ${name} pool of ${s.handle}` : `adding liquidity to the ${name} pool of ${s.handle}`;
  const sent = await sendRouterAction(router, "addLiquidity", [params], auth.permitCalls, what, s.decimals);
  const event = eventOf(ctx.contracts.router, sent, "LiquidityAdded");
  const after = await positionManager(ctx).positions(event.tokenId);
  const [lower, upper] = [Number(after.tickLower), Number(after.tickUpper)];
  const actual = riskRangeOfTicks(lower, upper, side, coverIsToken0);
  const text = {
    pool: name,
    ...(position ? { addedTo: `position ${position.tokenId}` } : {}),
    positionId: event.tokenId.toString(),
    liquidity: event.liquidity.toString(),
    ...(position ? { totalLiquidity: after.liquidity.toString() } : {}),
    range: `${riskRange(actual.low, actual.high)} implied risk (ticks ${lower} to ${upper})`,
    deposited: pairText(s, side, event.coverAmount, event.collateralAmount),
    minted: `${human(event.minted, s.decimals)} ${name}`,
    ...slippage,
    ...extra,
  };
  reportAction(ctx, "lp add", s, sent, auth, await balancesOf(ctx, s, who), {
    text,
    json: {
      pool: name, addedTo: position ? position.tokenId.toString() : null, positionId: event.tokenId.toString(), liquidity: event.liquidity.toString(),
      ...(position ? { totalLiquidity: after.liquidity.toString() } : {}),
      riskLow: human(actual.low, 18), riskHigh: human(actual.high, 18), tickLower: lower, tickUpper: upper,
      deposited: pairJson(s, side, event.coverAmount, event.collateralAmount), minted: human(event.minted, s.decimals), ...slippageJson,
      ...(earlierApprovals.length ? { earlierApprovals } : {}),
    },
  });
}

/** Signs the position's permit for the router unless the router may manage it already; the router call, or none. */
async function positionPermit(ctx: Context, signer: Signer, tokenId: bigint, owner: string, deadline: bigint): Promise<string[]> {
  const manager = positionManager(ctx, signer);
  const router = ctx.deployment.addresses.coverRouter;
  const approved: string = await manager.getApproved(tokenId);
  if (approved.toLowerCase() === router.toLowerCase() || (await manager.isApprovedForAll(owner, router))) return [];
  const { v, r, s } = await signPositionPermit(manager, signer, router, tokenId, deadline);
  return [ctx.contracts.router.interface.encodeFunctionData("selfPermitPosition", [tokenId, deadline, v, r, s])];
}

async function remove(ctx: Context, idText: string, opts: { percent: string; slippage: string; merge?: boolean; redeem?: boolean; approve?: boolean }) {
  const tokenId = parsePositionId(idText);
  const share = parsePercent(opts.percent);
  const bps = parseSlippage(opts.slippage);
  needSlippageConsent(ctx, bps);
  if (opts.merge && opts.redeem) throw usage("--merge and --redeem exclude each other: choose one");
  const p = await coverPosition(ctx, tokenId);
  const s = p.series;
  const name = sideToken(p.side);
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  await requireOwnPosition(ctx, tokenId, who);
  const liquidity = (p.liquidity * share) / BPS;
  if (p.liquidity > 0n && liquidity === 0n) throw usage(`--percent ${opts.percent} of position ${tokenId} is no liquidity at all; take a larger share`);
  const all = await removalValue(ctx, p, liquidity);
  const fees = await removalValue(ctx, p, 0n);
  if (liquidity === 0n && all.cover === 0n && all.collateral === 0n) throw usage(`position ${tokenId} is empty: no liquidity and no fees to collect; nothing was sent`);
  const principal = { cover: all.cover - fees.cover, collateral: all.collateral - fees.collateral };
  const coverMin = (principal.cover * (BPS - bps)) / BPS;
  const collateralMin = (principal.collateral * (BPS - bps)) / BPS;
  if (opts.redeem) {
    const flags = await ctx.contracts.riskOracle.seriesFlags(s.id);
    if (Number(flags.state) === SettlementState.Open) throw usage(`--redeem: ${s.handle} is not settled yet, so its ${name} cannot be redeemed; remove without --redeem; nothing was sent`);
  }
  const slippage = { quote: `receive ${pairText(s, p.side, all.cover, all.collateral)} (fees ${pairText(s, p.side, fees.cover, fees.collateral)} included)`, limit: `at least ${pairText(s, p.side, coverMin, collateralMin)} besides fees` };
  const slippageJson = { quote: pairJson(s, p.side, all.cover, all.collateral), fees: pairJson(s, p.side, fees.cover, fees.collateral), limit: pairJson(s, p.side, coverMin, collateralMin) };
  preview(ctx, [
    `lp remove: ${Number(share) / 100}% of position ${tokenId}, ${name} pool of ${s.handle}${s.listed ? "" : " (UNLISTED)"}, range ${riskRange(p.riskLow, p.riskHigh)} implied risk (ticks ${p.tickLower} to ${p.tickUpper})`,
    `  quote: ${slippage.quote}; limit: ${slippage.limit} (slippage ${Number(bps) / 100}%)`,
    ...(opts.merge ? [`  then merge the ${name} with your ${name === "CLAIM" ? "NOCLAIM" : "CLAIM"} into ${s.collateralSymbol}`] : opts.redeem ? [`  then redeem the ${name} at the settled payout`] : []),
  ]);

  const deadline = await deadlineOf(ctx);
  const nftPermit = await positionPermit(ctx, signer, tokenId, who, deadline);
  const auths = [{ name: "position", auth: { permitCalls: nftPermit, how: nftPermit.length ? "permit" : "allowance" } as Authorization }];
  if (opts.merge && all.cover > 0n) {
    // The router pulls as much of the other side as it collects: the quote, plus the slippage margin for the permit.
    const other = p.side === Side.Claim ? { token: s.noclaim, name: "NOCLAIM" } : { token: s.claim, name: "CLAIM" };
    await needBalance(ctx, s, other.token, other.name, who, all.cover);
    const needed = (all.cover * (BPS + bps)) / BPS;
    auths.push({ name: other.name, auth: await authorize(ctx, signer, { token: other.token, symbol: other.name, decimals: s.decimals, spender: ctx.deployment.addresses.coverRouter, needed, approve: opts.approve, deadline }) });
  }
  const { auth } = combine(auths);
  const unwind = opts.merge ? Unwind.Merge : opts.redeem ? Unwind.Redeem : Unwind.None;
  const burn = share === BPS;
  const router = ctx.contracts.router.connect(signer);
  const params = { seriesId: s.id, tokenId, liquidity, coverMin, collateralMin, unwind, burn, recipient: who, deadline };
  const sent = await sendRouterAction(router, "removeLiquidity", [params], auth.permitCalls, `removing liquidity from position ${tokenId}`, s.decimals);
  const event = eventOf(ctx.contracts.router, sent, "LiquidityRemoved");
  let burned = false;
  try {
    await positionManager(ctx).ownerOf(tokenId);
  } catch {
    burned = true;
  }
  reportAction(ctx, "lp remove", s, sent, auth, await balancesOf(ctx, s, who), {
    text: {
      pool: name,
      positionId: tokenId.toString(),
      percent: `${Number(share) / 100}%`,
      liquidity: liquidity.toString(),
      liquidityLeft: (p.liquidity - liquidity).toString(),
      collected: pairText(s, p.side, event.coverAmount, event.collateralAmount),
      unwind: lowerNameOf(Unwind, event.unwind),
      collateralOut: `${human(event.collateralOut, s.decimals)} ${s.collateralSymbol}`,
      burned,
      ...slippage,
    },
    json: {
      pool: name, positionId: tokenId.toString(), percent: Number(share) / 100, liquidity: liquidity.toString(), liquidityLeft: (p.liquidity - liquidity).toString(),
      collected: pairJson(s, p.side, event.coverAmount, event.collateralAmount), unwind: lowerNameOf(Unwind, event.unwind), collateralOut: human(event.collateralOut, s.decimals), burned,
      ...slippageJson,
    },
  });
}

/** A position with its pool's state and what removing it would pay now, and its fees alone. */
async function withValue(ctx: Context, p: CoverPosition) {
  const [now, value, fees] = await Promise.all([poolNow(ctx, p), removalValue(ctx, p, p.liquidity), removalValue(ctx, p, 0n)]);
  return { p, now, value, fees };
}

async function list(ctx: Context, account?: string) {
  const who = await ctx.account(account);
  const rows: Awaited<ReturnType<typeof withValue>>[] = [];
  for (const p of await coverPositionsOf(ctx, who)) rows.push(await withValue(ctx, p));
  const data = {
    account: who,
    positions: rows.map(({ p, now, value, fees }) => ({
      positionId: p.tokenId.toString(),
      series: p.series.handle,
      id: p.series.id,
      listed: p.series.listed,
      collateral: p.series.collateralSymbol,
      decimals: p.series.decimals,
      side: sideToken(p.side),
      fee: p.fee,
      pool: p.pool,
      tickLower: p.tickLower,
      tickUpper: p.tickUpper,
      riskLow: human(p.riskLow, 18),
      riskHigh: human(p.riskHigh, 18),
      liquidity: p.liquidity.toString(),
      tokensOwed: { cover: human(p.owedCover, p.series.decimals), collateral: human(p.owedCollateral, p.series.decimals) },
      value: { cover: human(value.cover, p.series.decimals), collateral: human(value.collateral, p.series.decimals) },
      fees: { cover: human(fees.cover, p.series.decimals), collateral: human(fees.collateral, p.series.decimals) },
      poolRisk: human(now.risk, 18),
      poolTick: now.tick,
      inRange: now.inRange,
    })),
  };
  emit(ctx.options.json, data, () =>
    [
      `Account ${who}`,
      "",
      rows.length === 0
        ? "no liquidity positions in cover pools"
        : table(
            ["Position", "Series", "Pool", "Risk range", "Pool risk", "In range", "Liquidity", "Value now (fees included)", "Fees"],
            rows.map(({ p, now, value, fees }) => [
              p.tokenId.toString(),
              `${p.series.handle}${p.series.listed ? "" : " (UNLISTED)"}`,
              sideToken(p.side),
              riskRange(p.riskLow, p.riskHigh),
              percent(now.risk),
              now.inRange ? "yes" : "no",
              p.liquidity.toString(),
              pairText(p.series, p.side, value.cover, value.collateral),
              pairText(p.series, p.side, fees.cover, fees.collateral),
            ]),
            ["Position", "Liquidity"],
          ),
    ].join("\n"),
  );
}

export function registerLpCommands(program: Command): void {
  const lp = examples(
    program.command("lp").description("range liquidity in a series' CLAIM or NOCLAIM pool, with ranges in implied-risk terms: add, remove, list"),
    ["cover lp add DEMOLEND-2026-12-18-USDC 1000 --range 2%:10%", "cover lp list", "cover lp remove 42 --percent 50"],
  );

  const addAction = withContext((ctx, series, amount, opts) => add(ctx, series, amount, opts));
  examples(
    lp
      .command("add <series> <amount>")
      .description(
        "provide <amount> (collateral at face value: cover tokens + collateral deposited) over an implied-risk range, " +
          "or add it to a position of yours with --to (its range and side); " +
          "the cover tokens are minted from your collateral unless --no-mint, and you keep the other side",
      )
      .option("--range <low:high>", "implied-risk range of a new position, fractions or percentages: 0.02:0.10 or 2%:10% (rounded inwards to the pool's tick spacing); required unless --to")
      .option("--to <positionId>", "add to this position of yours in the series instead of minting a new one: its range and pool are kept (no --range)")
      .option("--side <side>", "the pool: claim (default; CLAIM prices = risk) or noclaim (NOCLAIM prices = 1 - risk); with --to, the position's")
      .option("--no-mint", "deposit cover tokens you hold instead of minting them from collateral")
      .option("--slippage <percent>", "least deposited vs the quote, each token", "0.5%")
      .option("--approve", "if an allowance is short, approve the router for exactly the amount instead of signing a permit"),
    [
      "cover lp add DEMOLEND-2026-12-18-USDC 1000 --range 0.02:0.10",
      "cover lp add DEMOLEND-2026-12-18-USDC 500 --range 2%:10% --side noclaim --slippage 1%",
      "cover lp add 0x<series id> 250 --range 1%:5% --no-mint --json",
      "cover lp add DEMOLEND-2026-12-18-USDC 300 --to 42",
    ],
  ).action(async (series, amount, opts, command) => {
    addMode(opts); // option mistakes are refused before a market is asked
    return addAction(series, amount, opts, command);
  });

  examples(
    lp
      .command("remove <positionId>")
      .description("remove a share of your position in a cover pool and collect its fees (100% burns the emptied NFT)")
      .option("--percent <percent>", "share of the position's liquidity to remove", "100")
      .option("--slippage <percent>", "least received vs the quote, each token (fees not counted)", "0.5%")
      .option("--merge", "merge the cover tokens collected with the other side you hold into collateral")
      .option("--redeem", "after settlement: redeem the cover tokens collected at the payout, in the same transaction")
      .option("--approve", "with --merge, if the allowance is short, approve the router instead of signing a permit"),
    ["cover lp remove 42", "cover lp remove 42 --percent 25 --slippage 1%", "cover lp remove 42 --merge", "cover lp remove 42 --redeem --json"],
  ).action(withContext((ctx, id, opts) => remove(ctx, id, opts)));

  examples(
    lp
      .command("list [account]")
      .description("positions in cover pools (default account: yours): range in risk terms, liquidity, value and fees now, in range or not"),
    ["cover lp list", "cover lp list 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --json"],
  ).action(withContext((ctx, account) => list(ctx, account)));
}
