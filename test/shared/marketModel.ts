/**
 * A model of the whole cover market for the solvency property test, in plain TypeScript: the clock,
 * protocols with their claims and incidents, series with their ledgers, and every account's collateral.
 * For each generated action it resolves the relative parts (how much, when, which claim) and says what
 * the chain must do: the call to send, and either the custom error it must revert with (checked in the
 * market's order) or the effects to book once it succeeded. It never reads the chain.
 */
import { WAD } from "../../scripts/lib/market/payout.js";
import { WEEK } from "../../scripts/lib/market/calendar.js";
import { DECISION_PERIOD } from "./marketFixture.js";
import { SeriesLedger, type Side } from "./coverLedger.js";
import {
  MAX_INCIDENTS_PER_PROTOCOL,
  SettlementState,
  claimDeadline,
  claimsThatCouldApply,
  settlementAt,
  stateName,
  type ClaimRecord,
  type ProtocolRecord,
  type Settlement,
} from "./settlementModel.js";
import type { Action, IncidentTime, Milestone, Portion } from "./solvencyActions.js";

export type Collateral = "usdc" | "dai";

/** Who a call goes to: the market, a protocol's resolver, or one side's token of a series. */
export type Target = { kind: "market" } | { kind: "resolver"; protocol: number } | { kind: "token"; series: number; side: Side };

export interface Call {
  to: Target;
  /** A user by index, or the resolvers' controller. */
  from: number | "controller";
  method: string;
  args: unknown[];
}

export type Expected =
  | { ok: true; series?: number; accounts: number[]; collateral?: Collateral }
  | { ok: false; source: Target; error: string; args: unknown[] };

export interface Plan {
  label: string;
  call: Call;
  expected: Expected;
  /** Books the effects; only after the call succeeded. */
  commit: () => void;
}

export interface ModelSeries {
  id: string;
  label: string;
  protocol: number;
  collateral: Collateral;
  collateralAddress: string;
  decimals: bigint;
  expiry: bigint;
  /** Undefined until the series exists. */
  createdAt: bigint | undefined;
  recorded: boolean;
  ledger: SeriesLedger;
}

export interface ModelProtocol extends ProtocolRecord {
  id: bigint;
  resolver: string;
}

interface ModelClaim extends ClaimRecord {
  protocol: number;
}

export interface ModelSetup {
  now: bigint;
  users: string[];
  /** Accounts each series' ledger keeps: the users, then any others (default: the users only). */
  ledgerAccounts?: number;
  collateral: Record<Collateral, bigint>[];
  protocols: { id: bigint; resolver: string; registeredAt: bigint; claimWindow: bigint }[];
  series: {
    id: string;
    label: string;
    protocol: number;
    collateral: Collateral;
    collateralAddress: string;
    expiry: bigint;
    createdAt: bigint | undefined;
  }[];
}

const PPM = 1_000_000n;
const MARKET: Target = { kind: "market" };
const err = (source: Target, error: string, ...args: unknown[]): Expected => ({ ok: false, source, error, args });

export class MarketModel {
  /** Timestamp of the latest block: what views see. */
  now: bigint;
  readonly users: string[];
  readonly collateral: Record<Collateral, bigint>[];
  readonly protocols: ModelProtocol[];
  readonly series: ModelSeries[];
  /** Every claim filed, in the market's id order (id = index + 1). */
  readonly claims: ModelClaim[] = [];
  /** The first settlement seen for each series: it must never change. */
  private readonly finalSeen = new Map<number, Settlement>();

  constructor(setup: ModelSetup) {
    this.now = setup.now;
    this.users = setup.users;
    this.collateral = setup.collateral;
    this.protocols = setup.protocols.map((p) => ({ ...p, incidents: [], claims: [] }));
    this.series = setup.series.map((s) => ({
      ...s,
      decimals: s.collateral === "usdc" ? 6n : 18n,
      recorded: false,
      ledger: new SeriesLedger(setup.ledgerAccounts ?? setup.users.length),
    }));
  }

  exists(series: number): boolean {
    return this.series[series].createdAt !== undefined;
  }

