/**
 * Solvency of the cover market under random use, as a seeded fast-check property: the one integration spec that
 * plays random sequences (against an independent model) rather than a scripted life; the core and the router.
 *
 * Each run restores the fixture (two protocols, USDC with 6 and DAI with 18 decimals, two expiries, four
 * series plus one created during the run, five accounts; both Uniswap v3 pools of the four series seeded by an
 * LP of the fixture's own, test/shared/propertyFixture.ts) and plays a random sequence of mints, merges,
 * transfers, redemptions, settlements, claims filed and decided, direct incident reports and waits, and the
 * router's actions: buy cover by both routes (exact out, exact in), sell, underwrite, exit, roll, add and
 * remove liquidity (test/shared/routerActions.ts). A model (test/shared/marketModel.ts, settlement rules in
 * test/shared/settlementModel.ts) says what every core call must do; for the router's, whose prices it does not
 * model, test/shared/routerModel.ts says which custom error it must revert with or may be refused with, and why
 * (counted as refused, never hidden: any other revert fails), and books a success from its receipt's events.
 * The chain must agree after every step. Then time moves past every series' expiry + W + D, every user takes
 * out its LP positions, and redeems or merges all it holds.
 *
 * Runs: PROPERTY_RUNS (default 200, what npm test plays), seed PROPERTY_SEED (default 0x5eed_c0); with
 * PROPERTY_REPORT=path the totals are written there (npm run test:long: 10,000 runs to reports/property.json).
 *
 * Checked after every step, from one read of the chain (test/shared/chainReads.ts):
 * - every supply, and every balance of every user, the LP, the router and the pools, against the model's
 *   ledgers; every user's collateral;
 * - the router holds nothing: no collateral, no CLAIM or NOCLAIM of any series, no LP position;
 * - each series' seriesStatus (state, payout, finalAt, recorded) equals the model's;
 *   calls the model refuses revert with its custom error and arguments; a settlement never changes once
 *   reached, and no series settles by time while a claim that could apply to it can still be accepted;
 * - solvency, per series: collateral put in - taken out >= what its outstanding tokens can redeem for.
 *   Settled at p: sum over holders of redemptionValue(claim, noclaim, p). Not settled: max(C, N) for
 *   supplies C and N, the most p * C + (1 - p) * N reaches over p in [0, 1]; no redemption can precede a
 *   settlement, so there C = N = what the series holds, which is checked too;
 * - solvency, per collateral: the market's balance equals the sum of its series' holdings (one balance
 *   serves every series) and so covers what all their outstanding tokens redeem for.
 *
 * lostWei sums, over every check, the wei by which collateral held fell short of what outstanding tokens
 * redeem for; every check also fails on its own when it is not 0.
 *
 * Dust bound, at every check of a settled series: dust = collateral held - what its outstanding tokens redeem
 * for, and 0 <= dust < T base units of its collateral, T the number of non-zero rounded terms (the CLAIM part
 * and the NOCLAIM part of each redeem call so far, and of each holder's redemption value now); at most 2 * (R +
 * H) for R redeem calls and H holders; dust = 0 when T = 0. Why: every CLAIM + NOCLAIM pair was minted for
 * exactly 1 unit and merges pay exactly 1 per pair, so with X = minted - merged, CLAIM outstanding plus CLAIM
 * redeemed is X and so is NOCLAIM's, worth p * X + (1 - p) * X = X unrounded at the one fixed payout p. Each
 * term pays floor(amount * share / 1e18), keeping a fraction of a base unit in [0, 1), and nothing else
 * rounds. So the dust is exactly the sum of those fractions: the test checks dust * 1e18 = sum of (amount *
 * share) mod 1e18 over the terms, hence dust < T. The bound does not depend on decimals: a base unit is 1e-6
 * USDC or 1e-18 DAI. The report gives the largest dust seen (maxDust) and the T that bounded it (dustBound).
 */
import fc from "fast-check";
import { propertyFixture } from "../shared/propertyFixture.js";
import { actionSequence, exits, type Action } from "../shared/solvencyActions.js";
import { routerAction } from "../shared/routerActions.js";
import { RunTotals, SolvencyRun, restoreFixture } from "../shared/solvencyRun.js";

const SEED = Number(process.env.PROPERTY_SEED ?? 0x5eed_c0);
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const REPORT = process.env.PROPERTY_REPORT;
/** A sequence: an opening of activities before any long wait, then chunks (see actionSequence). */
const OPENING = { min: 3, max: 10 };
const CHUNKS = { min: 3, max: 10 };
/** Weight of the router's actions among the activities (the core's add up to 84). */
const ROUTER_WEIGHT = 42;

describe("Cover market solvency (seeded property)", function () {
  this.timeout(Math.max(15, NUM_RUNS / 100) * 60_000);

  const shape = `${OPENING.min}-${OPENING.max} opening actions, ${CHUNKS.min}-${CHUNKS.max} chunks`;
  it(`holds over ${NUM_RUNS} random sequences with the router's actions (seed ${SEED}; ${shape})`, async function () {
    const totals = new RunTotals();
    const started = Date.now();
    const router = { arbitrary: routerAction as fc.Arbitrary<Action>, weight: ROUTER_WEIGHT };
    let passed = false;
    try {
      await fc.assert(
        fc.asyncProperty(actionSequence(OPENING, CHUNKS, router), exits, async (actions, exitModes) => {
          totals.lengths.push(actions.length);
          const f = await totals.timed("restore", () => restoreFixture(propertyFixture));
          const run = await SolvencyRun.start(f, totals);
          for (const a of actions) await run.step(a);
          await totals.timed("finish", () => run.finish(exitModes));
        }),
        { seed: SEED, numRuns: NUM_RUNS }
      );
      passed = true;
    } finally {
      // Written on a failure too (then with passed: false, and runs counting the shrinking's replays).
      if (REPORT) totals.write(REPORT, { seed: SEED, seconds: Math.round((Date.now() - started) / 1000), passed });
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    if (process.env.SOLVENCY_COVERAGE) {
      console.log([...totals.coverage.entries()].sort().map(([k, v]) => `${k}: ${v}`).join("\n"));
      console.log(`largest dust: ${totals.maxDust} (bound ${totals.dustBound}) in ${totals.dustLabel}; ${totals.actions} calls, ${totals.refused} refused, ${seconds} s`);
      console.log([...totals.ms.entries()].map(([k, v]) => `${k}: ${Math.round(v)} ms`).join(", "));
    }
  });
});
