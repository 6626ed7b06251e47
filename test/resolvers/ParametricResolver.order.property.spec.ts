/**
 * Order independence of the parametric resolver, as a seeded fast-check property (issue 13): random feed histories
 * with several de-pegs, recoveries, phase changes (an old aggregator still writing after the switch) and bad
 * rounds (answer 0 or negative, a reverting read, no update time, time going back, a far-future time); every
 * incident the independent model (test/shared/depegModel.ts) finds is proven, in several random schedules (proofs
 * at random times within [t + L, t + L + P), later de-pegs often first, decideIncidents at random times between).
 * Every schedule must record the model's incidents in incident-time order and settle every series as the model does.
 */
import { expect } from "chai";
import fc from "fast-check";
import { ethers, networkHelpers } from "../shared/connection.js";
import { deployMarket } from "../../scripts/lib/deploy/stack.js";
import { nthExpiryAfter } from "../../scripts/lib/market/calendar.js";
import { toWad } from "../../scripts/lib/market/payout.js";
import { answer } from "../../scripts/lib/feeds/mockFeed.js";
import { feedHistory, modelIncidents, modelSettlement, type ModelConfig, type ModelIncident, type ModelRound } from "../shared/depegModel.js";

const SEED = 13_2026;
const NUM_RUNS = Number(process.env.PARAMETRIC_RUNS ?? 100);
const ORDERS = 3;

const HEARTBEAT = 600n;
const GRACE = 60n;
const MAX_GAP = HEARTBEAT + GRACE;
const MIN_DURATION = 300n;
const LAG = MIN_DURATION + HEARTBEAT + GRACE;
const PROOF_WINDOW = 86_400n;
const FEEDS = 3;
const BELOW = ["0.95", "0.97", "0.90"];

async function orderFixture() {
  const [deployer, guardian] = await ethers.getSigners();
  const market = await deployMarket(deployer, guardian.address);
  const resolver = await ethers.deployContract("ParametricResolver", [await market.getAddress()]);
  const feeds = [];
  for (let i = 0; i < FEEDS; i++) feeds.push(await ethers.deployContract("MockAggregatorV3", [8, `F${i}`]));
  await resolver.registerProtocol({
    name: "Order",
    ticker: "ORDER",
    metadataURI: "ipfs://order",
    claimWindow: LAG + PROOF_WINDOW + 3_600n,
    feeds: await Promise.all(feeds.map(async (f) => ({ aggregator: await f.getAddress(), heartbeat: HEARTBEAT }))),
    quorum: 2,
    threshold: toWad("0.98"),
    target: toWad("1"),
    minDuration: MIN_DURATION,
    grace: GRACE,
    payoutRule: 1,
    payoutCap: toWad("0.5"),
  });
  const protocolId = await market.protocolCount();
  const t0 = (await market.protocol(protocolId)).registeredAt;
  const collaterals = [];
  for (let i = 0; i < 3; i++) collaterals.push(await ethers.deployContract("TestERC20", [`C${i}`, `C${i}`, 6]));
  return { market, resolver, feeds, protocolId, t0, collaterals };
}

