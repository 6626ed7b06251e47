/**
 * The settlement rules of the core (DESIGN.md section 1) as plain TypeScript, written from the rules and
 * not from CoverMarket.sol, so that a property test can hold the chain against them.
 *
 * Settlement is a pure function of a protocol's reported incidents, its filed claims and the time:
 * - an incident applies to a series when its incident time lies in the coverage window
 *   [createdAt, expiry) and it was filed before expiry + W; the first one reported that applies fixes
 *   the CLAIM payout p for ever (ByIncident);
 * - otherwise NOCLAIM is final (ByTime, p = 0) from expiry + W + D whatever happens, and already from
 *   expiry + W unless a claim of that expiry's bucket holds it: claims are bucketed by the first calendar
 *   expiry strictly after filedAt - W, and a bucket holds while one of its claims is undecided and the
 *   latest deadline of any claim filed in it is still ahead.
 * All times are Unix seconds, payouts WAD fractions, as bigints.
 */
import { firstExpiryAfter } from "../../scripts/lib/market/calendar.js";
import { DECISION_PERIOD } from "./marketFixture.js";

/** ICoverMarketTypes.SettlementState, numbered as the ABI returns it. */
export const SettlementState = { Open: 0n, ByIncident: 1n, ByTime: 2n } as const;
export type SettlementStateValue = (typeof SettlementState)[keyof typeof SettlementState];

/** Most incidents one protocol may have reported (Constants.MAX_INCIDENTS_PER_PROTOCOL). */
export const MAX_INCIDENTS_PER_PROTOCOL = 32;

export interface IncidentRecord {
  incidentTime: bigint;
  /** When its claim was filed; the report itself for a direct report. */
  filedAt: bigint;
  reportedAt: bigint;
  payout: bigint;
}

export type ClaimStatus = "open" | "accepted" | "denied";

export interface ClaimRecord {
  incidentTime: bigint;
  filedAt: bigint;
  status: ClaimStatus;
}

export interface ProtocolRecord {
  registeredAt: bigint;
  /** W, in seconds. */
  claimWindow: bigint;
  /** In report order. */
  incidents: IncidentRecord[];
  /** In filing order. */
  claims: ClaimRecord[];
}

export interface SeriesTerms {
  createdAt: bigint;
  expiry: bigint;
}

export interface Settlement {
  state: SettlementStateValue;
  /** CLAIM payout (WAD); 0 unless ByIncident. */
  payout: bigint;
  /**
   * Open: the earliest time it can settle by time alone. ByIncident: when the applying incident was
   * reported. ByTime: expiry + W, from which NOCLAIM pays 1 unless a claim holds it (at most until + D).
   */
  finalAt: bigint;
}

/** A claim must be decided before filedAt + D to be accepted. */
export function claimDeadline(claim: Pick<ClaimRecord, "filedAt">): bigint {
  return claim.filedAt + DECISION_PERIOD;
}

/** The first calendar expiry whose series a claim filed at `filedAt` can apply to. */
export function claimBucket(filedAt: bigint, claimWindow: bigint): bigint {
  return firstExpiryAfter(filedAt > claimWindow ? filedAt - claimWindow : 0n);
}

/** Whether an incident (or a claim, were it accepted) applies to the series. */
export function applies(event: { incidentTime: bigint; filedAt: bigint }, terms: SeriesTerms, claimWindow: bigint): boolean {
  return event.incidentTime >= terms.createdAt && event.incidentTime < terms.expiry && event.filedAt < terms.expiry + claimWindow;
}

/** The series' settlement at time `now`. */
export function settlementAt(terms: SeriesTerms, protocol: ProtocolRecord, now: bigint): Settlement {
  const applying = protocol.incidents.find((incident) => applies(incident, terms, protocol.claimWindow));
  if (applying) return { state: SettlementState.ByIncident, payout: applying.payout, finalAt: applying.reportedAt };

  const filingEnd = terms.expiry + protocol.claimWindow;
  const latest = filingEnd + DECISION_PERIOD;
  if (now >= latest) return { state: SettlementState.ByTime, payout: 0n, finalAt: filingEnd };
  if (now < filingEnd) return { state: SettlementState.Open, payout: 0n, finalAt: filingEnd };

  const bucket = protocol.claims.filter((c) => claimBucket(c.filedAt, protocol.claimWindow) === terms.expiry);
  const undecided = bucket.some((c) => c.status === "open");
  const lastDeadline = bucket.reduce((last, c) => (claimDeadline(c) > last ? claimDeadline(c) : last), 0n);
  if (undecided && lastDeadline > now) {
    return { state: SettlementState.Open, payout: 0n, finalAt: lastDeadline < latest ? lastDeadline : latest };
  }
  return { state: SettlementState.ByTime, payout: 0n, finalAt: filingEnd };
}

/**
 * Claims that could still change the series' payout: undecided, acceptable (deadline ahead) and applying
 * if accepted. A series settled by time must have none, or its settlement would not be final.
 */
export function claimsThatCouldApply(terms: SeriesTerms, protocol: ProtocolRecord, now: bigint): ClaimRecord[] {
  return protocol.claims.filter((c) => c.status === "open" && claimDeadline(c) > now && applies(c, terms, protocol.claimWindow));
}

export function stateName(state: bigint): string {
  return state === SettlementState.Open ? "Open" : state === SettlementState.ByIncident ? "ByIncident" : "ByTime";
}
