/**
 * One sequence of the solvency property test against the chain (test/integration/solvency.property.spec.ts says
 * what is checked and why), and what all sequences add up to: the actions sent and refused, the wei collateral
 * fell short by (lostWei, which must stay 0), the largest rounding dust and its bound; written to a JSON report.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "chai";
import type { Log } from "ethers";
import { connection, networkHelpers } from "./connection.js";
import type { PropertyFixture } from "./propertyFixture.js";
import { MarketModel, type Collateral, type Plan, type Target } from "./marketModel.js";
import { SettlementState, stateName } from "./settlementModel.js";
import type { Action, Exit } from "./solvencyActions.js";
import { isRouterAction, type RouterAction } from "./routerActions.js";
import { RouterModel, decodeRefusal, type Position, type Refusal, type RouterPlan } from "./routerModel.js";
import { ChainReader, COLLATERALS, type ChainReading } from "./chainReads.js";
import { WAD } from "../../scripts/lib/market/payout.js";

/** Sent with every call, so that a call that must revert is mined (at the time we chose) rather than estimated. */
const GAS_LIMIT = 8_000_000n;

/**
 * Sends a call as a transaction straight through the provider (two requests: send, receipt; ethers' contract
 * objects add several more per call, a large part of ten thousand sequences' time). Returns the receipt's logs,
 * or the refusal it reverted with (the transaction is mined either way).
 */
async function sendCall(from: string, to: string, data: string): Promise<{ logs: Log[] } | { refusal: Refusal }> {
  try {
    const hash = await connection.provider.request({ method: "eth_sendTransaction", params: [{ from, to, data, gas: "0x" + GAS_LIMIT.toString(16) }] });
    const receipt: any = await connection.provider.request({ method: "eth_getTransactionReceipt", params: [hash] });
    if (receipt.status !== "0x1") return { refusal: { error: "(no data)" } };
    return { logs: receipt.logs };
  } catch (error) {
    return { refusal: decodeRefusal(error) };
  }
}

/** Whether a decoded refusal's arguments are the expected ones (bigints, addresses and ids compared as text). */
/**
 * The fixture restored for each run by a snapshot of our own, straight through the provider: loadFixture's
 * helpers cost tens of milliseconds a run here, minutes over ten thousand. The first call runs the fixture
 * through loadFixture (so that it is shared with nothing else) and snapshots; later calls revert to the snapshot
 * and take a new one (a snapshot is used up by reverting to it). The next block comes a second after the
 * fixture's last one, as connection.ts's loadFixture does.
 */
export async function restoreFixture<T>(fixture: () => Promise<T>): Promise<T> {
  if (!restorable) {
    const data = await networkHelpers.loadFixture(fixture as () => Promise<any>);
    const latest: any = await connection.provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] });
    restorable = { data, snapshot: (await connection.provider.request({ method: "evm_snapshot", params: [] })) as string, timestamp: BigInt(latest.timestamp) };
  } else {
    const reverted = await connection.provider.request({ method: "evm_revert", params: [restorable.snapshot] });
    if (reverted !== true) throw new Error("evm_revert to the property fixture's snapshot failed");
    restorable.snapshot = (await connection.provider.request({ method: "evm_snapshot", params: [] })) as string;
  }
  await setNextBlockTimestamp(restorable.timestamp + 1n);
  return restorable.data as T;
}
let restorable: { data: unknown; snapshot: string; timestamp: bigint } | undefined;

const NOTHING = () => false;
const EVERYTHING = () => true;

/** The next block's timestamp, and a block mined at a time: the network helpers' requests, sent straight. */
async function setNextBlockTimestamp(at: bigint): Promise<void> {
  await connection.provider.request({ method: "evm_setNextBlockTimestamp", params: ["0x" + at.toString(16)] });
}
async function mineAt(at: bigint): Promise<void> {
  await setNextBlockTimestamp(at);
  await connection.provider.request({ method: "evm_mine", params: [] });
}

