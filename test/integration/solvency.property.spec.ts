/**
 * Solvency of the cover market under random use, as a seeded fast-check property: the one integration spec that
 * plays random sequences (against an independent model) rather than a scripted life; core only, no AMM.
 *
 * Each run restores the fixture (two protocols, USDC with 6 and DAI with 18 decimals, two expiries, four
 * series plus one created during the run, five accounts) and plays a random sequence of mints, merges,
 * transfers, redemptions, settlements, claims filed and decided, direct incident reports and waits. A
 * model (test/shared/marketModel.ts, settlement rules in test/shared/settlementModel.ts) says what every
 * call must do; the chain must agree after every step. Then time moves past every series' expiry + W + D
 * and every account redeems or merges all it holds.
 *
 * Checked after every step:
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
 * Dust bound, at the end, per series: 0 <= leftover < 2 * R base units of its collateral, R the number of
 * redeem calls on the series (leftover = 0 when R = 0). Why: every CLAIM + NOCLAIM pair was minted for
 * exactly 1 unit and merges pay exactly 1 per pair, so once everyone has left, CLAIM and NOCLAIM redeemed
 * are both X = minted - merged, worth p * X + (1 - p) * X = X unrounded at the one fixed payout p. Each
 * redeem call pays floor(c * p / 1e18) + floor(n * (1e18 - p) / 1e18): each of its two terms keeps a
 * fraction of a base unit in [0, 1), and nothing else rounds. So the leftover is exactly the sum of those
 * fractions: the test checks leftover * 1e18 = sum of (amount * share) mod 1e18 over the terms, hence
 * leftover < the number of non-zero terms <= 2 * R (and 0 when p is 0 or 1). The bound does not depend on
 * decimals: a base unit is 1e-6 USDC or 1e-18 DAI.
 */
import { expect } from "chai";
import fc from "fast-check";
import { networkHelpers } from "../shared/connection.js";
import { propertyFixture, type PropertyFixture } from "../shared/propertyFixture.js";
import { MarketModel, type Collateral, type Expected, type Plan, type Target } from "../shared/marketModel.js";
import { SettlementState, stateName } from "../shared/settlementModel.js";
import { actionSequence, exits, type Action, type Exit } from "../shared/solvencyActions.js";
import { WAD } from "../../scripts/lib/market/payout.js";

const SEED = 0x5eed_c0;
const NUM_RUNS = 200;
/** A sequence: an opening of activities before any long wait, then chunks (see actionSequence). */
const OPENING = { min: 10, max: 30 };
const CHUNKS = { min: 20, max: 60 };
/** Sent with every call, so that a call that must revert is mined (at the time we chose) rather than estimated. */
const GAS_LIMIT = 2_000_000n;
const COLLATERALS: Collateral[] = ["usdc", "dai"];

/** What the sequences did, over all runs, to show what they covered. */
const coverage = new Map<string, number>();
const count = (key: string) => coverage.set(key, (coverage.get(key) ?? 0) + 1);
const maxDust = { leftover: 0n, bound: 0n, label: "" };
const lengths: number[] = [];

/** One run: the fixture's contracts, the model, and the checks between them. */
class SolvencyRun {
  private constructor(private readonly f: PropertyFixture, readonly model: MarketModel) {}

  static async start(f: PropertyFixture): Promise<SolvencyRun> {
    const now = BigInt(await networkHelpers.time.latest());
    const protocols = await Promise.all(
      f.protocols.map(async (p) => ({
        id: p.id,
        resolver: await p.resolver.getAddress(),
        registeredAt: (await f.market.protocol(p.id)).registeredAt,
        claimWindow: p.claimWindow,
      }))
    );
    const series = await Promise.all(
      f.series.map(async (s, i) => ({
        id: s.id,
        label: s.label,
        protocol: s.protocol,
        collateral: s.collateral,
        collateralAddress: await f[s.collateral].getAddress(),
        expiry: s.expiry,
        createdAt: i === f.lateSeries ? undefined : (await f.market.series(s.id)).createdAt,
      }))
    );
    const collateral = await Promise.all(
      f.users.map(async (u) => ({ usdc: await f.usdc.balanceOf(u.address), dai: await f.dai.balanceOf(u.address) }))
    );
    return new SolvencyRun(f, new MarketModel({ now, users: f.users.map((u) => u.address), collateral, protocols, series }));
  }

  async step(a: Action): Promise<void> {
    if (a.kind === "wait" || a.kind === "waitUntil" || a.kind === "waitForDeadline") {
      const target = this.model.waitTarget(a);
      if (target === undefined) return;
      await networkHelpers.time.increaseTo(target);
      this.model.now = target;
    } else {
      const at = this.model.now + 1n;
      const plan = this.model.plan(a, at);
      if (!plan) return;
      await this.execute(plan, at);
    }
    await this.checkStatuses();
    await this.checkSolvency();
  }