  settlement(series: number, at: bigint = this.now): Settlement {
    const s = this.series[series];
    if (s.createdAt === undefined) throw new Error(`model: series ${s.label} does not exist`);
    return settlementAt({ createdAt: s.createdAt, expiry: s.expiry }, this.protocols[s.protocol], at);
  }

  /** Times in a series' life: see Milestone. */
  milestones(series: number): Record<Milestone, bigint> {
    const s = this.series[series];
    const filingEnd = s.expiry + this.protocols[s.protocol].claimWindow;
    return { expiry: s.expiry, bucketOpens: filingEnd - WEEK, filingEnd, latest: filingEnd + DECISION_PERIOD };
  }

  /** Where a wait action moves the clock, or undefined if it would not move it forward. */
  waitTarget(action: Extract<Action, { kind: "wait" | "waitUntil" | "waitForDeadline" }>): bigint | undefined {
    let target: bigint | undefined;
    if (action.kind === "wait") target = this.now + action.seconds;
    else if (action.kind === "waitUntil") {
      if (this.exists(action.series)) target = this.milestones(action.series)[action.milestone] + action.offset;
    } else if (this.claims.length > 0) {
      target = claimDeadline(this.claims[action.claim % this.claims.length]) + action.offset;
    }
    return target !== undefined && target > this.now ? target : undefined;
  }

  /** What a (non-wait) action does when sent at `at`; undefined when there is nothing to send. */
  plan(action: Action, at: bigint): Plan | undefined {
    switch (action.kind) {
      case "mint":
        return this.planMint(action, at);
      case "merge":
        return this.planMerge(action);
      case "transfer":
        return this.planTransfer(action);
      case "redeem":
        return this.planRedeem(action, at);
      case "settle":
        return this.planSettle(action.series, at);
      case "createLateSeries":
        return this.planCreateLate(at);
      case "fileClaim":
        return this.planFileClaim(action, at);
      case "decideClaim":
        return this.planDecideClaim(action, at);
      case "reportIncident":
        return this.planReportIncident(action, at);
      default:
        return undefined;
    }
  }

  planMint(a: Extract<Action, { kind: "mint" }>, at: bigint): Plan {
    const s = this.series[a.series];
    const amount = "raw" in a.amount ? a.amount.raw : a.amount.units * 10n ** s.decimals;
    const call: Call = {
      to: MARKET,
      from: a.actor,
      method: "mint",
      args: [s.id, amount, this.users[a.claimTo], this.users[a.noclaimTo]],
    };
    const label = `mint ${amount} ${s.label} by ${a.actor} -> C${a.claimTo}/N${a.noclaimTo}`;
    let expected: Expected;
    if (amount === 0n) expected = err(MARKET, "CoverZeroAmount");
    else if (!this.exists(a.series)) expected = err(MARKET, "CoverUnknownSeries", s.id);
    else if (at >= s.expiry) expected = err(MARKET, "CoverSeriesExpired", s.id, s.expiry);
    else if (this.collateral[a.actor][s.collateral] < amount)
      throw new Error("model: a user ran out of collateral; lower the mint sizes");
    else expected = { ok: true, series: a.series, accounts: [a.actor, a.claimTo, a.noclaimTo], collateral: s.collateral };
    return {
      label,
      call,
      expected,
      commit: () => {
        s.ledger.mint(amount, a.claimTo, a.noclaimTo);
        this.collateral[a.actor][s.collateral] -= amount;
      },
    };
  }

  planMerge(a: Extract<Action, { kind: "merge" }>): Plan {
    const s = this.series[a.series];
    const c = s.ledger.balance("claim", a.actor);
    const n = s.ledger.balance("noclaim", a.actor);
    const amount = resolvePortion(a.amount, c < n ? c : n);
    const call: Call = { to: MARKET, from: a.actor, method: "merge", args: [s.id, amount, this.users[a.to]] };
    let expected: Expected;
    if (amount === 0n) expected = err(MARKET, "CoverZeroAmount");
    else if (!this.exists(a.series)) expected = err(MARKET, "CoverUnknownSeries", s.id);
    else if (c < amount) expected = err(token(a.series, "claim"), "ERC20InsufficientBalance", this.users[a.actor], c, amount);
    else if (n < amount) expected = err(token(a.series, "noclaim"), "ERC20InsufficientBalance", this.users[a.actor], n, amount);
    else expected = { ok: true, series: a.series, accounts: [a.actor, a.to], collateral: s.collateral };
    return {
      label: `merge ${amount} ${s.label} by ${a.actor} -> ${a.to}`,
      call,
      expected,
      commit: () => {
        s.ledger.merge(a.actor, amount);
        this.collateral[a.to][s.collateral] += amount;
      },
    };
  }

