/**
 * Claims and incidents. `claim file|vote|list|close` drive the committee resolver: filing pays the protocol's
 * escalating fee (balance and allowance checked first; an exact approval with --approve or after asking), votes
 * come only from the claim's committee, closing only from the deadline on; each is checked before sending and
 * simulated, so a refusal says why and sends nothing. `trigger` proves a parametric protocol's next de-peg from its
 * feeds (the proof found by scripts/lib/feeds/depegProof.ts), checkpointing feed by feed when the proof is too long for
 * one transaction, or says why there is no de-peg to prove.
 */
import { parseUnits, ZeroAddress } from "ethers";
import type { Command } from "commander";
import { decidableAt, findDepeg, triggerSettings } from "../../lib/feeds/depegProof.js";
import { CommitteeClaimStatus, lowerNamesOf } from "../../lib/market/enums.js";
import { authorize } from "../allowance.js";
import { allClaims, chainTime, claimStatusName, claimFee, claimRecord, claimTiming, decisionPeriod, eventsIn, parseClaimId, receiptOf, votersOf } from "../claimRecords.js";
import type { Context } from "../context.js";
import { describeProof, explainNoDepeg, feedJson, roundName } from "../depegReport.js";
import { CliError, usage } from "../errors.js";
import { duration, emit, human, isoTime, percent, table } from "../output.js";
import { parseAmount, parseFraction, parseTime } from "../parse.js";
import { examples, withContext } from "../program.js";
import { resolveProtocol, type ProtocolInfo } from "../protocols.js";
import { reasonOf, simulateAndSend, type Sent } from "../send.js";

const DECISIONS = ["accept", "deny"] as const;

/** A protocol whose claims the committee resolver decides; any other is bad input, with what to use instead. */
async function committeeProtocol(ctx: Context, text: string): Promise<ProtocolInfo> {
  const p = await resolveProtocol(ctx, text);
  if (p.resolverKind === "parametric") throw usage(`${p.ticker} (protocol ${p.id}) is parametric: its incidents are proven from its feeds with \`cover trigger ${p.ticker}\`, not claimed`);
  if (p.resolverKind !== "committee") throw usage(`${p.ticker} (protocol ${p.id}) is resolved by ${p.resolver}, not by this deployment's committee resolver`);
  return p;
}

const listedNote = (p: ProtocolInfo) => (p.listed ? "" : " (UNLISTED)");

async function feeBalance(ctx: Context, token: string, who: string): Promise<bigint> {
  return ctx.erc20(token).balanceOf(who);
}