  /** Moves past every series' expiry + W + D, settles everything, and empties every account. */
  async finish(exitModes: Exit[]): Promise<void> {
    const m = this.model;
    const live = m.series.map((_, i) => i).filter((i) => m.exists(i));
    const end = live.reduce((latest, i) => (m.milestones(i).latest > latest ? m.milestones(i).latest : latest), 0n) + 1n;
    if (end > m.now) {
      await networkHelpers.time.increaseTo(end);
      m.now = end;
    }
    await this.checkStatuses();
    for (const i of live) await this.executeOk(m.planSettle(i, m.now + 1n));

    for (const [u, exit] of exitModes.entries()) {
      for (const i of live) {
        const c = m.series[i].ledger.balance("claim", u);
        const n = m.series[i].ledger.balance("noclaim", u);
        const steps: Action[] = [];
        const redeem = (claim: "all" | "zero", noclaim: "all" | "zero"): Action => ({
          kind: "redeem",
          actor: u,
          series: i,
          claim,
          noclaim,
          to: u,
        });
        if (exit === "redeemBoth" && c + n > 0n) steps.push(redeem("all", "all"));
        if (exit === "mergeThenRedeem") {
          if (c > 0n && n > 0n) steps.push({ kind: "merge", actor: u, series: i, amount: "all", to: u });
          if (c !== n) steps.push(redeem(c > n ? "all" : "zero", n > c ? "all" : "zero"));
        }
        if (exit === "redeemEachSide") {
          if (c > 0n) steps.push(redeem("all", "zero"));
          if (n > 0n) steps.push(redeem("zero", "all"));
        }
        for (const step of steps) {
          await this.executeOk(m.plan(step, m.now + 1n)!);
          await this.checkSolvency();
        }
      }
    }

    const held: Record<Collateral, bigint> = { usdc: 0n, dai: 0n };
    for (const i of live) {
      const s = m.series[i];
      const handle = this.f.series[i];
      expect(await handle.claim.totalSupply(), `${s.label} CLAIM left`).to.equal(0n);
      expect(await handle.noclaim.totalSupply(), `${s.label} NOCLAIM left`).to.equal(0n);
      // The dust bound (see the top of the file): 0 <= leftover < 2 * R, 0 if R = 0; and, exactly, the
      // sum of the fractions the redeem calls rounded off, so below the number of non-zero terms.
      const leftover = s.ledger.locked;
      const dustBound = 2n * BigInt(s.ledger.redeemCalls);
      expect(leftover >= 0n, `${s.label} paid out ${-leftover} more than it took in`).to.equal(true);
      expect(leftover === 0n || leftover < dustBound, `${s.label} dust ${leftover}, bound ${dustBound}`).to.equal(true);
      expect(leftover * WAD, `${s.label} dust is not the rounded-off fractions`).to.equal(s.ledger.remainders);
      expect(
        leftover === 0n || leftover < BigInt(s.ledger.roundedTerms),
        `${s.label} dust ${leftover}, ${s.ledger.roundedTerms} terms`
      ).to.equal(true);
      if (leftover > maxDust.leftover) Object.assign(maxDust, { leftover, bound: dustBound, label: s.label });
      held[s.collateral] += leftover;
      const { state, payout } = m.settlement(i);
      const kind =
        state === SettlementState.ByTime
          ? "ByTime"
          : payout === 0n || payout === WAD
          ? "ByIncident p = 0 or 1"
          : "ByIncident 0 < p < 1";
      count(`end ${kind}, ${s.ledger.redeemCalls > 0 ? "redeemed" : "nothing to redeem"}`);
      count(`end dust ${leftover === 0n ? "0" : leftover < 5n ? String(leftover) : ">= 5"}`);
    }
    for (const collateral of COLLATERALS) {
      expect(await this.f[collateral].balanceOf(await this.f.market.getAddress()), `market ${collateral} after exit`).to.equal(
        held[collateral]
      );
      for (const [u, user] of this.f.users.entries()) {
        expect(await this.f[collateral].balanceOf(user.address), `user ${u} ${collateral}`).to.equal(m.collateral[u][collateral]);
      }
    }
  }

  private async execute(plan: Plan, at: bigint): Promise<void> {
    const { call, expected } = plan;
    const signer = call.from === "controller" ? this.f.resolverController : this.f.users[call.from];
    await networkHelpers.time.setNextBlockTimestamp(at);
    const sent = this.contract(call.to)
      .connect(signer)
      [call.method](...call.args, { gasLimit: GAS_LIMIT });
    if (expected.ok) {
      await sent;
      this.model.now = at;
      plan.commit();
      count(`${call.method} ok`);
      await this.checkTouched(expected);
    } else {
      await expect(sent, plan.label)
        .to.be.revertedWithCustomError(this.contract(expected.source), expected.error)
        .withArgs(...expected.args);
      this.model.now = at; // mined, reverted
      count(`${call.method} ${expected.error}`);
    }
  }

