/**
 * Committee rotation and fee withdrawal on the committee resolver: `committee show` (the current committee, its
 * threshold, the denied-fee receiver, open proposals and what fees are held for you), `committee propose` (a member
 * proposes a new committee; the proposer's approval counts), `committee approve` (a member of the committee it would
 * replace approves; the M-th approval makes it the committee, as the next epoch) and `committee withdraw-fees` (fees
 * the resolver held for you because a transfer to you failed). Members and recipients go through parseAddress; each
 * transaction is simulated first, so a caller who is no member, a stale or lapsed proposal, a second approval or
 * nothing held is refused in words, decoded from the resolver's custom error, and nothing is sent.
 */
import type { Command } from "commander";
import type { Context } from "../context.js";
import { usage } from "../errors.js";
import { emit, human, isoTime } from "../output.js";
import { parseAddress } from "../parse.js";
import { examples, withContext } from "../program.js";
import { resolveProtocol, type ProtocolInfo } from "../protocols.js";
import { simulateAndSend } from "../send.js";
import { resolveToken } from "../tokens.js";

/** A protocol that the committee resolver decides. */
async function committeeProtocol(ctx: Context, text: string): Promise<ProtocolInfo & { committee: NonNullable<ProtocolInfo["committee"]> }> {
  const p = await resolveProtocol(ctx, text);
  if (p.resolverKind !== "committee" || !p.committee) throw usage(`${p.ticker} (protocol ${p.id}) is not decided by the committee resolver: it has no committee`);
  return p as ProtocolInfo & { committee: NonNullable<ProtocolInfo["committee"]> };
}

/** A proposal id: a whole number above zero. */
function parseProposalId(text: string): bigint {
  const s = String(text).trim();
  if (!/^\d+$/.test(s) || BigInt(s) === 0n) throw usage(`"${text}" is not a proposal id: use the number \`cover committee show\` lists, such as 1`);
  return BigInt(s);
}

/** The open proposals of a protocol's current committee: made in its epoch, not executed, not lapsed. */
async function openProposals(ctx: Context, protocolId: number, epoch: number) {
  const { committee } = ctx.contracts;
  const [logs, lifetime, head] = await Promise.all([ctx.events(committee, committee.filters.CommitteeProposed(undefined, protocolId)), committee.PROPOSAL_LIFETIME(), ctx.provider.getBlock("latest")]);
  const now = BigInt(head!.timestamp);
  const out = [];
  for (const log of logs) {
    const id = BigInt(log.args.proposalId);
    const p = await committee.proposal(id);
    const expiresAt = BigInt(p.createdAt) + lifetime;
    if (p.executed || Number(p.epoch) !== epoch || now >= expiresAt) continue;
    out.push({ id: Number(id), proposer: log.args.proposer as string, members: [...p.members], threshold: Number(p.threshold), approvals: Number(p.approvals), expiresAt: isoTime(expiresAt), expiresAtTime: Number(expiresAt) });
  }
  return out;
}

async function show(ctx: Context, protocolText: string, opts: { account?: string }) {
  const p = await committeeProtocol(ctx, protocolText);
  const config = await ctx.contracts.committee.protocolConfig(p.id);
  const feeToken = await resolveToken(ctx, config.feeToken);
  const account = opts.account === undefined ? await (await ctx.signer()).getAddress() : parseAddress(opts.account, "--account");
  const [proposals, held] = await Promise.all([openProposals(ctx, p.id, p.committee.epoch), ctx.contracts.committee.heldFees(config.feeToken, account) as Promise<bigint>]);
  const data = {
    protocol: p.ticker, id: p.id, epoch: p.committee.epoch, threshold: p.committee.threshold, members: p.committee.members,
    deniedFeeReceiver: config.deniedFeeReceiver, feeToken: { symbol: feeToken.symbol, address: feeToken.address, decimals: feeToken.decimals },
    proposals, heldFees: { account, amount: human(held, feeToken.decimals) },
  };
  emit(ctx.options.json, data, () =>
    [
      `${p.ticker} (protocol ${p.id}): committee of epoch ${p.committee.epoch}, ${p.committee.threshold} of ${p.committee.members.length}`,
      ...p.committee.members.map((m, i) => `  ${i + 1}. ${m}`),
      `  denied-fee receiver: ${config.deniedFeeReceiver}`,
      `  fees held for ${account}: ${human(held, feeToken.decimals)} ${feeToken.symbol}${held > 0n ? ` (cover committee withdraw-fees ${feeToken.address})` : ""}`,
      proposals.length === 0
        ? "  open proposals: none"
        : [`  open proposals:`, ...proposals.map((x) => `    ${x.id}: ${x.threshold} of ${x.members.length} (${x.members.join(" ")}), ${x.approvals} of ${p.committee.threshold} approvals, lapses ${x.expiresAt}`)].join("\n"),
    ].join("\n"),
  );
}

async function propose(ctx: Context, protocolText: string, memberTexts: string[], opts: { threshold: string }) {
  const members = memberTexts.map((t, i) => parseAddress(t, `member ${i + 1}`));
  const repeated = members.find((a, i) => members.indexOf(a) !== i);
  if (repeated) throw usage(`member ${repeated} is named twice: a committee's members are distinct`);
  const threshold = Number(String(opts.threshold).trim());
  if (!/^\d+$/.test(String(opts.threshold).trim()) || threshold < 1 || threshold > members.length) {
    throw usage(`--threshold must be a whole number from 1 to the ${members.length} member(s) proposed, got "${opts.threshold}"`);
  }
  const p = await committeeProtocol(ctx, protocolText);
  const committee = ctx.contracts.committee.connect(await ctx.signer());
  const sent = await simulateAndSend(committee, "proposeCommittee", [p.id, members, threshold], `proposing a committee for ${p.ticker}`, 18);
  await reportProposal(ctx, "committee propose", p, sent);
}

