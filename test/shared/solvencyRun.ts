/**
 * One sequence of the solvency property test against the chain (test/integration/solvency.property.spec.ts says
 * what is checked and why), and what all sequences add up to: the actions sent and refused, the wei collateral
 * fell short by (lostWei, which must stay 0), the largest rounding dust and its bound; written to a JSON report.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "chai";
import { networkHelpers } from "./connection.js";
import type { PropertyFixture } from "./propertyFixture.js";
import { MarketModel, type Collateral, type Plan, type Target } from "./marketModel.js";
import { SettlementState, stateName } from "./settlementModel.js";
import type { Action, Exit } from "./solvencyActions.js";
import { isRouterAction, type RouterAction } from "./routerActions.js";
import { RouterModel, decodeRefusal, type Position, type RouterPlan } from "./routerModel.js";
import { ChainReader, COLLATERALS, type ChainReading } from "./chainReads.js";
import { WAD } from "../../scripts/lib/market/payout.js";

/** Sent with every call, so that a call that must revert is mined (at the time we chose) rather than estimated. */
const GAS_LIMIT = 8_000_000n;

/** What the sequences did, over all runs. */
export class RunTotals {
  runs = 0;
  /** Calls sent (core and router), refused ones included. */
  actions = 0;
  /** Calls refused with an expected error. */
  refused = 0;
  /** Over every check: the wei by which collateral held fell short of what outstanding tokens redeem for. */
  lostWei = 0n;
  /** The largest rounding dust seen at a check (base units of its collateral), and the bound that held there. */
  maxDust = 0n;
  dustBound = 0;
  dustLabel = "";
  readonly coverage = new Map<string, number>();
  readonly lengths: number[] = [];

  count(key: string): void {
    this.coverage.set(key, (this.coverage.get(key) ?? 0) + 1);
  }

  /** Writes the report: the figures the issue asks for, then what the sequences covered. */
  write(path: string, extra: { seed: number; seconds: number }): void {
    mkdirSync(dirname(path), { recursive: true });
    const sorted = [...this.lengths].sort((a, b) => a - b);
    const report = {
      runs: this.runs,
      actions: this.actions,
      lostWei: this.lostWei.toString(),
      maxDust: this.maxDust.toString(),
      dustBound: this.dustBound,
      seed: extra.seed,
      seconds: extra.seconds,
      refused: this.refused,
      maxDustAt: this.dustLabel,
      actionsPerSequence: { min: sorted[0], median: sorted[sorted.length >> 1], max: sorted[sorted.length - 1] },
      coverage: Object.fromEntries([...this.coverage.entries()].sort()),
    };
    writeFileSync(path, JSON.stringify(report, null, 2) + "\n");
  }
}

/** What every run starts from: the same after each restore of the fixture, so read once. */
interface Start {
  reader: ChainReader;
  setup: ConstructorParameters<typeof MarketModel>[0];
  reading: ChainReading;
  tokens: { series: number; side: "claim" | "noclaim"; address: string }[];
  addresses: { market: string; positionManager: string; collateral: Record<Collateral, string> };
  positions: Position[];
}
let start: Start | undefined;

async function readStart(f: PropertyFixture): Promise<Start> {
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
      collateralAddress: s.collateralAddress,
      expiry: s.expiry,
      createdAt: i === f.lateSeries ? undefined : (await f.market.series(s.id)).createdAt,
    }))
  );
  const users = [...f.users, f.lp].map((u) => u.address);
  const reader = await ChainReader.create(f, users);
  const reading = await reader.read((i) => series[i].createdAt !== undefined);
  const tokens = [];
  for (const [i, s] of f.series.entries()) {
    for (const side of ["claim", "noclaim"] as const) tokens.push({ series: i, side, address: await s[side].getAddress() });
  }
  const positions: Position[] = [];
  for (const tokenId of f.lpPositions) {
    const p = await f.positionManager.positions(tokenId);
    const k = f.series.findIndex((s) => [p.token0, p.token1].some((t) => tokens.some((x) => x.series === f.series.indexOf(s) && x.address === t)));
    const side = tokens.find((x) => x.series === k && (x.address === p.token0 || x.address === p.token1))!.side;
    positions.push({ tokenId, owner: users.length - 1, series: k, side });
  }
  return {
    reader,
    setup: { now, users, collateral: reading.collateral, protocols, series, ledgerAccounts: users.length + 3 },
    reading,
    tokens,
    addresses: {
      market: await f.market.getAddress(),
      positionManager: await f.positionManager.getAddress(),
      collateral: { usdc: await f.usdc.getAddress(), dai: await f.dai.getAddress() },
    },
    positions,
  };
}

/** One run: the fixture's contracts, the model, and the checks between them. */
export class SolvencyRun {
  private constructor(
    private readonly f: PropertyFixture,
    readonly model: MarketModel,
    private readonly router: RouterModel,
    private readonly reader: ChainReader,
    private readonly totals: RunTotals
  ) {}