const episode = fc.record({
  at: fc.integer({ min: 1_000, max: 160_000 }),
  join: fc.array(fc.integer({ min: 0, max: 4 }).map((x) => x > 0), { minLength: FEEDS, maxLength: FEEDS }),
  jitter: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: FEEDS, maxLength: FEEDS }),
  duration: fc.array(fc.integer({ min: 150, max: 1_500 }), { minLength: FEEDS, maxLength: FEEDS }),
  step: fc.array(fc.oneof({ arbitrary: fc.integer({ min: 60, max: 400 }), weight: 4 }, { arbitrary: fc.integer({ min: 600, max: 900 }), weight: 1 }), { minLength: FEEDS, maxLength: FEEDS }),
  depth: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: FEEDS, maxLength: FEEDS }),
});
const bad = fc.record({ feed: fc.integer({ min: 0, max: FEEDS - 1 }), pos: fc.double({ min: 0, max: 1, noNaN: true }), kind: fc.integer({ min: 0, max: 4 }) });
const phase = fc.option(
  fc.record({
    split: fc.double({ min: 0, max: 1, noNaN: true }),
    extras: fc.array(fc.record({ dt: fc.integer({ min: -300, max: 3_000 }), price: fc.constantFrom("0.50", "1.00", "0.90") }), { maxLength: 2 }),
  }),
  { freq: 2 },
);
const schedule = fc.record({
  proofs: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
  decides: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
  ties: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 16, maxLength: 16 }),
});
const scenario = fc.record({
  episodes: fc.array(episode, { minLength: 1, maxLength: 4 }),
  bads: fc.array(bad, { maxLength: 4 }),
  phases: fc.array(phase, { minLength: FEEDS, maxLength: FEEDS }),
  far: fc.array(fc.option(fc.constantFrom(0n, 100_000_000n)), { minLength: FEEDS, maxLength: FEEDS }),
  series: fc.array(fc.record({ at: fc.integer({ min: 200, max: 80_000 }), weeks: fc.integer({ min: 1, max: 2 }) }), { minLength: 2, maxLength: 2 }),
  schedules: fc.array(schedule, { minLength: ORDERS, maxLength: ORDERS }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Each feed's rounds as the mocks will hold them. */
function buildFeeds(s: Scenario, t0: bigint): ModelRound[][] {
  const out: ModelRound[][] = [];
  for (let i = 0; i < FEEDS; i++) {
    const timeline: [bigint, bigint, boolean][] = [[answer("1.00"), t0 + 10n, false]];
    for (const e of s.episodes) {
      if (!e.join[i]) continue;
      const start = t0 + BigInt(e.at + e.jitter[i]);
      for (let dt = 0; dt < e.duration[i]; dt += e.step[i]) timeline.push([answer(BELOW[e.depth[i]]), start + BigInt(dt), false]);
      timeline.push([answer("1.00"), start + BigInt(e.duration[i]), false]);
    }
    timeline.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    timeline.push([answer("1.00"), t0 + 170_000n, false]);
    for (const b of s.bads.filter((x) => x.feed === i)) {
      const at = 1 + Math.floor(b.pos * (timeline.length - 1));
      const prev = timeline[at - 1][1];
      const round: [bigint, bigint, boolean] =
        b.kind === 0 ? [0n, prev + 1n, false]
        : b.kind === 1 ? [-1n, prev + 1n, false]
        : b.kind === 2 ? [answer("0.50"), prev + 1n, true]
        : b.kind === 3 ? [answer("0.50"), 0n, false]
        : [answer("0.50"), prev - 30n, false];
      timeline.splice(at, 0, round);
    }
    const far = s.far[i];
    if (far !== null) timeline.push([far === 0n ? 0n : answer("1.00"), t0 + 10_000_000n, false]);
    const rounds: ModelRound[] = [];
    const ph = s.phases[i];
    const split = ph ? 2 + Math.floor(ph.split * (timeline.length - 3)) : timeline.length;
    timeline.forEach(([a, at, broken], j) => {
      rounds.push(j < split ? { phase: 1, index: j + 1, answer: a, updatedAt: at, broken } : { phase: 2, index: j - split + 1, answer: a, updatedAt: at, broken });
    });
    if (ph && split < timeline.length) {
      const switchAt = timeline[split][1];
      ph.extras.forEach((x, k) => rounds.push({ phase: 1, index: split + 1 + k, answer: answer(x.price), updatedAt: switchAt + BigInt(x.dt), broken: false }));
    }
    out.push(rounds);
  }
  return out;
}

const roundId = (r: ModelRound) => (BigInt(r.phase) << 64n) | BigInt(r.index);

/** The rounds of the one proof of `t` for a feed: its history from its first round until past the horizon t + L. */
function proofRounds(rounds: ModelRound[], t: bigint): bigint[] {
  const ids: bigint[] = [];
  let last = -1n;
  for (const r of feedHistory(rounds)) {
    ids.push(roundId(r));
    const timed = !r.broken && r.updatedAt !== 0n && r.updatedAt >= last;
    if (timed && r.updatedAt > t + LAG) break;
    if (timed && r.answer > 0n) last = r.updatedAt;
  }
  return ids;
}

const stats = { runs: 0, incidents: 0, maxIncidents: 0, outOfOrder: 0, phaseChanges: 0, bads: 0, settledSeries: 0 };

describe("ParametricResolver: order independence (seeded property)", function () {
  this.timeout(10 * 60_000);

  it(`records the model's incidents and settlements in ${ORDERS} random schedules of proofs and decisions, over ${NUM_RUNS} histories (seed ${SEED})`, async function () {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const f = await networkHelpers.loadFixture(orderFixture);
        const { time } = networkHelpers;
        const feeds = buildFeeds(s, f.t0);
        // The feeds' histories are written up front (the mock takes any update time).
        for (let i = 0; i < FEEDS; i++) {
          const mock = f.feeds[i];
          const phase2 = feeds[i].filter((x) => x.phase === 2);
          const split = phase2.length ? feeds[i].filter((x) => x.phase === 1).length - (s.phases[i]?.extras.length ?? 0) : Infinity;
          for (const r of feeds[i].filter((x) => x.phase === 1 && x.index <= split)) await mock.pushRound(r.answer, r.updatedAt);
          if (phase2.length) {
            await mock.startPhase();
            for (const r of phase2) await mock.pushRound(r.answer, r.updatedAt);
            for (const r of feeds[i].filter((x) => x.phase === 1 && x.index > split)) await mock.pushRoundToPhase(1, r.answer, r.updatedAt);
            stats.phaseChanges++;
          }
          for (const r of feeds[i].filter((x) => x.broken)) await mock.setRoundBroken(roundId(r), true);
        }
        stats.bads += s.bads.length;
        for (let i = 0; i < FEEDS; i++) {
          for (const r of feeds[i]) {
            const [, a, , u] = await f.feeds[i].getRoundData(roundId(r)).catch(() => [0n, r.answer, 0n, r.updatedAt]);
            expect([a, u], `feed ${i} round ${r.phase}:${r.index}`).to.deep.equal([r.answer, r.updatedAt]);
          }
        }
        // Series: the fixture's three collaterals, created at increasing times, expiring 1 or 2 calendar weeks on.
        const created: { id: string; createdAt: bigint; expiry: bigint }[] = [];
        const times = [f.t0 + 150n, ...s.series.map((x) => f.t0 + BigInt(x.at))].sort((a, b) => (a < b ? -1 : 1));
        for (let j = 0; j < times.length; j++) {
          const at = times[j] > BigInt(await time.latest()) ? times[j] : BigInt(await time.latest()) + 1n;
          const expiry = nthExpiryAfter(at + 1n, j === 0 ? 1 : s.series[j - 1].weeks);
          await time.setNextBlockTimestamp(at);
          const collateral = await f.collaterals[j].getAddress();
          await f.market.createSeries(f.protocolId, collateral, expiry);
          created.push({ id: await f.market.seriesIdOf(f.protocolId, collateral, expiry), createdAt: at, expiry });
        }
        const setupEnd = BigInt(await time.latest());
        const cfg: ModelConfig = {
          threshold: toWad("0.98"), target: toWad("1"), minDuration: MIN_DURATION, maxGaps: [MAX_GAP, MAX_GAP, MAX_GAP],
          quorum: 2, full: false, payoutCap: toWad("0.5"), decimals: 8, registeredAt: f.t0,
        };
        const expected: ModelIncident[] = modelIncidents(feeds, cfg, 2n ** 60n);
        stats.runs++;
        stats.incidents += expected.length;
        stats.maxIncidents = Math.max(stats.maxIncidents, expected.length);
        const snapshot = await networkHelpers.takeSnapshot();
        const lastDecision = expected.length ? expected[expected.length - 1].incidentTime + LAG + PROOF_WINDOW : setupEnd + 10n;

        for (const sched of s.schedules) {
          await snapshot.restore();
          // Proofs at random times in [max(t + L, setup end), t + L + P - 100]; decisions at random times.
          const ops: { at: bigint; kind: "proof" | "decide"; i: number; tie: number }[] = [];
          expected.forEach((x, i) => {
            const lo = x.incidentTime + LAG > setupEnd + 1n ? x.incidentTime + LAG : setupEnd + 1n;
            const hi = x.incidentTime + LAG + PROOF_WINDOW - 100n;
            ops.push({ at: lo + BigInt(Math.floor(sched.proofs[i % 12] * Number(hi - lo))), kind: "proof", i, tie: sched.ties[i % 16] });
          });
          sched.decides.forEach((d, k) => ops.push({ at: setupEnd + 1n + BigInt(Math.floor(d * Number(lastDecision - setupEnd))), kind: "decide", i: k, tie: sched.ties[(k + 12) % 16] }));
          ops.push({ at: lastDecision, kind: "decide", i: -1, tie: 1001 });
          ops.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.tie - b.tie));
          const proven: bigint[] = [];
          for (const op of ops) {
            const latest = BigInt(await time.latest());
            await time.setNextBlockTimestamp(op.at > latest ? op.at : latest + 1n);
            if (op.kind === "decide") {
              await f.resolver.decideIncidents(f.protocolId);
              continue;
            }
            const x = expected[op.i];
            if (proven.some((t) => t > x.incidentTime)) stats.outOfOrder++;
            proven.push(x.incidentTime);
            const proof = feeds.map((rounds) => proofRounds(rounds, x.incidentTime));
            await f.resolver.triggerIncident(f.protocolId, x.incidentTime, x.counted, proof);
          }
          // The same incidents, in incident-time order, and the same settlement of every series.
          expect(await f.resolver.pendingIncidents(f.protocolId)).to.deep.equal([]);
          const count = Number((await f.market.protocol(f.protocolId)).incidentCount);
          const recorded = [];
          for (let k = 0; k < count; k++) {
            const inc = await f.market.incident(f.protocolId, k);
            recorded.push({ incidentTime: inc.incidentTime, payout: inc.payout });
          }
          expect(recorded).to.deep.equal(expected.map((x) => ({ incidentTime: x.incidentTime, payout: x.payout })));
          for (const series of created) {
            const status = await f.market.seriesStatus(series.id);
            const payout = modelSettlement(expected, series.createdAt, series.expiry);
            if (payout === undefined) expect(status.state, `series ${series.createdAt}-${series.expiry}`).to.not.equal(1n);
            else {
              expect([status.state, status.payout]).to.deep.equal([1n, payout]);
              stats.settledSeries++;
            }
          }
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
    console.log(`      ${JSON.stringify(stats)}`);
    expect(stats.incidents).to.be.greaterThan(NUM_RUNS / 2);
    expect(stats.outOfOrder).to.be.greaterThan(0);
  });
});