  planTransfer(a: Extract<Action, { kind: "transfer" }>): Plan | undefined {
    if (!this.exists(a.series)) return undefined; // its tokens have no code yet: a call would do nothing
    const s = this.series[a.series];
    const held = s.ledger.balance(a.side, a.actor);
    const amount = resolvePortion(a.amount, held);
    const source = token(a.series, a.side);
    return {
      label: `transfer ${amount} ${a.side} ${s.label} ${a.actor} -> ${a.to}`,
      call: { to: source, from: a.actor, method: "transfer", args: [this.users[a.to], amount] },
      expected:
        held < amount
          ? err(source, "ERC20InsufficientBalance", this.users[a.actor], held, amount)
          : { ok: true, series: a.series, accounts: [a.actor, a.to] },
      commit: () => s.ledger.transfer(a.side, a.actor, a.to, amount),
    };
  }

  planRedeem(a: Extract<Action, { kind: "redeem" }>, at: bigint): Plan {
    const s = this.series[a.series];
    const c = s.ledger.balance("claim", a.actor);
    const n = s.ledger.balance("noclaim", a.actor);
    const claimAmount = resolvePortion(a.claim, c);
    const noclaimAmount = resolvePortion(a.noclaim, n);
    const call: Call = {
      to: MARKET,
      from: a.actor,
      method: "redeem",
      args: [s.id, claimAmount, noclaimAmount, this.users[a.to]],
    };
    const settled = this.exists(a.series) ? this.settlement(a.series, at) : undefined;
    let expected: Expected;
    if (claimAmount === 0n && noclaimAmount === 0n) expected = err(MARKET, "CoverZeroAmount");
    else if (!settled) expected = err(MARKET, "CoverUnknownSeries", s.id);
    else if (settled.state === SettlementState.Open) expected = err(MARKET, "CoverNotSettled", s.id, settled.finalAt);
    else if (c < claimAmount)
      expected = err(token(a.series, "claim"), "ERC20InsufficientBalance", this.users[a.actor], c, claimAmount);
    else if (n < noclaimAmount)
      expected = err(token(a.series, "noclaim"), "ERC20InsufficientBalance", this.users[a.actor], n, noclaimAmount);
    else expected = { ok: true, series: a.series, accounts: [a.actor, a.to], collateral: s.collateral };
    return {
      label: `redeem ${claimAmount}C+${noclaimAmount}N ${s.label} by ${a.actor} -> ${a.to}`,
      call,
      expected,
      commit: () => {
        this.collateral[a.to][s.collateral] += s.ledger.redeem(a.actor, claimAmount, noclaimAmount, settled!.payout);
        s.recorded = true;
      },
    };
  }

  planSettle(series: number, at: bigint): Plan {
    const s = this.series[series];
    const settled = this.exists(series) ? this.settlement(series, at) : undefined;
    let expected: Expected;
    if (!settled) expected = err(MARKET, "CoverUnknownSeries", s.id);
    else if (settled.state === SettlementState.Open) expected = err(MARKET, "CoverNotSettled", s.id, settled.finalAt);
    else expected = { ok: true, accounts: [] };
    return {
      label: `settle ${s.label}`,
      call: { to: MARKET, from: 0, method: "settle", args: [s.id] },
      expected,
      commit: () => {
        s.recorded = true;
      },
    };
  }