  static async start(f: PropertyFixture, totals: RunTotals): Promise<SolvencyRun> {
    start ??= await readStart(f);
    const s = start;
    const now = BigInt(await networkHelpers.time.latest());
    const model = new MarketModel({ ...s.setup, now, collateral: s.setup.collateral.map((c) => ({ ...c })) });
    model.series.forEach((ms, i) => {
      const r = s.reading.series[i];
      if (r) ms.ledger.open(r.claim, r.noclaim, r.supply.claim);
    });
    const router = new RouterModel(f, model, s.reader.holders, { ...s.addresses, tokens: s.tokens }, s.positions);
    totals.runs += 1;
    return new SolvencyRun(f, model, router, s.reader, totals);
  }

  async step(a: Action): Promise<void> {
    if (a.kind === "wait" || a.kind === "waitUntil" || a.kind === "waitForDeadline") {
      const target = this.model.waitTarget(a);
      if (target === undefined) return;
      await networkHelpers.time.increaseTo(target);
      this.model.now = target;
    } else if (isRouterAction(a)) {
      const at = this.model.now + 1n;
      const plan = await this.router.plan(a, at);
      if (!plan) return;
      await this.executeRouter(plan, at);
    } else {
      const at = this.model.now + 1n;
      const plan = this.model.plan(a, at);
      if (!plan) return;
      await this.execute(plan, at);
    }
    await this.check();
  }

  /**
   * Moves past every series' expiry + W + D, settles everything; every user takes out its LP positions and
   * empties its account. The fixture LP's positions stay: what they hold is outstanding and stays covered.
   */
  async finish(exitModes: Exit[]): Promise<void> {
    const m = this.model;
    const live = m.series.map((_, i) => i).filter((i) => m.exists(i));
    const end = live.reduce((latest, i) => (m.milestones(i).latest > latest ? m.milestones(i).latest : latest), 0n) + 1n;
    if (end > m.now) {
      await networkHelpers.time.increaseTo(end);
      m.now = end;
    }
    await this.check();
    for (const i of live) await this.executeOk(m.planSettle(i, m.now + 1n));

    const lp = m.users.length - 1;
    for (const p of this.router.positions.filter((p) => p.owner !== lp)) {
      const action: RouterAction = {
        kind: "removeLiquidity",
        position: this.router.positions.indexOf(p),
        own: false,
        liquidity: "all",
        unwind: "none",
        burn: true,
        actor: p.owner,
        limit: "loose",
        deadline: "open",
      };
      const at = m.now + 1n;
      const plan = (await this.router.plan(action, at))!;
      expect(plan.must, `${plan.label} must succeed at the end`).to.equal(undefined);
      plan.may.clear();
      await this.executeRouter(plan, at);
      await this.check();
    }

    for (const [u, exit] of exitModes.entries()) {
      for (const i of live) {
        const c = m.series[i].ledger.balance("claim", u);
        const n = m.series[i].ledger.balance("noclaim", u);
        const steps: Action[] = [];
        const redeem = (claim: "all" | "zero", noclaim: "all" | "zero"): Action => ({ kind: "redeem", actor: u, series: i, claim, noclaim, to: u });
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
          await this.check();
        }
      }
    }