async function fileClaim(ctx: Context, protocolText: string, opts: { incidentTime: string; evidence: string; payout: string; maxFee?: string; approve?: boolean }) {
  const incidentTime = parseTime(opts.incidentTime, "--incident-time");
  const payout = parseFraction(opts.payout, "--payout");
  const evidence = String(opts.evidence).trim();
  if (!evidence) throw usage("--evidence must name where the evidence is (a URI), not be empty");
  const p = await committeeProtocol(ctx, protocolText);
  const now = BigInt(await chainTime(ctx));
  if (incidentTime > now) throw usage(`--incident-time ${isoTime(incidentTime)} is in the future (chain time ${isoTime(now)})`);
  const registeredAt = BigInt((await ctx.contracts.market.protocol(p.id)).registeredAt);
  if (incidentTime < registeredAt) throw usage(`--incident-time ${isoTime(incidentTime)} is before ${p.ticker} was registered (${isoTime(registeredAt)})`);
  const timing = await claimTiming(ctx, p.id);
  const latest = incidentTime + BigInt(timing.filingWindow);
  if (now > latest) throw usage(`--incident-time ${isoTime(incidentTime)} is too long ago: claims on ${p.ticker} must be filed within ${duration(timing.filingWindow)} of the incident, by ${isoTime(latest)} here (chain time ${isoTime(now)})`);

  const fee = await claimFee(ctx, p.id);
  const amount = (raw: bigint) => `${human(raw, fee.decimals)} ${fee.symbol}`;
  // The most the filing may cost: --max-fee, else the fee quoted now. Claims landing first raise the fee;
  // the resolver then refuses the filing rather than take more than this.
  const maxFee = opts.maxFee === undefined ? fee.fee : parseAmount(opts.maxFee, fee.decimals, "--max-fee", { allowZero: true });
  if (fee.fee > maxFee) throw usage(`the claim fee on ${p.ticker} is ${amount(fee.fee)} now, above --max-fee ${amount(maxFee)}; nothing was sent`);
  const feeNote =
    `claim fee on ${p.ticker}: ${amount(fee.fee)} now; each further claim on ${p.ticker} until ${isoTime(fee.windowEnd)} pays double ` +
    `(next: ${amount(fee.next)}), up to ${amount(fee.cap)}; refunded if the claim is accepted, paid to ${fee.deniedFeeReceiver} if it is denied or expires`;
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  const have = await feeBalance(ctx, fee.token, who);
  if (have < fee.fee) throw usage(`insufficient ${fee.symbol} for the claim fee: you have ${human(have, fee.decimals)}, the fee is ${amount(fee.fee)}; nothing was sent`);
  const auth = await authorize(ctx, signer, { token: fee.token, symbol: fee.symbol, decimals: fee.decimals, spender: ctx.deployment.addresses.committeeResolver, needed: fee.fee, approve: opts.approve, deadline: 0n });
  const committee = ctx.contracts.committee.connect(signer);
  const sent = await simulateAndSend(committee, "fileClaim", [p.id, incidentTime, evidence, payout, maxFee], `filing a claim on ${p.ticker}`, fee.decimals);
  const [filed] = eventsIn(await receiptOf(ctx, sent.hash), ctx.contracts.committee, "ClaimFiled");
  const balance = await feeBalance(ctx, fee.token, who);
  const data = {
    action: "claim file",
    claimId: Number(filed.claimId),
    protocol: { id: p.id, ticker: p.ticker, listed: p.listed },
    incidentTime: Number(incidentTime),
    evidence,
    requestedPayout: human(payout, 18),
    fee: human(filed.fee, fee.decimals),
    maxFee: human(maxFee, fee.decimals),
    feeToken: fee.symbol,
    feeDecimals: fee.decimals,
    nextFee: human(fee.next, fee.decimals),
    feeWindowEnd: Number(fee.windowEnd),
    feeCap: human(fee.cap, fee.decimals),
    deadline: Number(filed.deadline),
    votingClosesAt: Number(filed.deadline) - (await decisionPeriod(ctx)) + timing.votingPeriod,
    recordableAt: Number(latest),
    epoch: Number(filed.epoch),
    authorizedBy: auth.how,
    approval: auth.approval ? { hash: auth.approval.hash, gasUsed: Number(auth.approval.gasUsed) } : null,
    hash: sent.hash,
    gasUsed: Number(sent.gasUsed),
    block: sent.blockNumber,
    balances: { [fee.symbol]: human(balance, fee.decimals) },
  };
  emit(ctx.options.json, data, () =>
    [
      feeNote,
      ...(auth.approval ? [`approved: ${auth.approval.hash} (gas ${auth.approval.gasUsed})`] : []),
      `filed claim ${data.claimId} on ${p.ticker}${listedNote(p)}: ${sent.hash}`,
      `  gas used: ${sent.gasUsed}`,
      `  incident time: ${isoTime(incidentTime)}; requested payout ${percent(payout)}; evidence ${evidence}`,
      `  fee paid: ${amount(filed.fee)} (at most ${amount(maxFee)} allowed)`,
      `  voting: the committee of epoch ${data.epoch} (${p.committee!.threshold} of ${p.committee!.members.length} accept it) votes until ${isoTime(data.votingClosesAt)}, or until all have voted; if it passes, it is recorded in the market from ${isoTime(latest)} (incident time + ${duration(timing.filingWindow)}), after every claim on an earlier incident`,
      `  balances now: ${amount(balance)}`,
    ].join("\n"),
  );
}

