/**
 * Committee claims as the CLI reads them: a claim's record with its deadline and the committee that votes on it,
 * every claim from the resolver's ClaimFiled events with the votes so far (ClaimVoted), the claim fee of a
 * protocol now and how it escalates, and the events of a sent transaction's receipt.
 */
import type { BaseContract, TransactionReceipt } from "ethers";
import type { CommitteeResolver } from "../lib/chain/contracts.js";
import type { Context } from "./context.js";
import { CliError, usage } from "./errors.js";
import { human } from "./output.js";
import { CommitteeClaimStatus, lowerNameOf } from "../lib/market/enums.js";

/** A committee claim's status as the CLI names it: "open", "passed", "accepted", "denied", "expired", "capreached" (or "none"). */
export const claimStatusName = (status: number | bigint) => lowerNameOf(CommitteeClaimStatus, status);

export interface ClaimView {
  id: number;
  protocolId: number;
  ticker: string;
  claimant: string;
  status: string;
  incidentTime: number;
  evidence: string;
  /** Fractions as decimal strings ("0.4"). */
  requestedPayout: string;
  fee: string;
  feeToken: string;
  filedAt: number;
  /** The market's deadline: filing + D. */
  deadline: number;
  /** When voting closes at the latest: filing + V. */
  votingClosesAt: number;
  /** From when a passed claim can be recorded in the market (incident time + F), if every earlier claim is decided. */
  recordableAt: number;
  /** The payout it passed at (lower median of all accepting votes), once voting closed with M acceptances. */
  payout: string | null;
  /** Open past its voting period: anyone may close it. */
  closable: boolean;
  epoch: number;
  threshold: number;
  size: number;
  accepts: number;
  denials: number;
  votes: { voter: string; accepted: boolean; payout: string }[];
}

/** A claim id as typed: a positive integer. */
export function parseClaimId(text: string): number {
  const s = String(text).trim();
  if (!/^\d+$/.test(s) || BigInt(s) === 0n || BigInt(s) >= 2n ** 64n) throw usage(`"${text}" is not a claim id (a positive whole number, as \`cover claim list\` shows)`);
  return Number(s);
}

export async function chainTime(ctx: Context): Promise<number> {
  return (await ctx.provider.getBlock("latest"))!.timestamp;
}

/** The market's decision period D: a claim is decided before filedAt + D (the resolver's fee window is D too). */
export async function decisionPeriod(ctx: Context): Promise<number> {
  return Number(await ctx.contracts.committee.FEE_ESCALATION_WINDOW());
}

/** The resolver's record of a claim. */
export type ClaimRecord = Awaited<ReturnType<CommitteeResolver["claim"]>>;

/** The resolver's record of claim `id`; an unknown claim is bad input. */
export async function claimRecord(ctx: Context, id: number): Promise<ClaimRecord> {
  try {
    return await ctx.contracts.committee.claim(id);
  } catch {
    throw usage(`unknown claim ${id}: no claim with that id was filed through the committee resolver of ${ctx.deployment.network}`);
  }
}

/** The committee members who vote on a claim (those of its epoch). */
export async function votersOf(ctx: Context, record: ClaimRecord): Promise<string[]> {
  const [members] = await ctx.contracts.committee.committee(record.protocolId, record.epoch);
  return [...members];
}