async function approve(ctx: Context, proposalText: string) {
  const id = parseProposalId(proposalText);
  const { committee } = ctx.contracts;
  const proposal = await committee.proposal(id).catch(() => {
    throw usage(`there is no committee proposal ${id}`);
  });
  const p = await committeeProtocol(ctx, String(proposal.protocolId));
  const sent = await simulateAndSend(committee.connect(await ctx.signer()), "approveCommittee", [id], `approving committee proposal ${id}`, 18);
  await reportProposal(ctx, "committee approve", p, sent);
}

/** What a propose or approve did: the proposal, its approvals, and the new committee if it took effect. */
async function reportProposal(ctx: Context, action: string, p: ProtocolInfo, sent: Awaited<ReturnType<typeof simulateAndSend>>) {
  const { committee } = ctx.contracts;
  const events = sent.logs.filter((l) => l.address.toLowerCase() === String(committee.target).toLowerCase()).map((l) => committee.interface.parseLog(l)).filter((e) => e !== null);
  const approved = events.find((e) => e.name === "CommitteeProposalApproved")!;
  const changed = events.find((e) => e.name === "CommitteeChanged");
  const id = Number(approved.args.proposalId);
  const proposal = await committee.proposal(id);
  const data = {
    action, protocol: p.ticker, proposal: id, members: [...proposal.members], threshold: Number(proposal.threshold), approvals: Number(approved.args.approvals),
    approvalsNeeded: p.committee!.threshold, executed: Boolean(changed), epoch: changed ? Number(changed.args.epoch) : p.committee!.epoch,
    hash: sent.hash, gasUsed: Number(sent.gasUsed), block: sent.blockNumber,
  };
  emit(ctx.options.json, data, () =>
    [
      `${action} ${p.ticker}: proposal ${id}: ${sent.hash}`,
      `  gas used: ${sent.gasUsed}`,
      `  proposed: ${data.threshold} of ${data.members.length} (${data.members.join(" ")})`,
      changed
        ? `  approvals: ${data.approvals} of ${data.approvalsNeeded}: it is the committee now, epoch ${data.epoch}`
        : `  approvals: ${data.approvals} of ${data.approvalsNeeded}: ${data.approvalsNeeded - data.approvals} more needed (cover committee approve ${id})`,
    ].join("\n"),
  );
}

async function withdrawFees(ctx: Context, tokenText: string, opts: { to?: string }) {
  const token = await resolveToken(ctx, tokenText);
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  const to = opts.to === undefined ? who : parseAddress(opts.to, "--to");
  const committee = ctx.contracts.committee.connect(signer);
  const held: bigint = await committee.heldFees(token.address, who);
  const sent = await simulateAndSend(committee, "withdrawFees", [token.address, to], `withdrawing the ${token.label} fees held for ${who}`, token.decimals);
  const balance: bigint = await ctx.erc20(token.address).balanceOf(to);
  const data = { action: "committee withdraw-fees", token: token.label, address: token.address, decimals: token.decimals, account: who, to, amount: human(held, token.decimals), hash: sent.hash, gasUsed: Number(sent.gasUsed), block: sent.blockNumber, balance: human(balance, token.decimals) };
  emit(ctx.options.json, data, () =>
    [`committee withdraw-fees: ${data.amount} ${token.label} to ${to}: ${sent.hash}`, `  gas used: ${sent.gasUsed}`, `  ${to} holds ${data.balance} ${token.label} now`].join("\n"),
  );
}

export function registerCommitteeCommands(program: Command): void {
  const committee = examples(
    program.command("committee").description("committee resolver: show a protocol's committee, propose and approve a new one (rotation), withdraw fees held for you"),
    ["cover committee show DEMOLEND", "cover committee propose DEMOLEND 0x<a> 0x<b> 0x<c> --threshold 2", "cover committee approve 1", "cover committee withdraw-fees DAI --to 0x<address>"],
  );
  examples(
    committee
      .command("show <protocol>")
      .description("the committee of the current epoch, its threshold, the denied-fee receiver, open proposals and the fees held for you")
      .option("--account <address>", "whose held fees (default: yours)"),
    ["cover committee show DEMOLEND", "cover committee show 1 --json"],
  ).action(withContext((ctx, protocol, opts) => show(ctx, protocol, opts)));
  examples(
    committee
      .command("propose <protocol> <members...>")
      .description("as a member of the current committee: propose <members> as the next committee, with your approval counted")
      .requiredOption("--threshold <m>", "votes the new committee needs to accept a claim or change itself (1 to the number of members)"),
    ["cover committee propose DEMOLEND 0x<a> 0x<b> 0x<c> --threshold 2"],
  ).action(withContext((ctx, protocol, members, opts) => propose(ctx, protocol, members, opts)));
  examples(
    committee.command("approve <proposalId>").description("as a member of the committee a proposal would replace: approve it; the threshold-th approval makes it the committee"),
    ["cover committee approve 1"],
  ).action(withContext((ctx, proposal) => approve(ctx, proposal)));
  examples(
    committee
      .command("withdraw-fees <token>")
      .description("claim fees the resolver held for you because a transfer to you failed (a blocked account, say)")
      .option("--to <address>", "where to send them (default: you)"),
    ["cover committee withdraw-fees DAI", "cover committee withdraw-fees 0x<token> --to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8"],
  ).action(withContext((ctx, token, opts) => withdrawFees(ctx, token, opts)));
}