/** The claim's state after a vote or a close, in words and for JSON. */
async function claimOutcome(ctx: Context, claimId: number, receiptHash: string) {
  const record = await claimRecord(ctx, claimId);
  const receipt = await receiptOf(ctx, receiptHash);
  const [resolved] = eventsIn(receipt, ctx.contracts.committee, "ClaimResolved");
  const [reported] = eventsIn(receipt, ctx.contracts.market, "IncidentReported");
  const token = (await ctx.contracts.committee.protocolConfig(record.protocolId)).feeToken;
  const decimals = Number(await ctx.erc20(token).decimals());
  const symbol = await ctx.symbolOf(token);
  const timing = await claimTiming(ctx, Number(record.protocolId));
  return {
    status: claimStatusName(record.status),
    payout: record.status === BigInt(CommitteeClaimStatus.Passed) || record.status === BigInt(CommitteeClaimStatus.Accepted) ? human(record.payout, 18) : null,
    votingClosesAt: Number(record.filedAt) + timing.votingPeriod,
    recordableAt: Number(record.incidentTime) + timing.filingWindow,
    accepts: Number(record.accepts),
    denials: Number(record.denials),
    threshold: Number(record.threshold),
    size: Number(record.size),
    decided: resolved
      ? { outcome: claimStatusName(resolved.outcome), payout: human(resolved.payout, 18), fee: human(resolved.fee, decimals), feeToken: symbol, feeDecimals: decimals, feeTo: resolved.feeRecipient as string }
      : null,
    incident: reported ? { index: Number(reported.incidentIndex), incidentTime: Number(reported.incidentTime), payout: human(reported.payout, 18) } : null,
  };
}

function outcomeLines(claimId: number, o: Awaited<ReturnType<typeof claimOutcome>>): string[] {
  if (o.status === "open") {
    return [`  claim ${claimId}: open, ${o.accepts} accept(s) and ${o.denials} denial(s) of ${o.size} voters; voting closes when all have voted or at ${isoTime(o.votingClosesAt)}, and ${o.threshold} accepts pass it`];
  }
  if (o.status === "passed") {
    return [
      `  claim ${claimId}: PASSED at a payout of ${percent(parseUnits(o.payout!, 18))} (lower median of all accepting votes); it is recorded in the market from ${isoTime(o.recordableAt)}, once every claim on an earlier incident is decided (anyone: cover claim record <protocol>)`,
    ];
  }
  if (!o.decided) return [`  claim ${claimId}: ${o.status}`];
  const how = o.decided.outcome === "accepted"
    ? ` at a payout of ${percent(parseUnits(o.decided.payout, 18))} (lower median of all accepting votes)`
    : o.decided.outcome === "capreached" ? ": it passed, but earlier incidents hold every incident slot of the protocol, so no incident is recorded" : "";
  const lines = [`  claim ${claimId}: ${o.decided.outcome.toUpperCase()}${how}; fee ${o.decided.fee} ${o.decided.feeToken} paid to ${o.decided.feeTo}`];
  if (o.incident) lines.push(`  incident ${o.incident.index} recorded in the market: time ${isoTime(o.incident.incidentTime)}, payout ${percent(parseUnits(o.incident.payout, 18))}`);
  return lines;
}

/** The open claim `claimId`, when its voting closes, and the chain time; or a refusal saying why it is not open. */
async function openClaim(ctx: Context, claimId: number, action: string) {
  const record = await claimRecord(ctx, claimId);
  const status = claimStatusName(record.status);
  if (status !== "open") throw new CliError(`claim ${claimId} is ${status} already: voting on it closed, there is nothing to ${action}; nothing was sent`);
  const votingClosesAt = Number(record.filedAt) + (await claimTiming(ctx, Number(record.protocolId))).votingPeriod;
  return { record, votingClosesAt, now: await chainTime(ctx) };
}