  planCreateLate(at: bigint): Plan {
    const index = this.series.length - 1;
    const s = this.series[index];
    const p = this.protocols[s.protocol];
    let expected: Expected;
    if (p.incidents.length >= MAX_INCIDENTS_PER_PROTOCOL)
      expected = err(MARKET, "CoverIncidentCapReached", p.id, BigInt(MAX_INCIDENTS_PER_PROTOCOL));
    else if (s.expiry <= at) expected = err(MARKET, "CoverExpiryNotInFuture", s.expiry, at);
    else if (this.exists(index)) expected = err(MARKET, "CoverSeriesExists", s.id);
    else expected = { ok: true, accounts: [] };
    return {
      label: `createSeries ${s.label}`,
      call: { to: MARKET, from: 0, method: "createSeries", args: [p.id, s.collateralAddress, s.expiry] },
      expected,
      commit: () => {
        s.createdAt = at;
      },
    };
  }

  planFileClaim(a: Extract<Action, { kind: "fileClaim" }>, at: bigint): Plan {
    const protocol = this.series[a.series].protocol;
    const p = this.protocols[protocol];
    const incidentTime = this.resolveIncidentTime(a.time, protocol, at);
    const caller = a.wrongResolver ? 1 - protocol : protocol;
    const call: Call = a.wrongResolver
      ? { to: { kind: "resolver", protocol: caller }, from: "controller", method: "fileClaimFor", args: [p.id, incidentTime] }
      : { to: { kind: "resolver", protocol: caller }, from: "controller", method: "fileClaim", args: [incidentTime] };
    let expected: Expected | undefined = a.wrongResolver
      ? err(MARKET, "CoverNotResolver", p.id, this.protocols[caller].resolver)
      : this.incidentTimeError(incidentTime, p, at);
    // At the cap a claim could never be accepted, so it is refused rather than left to hold series back.
    if (!expected && p.incidents.length >= MAX_INCIDENTS_PER_PROTOCOL) {
      expected = err(MARKET, "CoverIncidentCapReached", p.id, BigInt(MAX_INCIDENTS_PER_PROTOCOL));
    }
    return {
      label: `fileClaim protocol ${protocol} at ${incidentTime}${a.wrongResolver ? " (wrong resolver)" : ""}`,
      call,
      expected: expected ?? { ok: true, accounts: [] },
      commit: () => {
        const claim: ModelClaim = { protocol, incidentTime, filedAt: at, status: "open" };
        this.claims.push(claim);
        p.claims.push(claim);
      },
    };
  }

  planDecideClaim(a: Extract<Action, { kind: "decideClaim" }>, at: bigint): Plan {
    // Mostly an open claim if there is one; otherwise any claim, or the next id, which is unknown.
    const open = this.claims.filter((c) => c.status === "open");
    const claim =
      open.length > 0 && a.claim % 3 !== 0 ? open[a.claim % open.length] : this.claims[a.claim % (this.claims.length + 1)];
    const claimId = claim ? BigInt(this.claims.indexOf(claim) + 1) : BigInt(this.claims.length + 1);
    const protocol = claim ? claim.protocol : 0;
    const p = this.protocols[protocol];
    const caller = a.wrongResolver ? 1 - protocol : protocol;
    let expected: Expected;
    if (!claim) expected = err(MARKET, "CoverUnknownClaim", claimId);
    else if (a.wrongResolver) expected = err(MARKET, "CoverNotResolver", p.id, this.protocols[caller].resolver);
    else if (claim.status !== "open") expected = err(MARKET, "CoverClaimNotOpen", claimId);
    else if (a.accept && at >= claimDeadline(claim))
      expected = err(MARKET, "CoverClaimDeadlinePassed", claimId, claimDeadline(claim));
    else if (a.accept && a.payout > WAD) expected = err(MARKET, "CoverInvalidPayout", a.payout);
    else if (a.accept && p.incidents.length >= MAX_INCIDENTS_PER_PROTOCOL) {
      expected = err(MARKET, "CoverIncidentCapReached", p.id, BigInt(MAX_INCIDENTS_PER_PROTOCOL));
    } else expected = { ok: true, accounts: [] };
    return {
      label: `decideClaim ${claimId} ${a.accept ? `accept ${a.payout}` : "deny"}${a.wrongResolver ? " (wrong resolver)" : ""}`,
      call: {
        to: { kind: "resolver", protocol: caller },
        from: "controller",
        method: "decideClaim",
        args: [claimId, a.accept, a.payout],
      },
      expected,
      commit: () => {
        claim!.status = a.accept ? "accepted" : "denied";
        if (a.accept)
          p.incidents.push({ incidentTime: claim!.incidentTime, filedAt: claim!.filedAt, reportedAt: at, payout: a.payout });
      },
    };
  }