/** Every claim filed through the committee resolver (of one protocol if given), with its votes, as the chain has them. */
export async function allClaims(ctx: Context, protocolId?: number): Promise<ClaimView[]> {
  const { committee, market } = ctx.contracts;
  const [filed, voted, now, period] = await Promise.all([
    ctx.events(committee, committee.filters.ClaimFiled(undefined, protocolId)),
    ctx.events(committee, committee.filters.ClaimVoted(undefined, protocolId)),
    chainTime(ctx),
    decisionPeriod(ctx),
  ]);
  const tickers = new Map<number, string>();
  const timings = new Map<number, Awaited<ReturnType<typeof claimTiming>>>();
  const out: ClaimView[] = [];
  for (const log of filed) {
    const e = log.args;
    const id = Number(e.claimId);
    const c = await committee.claim(id);
    const pid = Number(c.protocolId);
    if (!tickers.has(pid)) tickers.set(pid, (await market.protocol(pid)).ticker);
    const decimals = Number(await ctx.erc20(e.feeToken).decimals());
    const status = claimStatusName(c.status);
    const deadline = Number(c.filedAt) + period;
    if (!timings.has(pid)) timings.set(pid, await claimTiming(ctx, pid));
    const timing = timings.get(pid)!;
    const votingClosesAt = Number(c.filedAt) + timing.votingPeriod;
    out.push({
      id,
      protocolId: pid,
      ticker: tickers.get(pid)!,
      claimant: c.claimant,
      status,
      incidentTime: Number(e.incidentTime),
      evidence: e.evidenceURI,
      requestedPayout: human(c.requestedPayout, 18),
      fee: human(c.fee, decimals),
      feeToken: await ctx.symbolOf(e.feeToken),
      filedAt: Number(c.filedAt),
      deadline,
      votingClosesAt,
      recordableAt: Number(c.incidentTime) + timing.filingWindow,
      payout: status === "passed" || status === "accepted" ? human(c.payout, 18) : null,
      closable: status === "open" && now >= votingClosesAt,
      epoch: Number(c.epoch),
      threshold: Number(c.threshold),
      size: Number(c.size),
      accepts: Number(c.accepts),
      denials: Number(c.denials),
      votes: voted.filter((v) => Number(v.args.claimId) === id).map((v) => ({ voter: v.args.voter, accepted: v.args.accepted, payout: human(v.args.payout, 18) })),
    });
  }
  return out.sort((a, b) => a.id - b.id);
}

/** A committee protocol's filing window F and voting period V, in seconds. */
export async function claimTiming(ctx: Context, protocolId: number): Promise<{ filingWindow: number; votingPeriod: number }> {
  const config = await ctx.contracts.committee.protocolConfig(protocolId);
  return { filingWindow: Number(config.filingWindow), votingPeriod: Number(config.votingPeriod) };
}

/** A committee protocol's claim fee now, its token, and the escalation: the next claim in the window pays double, up to the cap. */
export async function claimFee(ctx: Context, protocolId: number) {
  const { committee } = ctx.contracts;
  const [config, fee, window] = await Promise.all([committee.protocolConfig(protocolId), committee.claimFee(protocolId), decisionPeriod(ctx)]);
  const token: string = config.feeToken;
  const decimals = Number(await ctx.erc20(token).decimals());
  const cap: bigint = config.feeCap;
  const now = await chainTime(ctx);
  const windowStart = Number(config.feeWindowStart);
  const open = windowStart !== 0 && now < windowStart + window;
  return {
    token,
    symbol: await ctx.symbolOf(token),
    decimals,
    fee: fee as bigint,
    next: fee * 2n < cap ? fee * 2n : cap,
    cap,
    window,
    /** When the current escalation window ends (it starts with the first claim after the last one closed). */
    windowEnd: open ? windowStart + window : now + window,
    deniedFeeReceiver: config.deniedFeeReceiver as string,
  };
}

/** The events named `name` that `contract` emitted in `receipt`. */
export function eventsIn(receipt: TransactionReceipt, contract: BaseContract, name: string): any[] {
  const address = String(contract.target).toLowerCase();
  return receipt.logs
    .filter((log) => log.address.toLowerCase() === address)
    .map((log) => contract.interface.parseLog(log))
    .filter((parsed) => parsed?.name === name)
    .map((parsed) => parsed!.args);
}

/** The receipt of a transaction that was just sent and mined. */
export async function receiptOf(ctx: Context, hash: string): Promise<TransactionReceipt> {
  const receipt = await ctx.provider.getTransactionReceipt(hash);
  if (!receipt) throw new CliError(`no receipt for ${hash}`);
  return receipt;
}