async function vote(ctx: Context, idText: string, decision: string, opts: { payout?: string }) {
  const claimId = parseClaimId(idText);
  if (!(DECISIONS as readonly string[]).includes(decision)) throw usage(`the vote must be accept or deny, got "${decision}"`);
  const accept = decision === "accept";
  if (!accept && opts.payout !== undefined) throw usage("--payout goes with accept only: a denial pays nothing");
  const given = opts.payout === undefined ? undefined : parseFraction(opts.payout, "--payout", { allowZero: true });
  const { record, votingClosesAt, now } = await openClaim(ctx, claimId, "vote on");
  if (now >= votingClosesAt) throw new CliError(`voting on claim ${claimId} closed at ${isoTime(votingClosesAt)}: it can only be closed now (cover claim close ${claimId}); nothing was sent`);
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  const { committee } = ctx.contracts;
  const [isVoter, hasVoted] = await committee.voterStatus(claimId, who);
  const ticker = (await ctx.contracts.market.protocol(record.protocolId)).ticker;
  if (!isVoter) {
    const voters = await votersOf(ctx, record);
    throw usage(`you (${who}) were not a member of ${ticker}'s committee (epoch ${record.epoch}) when claim ${claimId} was filed, so you cannot vote on it; its voters: ${voters.join(", ")}; nothing was sent`);
  }
  if (hasVoted) throw new CliError(`you (${who}) have voted on claim ${claimId} already: each voter votes once; nothing was sent`);
  const payout = accept ? (given ?? (record.requestedPayout as bigint)) : 0n;
  const sent = await simulateAndSend(committee.connect(signer), "voteClaim", [claimId, accept, payout], `voting on claim ${claimId}`, 18);
  const outcome = await claimOutcome(ctx, claimId, sent.hash);
  const data = { action: "claim vote", claimId, protocol: ticker, vote: decision, payout: human(payout, 18), voter: who, hash: sent.hash, gasUsed: Number(sent.gasUsed), block: sent.blockNumber, claim: outcome };
  emit(ctx.options.json, data, () =>
    [
      `voted ${decision}${accept ? ` (payout ${percent(payout)})` : ""} on claim ${claimId} (${ticker}): ${sent.hash}`,
      `  gas used: ${sent.gasUsed}`,
      ...outcomeLines(claimId, outcome),
    ].join("\n"),
  );
}

async function close(ctx: Context, idText: string) {
  const claimId = parseClaimId(idText);
  const { record, votingClosesAt, now } = await openClaim(ctx, claimId, "close");
  if (now < votingClosesAt) {
    throw new CliError(`voting on claim ${claimId} closes at ${isoTime(votingClosesAt)} (in ${duration(votingClosesAt - now)}), or when all its voters have voted; until then it cannot be closed; nothing was sent`);
  }
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  const sent = await simulateAndSend(ctx.contracts.committee.connect(signer), "closeClaim", [claimId], `closing claim ${claimId}`, 18);
  const outcome = await claimOutcome(ctx, claimId, sent.hash);
  const token = (await ctx.contracts.committee.protocolConfig(record.protocolId)).feeToken;
  const symbol = await ctx.symbolOf(token);
  const balance = human(await feeBalance(ctx, token, who), Number(await ctx.erc20(token).decimals()));
  const data = { action: "claim close", claimId, hash: sent.hash, gasUsed: Number(sent.gasUsed), block: sent.blockNumber, claim: outcome, balances: { [symbol]: balance } };
  emit(ctx.options.json, data, () =>
    [`closed voting on claim ${claimId}: ${sent.hash}`, `  gas used: ${sent.gasUsed}`, ...outcomeLines(claimId, outcome), `  balances now: ${balance} ${symbol}`].join("\n"),
  );
}

async function record(ctx: Context, protocolText: string) {
  const p = await committeeProtocol(ctx, protocolText);
  const queue = (await ctx.contracts.committee.claimQueue(p.id)).map(Number);
  if (queue.length === 0) throw new CliError(`${p.ticker} has no claim waiting: every claim filed on it is decided; nothing was sent`);
  const signer = await ctx.signer();
  const sent = await simulateAndSend(ctx.contracts.committee.connect(signer), "recordClaims", [p.id, queue.length], `recording ${p.ticker}'s claims`, 18);
  const receipt = await receiptOf(ctx, sent.hash);
  const decided = eventsIn(receipt, ctx.contracts.committee, "ClaimResolved").map((e) => ({ claimId: Number(e.claimId), outcome: claimStatusName(e.outcome), payout: human(e.payout, 18) }));
  const incidents = eventsIn(receipt, ctx.contracts.market, "IncidentReported").map((e) => ({ index: Number(e.incidentIndex), claimId: Number(e.claimId), incidentTime: Number(e.incidentTime), payout: human(e.payout, 18) }));
  const waiting = (await ctx.contracts.committee.claimQueue(p.id)).map(Number);
  const head = waiting.length ? await claimOutcome(ctx, waiting[0], sent.hash) : null;
  const data = { action: "claim record", protocol: p.ticker, decided, incidents, waiting, hash: sent.hash, gasUsed: Number(sent.gasUsed), block: sent.blockNumber };
  emit(ctx.options.json, data, () =>
    [
      `recorded ${p.ticker}'s claims in incident-time order: ${sent.hash}`,
      `  gas used: ${sent.gasUsed}`,
      ...(decided.length ? decided.map((d) => `  claim ${d.claimId}: ${d.outcome}${d.outcome === "accepted" ? ` at ${percent(parseUnits(d.payout, 18))}` : ""}`) : ["  no claim's turn has come yet"]),
      ...incidents.map((i) => `  incident ${i.index} recorded in the market: claim ${i.claimId}, time ${isoTime(i.incidentTime)}, payout ${percent(parseUnits(i.payout, 18))}`),
      ...(head ? [`  next to decide:`, ...outcomeLines(waiting[0], head)] : []),
    ].join("\n"),
  );
}

