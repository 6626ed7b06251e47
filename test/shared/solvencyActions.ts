/**
 * Random actions on the cover market for the solvency property test, as plain data (so fast-check can
 * print and shrink them). Amounts, times and claims are given relative to the state (a part of what an
 * account holds, a time near a series' expiry, the n-th claim filed), and the test resolves them against
 * its model when it runs them: a generated sequence therefore stays meaningful at every step.
 */
import fc from "fast-check";
import { WAD } from "../../scripts/lib/market/payout.js";
import type { RouterAction } from "./routerActions.js";

export const ACCOUNTS = 5;
export const SERIES = 5;

/** Collateral to mint: raw base units, or whole units of the collateral (times 10^decimals). */
export type MintAmount = { raw: bigint } | { units: bigint };
/** A part of what an account holds: all, one base unit, nothing, a millionth-fraction, or one more than it holds. */
export type Portion = "all" | "one" | "zero" | "over" | { ppm: number };
/** A CLAIM payout, or a refused one above 1. */
export type Payout = bigint;
/** Where an incident time lies, resolved at the time of the call. */
export type IncidentTime =
  | { kind: "future" }
  | { kind: "beforeRegistration" }
  | { kind: "recent"; back: bigint }
  | {
      kind: "window";
      series: number;
      at: "beforeCreation" | "creation" | "inside" | "lastSecond" | "expiry" | "afterExpiry";
      ppm: number;
    };
/**
 * Times in a series' life: its expiry; bucketOpens, expiry + W - 1 week, from when filed claims land in
 * that expiry's bucket; filingEnd, expiry + W; latest, expiry + W + D.
 */
export type Milestone = "expiry" | "bucketOpens" | "filingEnd" | "latest";

export type Action =
  | { kind: "mint"; actor: number; series: number; amount: MintAmount; claimTo: number; noclaimTo: number }
  | { kind: "merge"; actor: number; series: number; amount: Portion; to: number }
  | { kind: "transfer"; actor: number; series: number; side: "claim" | "noclaim"; amount: Portion; to: number }
  | { kind: "redeem"; actor: number; series: number; claim: Portion; noclaim: Portion; to: number }
  | { kind: "settle"; series: number }
  | { kind: "createLateSeries" }
  /** Filed against the protocol of `series`. */
  | { kind: "fileClaim"; series: number; time: IncidentTime; wrongResolver: boolean }
  | { kind: "decideClaim"; claim: number; accept: boolean; payout: Payout; wrongResolver: boolean }
  /** Reported for the protocol of `series`. */
  | { kind: "reportIncident"; series: number; time: IncidentTime; payout: Payout }
  | { kind: "wait"; seconds: bigint }
  | { kind: "waitUntil"; series: number; milestone: Milestone; offset: bigint }
  | { kind: "waitForDeadline"; claim: number; offset: bigint }
  /** The router's actions: test/shared/routerActions.ts. */
  | RouterAction;

/** How each account empties its positions at the end of a sequence. */
export type Exit = "redeemBoth" | "mergeThenRedeem" | "redeemEachSide";

const account = fc.nat({ max: ACCOUNTS - 1 });
const seriesIndex = fc.nat({ max: SERIES - 1 });

const mintAmount: fc.Arbitrary<MintAmount> = fc.oneof(
  { arbitrary: fc.constantFrom(0n, 1n, 2n, 3n, 7n).map((raw) => ({ raw })), weight: 2 },
  { arbitrary: fc.bigInt(1n, 10n ** 6n).map((raw) => ({ raw })), weight: 2 },
  { arbitrary: fc.bigInt(1n, 10n ** 18n).map((raw) => ({ raw })), weight: 2 },
  { arbitrary: fc.bigInt(10n ** 24n, 10n ** 27n).map((raw) => ({ raw })), weight: 1 },
  { arbitrary: fc.bigInt(1n, 10n ** 6n).map((units) => ({ units })), weight: 3 }
);

const portion: fc.Arbitrary<Portion> = fc.oneof(
  { arbitrary: fc.constant<Portion>("all"), weight: 4 },
  { arbitrary: fc.constant<Portion>("one"), weight: 1 },
  { arbitrary: fc.constant<Portion>("zero"), weight: 1 },
  { arbitrary: fc.constant<Portion>("over"), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 999_999 }).map((ppm): Portion => ({ ppm })), weight: 5 }
);

/** Payouts in [0, 1], with the edges and values that never divide evenly. */
const validPayout: fc.Arbitrary<Payout> = fc.oneof(
  { arbitrary: fc.constantFrom(0n, WAD, WAD / 3n, (2n * WAD) / 3n, WAD / 2n, 1n, WAD - 1n, WAD / 7n), weight: 6 },
  { arbitrary: fc.bigInt(0n, WAD), weight: 4 }
);