/** Chai's expectations are slow at ten thousand sequences' scale: compare first, and let chai word a failure. */
function eq(actual: unknown, expected: unknown, message: string): void {
  if (actual !== expected) expect(actual, message).to.equal(expected);
}
function sameWords(a: bigint[], b: bigint[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameArgs(got: unknown[] | undefined, want: unknown[]): boolean {
  const norm = (x: unknown) => (typeof x === "string" ? x.toLowerCase() : String(x));
  return got !== undefined && got.length === want.length && got.every((x, i) => norm(x) === norm(want[i]));
}

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
  /** Milliseconds spent, by part (printed with SOLVENCY_COVERAGE). */
  readonly ms = new Map<string, number>();

  async timed<T>(part: string, work: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      this.ms.set(part, (this.ms.get(part) ?? 0) + performance.now() - t0);
    }
  }

  count(key: string): void {
    this.coverage.set(key, (this.coverage.get(key) ?? 0) + 1);
  }

  /** Writes the report: the figures the issue asks for, then what the sequences covered. */
  write(path: string, extra: { seed: number; seconds: number; passed: boolean }): void {
    mkdirSync(dirname(path), { recursive: true });
    const sorted = [...this.lengths].sort((a, b) => a - b);
    const report = {
      runs: this.runs,
      actions: this.actions,
      lostWei: asJson(this.lostWei),
      maxDust: asJson(this.maxDust),
      dustBound: this.dustBound,
      seed: extra.seed,
      seconds: extra.seconds,
      passed: extra.passed,
      refused: this.refused,
      maxDustAt: this.dustLabel,
      actionsPerSequence: { min: sorted[0], median: sorted[sorted.length >> 1], max: sorted[sorted.length - 1] },
      coverage: Object.fromEntries([...this.coverage.entries()].sort()),
    };
    writeFileSync(path, JSON.stringify(report, null, 2) + "\n");
  }
}