async function list(ctx: Context, opts: { protocol?: string; status?: string }) {
  const wanted = opts.status?.toLowerCase();
  const statuses = lowerNamesOf(CommitteeClaimStatus).slice(1);
  if (wanted !== undefined && !(statuses as readonly string[]).includes(wanted)) throw usage(`--status must be one of ${statuses.join(", ")}, got "${opts.status}"`);
  const protocol = opts.protocol === undefined ? undefined : await committeeProtocol(ctx, opts.protocol);
  const rows = (await allClaims(ctx, protocol?.id)).filter((c) => wanted === undefined || c.status === wanted);
  emit(ctx.options.json, rows, () =>
    rows.length === 0
      ? "no claims match"
      : table(
          ["Claim", "Protocol", "Status", "Votes", "Requested", "Payout", "Incident time", "Voting closes", "Evidence"],
          rows.map((c) => [
            c.id,
            c.ticker,
            c.closable
              ? "open (voting over: close it)"
              : c.status === "passed"
                ? `passed at ${percent(parseUnits(c.payout!, 18))} (recorded from ${isoTime(c.recordableAt)})`
                : c.status === "accepted"
                  ? `accepted at ${percent(parseUnits(c.payout!, 18))}`
                  : c.status,
            `${c.accepts} accept, ${c.denials} deny; ${c.threshold} of ${c.size} pass it`,
            percent(parseUnits(c.requestedPayout, 18)),
            c.payout === null ? "-" : percent(parseUnits(c.payout, 18)),
            isoTime(c.incidentTime),
            isoTime(c.votingClosesAt),
            c.evidence,
          ]),
          ["Claim"],
        ),
  );
}

/** `trigger --decide`: decides every pending proof of the protocol whose time t + L + P has come, in incident-time order. */
async function decidePending(ctx: Context, p: Awaited<ReturnType<typeof resolveProtocol>>) {
  const { parametric } = ctx.contracts;
  const now = BigInt(await chainTime(ctx));
  const { settings } = await triggerSettings(parametric, p.id);
  const due = settings.pending.filter((t) => decidableAt(settings, t) <= now);
  const waiting = settings.pending.filter((t) => decidableAt(settings, t) > now);
  const later = waiting.map((t) => ({ incidentTime: Number(t), decidableAt: Number(decidableAt(settings, t)) }));
  if (!due.length) {
    const next = later.length ? `the next, of ${isoTime(BigInt(later[0].incidentTime))}, is decided from ${isoTime(BigInt(later[0].decidableAt))}` : "none is pending";
    throw new CliError(`no proof of ${p.ticker} is due for its decision (chain time ${isoTime(now)}): ${next}; nothing was sent`);
  }
  const sent = await simulateAndSend(parametric.connect(await ctx.signer()), "decideIncidents", [p.id], `deciding the pending proofs of ${p.ticker}`, 18);
  const decided = eventsIn(await receiptOf(ctx, sent.hash), parametric, "IncidentDecided").map((e: any) => ({
    incidentTime: Number(e.incidentTime), claimId: Number(e.claimId), accepted: e.accepted as boolean,
    incidentIndex: e.accepted ? Number(e.incidentIndex) : null, payout: human(e.payout, 18),
  }));
  const data = { action: "decide", protocol: { id: p.id, ticker: p.ticker, listed: p.listed }, decided, pending: later, hash: sent.hash, gasUsed: Number(sent.gasUsed), block: sent.blockNumber };
  emit(ctx.options.json, data, () =>
    [
      `${p.ticker} (protocol ${p.id})${listedNote(p)}: decided ${decided.length} pending proof${decided.length === 1 ? "" : "s"}, in incident-time order: ${sent.hash}`,
      `  gas used: ${sent.gasUsed}`,
      ...decided.map((d) =>
        d.accepted
          ? `  incident ${d.incidentIndex} recorded in the market: time ${isoTime(BigInt(d.incidentTime))}, payout ${d.payout} (claim ${d.claimId})`
          : `  the proof of ${isoTime(BigInt(d.incidentTime))} was denied (its claim's deadline passed undecided, or the incident cap is full)`,
      ),
      ...later.map((l) => `  still pending: ${isoTime(BigInt(l.incidentTime))}, decided from ${isoTime(BigInt(l.decidableAt))}`),
    ].join("\n"),
  );
}