    for (const i of live) {
      const s = m.series[i];
      for (const [u] of exitModes.entries()) {
        expect([s.ledger.balance("claim", u), s.ledger.balance("noclaim", u)], `${s.label} left with user ${u}`).to.deep.equal([0n, 0n]);
      }
      const { state, payout } = m.settlement(i);
      const kind =
        state === SettlementState.ByTime ? "ByTime" : payout === 0n || payout === WAD ? "ByIncident p = 0 or 1" : "ByIncident 0 < p < 1";
      this.totals.count(`end ${kind}, ${s.ledger.redeemCalls > 0 ? "redeemed" : "nothing to redeem"}`);
    }
    expect(this.router.positions.every((p) => p.owner === lp), "users' positions left").to.equal(true);
  }

  private async executeRouter(plan: RouterPlan, at: bigint): Promise<void> {
    const signer = this.f.users[plan.actor];
    await networkHelpers.time.setNextBlockTimestamp(at);
    this.totals.actions += 1;
    let receipt;
    try {
      const tx = await (this.f.router.connect(signer) as any)[plan.method](plan.params, { gasLimit: GAS_LIMIT });
      receipt = await tx.wait();
    } catch (error) {
      this.model.now = at; // mined, reverted
      const got = decodeRefusal(error);
      if (plan.must) {
        expect(got.error, plan.label).to.equal(plan.must.error);
        expect(got.args, `${plan.label}: ${got.error} arguments`).to.deep.equal(plan.must.args);
      } else if (!plan.may.has(got.error)) {
        throw new Error(`${plan.label}: unexpected revert ${got.error}(${(got.args ?? []).join(", ")}); it may meet only ${[...plan.may.keys()].join(", ") || "nothing"}`);
      }
      this.totals.refused += 1;
      this.totals.count(`${plan.method} refused ${got.error}`);
      return;
    }
    this.model.now = at;
    expect(plan.must, `${plan.label} went through`).to.equal(undefined);
    this.router.book(receipt.logs, plan);
    this.totals.count(`${plan.method} ok`);
  }

  private async execute(plan: Plan, at: bigint): Promise<void> {
    const { call, expected } = plan;
    const signer = call.from === "controller" ? this.f.resolverController : this.f.users[call.from];
    await networkHelpers.time.setNextBlockTimestamp(at);
    this.totals.actions += 1;
    const sent = this.contract(call.to)
      .connect(signer)
      [call.method](...call.args, { gasLimit: GAS_LIMIT });
    if (expected.ok) {
      await sent;
      this.model.now = at;
      plan.commit();
      this.totals.count(`${call.method} ok`);
    } else {
      await expect(sent, plan.label)
        .to.be.revertedWithCustomError(this.contract(expected.source), expected.error)
        .withArgs(...expected.args);
      this.model.now = at; // mined, reverted
      this.totals.refused += 1;
      this.totals.count(`${call.method} ${expected.error}`);
    }
  }

  private async executeOk(plan: Plan): Promise<void> {
    expect(plan.expected.ok, `${plan.label} must succeed at the end`).to.equal(true);
    await this.execute(plan, this.model.now + 1n);
  }

  /** Everything against the model, from one read of the chain. */
  private async check(): Promise<void> {
    const m = this.model;
    const chain = await this.reader.read((i) => m.exists(i));
    this.checkStatuses(chain);
    this.checkBalances(chain);
    this.checkSolvency(chain);
  }

  /** seriesStatus of every series against the model, and finality of settlements. */
  private checkStatuses(chain: ChainReading): void {
    const m = this.model;
    for (const [i, s] of m.series.entries()) {
      if (!m.exists(i)) continue;
      const status = chain.series[i]!.status;
      const want = m.settlement(i);
      const at = `${s.label} at ${m.now}`;
      expect(stateName(status.state), `${at} state`).to.equal(stateName(want.state));
      expect(status.payout, `${at} payout`).to.equal(want.payout);
      expect(status.recorded, `${at} recorded`).to.equal(s.recorded);
      expect(status.finalAt, `${at} finalAt`).to.equal(want.finalAt);
      this.totals.count(`status ${stateName(want.state)}${want.state === SettlementState.Open && m.now >= m.milestones(i).filingEnd ? " (held by a claim)" : ""}`);
    }
    expect(m.finalityProblems()).to.deep.equal([]);
  }

  /** Supplies and every holder's balances of every series, users' collateral; the router holds nothing. */
  private checkBalances(chain: ChainReading): void {
    const m = this.model;
    for (const [i, s] of m.series.entries()) {
      const r = chain.series[i];
      if (!r) continue;
      for (const side of ["claim", "noclaim"] as const) {
        expect(r.supply[side], `${s.label} ${side} supply`).to.equal(s.ledger.supply(side));
        expect(r[side], `${s.label} ${side} balances (users, LP, router, pools)`).to.deep.equal(s.ledger[side]);
      }
    }
    expect(chain.collateral, "users' collateral").to.deep.equal(m.collateral);
    expect(chain.router, "what the router holds").to.deep.equal({ collateral: { usdc: 0n, dai: 0n }, cover: 0n, positions: 0n });
  }

  /**
   * Solvency per series and per collateral (see the spec's header), the wei short (lostWei), and the dust: what
   * the market holds beyond what outstanding tokens redeem for, exactly the fractions rounding kept.
   */
  private checkSolvency(chain: ChainReading): void {
    const m = this.model;
    for (const collateral of COLLATERALS) {
      let locked = 0n;
      let redeemable = 0n;
      for (const [i, s] of m.series.entries()) {
        if (s.collateral !== collateral) continue;
        const settled = m.exists(i) ? m.settlement(i) : undefined;
        const payout = settled && settled.state !== SettlementState.Open ? settled.payout : undefined;
        const bound = s.ledger.redeemableBound(payout);
        if (s.ledger.locked < bound) this.totals.lostWei += bound - s.ledger.locked;
        expect(s.ledger.locked >= bound, `${s.label} holds ${s.ledger.locked}, its tokens redeem for up to ${bound}`).to.equal(true);
        const dust = s.ledger.locked - bound;
        if (payout === undefined) {
          expect([s.ledger.supply("claim"), s.ledger.supply("noclaim")], `${s.label} supplies before settlement`).to.deep.equal([
            s.ledger.locked,
            s.ledger.locked,
          ]);
        } else {
          // Dust = the fractions of a base unit that rounding kept: of past redemptions and of what holders hold now.
          const held = s.ledger.heldRemainders(payout);
          const terms = s.ledger.roundedTerms + held.terms;
          expect(dust * WAD, `${s.label} dust ${dust} is not the rounded-off fractions`).to.equal(s.ledger.remainders + held.remainders);
          expect(dust === 0n || dust < BigInt(terms), `${s.label} dust ${dust}, ${terms} rounded terms`).to.equal(true);
          if (dust > this.totals.maxDust) Object.assign(this.totals, { maxDust: dust, dustBound: terms, dustLabel: s.label });
        }
        locked += s.ledger.locked;
        redeemable += bound;
      }
      const balance = chain.market[collateral];
      if (balance < redeemable) this.totals.lostWei += redeemable - balance;
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