/** A bigint as a JSON number while it is exact, else as a string. */
function asJson(x: bigint): number | string {
  return x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x.toString();
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
  const reading = await reader.read((i) => series[i].createdAt !== undefined, () => true);
  const tokens: Start["tokens"] = [];
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
    setup: { now, users, collateral: reading.collateral!, protocols, series, ledgerAccounts: users.length + 3 },
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
    private readonly totals: RunTotals,
    private readonly routerAddress: string
  ) {}

  static async start(f: PropertyFixture, totals: RunTotals): Promise<SolvencyRun> {
    start ??= await readStart(f);
    const s = start;
    const now = restorable!.timestamp;
    const model = new MarketModel({ ...s.setup, now, collateral: s.setup.collateral.map((c) => ({ ...c })) });
    model.series.forEach((ms, i) => {
      const r = s.reading.series[i];
      if (r) ms.ledger.open(r.claim!, r.noclaim!, r.supply.claim);
    });
    const router = new RouterModel(f, model, s.reader.holders, { ...s.addresses, tokens: s.tokens }, s.positions);
    totals.runs += 1;
    return new SolvencyRun(f, model, router, s.reader, totals, s.reader.holders.router);
  }

  async step(a: Action): Promise<void> {
    if (a.kind === "wait" || a.kind === "waitUntil" || a.kind === "waitForDeadline") {
      const target = this.model.waitTarget(a);
      if (target === undefined) return;
      await mineAt(target);
      this.model.now = target;
      await this.check(NOTHING);
    } else if (isRouterAction(a)) {
      const at = this.model.now + 1n;
      const plan = await this.router.plan(a, at);
      if (!plan) return;
      const ok = await this.totals.timed("router calls", () => this.executeRouter(plan, at));
      // A router call can move any series' tokens the users approved it for: every balance is read.
      await this.check(ok ? EVERYTHING : NOTHING);
    } else {
      const at = this.model.now + 1n;
      const plan = this.model.plan(a, at);
      if (!plan) return;
      const ok = await this.totals.timed("core calls", () => this.execute(plan, at));
      await this.check(ok ? this.touchedBy(plan) : NOTHING);
    }
  }

  /** The series a core call may have moved: the one it names (a transfer, mint, merge or redeem), else none. */
  private touchedBy(plan: Plan): (series: number) => boolean {
    const series = plan.expected.ok ? plan.expected.series : undefined;
    return series === undefined ? NOTHING : (i) => i === series;
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
      await mineAt(end);
      m.now = end;
    }
    await this.check(NOTHING);
    for (const i of live) await this.executeOk(m.planSettle(i, m.now + 1n), false);
    await this.check(NOTHING);

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
      await this.check(EVERYTHING);
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
        for (const step of steps) await this.executeOk(m.plan(step, m.now + 1n)!);
      }
    }

    await this.check(EVERYTHING);
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

  /** Sends a router call; returns whether it went through. */
  private async executeRouter(plan: RouterPlan, at: bigint): Promise<boolean> {
    await setNextBlockTimestamp(at);
    this.totals.actions += 1;
    const data = this.f.router.interface.encodeFunctionData(plan.method as any, [plan.params] as any);
    const sent = await this.totals.timed(`  ${plan.method}`, () => sendCall(this.model.users[plan.actor], this.routerAddress, data));
    this.model.now = at; // mined, whether it went through or reverted
    if ("refusal" in sent) {
      const got = sent.refusal;
      if (plan.must) {
        expect(got.error, plan.label).to.equal(plan.must.error);
        expect(sameArgs(got.args, plan.must.args!), `${plan.label}: ${got.error}(${got.args}), expected (${plan.must.args})`).to.equal(true);
      } else if (!plan.may.has(got.error)) {
        throw new Error(`${plan.label}: unexpected revert ${got.error}(${(got.args ?? []).join(", ")}); it may meet only ${[...plan.may.keys()].join(", ") || "nothing"}`);
      }
      this.totals.refused += 1;
      this.totals.count(`${plan.method} refused ${got.error}`);
      return false;
    }
    expect(plan.must, `${plan.label} went through`).to.equal(undefined);
    await this.totals.timed("  booking", async () => this.router.book(sent.logs, plan));
    this.totals.count(`${plan.method} ok`);
    return true;
  }

  /** Sends a core call; returns whether it went through (as the model said it must, or not). */
  private async execute(plan: Plan, at: bigint): Promise<boolean> {
    const { call, expected } = plan;
    const from = call.from === "controller" ? this.f.resolverController.address : this.model.users[call.from];
    const target = this.contract(call.to);
    await setNextBlockTimestamp(at);
    this.totals.actions += 1;
    const sent = await sendCall(from, await target.getAddress(), target.interface.encodeFunctionData(call.method, call.args));
    this.model.now = at; // mined, whether it went through or reverted
    if (expected.ok) {
      if ("refusal" in sent) throw new Error(`${plan.label}: reverted ${sent.refusal.error}(${sent.refusal.args ?? ""}), the model expected success`);
      plan.commit();
      this.totals.count(`${call.method} ok`);
      return true;
    } else {
      if (!("refusal" in sent)) throw new Error(`${plan.label}: went through, the model expected ${expected.error}`);
      expect(sent.refusal.error, plan.label).to.equal(expected.error);
      expect(sameArgs(sent.refusal.args, expected.args), `${plan.label}: ${expected.error}(${sent.refusal.args}), expected (${expected.args})`).to.equal(true);
      this.totals.refused += 1;
      this.totals.count(`${call.method} ${expected.error}`);
      return false;
    }
  }

  private async executeOk(plan: Plan, check = true): Promise<void> {
    expect(plan.expected.ok, `${plan.label} must succeed at the end`).to.equal(true);
    await this.execute(plan, this.model.now + 1n);
    if (check) await this.check(this.touchedBy(plan));
  }

  /** Everything against the model, from one read of the chain (every holder's balances of the `touched` series). */
  private async check(touched: (series: number) => boolean): Promise<void> {
    const m = this.model;
    const chain = await this.totals.timed("reads", () => this.reader.read((i) => m.exists(i), touched));
    const t0 = performance.now();
    this.checkStatuses(chain);
    this.checkBalances(chain);
    this.checkSolvency(chain);
    this.totals.ms.set("comparisons", (this.totals.ms.get("comparisons") ?? 0) + performance.now() - t0);
  }

  /** seriesStatus of every series against the model, and finality of settlements. */
  private checkStatuses(chain: ChainReading): void {
    const m = this.model;
    for (const [i, s] of m.series.entries()) {
      if (!m.exists(i)) continue;
      const status = chain.series[i]!.status;
      const want = m.settlement(i);
      if (status.state !== want.state) expect(stateName(status.state), `${s.label} at ${m.now} state`).to.equal(stateName(want.state));
      eq(status.payout, want.payout, `${s.label} at ${m.now} payout`);
      eq(status.recorded, s.recorded, `${s.label} at ${m.now} recorded`);
      eq(status.finalAt, want.finalAt, `${s.label} at ${m.now} finalAt`);
      this.totals.count(`status ${stateName(want.state)}${want.state === SettlementState.Open && m.now >= m.milestones(i).filingEnd ? " (held by a claim)" : ""}`);
    }
    const problems = m.finalityProblems();
    if (problems.length > 0) expect(problems).to.deep.equal([]);
  }

  /** Supplies and every holder's balances of every series, users' collateral; the router holds nothing. */
  private checkBalances(chain: ChainReading): void {
    const m = this.model;
    for (const [i, s] of m.series.entries()) {
      const r = chain.series[i];
      if (!r) continue;
      for (const side of ["claim", "noclaim"] as const) {
        eq(r.supply[side], s.ledger.supply(side), `${s.label} ${side} supply`);
        const held = r[side];
        if (held && !sameWords(held, s.ledger[side])) expect(held, `${s.label} ${side} balances (users, LP, router, pools)`).to.deep.equal(s.ledger[side]);
      }
    }
    for (const [u, c] of (chain.collateral ?? []).entries()) {
      if (c.usdc !== m.collateral[u].usdc || c.dai !== m.collateral[u].dai) expect(c, `collateral of user ${u}`).to.deep.equal(m.collateral[u]);
    }
    const router = chain.router;
    if (router.collateral.usdc !== 0n || router.collateral.dai !== 0n || router.cover !== 0n || router.positions !== 0n) {
      expect(router, "what the router holds").to.deep.equal({ collateral: { usdc: 0n, dai: 0n }, cover: 0n, positions: 0n });
    }
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
        if (s.ledger.locked < bound) expect.fail(`${s.label} holds ${s.ledger.locked}, its tokens redeem for up to ${bound}`);
        const dust = s.ledger.locked - bound;
        if (payout === undefined) {
          eq(s.ledger.supply("claim"), s.ledger.locked, `${s.label} CLAIM supply before settlement`);
          eq(s.ledger.supply("noclaim"), s.ledger.locked, `${s.label} NOCLAIM supply before settlement`);
        } else {
          // Dust = the fractions of a base unit that rounding kept: of past redemptions and of what holders hold now.
          const held = s.ledger.heldRemainders(payout);
          const terms = s.ledger.roundedTerms + held.terms;
          eq(dust * WAD, s.ledger.remainders + held.remainders, `${s.label} dust ${dust} is not the rounded-off fractions`);
          if (dust !== 0n && dust >= BigInt(terms)) expect.fail(`${s.label} dust ${dust}, ${terms} rounded terms`);
          if (dust > this.totals.maxDust) Object.assign(this.totals, { maxDust: dust, dustBound: terms, dustLabel: s.label });
        }
        locked += s.ledger.locked;
        redeemable += bound;
      }
      const balance = chain.market[collateral];
      if (balance < redeemable) this.totals.lostWei += redeemable - balance;
      eq(balance, locked, `market ${collateral} balance`);
      if (balance < redeemable) expect.fail(`market ${collateral} ${balance} < ${redeemable} redeemable`);
    }
  }

  private contract(target: Target): any {
    if (target.kind === "market") return this.f.market;
    if (target.kind === "resolver") return this.f.protocols[target.protocol].resolver;
    return this.f.series[target.series][target.side];
  }
}