async function trigger(ctx: Context, protocolText: string, opts: { at?: string; roundsPerTx: string; decide?: boolean }) {
  if (opts.decide) {
    if (opts.at !== undefined) throw usage("--decide decides pending proofs; it takes no --at");
    const p = await resolveProtocol(ctx, protocolText);
    if (p.resolverKind !== "parametric") throw usage(`${p.ticker} (protocol ${p.id}) is not a parametric protocol of this deployment: nothing to decide`);
    return decidePending(ctx, p);
  }
  const at = opts.at === undefined ? undefined : parseTime(opts.at, "--at");
  if (!/^\d+$/.test(String(opts.roundsPerTx)) || Number(opts.roundsPerTx) < 1) throw usage(`--rounds-per-tx must be a whole number of rounds, 1 or more, got "${opts.roundsPerTx}"`);
  const perTx = Number(opts.roundsPerTx);
  const p = await resolveProtocol(ctx, protocolText);
  if (p.resolverKind === "committee") throw usage(`${p.ticker} (protocol ${p.id}) is decided by its committee, not by feeds: file a claim with \`cover claim file ${p.ticker} ...\``);
  if (p.resolverKind !== "parametric") throw usage(`${p.ticker} (protocol ${p.id}) is resolved by ${p.resolver}, not by this deployment's parametric resolver`);
  const now = BigInt(await chainTime(ctx));
  if (at !== undefined && at > now) throw usage(`--at ${isoTime(at)} is in the future (chain time ${isoTime(now)})`);

  const { parametric } = ctx.contracts;
  const search = await findDepeg(parametric, p.id, { from: at, now });
  if (!search.found) throw new CliError(explainNoDepeg(search, p.ticker));
  const proof = search.proof;
  const T = proof.incidentTime;
  const what = `triggering the de-peg of ${p.ticker} at ${isoTime(T)}`;
  // The whole proof first, from an address with no checkpoints: if it would revert, nothing at all is sent.
  try {
    await parametric.triggerIncident.staticCall(p.id, T, proof.countedMask, proof.roundIds, { from: ZeroAddress });
  } catch (error) {
    throw new CliError(`${what} would fail, nothing was sent: ${reasonOf(error, 18)}`);
  }
  const signer = await ctx.signer();
  const who = await signer.getAddress();
  const resolver = parametric.connect(signer);
  // Your checkpoints for this incident time: continued when they begin the proof found, else discarded.
  const discarded: Sent[] = [];
  const remaining: bigint[][] = [];
  for (const f of proof.feeds) {
    const stored = await parametric.checkpoint(p.id, T, f.index, who);
    const upTo = f.roundIds.indexOf(stored.lastRoundId);
    const resumes = stored.firstRoundId !== 0n && stored.firstRoundId === f.roundIds[0] && upTo >= 0;
    if (stored.firstRoundId !== 0n && !resumes) {
      discarded.push(await simulateAndSend(resolver, "discardCheckpoint", [p.id, T, f.index], `discarding your checkpoint of feed ${f.index}`, 18));
    }
    remaining.push(resumes ? f.roundIds.slice(upTo + 1) : f.roundIds);
  }
  const checkpoints: { feed: number; from: string; to: string; rounds: number; hash: string; gasUsed: number }[] = [];
  if (remaining.flat().length > perTx) {
    for (const [i, ids] of remaining.entries()) {
      for (let k = 0; k < ids.length; k += perTx) {
        const chunk = ids.slice(k, k + perTx);
        const sent = await simulateAndSend(resolver, "checkpointFeed", [p.id, T, i, chunk], `checkpointing feed ${i}`, 18);
        checkpoints.push({ feed: i, from: roundName(chunk[0]), to: roundName(chunk[chunk.length - 1]), rounds: chunk.length, hash: sent.hash, gasUsed: Number(sent.gasUsed) });
      }
      remaining[i] = [];
    }
  }
  const sent = await simulateAndSend(resolver, "triggerIncident", [p.id, T, proof.countedMask, remaining], what, 18);
  const receipt = await receiptOf(ctx, sent.hash);
  const [triggered] = eventsIn(receipt, parametric, "IncidentTriggered");
  const alsoDecided = eventsIn(receipt, parametric, "IncidentDecided").map((e: any) => ({ incidentTime: Number(e.incidentTime), accepted: e.accepted as boolean, incidentIndex: e.accepted ? Number(e.incidentIndex) : null, payout: human(e.payout, 18) }));
  const incident = {
    claimId: Number(triggered.claimId), incidentTime: Number(triggered.incidentTime), payout: human(triggered.payout, 18),
    filedAt: Number((await ctx.provider.getBlock(receipt.blockNumber))!.timestamp), decidableAt: Number(triggered.decidableAt),
  };
  const data = {
    action: "trigger",
    protocol: { id: p.id, ticker: p.ticker, listed: p.listed },
    incidentTime: Number(T),
    payout: human(proof.payout, 18),
    countedMask: proof.countedMask.toString(),
    feeds: proof.feeds.map(feedJson),
    discarded: discarded.map((d) => ({ hash: d.hash, gasUsed: Number(d.gasUsed) })),
    checkpoints,
    hash: sent.hash,
    gasUsed: Number(sent.gasUsed),
    block: sent.blockNumber,
    incident,
    decided: alsoDecided,
  };
  emit(ctx.options.json, data, () =>
    [
      `${p.ticker} (protocol ${p.id})${listedNote(p)}: de-peg found in its ${proof.feeds.length} feeds`,
      ...describeProof(proof, search),
      ...discarded.map((d) => `discarded an earlier checkpoint of yours that did not fit: ${d.hash}`),
      ...(checkpoints.length ? [`the proof is longer than ${perTx} round${perTx === 1 ? "" : "s"} a transaction: checkpointed feed by feed first`] : []),
      ...checkpoints.map((c) => `  feed ${c.feed}, rounds ${c.from} to ${c.to} (${c.rounds}): ${c.hash} (gas ${c.gasUsed})`),
      `triggered: ${sent.hash}`,
      `  gas used: ${sent.gasUsed}`,
      `  filed with the market as claim ${incident.claimId} (time ${isoTime(incident.incidentTime)}, payout ${percent(triggered.payout)}): it holds NOCLAIM of the series it covers until its decision`,
      `  decided from ${isoTime(incident.decidableAt)} (t + L + P), after every earlier pending proof: anyone may run \`cover trigger ${p.ticker} --decide\` then, and every later proof decides it too`,
      ...alsoDecided.map((d) => (d.accepted ? `  also decided, being due: incident ${d.incidentIndex} of ${isoTime(BigInt(d.incidentTime))}, payout ${d.payout}` : `  also decided, being due: the proof of ${isoTime(BigInt(d.incidentTime))}, denied`)),
    ].join("\n"),
  );
}