/** Payouts, now and then one above 1 (refused). */
const payout: fc.Arbitrary<Payout> = fc.oneof(
  { arbitrary: validPayout, weight: 10 },
  { arbitrary: fc.constantFrom(WAD + 1n, 2n * WAD), weight: 1 }
);

/** Incident times the market accepts: recent ones, and ones around a series' coverage window (clamped to now). */
const validIncidentTime: fc.Arbitrary<IncidentTime> = fc.oneof(
  { arbitrary: fc.bigInt(0n, 3n * 86_400n).map((back): IncidentTime => ({ kind: "recent", back })), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant("window" as const),
      series: seriesIndex,
      at: fc.constantFrom("beforeCreation", "creation", "inside", "lastSecond", "expiry", "afterExpiry"),
      ppm: fc.integer({ min: 0, max: 999_999 }),
    }),
    weight: 8,
  }
);

/** Incident times, now and then one in the future or before the protocol's registration (refused). */
const incidentTime: fc.Arbitrary<IncidentTime> = fc.oneof(
  { arbitrary: fc.constantFrom<IncidentTime>({ kind: "future" }, { kind: "beforeRegistration" }), weight: 2 },
  { arbitrary: validIncidentTime, weight: 11 }
);

const mint: fc.Arbitrary<Action> = fc
  .record({ actor: account, series: seriesIndex, amount: mintAmount, claimTo: account, noclaimTo: account, split: fc.boolean() })
  .map(({ split, ...m }): Action => ({ kind: "mint", ...m, noclaimTo: split ? m.noclaimTo : m.claimTo }));
const merge: fc.Arbitrary<Action> = fc.record({
  kind: fc.constant("merge" as const),
  actor: account,
  series: seriesIndex,
  amount: portion,
  to: account,
});
const transfer: fc.Arbitrary<Action> = fc.record({
  kind: fc.constant("transfer" as const),
  actor: account,
  series: seriesIndex,
  side: fc.constantFrom("claim" as const, "noclaim" as const),
  amount: portion,
  to: account,
});
const redeem: fc.Arbitrary<Action> = fc.record({
  kind: fc.constant("redeem" as const),
  actor: account,
  series: seriesIndex,
  claim: portion,
  noclaim: portion,
  to: account,
});
const settle: fc.Arbitrary<Action> = fc.record({ kind: fc.constant("settle" as const), series: seriesIndex });
const createLateSeries: fc.Arbitrary<Action> = fc.constant({ kind: "createLateSeries" as const });
/** One in twenty through the other protocol's resolver, which must be refused. */
const wrongResolver = fc.nat({ max: 19 }).map((n) => n === 0);
const fileClaim: fc.Arbitrary<Action> = fc.record({
  kind: fc.constant("fileClaim" as const),
  series: seriesIndex,
  time: incidentTime,
  wrongResolver,
});
const decideClaim: fc.Arbitrary<Action> = fc.record({
  kind: fc.constant("decideClaim" as const),
  claim: fc.nat({ max: 1_000 }),
  accept: fc.nat({ max: 3 }).map((n) => n !== 0),
  payout,
  wrongResolver,
});
const reportIncident: fc.Arbitrary<Action> = fc.record({
  kind: fc.constant("reportIncident" as const),
  series: seriesIndex,
  time: incidentTime,
  payout,
});
const wait: fc.Arbitrary<Action> = fc
  .oneof(fc.bigInt(1n, 60n), fc.bigInt(1n, 3_600n), fc.bigInt(1n, 3n * 86_400n))
  .map((seconds): Action => ({ kind: "wait", seconds }));
/** Around a milestone: to the second, or within days of it. */
const offset = fc.oneof(
  { arbitrary: fc.bigInt(-2n, 1n), weight: 3 },
  { arbitrary: fc.bigInt(-3n * 86_400n, 3n * 86_400n), weight: 1 }
);
const waitUntil: fc.Arbitrary<Action> = fc.record({
  kind: fc.constant("waitUntil" as const),
  series: seriesIndex,
  milestone: fc.oneof(
    { arbitrary: fc.constant<Milestone>("expiry"), weight: 3 },
    { arbitrary: fc.constantFrom<Milestone>("bucketOpens", "filingEnd"), weight: 2 },
    { arbitrary: fc.constant<Milestone>("latest"), weight: 1 }
  ),
  offset,
});
const waitForDeadline: fc.Arbitrary<Action> = fc.record({
  kind: fc.constant("waitForDeadline" as const),
  claim: fc.nat({ max: 1_000 }),
  offset,
});

/**
 * Everything but the long waits: a sequence of these stays in the same phase of the series' lives. `router`
 * adds the router's actions (test/shared/routerActions.ts) at that weight.
 */