  planReportIncident(a: Extract<Action, { kind: "reportIncident" }>, at: bigint): Plan {
    const protocol = this.series[a.series].protocol;
    const p = this.protocols[protocol];
    const incidentTime = this.resolveIncidentTime(a.time, protocol, at);
    let expected = this.incidentTimeError(incidentTime, p, at);
    if (!expected && a.payout > WAD) expected = err(MARKET, "CoverInvalidPayout", a.payout);
    if (!expected && p.incidents.length >= MAX_INCIDENTS_PER_PROTOCOL) {
      expected = err(MARKET, "CoverIncidentCapReached", p.id, BigInt(MAX_INCIDENTS_PER_PROTOCOL));
    }
    return {
      label: `reportIncident protocol ${protocol} at ${incidentTime} payout ${a.payout}`,
      call: { to: { kind: "resolver", protocol }, from: "controller", method: "reportIncident", args: [incidentTime, a.payout] },
      expected: expected ?? { ok: true, accounts: [] },
      commit: () => {
        p.incidents.push({ incidentTime, filedAt: at, reportedAt: at, payout: a.payout });
      },
    };
  }

  /**
   * Problems with finality, which the design promises: a settlement, once reached, never changes, and a
   * series settled by time has no undecided claim left that could still be accepted and apply to it.
   */
  finalityProblems(): string[] {
    const problems: string[] = [];
    this.series.forEach((s, i) => {
      if (!this.exists(i)) return;
      const now = this.settlement(i);
      if (now.state === SettlementState.Open) return;
      const first = this.finalSeen.get(i);
      if (!first) this.finalSeen.set(i, now);
      else if (first.state !== now.state || first.payout !== now.payout) {
        problems.push(
          `${s.label}: settled ${stateName(first.state)} ${first.payout}, later ${stateName(now.state)} ${now.payout}`
        );
      }
      const p = this.protocols[s.protocol];
      if (
        now.state === SettlementState.ByTime &&
        claimsThatCouldApply({ createdAt: s.createdAt!, expiry: s.expiry }, p, this.now).length > 0
      ) {
        problems.push(`${s.label}: settled by time while an acceptable claim could still apply`);
      }
    });
    return problems;
  }

  private incidentTimeError(incidentTime: bigint, p: ModelProtocol, at: bigint): Expected | undefined {
    if (incidentTime > at) return err(MARKET, "CoverIncidentInFuture", incidentTime, at);
    if (incidentTime < p.registeredAt) return err(MARKET, "CoverIncidentBeforeRegistration", incidentTime, p.registeredAt);
    return undefined;
  }

  /** An incident time as the action describes it; valid (not future, not before registration) unless it asks otherwise. */
  private resolveIncidentTime(time: IncidentTime, protocol: number, at: bigint): bigint {
    const registeredAt = this.protocols[protocol].registeredAt;
    if (time.kind === "future") return at + 1n;
    if (time.kind === "beforeRegistration") return registeredAt - 1n;
    let t: bigint;
    if (time.kind === "recent") t = at - time.back;
    else {
      const s = this.series[this.exists(time.series) ? time.series : 0];
      const createdAt = s.createdAt!;
      const ppm = BigInt(time.ppm);
      t = {
        beforeCreation: createdAt - 1n - (ppm % 3_600n),
        creation: createdAt,
        inside: createdAt + ((s.expiry - createdAt) * ppm) / PPM,
        lastSecond: s.expiry - 1n,
        expiry: s.expiry,
        afterExpiry: s.expiry + (ppm % (3n * 86_400n)),
      }[time.at];
    }
    if (t > at) t = at;
    return t < registeredAt ? registeredAt : t;
  }
}

export function token(series: number, side: Side): Target {
  return { kind: "token", series, side };
}

/** A part of `held` as the action describes it. */
export function resolvePortion(portion: Portion, held: bigint): bigint {
  if (portion === "all") return held;
  if (portion === "one") return 1n;
  if (portion === "zero") return 0n;
  if (portion === "over") return held + 1n;
  return (held * BigInt(portion.ppm)) / PPM;
}