export function registerClaimCommands(program: Command): void {
  const claim = examples(
    program.command("claim").description("committee claims: file one (paying the fee), vote as a committee member, list them, close voting past its period, record passed claims in the market"),
    ["cover claim list", "cover claim file DEMOLEND --incident-time 2026-03-01T12:00:00Z --evidence ipfs://... --payout 40% --approve", "cover claim vote 3 accept --payout 0.3"],
  );
  examples(
    claim
      .command("file <protocol>")
      .description("file a claim on a committee protocol (ticker or id), paying its claim fee; the fee doubles with each claim on the protocol within the fee window, up to a cap, and is refunded on acceptance")
      .requiredOption("--incident-time <time>", "when the incident happened: ISO date-time with zone (2026-03-01T12:00:00Z) or Unix seconds")
      .requiredOption("--evidence <uri>", "where the evidence is (e.g. ipfs://...)")
      .requiredOption("--payout <fraction>", "the payout asked for: a fraction (0.4) or a percentage (40%)")
      .option("--max-fee <amount>", "the most fee you will pay, in the fee token (default: the fee quoted now); a claim landing first raises the fee, and the filing is then refused instead of charging more")
      .option("--approve", "approve the resolver for exactly the fee if the allowance is short (otherwise you are asked)"),
    [
      "cover claim file DEMOLEND --incident-time 2026-03-01T12:00:00Z --evidence ipfs://bafy... --payout 40% --approve",
      "cover claim file 3 --incident-time 1772366400 --evidence https://example.org/post-mortem --payout 0.25 --json",
    ],
  ).action(withContext((ctx, protocol, opts) => fileClaim(ctx, protocol, opts)));
  examples(
    claim
      .command("vote <claimId> <decision>")
      .description("vote accept or deny on an open claim, as a member of the committee it was filed under (key from COVER_PRIVATE_KEY)")
      .option("--payout <fraction>", "accept: the payout you accept, a fraction or a percentage (default: the payout requested)"),
    ["cover claim vote 3 accept --payout 0.3", "cover claim vote 3 accept", "cover claim vote 3 deny --json"],
  ).action(withContext((ctx, id, decision, opts) => vote(ctx, id, decision, opts)));
  examples(
    claim
      .command("list")
      .description("claims filed through the committee resolver, from the chain: status, votes so far, requested payout, incident time, when voting closes")
      .option("--protocol <ticker|id>", "only this protocol's claims")
      .option("--status <status>", `only claims in this status: ${lowerNamesOf(CommitteeClaimStatus).slice(1).join(", ")}`),
    ["cover claim list", "cover claim list --protocol DEMOBRIDGE --status accepted", "cover claim list --status open --json"],
  ).action(withContext((ctx, opts) => list(ctx, opts)));
  examples(
    claim.command("close <claimId>").description("close voting on an open claim from its filing + the voting period on (anyone may): it passes with enough acceptances, else it is denied and its fee goes to the protocol's denied-fee receiver"),
    ["cover claim close 3", "cover claim close 3 --json"],
  ).action(withContext((ctx, id) => close(ctx, id)));
  examples(
    claim
      .command("record <protocol>")
      .description("record a committee protocol's passed claims in the market, in incident-time order, as far as their turn has come (anyone may): each once its incident time + the filing window has passed and every earlier claim is decided"),
    ["cover claim record DEMOBRIDGE", "cover claim record 3 --json"],
  ).action(withContext((ctx, protocol) => record(ctx, protocol)));

  examples(
    program
      .command("trigger <protocol>")
      .description("prove a parametric protocol's earliest de-peg not yet proven from its feeds (the rounds are found for you) and file it with the market, decided from t + L + P; or say why there is none. With --decide, decide the pending proofs that are due")
      .option("--at <time>", "look for a de-peg whose incident time is at or after this time (ISO date-time with zone, or Unix seconds); default: the earliest not yet proven that can still be proven")
      .option("--rounds-per-tx <n>", "most rounds one transaction reads; a longer proof is checkpointed feed by feed first", "500")
      .option("--decide", "decide, in incident-time order, every pending proof whose time t + L + P has come (anyone may)"),
    ["cover trigger DEMOUSDPEG", "cover trigger DEMOUSDPEG --at 2026-03-01T00:00:00Z --json", "cover trigger 4 --rounds-per-tx 100", "cover trigger DEMOUSDPEG --decide"],
  ).action(withContext((ctx, protocol, opts) => trigger(ctx, protocol, opts)));
}