export function activities(router?: { arbitrary: fc.Arbitrary<Action>; weight: number }): fc.Arbitrary<Action> {
  return fc.oneof(
    { arbitrary: mint, weight: 22 },
    { arbitrary: merge, weight: 8 },
    { arbitrary: transfer, weight: 10 },
    { arbitrary: redeem, weight: 12 },
    { arbitrary: settle, weight: 4 },
    { arbitrary: createLateSeries, weight: 2 },
    { arbitrary: fileClaim, weight: 7 },
    { arbitrary: decideClaim, weight: 7 },
    { arbitrary: reportIncident, weight: 4 },
    { arbitrary: wait, weight: 8 },
    ...(router ? [router] : [])
  );
}

/** Any action, long waits to a series' milestones or a claim's deadline included. */
function anyAction(activity: fc.Arbitrary<Action>): fc.Arbitrary<Action> {
  return fc.oneof(
    { arbitrary: activity, weight: 84 },
    { arbitrary: waitUntil, weight: 4 },
    { arbitrary: waitForDeadline, weight: 2 }
  );
}

export const exits: fc.Arbitrary<Exit[]> = fc.array(fc.constantFrom<Exit>("redeemBoth", "mergeThenRedeem", "redeemEachSide"), {
  minLength: ACCOUNTS,
  maxLength: ACCOUNTS,
});

/**
 * A claim filed where it can hold a series past expiry + W: wait until claims land in the series' bucket
 * (to the second, or a little before or after), file one, then wait until around expiry + W. Random
 * actions alone rarely line these up.
 */
const claimAroundFilingEnd: fc.Arbitrary<Action[]> = fc
  .record({
    series: seriesIndex,
    filedAfter: fc.oneof(fc.bigInt(-2n, 1n), fc.bigInt(-86_400n, 8n * 86_400n)),
    time: incidentTime,
    settleAfter: fc.bigInt(-2n, 3n * 86_400n),
  })
  .map(({ series, filedAfter, time, settleAfter }): Action[] => [
    { kind: "waitUntil", series, milestone: "bucketOpens", offset: filedAfter },
    { kind: "fileClaim", series, time, wrongResolver: false },
    { kind: "waitUntil", series, milestone: "filingEnd", offset: settleAfter },
  ]);

/**
 * An action on one series right at one of its milestones: the clock is moved to 2, 1 or 0 seconds before
 * it, so that the action lands on the second before, at, or after it (and views see the second before).
 */
const atMilestone: fc.Arbitrary<Action[]> = fc
  .tuple(
    seriesIndex,
    fc.constantFrom<Milestone>("expiry", "bucketOpens", "filingEnd", "latest"),
    fc.bigInt(-2n, 0n),
    fc.oneof(mint, redeem, settle, fileClaim, decideClaim, reportIncident)
  )
  .map(([series, milestone, offset, next]): Action[] => [
    { kind: "waitUntil", series, milestone, offset },
    "series" in next ? { ...next, series } : next,
  ]);

/**
 * Many incidents reported for one protocol in a row, so that some sequences reach the cap of 32 per
 * protocol: then reports, accepting claims, filing claims and creating series are refused.
 */
const incidentBurst: fc.Arbitrary<Action[]> = fc
  .tuple(seriesIndex, fc.array(fc.tuple(validIncidentTime, validPayout), { minLength: 28, maxLength: 34 }))
  .map(([series, reports]) => reports.map(([time, p]): Action => ({ kind: "reportIncident", series, time, payout: p })));


/**
 * A sequence of actions: an opening of `opening` actions (no long waits, so the series are still
 * mintable, and more mints), then `chunks` chunks: a single action, or now and then a claim lined up around
 * a filing end, an action right at a milestone, or a burst of incident reports.
 */
export function actionSequence(
  opening: { min: number; max: number },
  chunks: { min: number; max: number },
  router?: { arbitrary: fc.Arbitrary<Action>; weight: number }
): fc.Arbitrary<Action[]> {
  const activity = activities(router);
  /** The opening: activities, with more mints (and the late series created early, now and then). */
  const openingAction: fc.Arbitrary<Action> = fc.oneof(
    { arbitrary: activity, weight: 5 },
    { arbitrary: mint, weight: 3 },
    { arbitrary: createLateSeries, weight: 1 }
  );
  const chunk = fc.oneof(
    { arbitrary: anyAction(activity).map((a) => [a]), weight: 96 },
    { arbitrary: claimAroundFilingEnd, weight: 8 },
    { arbitrary: atMilestone, weight: 16 },
    { arbitrary: incidentBurst, weight: 1 }
  );
  return fc
    .tuple(
      fc.array(openingAction, { minLength: opening.min, maxLength: opening.max }),
      fc.array(chunk, { minLength: chunks.min, maxLength: chunks.max })
    )
    .map(([first, rest]) => [...first, ...rest.flat()]);
}
