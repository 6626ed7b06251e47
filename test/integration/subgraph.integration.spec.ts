/**
 * The subgraph on graph-node itself: a local chain (hardhat node) with the market and real Uniswap v3, a scripted
 * market (series, pools at a price, liquidity added and removed, swaps both ways in both token orders, merges, a
 * claim and its incident, redemptions, time past expiry + W), `gnd dev` indexing it over Postgres, and every
 * indexed price, supply, balance, status, rate and claim flag compared with what the chain says at each checkpoint,
 * queried at that block (`block: { number }`) and read independently with ethers (slot0, liquidity, totalSupply,
 * balanceOf, seriesStatus, logs). DESIGN.md section 4's harder cases are in it: a series (E) whose pools were created
 * before it, at the canonical tier and at another; a narrow-range pool at another tier, deeper in range than the
 * canonical one, that must not move its series' price; an open claim; and time moved past an expiry and past
 * expiry + W + D with no event at all.
 * Every process started here (chain, Postgres, graph-node) is stopped in after(), also when something fails.
 * Unlike demo.spec.ts (npm start's scenario, through the router), pools and trades here are made straight on
 * Uniswap (scenario/uniswapDirect.ts), so the subgraph meets pools the router never made; unlike subgraph/tests
 * (gnd test, mock events), the events come from a real chain.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseUnits, type JsonRpcProvider, type JsonRpcSigner } from "ethers";
import { nthExpiryAfter } from "../../scripts/lib/market/calendar.js";
import type { GndDev } from "../../scripts/lib/services/gnd.js";
import { startHardhatNode, type HardhatNode } from "../../scripts/lib/services/hardhatNode.js";
import { addLiquidity, createPool, createSeries, deployDirectMarket, fund, LOCAL_CLAIM_WINDOW, removeLiquidity, swapExactIn, type DirectMarket, type DirectPool, type DirectSeries } from "../../scripts/lib/scenario/uniswapDirect.js";
import { coverPriceOf, sqrtPriceX96ForRatio } from "../../scripts/lib/market/pricing.js";
import { seriesIdOf, seriesTokenAddresses } from "../../scripts/lib/market/series.js";
import { IUniswapV3Pool__factory } from "../../scripts/lib/chain/contracts.js";
import { MarketClaimStatus, nameOf, SettlementState } from "../../scripts/lib/market/enums.js";
import { increaseTime, now } from "../../scripts/lib/chain/clock.js";
import { send } from "../../scripts/lib/chain/send.js";
import { CommitteeResolver__factory, TestERC20__factory, type CommitteeResolver } from "../../scripts/lib/chain/contracts.js";
import type { Postgres } from "../../scripts/lib/services/postgres.js";
import { NOBODY } from "../../scripts/lib/services/processes.js";
import { LocalIndexer } from "../../scripts/lib/services/localIndexer.js";
import { SUBGRAPH_DIR } from "../../scripts/lib/paths.js";
import { canonicalFee } from "../../scripts/lib/subgraph/manifest.js";
import { localProvider } from "../../scripts/lib/chain/provider.js";

const WAD = 10n ** 18n;
const YEAR = 365 * 86400;
const DECISION_PERIOD = 7n * 86400n;
/** The canonical fee tier: config/uniswap.json's pools.fee, which CoverPools creates and the router trades. */
const CANONICAL_FEE = canonicalFee();

/** |a - b| within `relative` of |b| (or tiny in absolute terms near zero). */
function close(actual: string | number, expected: number, relative: number, what: string): void {
  const a = Number(actual);
  expect(Math.abs(a - expected), `${what}: ${a} vs ${expected}`).to.be.at.most(relative * Math.max(Math.abs(expected), 1e-18));
}

