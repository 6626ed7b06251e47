/**
 * series create: a new series of a registered protocol in a collateral at a calendar expiry (the market lets anyone
 * create one: CoverMarket.createSeries), and, with --risk p, its two Uniswap v3 pools at that starting implied risk
 * (CoverPools.createPools: CLAIM at p, NOCLAIM at 1 - p, collateral per token). A series that exists already gets only
 * its pools. Before anything is sent: the protocol known, the collateral a token, the expiry on the calendar, in the
 * future and within 52 weeks of chain time (bad input, exit 2); then each transaction is simulated (a revert in
 * words) and sent, the series first. --max-cost allows createPools to swap through liquidity someone placed on the
 * way to the target price (collateral, approved to CoverPools for exactly that); by default it may trade nothing.
 */
import { contractAt } from "../../lib/chain/artifacts.js";
import { curated } from "../../lib/deploy/curated.js";
import { isListedSeries } from "../../lib/market/listing.js";
import type { CoverPools } from "../../lib/chain/contracts.js";
import { isoDate, MAX_EXPIRY_AHEAD } from "../../lib/market/calendar.js";
import { lowerNameOf, PoolStatus, sideToken } from "../../lib/market/enums.js";
import { seriesHandle } from "../../lib/market/handle.js";
import { WAD } from "../../lib/market/payout.js";
import { seriesIdOf } from "../../lib/market/series.js";
import { authorize } from "../allowance.js";
import type { Context } from "../context.js";
import { usage } from "../errors.js";
import { emit, human, percent } from "../output.js";
import { parseAddress, parseAmount, parseExpiry, parseFraction } from "../parse.js";
import { resolveProtocol } from "../protocols.js";
import { simulateAndSend, type Sent } from "../send.js";
import { collateralNamed } from "../tokens.js";

export interface SeriesCreateOptions {
  risk?: string;
  maxCost?: string;
  approve?: boolean;
}

/** One pool as createPools left it (its PoolPrepared event). */
interface PreparedPool {
  side: string;
  pool: string;
  status: string;
}

export async function createSeries(ctx: Context, protocolText: string, collateralText: string, expiryText: string, opts: SeriesCreateOptions) {
  const expiry = parseExpiry(expiryText);
  const claimPrice = opts.risk === undefined ? undefined : parseFraction(opts.risk, "--risk");
  if (claimPrice !== undefined && claimPrice >= WAD) throw usage(`--risk must be under 1 (100%): it is the starting CLAIM price, got "${opts.risk}"`);
  const protocol = await resolveProtocol(ctx, protocolText);
  const collateral = collateralNamed(ctx, collateralText) ?? parseAddress(collateralText, "collateral");
  const head = ctx.provider.getBlock("latest");
  const [symbol, decimals] = await Promise.all([ctx.erc20(collateral).symbol() as Promise<string>, ctx.erc20(collateral).decimals() as Promise<bigint>]).catch(() => {
    throw usage(`collateral ${collateralText} is not a token (it answers no ERC-20 symbol() and decimals())`);
  });
  const maxCost = opts.maxCost === undefined ? 0n : parseAmount(opts.maxCost, Number(decimals), `--max-cost (${symbol})`, { allowZero: true });
  const now = BigInt((await head)!.timestamp);
  if (expiry <= now) throw usage(`expiry ${isoDate(expiry)} is not in the future (chain time ${isoDate(now)})`);
  if (expiry > now + MAX_EXPIRY_AHEAD) throw usage(`expiry ${isoDate(expiry)} is more than 52 weeks ahead of chain time ${isoDate(now)} (the market's limit)`);

  const id = seriesIdOf(protocol.id, collateral, expiry);
  const handle = seriesHandle(protocol.ticker, expiry, String(symbol).toUpperCase());
  const exists = (await ctx.findSeries(id)) !== undefined;
  if (exists && claimPrice === undefined) throw usage(`series ${handle} exists already (${id}); give --risk p to create or check its pools`);

  const signer = await ctx.signer();
  const who = await signer.getAddress();
  let created: Sent | undefined;
  if (!exists) {
    created = await simulateAndSend(ctx.contracts.market.connect(signer), "createSeries", [protocol.id, collateral, expiry], `creating series ${handle}`, Number(decimals));
  }
  const [claim, noclaim] = await ctx.contracts.market.seriesTokens(id);

  let pools: { risk: string; hash: string; gasUsed: number; approval: { hash: string; gasUsed: number } | null; claim: PreparedPool; noclaim: PreparedPool } | undefined;
  if (claimPrice !== undefined) {
    const poolsAddress = ctx.deployment.addresses.coverPools;
    const auth = maxCost > 0n
      ? await authorize(ctx, signer, { token: collateral, symbol, decimals: Number(decimals), spender: poolsAddress, needed: maxCost, approve: opts.approve, deadline: 0n })
      : undefined;
    const contract = contractAt<CoverPools>("CoverPools", poolsAddress, signer);
    const sent = await simulateAndSend(contract, "createPools", [id, claimPrice, maxCost], `creating the pools of ${handle} at ${percent(claimPrice)} risk`, Number(decimals));
    const prepared: PreparedPool[] = [];
    for (const log of sent.logs) {
      if (log.address.toLowerCase() !== poolsAddress.toLowerCase()) continue;
      const parsed = contract.interface.parseLog(log);
      if (parsed?.name === "PoolPrepared") prepared.push({ side: sideToken(parsed.args.side), pool: parsed.args.pool, status: lowerNameOf(PoolStatus, parsed.args.status) });
    }
    const bySide = (side: string) => prepared.find((p) => p.side === side)!;
    pools = {
      risk: human(claimPrice, 18), hash: sent.hash, gasUsed: Number(sent.gasUsed),
      approval: auth?.approval ? { hash: auth.approval.hash, gasUsed: Number(auth.approval.gasUsed) } : null,
      claim: bySide("CLAIM"), noclaim: bySide("NOCLAIM"),
    };
  }
  const listed = isListedSeries(curated(ctx.deployment), protocol.id, collateral);
  const data = {
    action: "series create", series: handle, id, protocolId: protocol.id, collateral, collateralSymbol: symbol, decimals: Number(decimals), expiry: Number(expiry), listed,
    tokens: { claim, noclaim }, created: created ? { hash: created.hash, gasUsed: Number(created.gasUsed), block: created.blockNumber } : null, pools: pools ?? null,
  };
  emit(ctx.options.json, data, () =>
    [
      created ? `series create ${handle}${listed ? "" : " (UNLISTED)"}: ${created.hash}` : `series ${handle}${listed ? "" : " (UNLISTED)"} exists already`,
      ...(created ? [`  gas used: ${created.gasUsed}`] : []),
      `  id: ${id}`,
      `  CLAIM ${claim}, NOCLAIM ${noclaim}`,
      ...(pools
        ? [
            ...(pools.approval ? [`  approved: ${pools.approval.hash} (gas ${pools.approval.gasUsed})`] : []),
            `  pools at ${percent(claimPrice!)} risk: ${pools.hash} (gas ${pools.gasUsed})`,
            `    CLAIM/${symbol} ${pools.claim.pool}: ${pools.claim.status}`,
            `    NOCLAIM/${symbol} ${pools.noclaim.pool}: ${pools.noclaim.status}`,
          ]
        : ["  no pools yet: `cover series create` again with --risk p creates them"]),
    ].join("\n"),
  );
}