  private async executeOk(plan: Plan): Promise<void> {
    expect(plan.expected.ok, `${plan.label} must succeed at the end`).to.equal(true);
    await this.execute(plan, this.model.now + 1n);
  }

  /** Supplies of the series touched, and balances of the accounts touched, against the model. */
  private async checkTouched(expected: Extract<Expected, { ok: true }>): Promise<void> {
    const accounts = [...new Set(expected.accounts)];
    if (expected.series !== undefined) {
      const { ledger, label } = this.model.series[expected.series];
      const handle = this.f.series[expected.series];
      for (const side of ["claim", "noclaim"] as const) {
        expect(await handle[side].totalSupply(), `${label} ${side} supply`).to.equal(ledger.supply(side));
        for (const u of accounts) {
          expect(await handle[side].balanceOf(this.f.users[u].address), `${label} ${side} of ${u}`).to.equal(
            ledger.balance(side, u)
          );
        }
      }
    }
    if (expected.collateral !== undefined) {
      for (const u of accounts) {
        const balance = await this.f[expected.collateral].balanceOf(this.f.users[u].address);
        expect(balance, `${expected.collateral} of ${u}`).to.equal(this.model.collateral[u][expected.collateral]);
      }
    }
  }

  /** seriesStatus of every series against the model, and finality of settlements. */
  private async checkStatuses(): Promise<void> {
    const m = this.model;
    for (const [i, s] of m.series.entries()) {
      if (!m.exists(i)) continue;
      const status = await this.f.market.seriesStatus(s.id);
      const want = m.settlement(i);
      const at = `${s.label} at ${m.now}`;
      expect(stateName(status.state), `${at} state`).to.equal(stateName(want.state));
      expect(status.payout, `${at} payout`).to.equal(want.payout);
      expect(status.recorded, `${at} recorded`).to.equal(s.recorded);
      expect(status.finalAt, `${at} finalAt`).to.equal(want.finalAt);
      count(
        `status ${stateName(want.state)}${
          want.state === SettlementState.Open && m.now >= m.milestones(i).filingEnd ? " (held by a claim)" : ""
        }`
      );
    }
    expect(m.finalityProblems()).to.deep.equal([]);
  }

  /** The solvency invariants, per series and per collateral. */
  private async checkSolvency(): Promise<void> {
    const m = this.model;
    for (const collateral of COLLATERALS) {
      let locked = 0n;
      let redeemable = 0n;
      for (const [i, s] of m.series.entries()) {
        if (s.collateral !== collateral) continue;
        const settled = m.exists(i) ? m.settlement(i) : undefined;
        const payout = settled && settled.state !== SettlementState.Open ? settled.payout : undefined;
        const bound = s.ledger.redeemableBound(payout);
        expect(s.ledger.locked >= bound, `${s.label} holds ${s.ledger.locked}, its tokens redeem for up to ${bound}`).to.equal(
          true
        );
        if (payout === undefined) {
          expect([s.ledger.supply("claim"), s.ledger.supply("noclaim")], `${s.label} supplies before settlement`).to.deep.equal([
            s.ledger.locked,
            s.ledger.locked,
          ]);
        }
        locked += s.ledger.locked;
        redeemable += bound;
      }
      const balance: bigint = await this.f[collateral].balanceOf(await this.f.market.getAddress());
      expect(balance, `market ${collateral} balance`).to.equal(locked);
      expect(balance >= redeemable, `market ${collateral} ${balance} < ${redeemable} redeemable`).to.equal(true);
    }
  }

  private contract(target: Target): any {
    if (target.kind === "market") return this.f.market;
    if (target.kind === "resolver") return this.f.protocols[target.protocol].resolver;
    return this.f.series[target.series][target.side];
  }
}

describe("Cover market solvency (seeded property)", function () {
  this.timeout(15 * 60_000);

  const shape = `${OPENING.min}-${OPENING.max} opening actions, ${CHUNKS.min}-${CHUNKS.max} chunks`;
  it(`holds over ${NUM_RUNS} random sequences (seed ${SEED}; ${shape})`, async function () {
    await fc.assert(
      fc.asyncProperty(actionSequence(OPENING, CHUNKS), exits, async (actions, exitModes) => {
        lengths.push(actions.length);
        const run = await SolvencyRun.start(await networkHelpers.loadFixture(propertyFixture));
        for (const a of actions) await run.step(a);
        await run.finish(exitModes);
      }),
      { seed: SEED, numRuns: NUM_RUNS }
    );
    if (process.env.SOLVENCY_COVERAGE) {
      console.log(
        [...coverage.entries()]
          .sort()
          .map(([k, v]) => `${k}: ${v}`)
          .join("\n")
      );
      console.log(`largest dust: ${maxDust.leftover} (bound ${maxDust.bound}) in ${maxDust.label}`);
      const sorted = [...lengths].sort((a, b) => a - b);
      console.log(
        `actions per sequence: min ${sorted[0]}, median ${sorted[sorted.length >> 1]}, max ${sorted[sorted.length - 1]}`
      );
    }
  });
});