describe("subgraph indexing a local chain with gnd dev", function () {
  this.timeout(900_000);

  let node: HardhatNode | undefined;
  let indexer: LocalIndexer | undefined;
  let gnd: GndDev | undefined;
  let postgres: Postgres | undefined;

  let m: DirectMarket;
  let provider: JsonRpcProvider;
  let users: JsonRpcSigner[];
  const series: DirectSeries[] = [];
  const pools: DirectPool[] = [];
  /** Blocks at which the subgraph and the chain are compared, in order. */
  const checkpoints: number[] = [];
  /** The checkpoints by name. */
  const at_: Record<"trading" | "eUnknown" | "claimOpen" | "committee" | "pastExpiry" | "pastFinal" | "end", number> = {} as any;
  const checkpoint = async (name: keyof typeof at_) => {
    at_[name] = await provider.getBlockNumber();
    checkpoints.push(at_[name]);
  };
  /** Series E, whose pools were created before it, and those pools; A's narrow-range pool at another tier. */
  let E: DirectSeries;
  const early: DirectPool[] = [];
  let narrow: DirectPool;
  /** The committee resolver and its protocol. */
  let committee: CommitteeResolver;
  let committeeProtocolId: bigint;

  before(async function () {
    node = await startHardhatNode();
    provider = localProvider(node.url);
    m = await deployDirectMarket(provider);
    await runScenario();

    indexer = new LocalIndexer({ config: m.config, rpcUrl: node.url, label: "integration" });
    gnd = await indexer.start();
    postgres = indexer.postgres;
    await gnd.waitForBlock(checkpoints[checkpoints.length - 1], 300_000);
  });

  after(async function () {
    // Its own indexer and chain only: stopAll() would also stop the run's shared markets (test/cli/*Fixture.ts).
    await indexer?.stop();
    await node?.stop();
  });

  /** The scripted market; pushes a checkpoint after trading, after the incident, and at the end. */
  async function runScenario() {
    const [, , controller, alice, bob, carol, dave] = m.accounts;
    users = [alice, bob, carol, dave];
    const usdc = (x: string) => parseUnits(x, 6);
    const dai = (x: string) => parseUnits(x, 18);
    const expiry = nthExpiryAfter(await now(provider), 3);

    const A = await createSeries(m, m.usdc, expiry);
    const B = await createSeries(m, m.dai, expiry);
    series.push(A, B);

    // E's CLAIM pool at the canonical tier and its NOCLAIM pool at another, created and initialised by dave before E
    // exists: its tokens' addresses follow from the market, the series id and the collateral's decimals.
    const nearExpiry = nthExpiryAfter(await now(provider), 2);
    const usdcAddress0 = await m.usdc.getAddress();
    const eTokens = seriesTokenAddresses(await m.market.getAddress(), seriesIdOf(m.protocolId, usdcAddress0, nearExpiry), 6);
    const earlyPools: [string, "Claim" | "Noclaim", number, [bigint, bigint]][] = [[eTokens.claim, "Claim", CANONICAL_FEE, [1n, 25n]], [eTokens.noclaim, "Noclaim", 500, [24n, 25n]]];
    for (const [cover, , fee, [n, d]] of earlyPools) {
      const coverIsToken0 = BigInt(cover) < BigInt(usdcAddress0);
      const [t0, t1] = coverIsToken0 ? [cover, usdcAddress0] : [usdcAddress0, cover];
      await send(m.uniswap.factory.connect(dave).createPool(t0, t1, fee));
      await send(IUniswapV3Pool__factory.connect(await m.uniswap.factory.getPool(t0, t1, fee), dave).initialize(sqrtPriceX96ForRatio(n, d, coverIsToken0)));
    }

    for (const user of users) await fund(m, user, [A, B], dai("1000000"));
    await send(m.market.connect(alice).mint(A.id, usdc("10000"), await alice.getAddress(), await alice.getAddress()));
    await send(m.market.connect(alice).mint(B.id, dai("10000"), await alice.getAddress(), await alice.getAddress()));
    await send(m.market.connect(carol).mint(B.id, dai("1000"), await carol.getAddress(), await carol.getAddress()));

    // Pools: through the position manager at a starting risk, one made directly by another account, and one that
    // pairs the two collaterals (never followed).
    const aClaim = await createPool(m, A, "Claim", 3000, [1n, 20n], { signer: alice });
    const aNoclaim = await createPool(m, A, "Noclaim", 3000, [19n, 20n], { signer: alice });
    const bClaim = await createPool(m, B, "Claim", 3000, [1n, 10n], { signer: alice });
    const bClaim500 = await createPool(m, B, "Claim", 500, [3n, 25n], { signer: dave, direct: true });
    const bNoclaim = await createPool(m, B, "Noclaim", 3000, [9n, 10n], { signer: alice });
    pools.push(aClaim, aNoclaim, bClaim, bClaim500, bNoclaim);
    const [usdcAddress, daiAddress] = [await m.usdc.getAddress(), await m.dai.getAddress()];
    const [t0, t1] = BigInt(usdcAddress) < BigInt(daiAddress) ? [usdcAddress, daiAddress] : [daiAddress, usdcAddress];
    await send(m.uniswap.positionManager.connect(alice).createAndInitializePoolIfNecessary(t0, t1, 500, 2n ** 96n * 10n ** 6n));

    const aClaimLp = await addLiquidity(m, aClaim, alice, usdc("2000"), usdc("100"));
    await addLiquidity(m, aNoclaim, alice, usdc("2000"), usdc("1900"));
    await addLiquidity(m, bClaim, alice, dai("2000"), dai("200"));
    await addLiquidity(m, bNoclaim, alice, dai("2000"), dai("1800"));
    await addLiquidity(m, bClaim500, carol, dai("500"), dai("60"));
    // A narrow range at 20% in a 1% pool of A's CLAIM: far deeper in range than the canonical pool, and cheap.
    narrow = await createPool(m, A, "Claim", 10000, [1n, 5n], { signer: alice });
    pools.push(narrow);
    {
      const spacing = Number(await narrow.contract.tickSpacing());
      const tick = Number((await narrow.contract.slot0()).tick);
      const lower = Math.floor(tick / spacing) * spacing - spacing;
      const [token0, token1] = narrow.coverIsToken0 ? [narrow.cover, usdcAddress0] : [usdcAddress0, narrow.cover];
      const [amount0, amount1] = narrow.coverIsToken0 ? [usdc("500"), usdc("100")] : [usdc("100"), usdc("500")];
      await send(m.uniswap.positionManager.connect(alice).mint({
        token0, token1, fee: narrow.fee, tickLower: lower, tickUpper: lower + 3 * spacing,
        amount0Desired: amount0, amount1Desired: amount1, amount0Min: 0, amount1Min: 0, recipient: await alice.getAddress(), deadline: 2n ** 64n,
      }));
    }

    // Trading over a few hours, both ways, in both token orders.
    await send(swapExactIn(m, aClaim, bob, usdcAddress, usdc("10")));                  // buy CLAIM A
    await send(m.market.connect(bob).mint(A.id, usdc("100"), await bob.getAddress(), await bob.getAddress()));
    await send(swapExactIn(m, aNoclaim, bob, aNoclaim.cover, usdc("50")));              // sell NOCLAIM A
    await increaseTime(provider, 2n * 3600n);
    await send(swapExactIn(m, bClaim, bob, daiAddress, dai("5")));                      // buy CLAIM B
    await send(swapExactIn(m, bClaim500, carol, bClaim500.cover, dai("20")));           // sell CLAIM B in the shallow pool
    await increaseTime(provider, 3n * 3600n);
    await removeLiquidity(m, aClaimLp, alice, 30n);                                      // Burn + Collect
    await send(swapExactIn(m, aClaim, bob, aClaim.cover, usdc("40")));                  // sell CLAIM A
    await send(m.market.connect(bob).merge(A.id, usdc("20"), await bob.getAddress()));
    await checkpoint("trading");

    // A claim on an incident in A's and B's windows; C is created after the incident time, so it never applies to C.
    const incidentTime = (await now(provider)) - 600n;
    await send(m.resolver.connect(controller).fileClaim(incidentTime));
    await increaseTime(provider, 60n);
    const C = await createSeries(m, m.usdc, expiry + 7n * 86400n);
    series.push(C);
    for (const user of [alice, bob]) await fund(m, user, [C], 0n);
    await send(m.market.connect(alice).mint(C.id, usdc("5000"), await alice.getAddress(), await alice.getAddress()));
    const cClaim = await createPool(m, C, "Claim", 3000, [3n, 100n], { signer: alice });
    const cNoclaim = await createPool(m, C, "Noclaim", 3000, [97n, 100n], { signer: alice });
    pools.push(cClaim, cNoclaim);
    await addLiquidity(m, cClaim, alice, usdc("1000"), usdc("30"));
    await addLiquidity(m, cNoclaim, alice, usdc("1000"), usdc("970"));
    await send(swapExactIn(m, cClaim, bob, usdcAddress, usdc("3")));

    // E, created after the incident (so the claim never applies to it), long after its two pools. They are followed
    // from its creation on and get liquidity (Mint events, which carry no price: E's price stays unknown).
    E = await createSeries(m, m.usdc, nearExpiry);
    series.push(E);
    for (const [cover, side, fee] of earlyPools) {
      const coverIsToken0 = BigInt(cover) < BigInt(usdcAddress0);
      const address = await m.uniswap.factory.getPool(coverIsToken0 ? cover : usdcAddress0, coverIsToken0 ? usdcAddress0 : cover, fee);
      early.push({ address, contract: IUniswapV3Pool__factory.connect(address, m.provider), series: E, side, fee, cover, coverIsToken0 });
    }
    pools.push(...early);
    for (const user of [alice, bob]) await fund(m, user, [E], 0n);
    await send(m.market.connect(alice).mint(E.id, usdc("5000"), await alice.getAddress(), await alice.getAddress()));
    await addLiquidity(m, early[0], alice, usdc("1000"), usdc("40"));
    await addLiquidity(m, early[1], alice, usdc("1000"), usdc("960"));
    await checkpoint("eUnknown");
    await send(swapExactIn(m, early[0], bob, usdcAddress, usdc("4")));                 // E's first price: its canonical CLAIM pool's swap
    await checkpoint("claimOpen");                                                        // the claim is still open: A and B may pay
    await send(m.resolver.connect(controller).decideClaim(1n, true, WAD / 2n));       // A and B settle at 0.5
    await send(m.market.connect(bob).redeem(A.id, usdc("30"), usdc("20"), await bob.getAddress()));
    await send(swapExactIn(m, aClaim, bob, usdcAddress, usdc("5")));                   // trading goes on after settlement

    // A committee protocol (three members, two decide): a claim accepted by two of the three votes settles its
    // series D at the lower median of their payouts, recorded once its incident time + F has passed; a second
    // claim is denied.
    const members = m.accounts.slice(7, 10);
    const memberAddresses = await Promise.all(members.map((s) => s.getAddress()));
    committee = await new CommitteeResolver__factory(m.deployer).deploy(await m.market.getAddress());
    const feeToken = await new TestERC20__factory(m.deployer).deploy("Claim Fee Token", "CFEE", 18);
    await send(committee.connect(alice).registerProtocol({
      name: "Committee Lending v1", ticker: "CLEND", metadataURI: "ipfs://terms/committee-lending", claimWindow: LOCAL_CLAIM_WINDOW,
      filingWindow: 3600n, votingPeriod: 86_400n,
      members: memberAddresses, threshold: 2, feeToken: await feeToken.getAddress(), baseFee: dai("100"), feeCap: dai("1000"),
      deniedFeeReceiver: await m.accounts[1].getAddress(),
    }));
    committeeProtocolId = await m.market.protocolCount();
    const D = await createSeries(m, m.usdc, expiry, { protocolId: committeeProtocolId });
    series.push(D);
    await send(m.market.connect(alice).mint(D.id, usdc("1000"), await alice.getAddress(), await alice.getAddress()));
    for (const claimant of [bob, carol]) {
      await send(feeToken.connect(claimant).mint(await claimant.getAddress(), dai("10000")));
      await send(feeToken.connect(claimant).approve(await committee.getAddress(), 2n ** 255n));
    }
    await increaseTime(provider, 120n);
    const committeeIncident = (await now(provider)) - 60n;
    const accepted = (await m.market.queryFilter(m.market.filters.ClaimFiled())).length + 1;
    await send(committee.connect(bob).fileClaim(committeeProtocolId, committeeIncident, "ipfs://evidence/1", WAD, await committee.claimFee(committeeProtocolId)));
    await send(committee.connect(carol).fileClaim(committeeProtocolId, committeeIncident, "ipfs://evidence/2", WAD / 2n, await committee.claimFee(committeeProtocolId)));
    await send(committee.connect(members[0]).voteClaim(accepted, true, WAD / 2n));
    await send(committee.connect(members[0]).voteClaim(accepted + 1, false, 0n));
    await send(committee.connect(members[1]).voteClaim(accepted, true, (3n * WAD) / 10n));
    await send(committee.connect(members[2]).voteClaim(accepted + 1, false, 0n));           // denied
    await send(committee.connect(members[2]).voteClaim(accepted, false, 0n));               // all voted: passed at 0.3
    await increaseTime(provider, 3600n);
    await send(committee.connect(alice).recordClaims(committeeProtocolId, 10));             // recorded at t + F
    await checkpoint("committee");

    // Time alone: past E's expiry (Expired), then past its expiry + W + D (settled by time), one empty block each.
    await increaseTime(provider, E.expiry + 60n - (await now(provider)));
    await checkpoint("pastExpiry");
    await increaseTime(provider, E.expiry + LOCAL_CLAIM_WINDOW + DECISION_PERIOD + 60n - (await now(provider)));
    await checkpoint("pastFinal");

    // Past C's expiry + W with no claim open: C settles by time at the next block, with no event.
    await increaseTime(provider, C.expiry + LOCAL_CLAIM_WINDOW + 60n - (await now(provider)));
    await increaseTime(provider, 60n);
    await send(m.market.connect(alice).redeem(C.id, 0n, usdc("1000"), await alice.getAddress()));
    await checkpoint("end");
  }

  /** Runs a GraphQL query at a block. */
  const at = (block: number, query: string) => gnd!.query(query.replaceAll("$BLOCK", `block: { number: ${block} }`));
  const blockTime = async (block: number) => BigInt((await provider.getBlock(block))!.timestamp);
  /** The pools the subgraph follows at `block`: those that exist and whose series exists (a pool made first waits for it). */
  const poolsAt = async (block: number) => {
    const live: DirectPool[] = [];
    for (const p of pools) {
      if ((await provider.getCode(p.address, block)) !== "0x" && (await provider.getCode(await p.series.claim.getAddress(), block)) !== "0x") live.push(p);
    }
    return live;
  };
  /** The block a series was created in (from its SeriesCreated log). */
  const createdBlock = async (s: DirectSeries) => (await m.market.queryFilter(m.market.filters.SeriesCreated(s.id)))[0].blockNumber;
  /** Whether the index can know a pool's price at `block`: an Initialize or Swap of it from its series' creation on. */
  const stateKnownAt = async (pool: DirectPool, block: number) => {
    const from = await createdBlock(pool.series);
    const events = [...(await pool.contract.queryFilter(pool.contract.filters.Initialize(), from, block)), ...(await pool.contract.queryFilter(pool.contract.filters.Swap(), from, block))];
    return events.length > 0;
  };
  /** Claims of the market open at `block` that could apply to series `s` (DESIGN.md section 4: claim awareness). */
  const openClaimsAt = async (s: DirectSeries, protocolId: bigint, block: number) => {
    const created = await blockTime(await createdBlock(s));
    let open = 0;
    for (const log of await m.market.queryFilter(m.market.filters.ClaimFiled(), 0, block)) {
      const claim = await m.market.claim((log as any).args[0], { blockTag: block });
      if (claim.protocolId !== protocolId || Number(claim.status) !== MarketClaimStatus.Open) continue;
      if (claim.incidentTime >= created && claim.incidentTime < s.expiry && claim.filedAt <= s.expiry + LOCAL_CLAIM_WINDOW) open++;
    }
    return open;
  };

  it("runs graph-node and Postgres as a non-root user", function () {
    if (process.getuid?.() !== 0) this.skip();
    const uid = (pid: number) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
    expect(uid(gnd!.process.child.pid!)).to.equal(NOBODY.uid);
    expect(uid(postgres!.process.child.pid!)).to.equal(NOBODY.uid);
  });

  it("follows exactly the pools pairing a cover token with its collateral, with the chain's price, liquidity and reserves", async function () {
    for (const block of checkpoints) {
      const live = await poolsAt(block);
      const data = await at(block, `{ pools(first: 100, $BLOCK) { id side coverIsToken0 coverToken { id } collateral { id } series { id } fee canonical followedFrom followedFromBlock stateKnown sqrtPriceX96 tick liquidity price coverReserve collateralReserve } }`);
      expect(data.pools.map((p: any) => p.id).sort(), `pools at ${block}`).to.deep.equal(live.map((p) => p.address.toLowerCase()).sort());
      for (const pool of live) {
        const indexed = data.pools.find((p: any) => p.id === pool.address.toLowerCase());
        const slot0 = await pool.contract.slot0({ blockTag: block });
        const what = `${pool.side} pool ${pool.address} at ${block}`;
        expect(indexed.side, what).to.equal(pool.side);
        expect(indexed.series.id, what).to.equal(pool.series.id);
        expect(indexed.coverToken.id, what).to.equal(pool.cover.toLowerCase());
        expect(indexed.coverIsToken0, what).to.equal(pool.coverIsToken0);
        expect(indexed.fee, what).to.equal(pool.fee);
        expect(indexed.canonical, what).to.equal(pool.fee === CANONICAL_FEE);
        const seriesBlock = await createdBlock(pool.series);
        const poolBlock = (await m.uniswap.factory.queryFilter(m.uniswap.factory.filters.PoolCreated(), 0, block)).find((l: any) => l.args.pool.toLowerCase() === pool.address.toLowerCase())!.blockNumber;
        expect(Number(indexed.followedFromBlock), `followed from: ${what}`).to.equal(Math.max(seriesBlock, poolBlock));
        expect(BigInt(indexed.followedFrom), `followed from: ${what}`).to.equal(await blockTime(Math.max(seriesBlock, poolBlock)));
        const known = await stateKnownAt(pool, block);
        expect(indexed.stateKnown, `state known: ${what}`).to.equal(known);
        if (!known) {
          // A pool created before its series, with no price event since: unknown, never a wrong number.
          expect([indexed.sqrtPriceX96, indexed.tick, indexed.liquidity, indexed.price], what).to.deep.equal(["0", null, "0", null]);
        } else {
          expect(BigInt(indexed.sqrtPriceX96), what).to.equal(slot0.sqrtPriceX96);
          expect(BigInt(indexed.tick), what).to.equal(slot0.tick);
          expect(BigInt(indexed.liquidity), what).to.equal(await pool.contract.liquidity({ blockTag: block }));
          close(indexed.price, coverPriceOf(slot0.sqrtPriceX96, pool.coverIsToken0), 1e-12, `price of ${what}`);
        }
        const cover = pool.side === "Claim" ? pool.series.claim : pool.series.noclaim;
        expect(BigInt(indexed.coverReserve), what).to.equal(await cover.balanceOf(pool.address, { blockTag: block }));
        expect(BigInt(indexed.collateralReserve), what).to.equal(await pool.series.collateral.balanceOf(pool.address, { blockTag: block }));
      }
    }
  });

  it("gives each series the chain's supplies, status, payout, claim flag and the risk of its canonical pools at the block's time", async function () {
    for (const block of checkpoints) {
      const time = await blockTime(block);
      const live = await poolsAt(block);
      const data = await at(block, `{ series_collection(first: 100, $BLOCK) { id expiry status state recorded payout claimSupply noclaimSupply openInterest
        claimToken { totalSupply } noclaimToken { totalSupply } claimPool { id } noclaimPool { id } claimPrice noclaimPrice
        impliedProbability annualisedRate rateUpdatedAt claimOpen openClaimCount protocol { id } } }`);
      const known: DirectSeries[] = [];
      for (const s of series) if ((await provider.getCode(await s.claim.getAddress(), block)) !== "0x") known.push(s);
      expect(data.series_collection.map((s: any) => s.id).sort()).to.deep.equal(known.map((s) => s.id).sort());
      for (const s of known) {
        const indexed = data.series_collection.find((x: any) => x.id === s.id);
        const what = `series ${s.id.slice(0, 10)} at ${block}`;
        const claimSupply: bigint = await s.claim.totalSupply({ blockTag: block });
        const noclaimSupply: bigint = await s.noclaim.totalSupply({ blockTag: block });
        expect(BigInt(indexed.claimSupply), what).to.equal(claimSupply);
        expect(BigInt(indexed.noclaimSupply), what).to.equal(noclaimSupply);
        expect(BigInt(indexed.openInterest), what).to.equal(claimSupply);
        expect(BigInt(indexed.claimToken.totalSupply), what).to.equal(claimSupply);
        expect(BigInt(indexed.noclaimToken.totalSupply), what).to.equal(noclaimSupply);

        const status = await m.market.seriesStatus(s.id, { blockTag: block });
        const state = nameOf(SettlementState, status.state);
        expect(indexed.state, what).to.equal(state);
        expect(indexed.status, what).to.equal(state !== "Open" ? state : time >= s.expiry ? "Expired" : "Live");
        expect(BigInt(indexed.payout), what).to.equal(status.payout);
        expect(indexed.recorded, what).to.equal(status.recorded);
        const settled = state !== "Open";

        // Claim awareness: an open claim that could apply to it, while it is unsettled.
        const open = settled ? 0 : await openClaimsAt(s, BigInt(indexed.protocol.id), block);
        expect(indexed.openClaimCount, `open claims of ${what}`).to.equal(open);
        expect(indexed.claimOpen, `claim open on ${what}`).to.equal(open > 0);

        // The price of each side comes from its canonical pool (the canonical fee tier), whatever other pools say,
        // and only once that pool's price is known.
        const prices: Record<string, number> = {};
        for (const side of ["Claim", "Noclaim"] as const) {
          const canonical = live.find((p) => p.series === s && p.side === side && p.fee === CANONICAL_FEE);
          const field = side === "Claim" ? "claim" : "noclaim";
          if (settled) {
            // Settled: CLAIM is priced at the payout and NOCLAIM at one minus it, as the lens reports it.
            const payout = state === "ByTime" ? 0 : Number(status.payout) / 1e18;
            close(indexed[`${field}Price`], side === "Claim" ? payout : 1 - payout, 1e-15, `settled ${side} price of ${what}`);
            continue;
          }
          if (!canonical || !(await stateKnownAt(canonical, block))) {
            expect(indexed[`${field}Price`], `${side} price of ${what}`).to.equal(null);
            if (!canonical) expect(indexed[`${field}Pool`], what).to.equal(null);
            continue;
          }
          expect(indexed[`${field}Pool`].id, `${side} source of ${what}`).to.equal(canonical.address.toLowerCase());
          const slot0 = await canonical.contract.slot0({ blockTag: block });
          prices[side] = coverPriceOf(slot0.sqrtPriceX96, canonical.coverIsToken0);
          close(indexed[`${field}Price`], prices[side], 1e-12, `${side} price of ${what}`);
        }
        if (settled) {
          // Settled: the probability is the payout (0 by time), and there is no rate.
          close(indexed.impliedProbability, state === "ByTime" ? 0 : Number(status.payout) / 1e18, 1e-15, `probability of settled ${what}`);
          expect(indexed.annualisedRate, `rate of settled ${what}`).to.equal(null);
          continue;
        }
        if (prices.Claim === undefined && prices.Noclaim === undefined) {
          expect(indexed.impliedProbability, what).to.equal(null);
          expect(indexed.annualisedRate, what).to.equal(null);
          continue;
        }
        const p = prices.Claim === undefined ? 1 - prices.Noclaim : prices.Noclaim === undefined ? prices.Claim : prices.Claim / (prices.Claim + prices.Noclaim);
        close(indexed.impliedProbability, p, 1e-12, `implied probability of ${what}`);
        // The rate at the block's time: computed at rateUpdatedAt, which is at most an hour old (and past expiry once expired).
        const rateAt = BigInt(indexed.rateUpdatedAt);
        expect(rateAt <= time && time - rateAt <= 3600n, `rate of ${what} computed at ${rateAt}, block time ${time}`).to.equal(true);
        if (time >= s.expiry) expect(rateAt >= s.expiry, `rate of ${what} refreshed at expiry`).to.equal(true);
        const years = Math.max(Number(s.expiry - rateAt), 3600) / YEAR;
        close(indexed.annualisedRate, -Math.log1p(-Math.min(p, 1 - 1e-12)) / years, 1e-9, `annualised rate of ${what}`);
      }
    }
  });

  it("follows E's pools, created before E, from E's creation on: price unknown until their first swap, then the canonical pool's", async function () {
    const [claimPool, noclaimPool] = early;
    const query = (block: number) => at(block, `{ series(id: "${E.id}", $BLOCK) { claimPool { id } noclaimPool { id } claimPrice noclaimPrice impliedProbability annualisedRate claimPoolCount noclaimPoolCount }
      c: pool(id: "${claimPool.address.toLowerCase()}", $BLOCK) { stateKnown price canonical } n: pool(id: "${noclaimPool.address.toLowerCase()}", $BLOCK) { stateKnown price canonical } }`);
    // Before E: both pools existed, initialised (by dave), and no series.
    const created = (await m.uniswap.factory.queryFilter(m.uniswap.factory.filters.PoolCreated(), 0, at_.trading))
      .filter((l: any) => early.some((p) => p.address.toLowerCase() === l.args.pool.toLowerCase()));
    expect(created).to.have.length(2);
    for (const l of created) expect(await createdBlock(E)).to.be.greaterThan(l.blockNumber);
    expect((await at(at_.trading, `{ pools(first: 100, $BLOCK) { id } }`)).pools.map((p: any) => p.id)).to.not.include.members(early.map((p) => p.address.toLowerCase()));
    const before = await query(at_.eUnknown);
    expect(before.series).to.deep.include({ claimPool: { id: claimPool.address.toLowerCase() }, noclaimPool: null, claimPrice: null, noclaimPrice: null, impliedProbability: null, annualisedRate: null, claimPoolCount: 1, noclaimPoolCount: 1 });
    expect(before.c).to.deep.equal({ stateKnown: false, price: null, canonical: true });
    expect(before.n).to.deep.equal({ stateKnown: false, price: null, canonical: false });
    // After its first swap: the canonical CLAIM pool's price; the NOCLAIM pool (another tier) never sets one.
    const after = await query(at_.claimOpen);
    const slot0 = await claimPool.contract.slot0({ blockTag: at_.claimOpen });
    close(after.series.claimPrice, coverPriceOf(slot0.sqrtPriceX96, claimPool.coverIsToken0), 1e-12, "E's CLAIM price");
    expect(after.series.noclaimPrice).to.equal(null);
    close(after.series.impliedProbability, Number(after.series.claimPrice), 1e-12, "E's probability from CLAIM alone");
    expect(after.c.stateKnown).to.equal(true);
    expect(after.n).to.deep.equal({ stateKnown: false, price: null, canonical: false });
  });

  it("keeps A's price at its canonical pool's although a narrow pool at another tier is deeper in range", async function () {
    const aClaim = pools.find((p) => p.series === series[0] && p.side === "Claim" && p.fee === CANONICAL_FEE)!;
    for (const block of checkpoints) {
      if (block > at_.claimOpen) break; // A settles by the incident after this
      const [narrowLiquidity, canonicalLiquidity] = [await narrow.contract.liquidity({ blockTag: block }), await aClaim.contract.liquidity({ blockTag: block })];
      expect(narrowLiquidity > canonicalLiquidity, "the narrow pool is the deeper one in range").to.equal(true);
      const data = await at(block, `{ series(id: "${series[0].id}", $BLOCK) { claimPool { id } claimPrice } pool(id: "${narrow.address.toLowerCase()}", $BLOCK) { price liquidity canonical } }`);
      expect(data.series.claimPool.id).to.equal(aClaim.address.toLowerCase());
      const [canonical, other] = [await aClaim.contract.slot0({ blockTag: block }), await narrow.contract.slot0({ blockTag: block })];
      close(data.series.claimPrice, coverPriceOf(canonical.sqrtPriceX96, aClaim.coverIsToken0), 1e-12, "A's CLAIM price");
      close(data.pool.price, coverPriceOf(other.sqrtPriceX96, narrow.coverIsToken0), 1e-12, "the narrow pool's own price");
      expect(Math.abs(Number(data.pool.price) - Number(data.series.claimPrice))).to.be.greaterThan(0.1);
      expect(data.pool.liquidity).to.equal(String(narrowLiquidity));
      expect(data.pool.canonical).to.equal(false);
    }
  });

  it("moves E by time alone: Expired past its expiry, settled by time past expiry + W + D, with no event in either block", async function () {
    for (const block of [at_.pastExpiry, at_.pastFinal]) {
      const logs = await provider.send("eth_getLogs", [{ fromBlock: "0x" + block.toString(16), toBlock: "0x" + block.toString(16) }]);
      expect(logs, `block ${block} has no event`).to.deep.equal([]);
    }
    const query = (block: number) => at(block, `{ series(id: "${E.id}", $BLOCK) { status state recorded impliedProbability annualisedRate rateUpdatedAt settledAt candlesUntil }
      candles(first: 1, orderBy: periodStart, orderDirection: desc, where: { series: "${E.id}", interval: Hour }, $BLOCK) { periodStart probabilityClose } }`);
    const expired = await query(at_.pastExpiry);
    const expiredTime = await blockTime(at_.pastExpiry);
    expect(expired.series).to.deep.include({ status: "Expired", state: "Open", recorded: false, settledAt: null });
    expect(BigInt(expired.series.rateUpdatedAt) >= E.expiry).to.equal(true);
    // Candles reach the block being indexed.
    expect(BigInt(expired.candles[0].periodStart)).to.equal((expiredTime / 3600n) * 3600n);
    expect(expired.candles[0].probabilityClose).to.equal(expired.series.impliedProbability);

    const final = await query(at_.pastFinal);
    const finalTime = await blockTime(at_.pastFinal);
    expect(final.series).to.deep.include({ status: "ByTime", state: "ByTime", recorded: false, annualisedRate: null });
    expect(Number(final.series.impliedProbability)).to.equal(0);
    expect(BigInt(final.series.settledAt)).to.equal(finalTime);
    // Its candles close at the payout (0) in the settlement's bucket, and stop there.
    expect(BigInt(final.candles[0].periodStart)).to.equal((finalTime / 3600n) * 3600n);
    expect(Number(final.candles[0].probabilityClose)).to.equal(0);
    const later = await query(at_.end);
    expect(later.candles[0]).to.deep.equal(final.candles[0]);
  });

  it("holds every account's position equal to its token balances, and collateral locked equal to the market's", async function () {
    for (const block of checkpoints) {
      const data = await at(block, `{ positions(first: 1000, $BLOCK) { account series { id } claimBalance noclaimBalance }
        collaterals($BLOCK) { id collateralLocked } }`);
      const positions = new Map<string, any>(data.positions.map((p: any) => [`${p.series.id}/${p.account}`, p]));
      const addresses: string[] = [
        ...(await Promise.all([...users, m.uniswap.positionManager, m.uniswap.swapRouter, m.market].map((a: any) => a.getAddress()))),
        ...pools.map((p) => p.address),
      ];
      for (const s of series) {
        if ((await provider.getCode(await s.claim.getAddress(), block)) === "0x") continue;
        for (const address of addresses) {
          const claim: bigint = await s.claim.balanceOf(address, { blockTag: block });
          const noclaim: bigint = await s.noclaim.balanceOf(address, { blockTag: block });
          const indexed = positions.get(`${s.id}/${address.toLowerCase()}`);
          expect(BigInt(indexed?.claimBalance ?? 0), `CLAIM of ${address} at ${block}`).to.equal(claim);
          expect(BigInt(indexed?.noclaimBalance ?? 0), `NOCLAIM of ${address} at ${block}`).to.equal(noclaim);
        }
      }
      // No position the chain does not have either.
      for (const p of data.positions) {
        const s = series.find((x) => x.id === p.series.id)!;
        expect(BigInt(p.claimBalance)).to.equal(await s.claim.balanceOf(p.account, { blockTag: block }));
        expect(BigInt(p.noclaimBalance)).to.equal(await s.noclaim.balanceOf(p.account, { blockTag: block }));
      }
      for (const c of data.collaterals) {
        const token = c.id === (await m.usdc.getAddress()).toLowerCase() ? m.usdc : m.dai;
        expect(BigInt(c.collateralLocked), `locked ${c.id} at ${block}`).to.equal(await token.balanceOf(await m.market.getAddress(), { blockTag: block }));
      }
    }
  });

  it("counts mints, merges, redemptions, claims, incidents and swaps as the chain's logs", async function () {
    for (const block of checkpoints) {
      const start = m.config.market.startBlock;
      const logs = async (name: keyof typeof m.market.filters) => (await m.market.queryFilter(m.market.filters[name], start, block)).length;
      let swaps = 0;
      for (const p of await poolsAt(block)) swaps += (await p.contract.queryFilter(p.contract.filters.Swap(), start, block)).length;
      const data = await at(block, `{ market(id: "1", $BLOCK) { seriesCount poolCount mintCount mergeCount redemptionCount claimCount incidentCount }
        series_collection($BLOCK) { swapCount } }`);
      expect(data.series_collection.reduce((n: number, s: any) => n + s.swapCount, 0), `swaps at ${block}`).to.equal(swaps);
      expect(data.market, `totals at ${block}`).to.deep.equal({
        seriesCount: await logs("SeriesCreated"),
        poolCount: (await poolsAt(block)).length,
        mintCount: await logs("Minted"),
        mergeCount: await logs("Merged"),
        redemptionCount: await logs("Redeemed"),
        claimCount: await logs("ClaimFiled"),
        incidentCount: await logs("IncidentReported"),
      });
    }
  });

  it("settles A and B by the incident and C by time alone, as the chain does", async function () {
    const [A, B, C] = series;
    const final = at_.end;
    const data = await at(final, `{ a: series(id: "${A.id}", $BLOCK) { status payout incident { id } } b: series(id: "${B.id}", $BLOCK) { status payout }
      c: series(id: "${C.id}", $BLOCK) { status recorded settledAt finalByTimeAt claimWindowEnd } }`);
    expect(data.a).to.deep.equal({ status: "ByIncident", payout: String(WAD / 2n), incident: { id: `${m.protocolId}#0` } });
    expect(data.b).to.deep.equal({ status: "ByIncident", payout: String(WAD / 2n) });
    const d = await at(final, `{ series(id: "${series[4].id}", $BLOCK) { status payout incident { claim { resolution } } } }`);
    expect(d.series).to.deep.equal({ status: "ByIncident", payout: String((3n * WAD) / 10n), incident: { claim: { resolution: "Accepted" } } });
    expect(data.c.status).to.equal("ByTime");
    expect(data.c.recorded).to.equal(true);
    expect(BigInt(data.c.claimWindowEnd)).to.equal(C.expiry + LOCAL_CLAIM_WINDOW);
    expect(BigInt(data.c.finalByTimeAt)).to.equal(C.expiry + LOCAL_CLAIM_WINDOW + DECISION_PERIOD);
    // C settled in the first block past expiry + W (the block handler's doing), before its redemption recorded it.
    const settledAt = BigInt(data.c.settledAt);
    expect(settledAt >= C.expiry + LOCAL_CLAIM_WINDOW).to.equal(true);
    expect(settledAt < (await blockTime(final))).to.equal(true);
  });

  it("follows the committee resolver: committees, claimants, fees, votes and resolutions as the chain has them", async function () {
    const block = at_.end;
    const data = await at(block, `{ claims(first: 100, $BLOCK) { id status claimant fee requestedPayout acceptVotes denyVotes resolution committee { id }
      votes { voter accept payout } } protocol(id: "${committeeProtocolId}", $BLOCK) { resolver committee { id members threshold }
      claimFeeToken claimBaseFee claimFeeCap deniedFeeReceiver } }`);
    const [members, threshold] = await committee.committee(committeeProtocolId, 1, { blockTag: block });
    const config = await committee.protocolConfig(committeeProtocolId, { blockTag: block });
    expect(data.protocol).to.deep.equal({
      resolver: (await committee.getAddress()).toLowerCase(),
      committee: { id: `${committeeProtocolId}#1`, members: members.map((a: string) => a.toLowerCase()), threshold: Number(threshold) },
      claimFeeToken: config.feeToken.toLowerCase(),
      claimBaseFee: String(config.baseFee),
      claimFeeCap: String(config.feeCap),
      deniedFeeReceiver: config.deniedFeeReceiver.toLowerCase(),
    });
    const filed = await committee.queryFilter(committee.filters.ClaimFiled(), 0, block);
    const voted = await committee.queryFilter(committee.filters.ClaimVoted(), 0, block);
    expect(filed).to.have.length(2);
    const RESOLUTION = [null, null, "Accepted", "Denied", "Expired", null, "CapReached"];
    for (const log of filed as any[]) {
      const id = log.args.claimId;
      const record = await committee.claim(id, { blockTag: block });
      const indexed = data.claims.find((c: any) => c.id === String(id));
      expect(indexed, `claim ${id}`).to.deep.include({
        status: nameOf(MarketClaimStatus, (await m.market.claim(id, { blockTag: block })).status),
        claimant: record.claimant.toLowerCase(),
        fee: String(record.fee),
        requestedPayout: String(record.requestedPayout),
        acceptVotes: Number(record.accepts),
        denyVotes: Number(record.denials),
        resolution: RESOLUTION[Number(record.status)],
        committee: { id: `${committeeProtocolId}#${record.epoch}` },
      });
      const chainVotes = (voted as any[]).filter((v) => v.args.claimId === id)
        .map((v) => ({ voter: v.args.voter.toLowerCase(), accept: v.args.accepted, payout: String(v.args.payout) }));
      expect(new Set(indexed.votes.map((v: any) => JSON.stringify(v)))).to.deep.equal(new Set(chainVotes.map((v) => JSON.stringify(v))));
    }
    // The test resolver's claim has no committee data.
    expect(data.claims.find((c: any) => c.id === "1")).to.deep.include({ claimant: null, resolution: null, votes: [] });
  });

  it("answers the analysts' three queries of subgraph/README.md", async function () {
    const readme = readFileSync(path.join(SUBGRAPH_DIR, "README.md"), "utf8");
    const queries = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
    expect(queries).to.have.length(3);
    // After the committee's claim A and B are settled by the incident and E and C (USDC) are the live expiries of the
    // test protocol; the committee protocol's one series is settled by its claim.
    const block = at_.committee;
    const atBlock = (query: string) => query.replace(/^(  \w+\()/m, `$1block: { number: ${block} }, `);
    const [A, , C] = series;
    const usdc = (await m.usdc.getAddress()).toLowerCase();
    const [riskNow, candles, termStructure] = await Promise.all([
      gnd!.query(atBlock(queries[0])),
      gnd!.query(atBlock(queries[1]), { series: A.id }),
      gnd!.query(atBlock(queries[2]), { protocol: String(m.protocolId), collateral: usdc }),
    ]);
    expect(riskNow.protocols.map((p: any) => p.ticker)).to.deep.equal(["CLEND", "TLEND"]);
    const [committeeRisk, testRisk] = riskNow.protocols;
    expect(committeeRisk.series).to.deep.equal([]);
    expect(testRisk.series.map((s: any) => s.expiry)).to.deep.equal([String(E.expiry), String(C.expiry)]);
    for (const s of testRisk.series) expect(Number(s.impliedProbability)).to.be.within(0.01, 0.1);
    expect(candles.candles.length).to.be.greaterThan(3);
    expect(termStructure.protocol.series.map((s: any) => s.impliedProbability)).to.deep.equal(testRisk.series.map((s: any) => s.impliedProbability));
  });

  it("keeps hourly and daily candles without gaps from the first trade to the indexed block (to the settlement once settled)", async function () {
    const data = await gnd!.query(`{ _meta { block { number } } series_collection(first: 100) { id volume firstTradeAt candlesUntil impliedProbability claimPrice status payout settledAt } }`);
    const indexedTime = Number(await blockTime(data._meta.block.number));
    for (const s of data.series_collection) {
      if (s.firstTradeAt === null) continue;
      const settled = s.status === "ByIncident" || s.status === "ByTime";
      // Live or expired: candles reach the hour of the block being indexed; settled: they stop at the settlement.
      if (settled) expect(s.candlesUntil, `candles of settled ${s.id}`).to.equal(s.settledAt);
      else expect(Math.floor(Number(s.candlesUntil) / 3600), `candles of ${s.id}`).to.equal(Math.floor(indexedTime / 3600));
      for (const [interval, length] of [["Hour", 3600], ["Day", 86400]] as const) {
        const candles: any[] = [];
        for (let skip = 0; ; skip += 1000) {
          const page = await gnd!.query(`{ candles(first: 1000, skip: ${skip}, orderBy: periodStart, where: { series: "${s.id}", interval: ${interval} }) {
            periodStart probabilityOpen probabilityHigh probabilityLow probabilityClose claimPriceOpen claimPriceClose volume } }`);
          candles.push(...page.candles);
          if (page.candles.length < 1000) break;
        }
        const first = Math.floor(Number(s.firstTradeAt) / length);
        const last = Math.floor(Number(s.candlesUntil) / length);
        expect(candles.length, `${interval} candles of ${s.id}`).to.equal(last - first + 1);
        let volume = 0n;
        candles.forEach((c, i) => {
          expect(Number(c.periodStart)).to.equal((first + i) * length);
          if (i > 0) {
            expect(c.probabilityOpen).to.equal(candles[i - 1].probabilityClose);
            expect(c.claimPriceOpen).to.equal(candles[i - 1].claimPriceClose);
          }
          expect(Number(c.probabilityLow) <= Number(c.probabilityClose) && Number(c.probabilityClose) <= Number(c.probabilityHigh)).to.equal(true);
          volume += BigInt(c.volume);
        });
        expect(candles[candles.length - 1].probabilityClose).to.equal(s.impliedProbability);
        // A settled series' CLAIM closes at its payout (0 by time), not at the pool's last price.
        const payout = s.status === "ByTime" ? 0 : Number(s.payout) / 1e18;
        if (settled) expect(Number(candles[candles.length - 1].claimPriceClose), `CLAIM close of settled ${s.id}`).to.equal(payout);
        else expect(candles[candles.length - 1].claimPriceClose).to.equal(s.claimPrice);
        if (!settled) expect(volume).to.equal(BigInt(s.volume));
        else {
          // Candles stop at the settlement: they hold the volume of the swaps up to it (trading may go on after).
          const swaps = (await gnd!.query(`{ swaps(first: 1000, where: { series: "${s.id}", timestamp_lte: "${s.settledAt}" }) { amountCollateral } }`)).swaps;
          expect(volume, `candle volume of settled ${s.id}`).to.equal(swaps.reduce((sum: bigint, x: any) => sum + (BigInt(x.amountCollateral) < 0n ? -BigInt(x.amountCollateral) : BigInt(x.amountCollateral)), 0n));
        }
      }
    }
  });
});
