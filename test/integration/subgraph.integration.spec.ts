/**
 * The subgraph on graph-node itself: a local chain (hardhat node) with the market and real Uniswap v3, a scripted
 * market (series, pools at a price, liquidity added and removed, swaps both ways in both token orders, merges, a
 * claim and its incident, redemptions, time past expiry + W), `gnd dev` indexing it over Postgres, and every
 * indexed price, supply, balance and status compared with what the chain says at three checkpoints, read
 * independently with ethers (slot0, liquidity, totalSupply, balanceOf, seriesStatus, logs).
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
import { coverPriceOf } from "../../scripts/lib/market/pricing.js";
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
  /** Blocks at which the subgraph and the chain are compared. */
  const checkpoints: number[] = [];
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
    checkpoints.push(await provider.getBlockNumber());

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
    checkpoints.push(await provider.getBlockNumber());

    // Past C's expiry + W with no claim open: C settles by time at the next block, with no event.
    await increaseTime(provider, C.expiry + LOCAL_CLAIM_WINDOW + 60n - (await now(provider)));
    await increaseTime(provider, 60n);
    await send(m.market.connect(alice).redeem(C.id, 0n, usdc("1000"), await alice.getAddress()));
    checkpoints.push(await provider.getBlockNumber());
  }

  /** Runs a GraphQL query at a block. */
  const at = (block: number, query: string) => gnd!.query(query.replaceAll("$BLOCK", `block: { number: ${block} }`));
  const blockTime = async (block: number) => BigInt((await provider.getBlock(block))!.timestamp);
  const poolsAt = async (block: number) => {
    const live: DirectPool[] = [];
    for (const p of pools) if ((await provider.getCode(p.address, block)) !== "0x") live.push(p);
    return live;
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
      const data = await at(block, `{ pools(first: 100, $BLOCK) { id side coverIsToken0 coverToken { id } collateral { id } series { id } fee sqrtPriceX96 tick liquidity price coverReserve collateralReserve } }`);
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
        expect(BigInt(indexed.sqrtPriceX96), what).to.equal(slot0.sqrtPriceX96);
        expect(BigInt(indexed.tick), what).to.equal(slot0.tick);
        expect(BigInt(indexed.liquidity), what).to.equal(await pool.contract.liquidity({ blockTag: block }));
        close(indexed.price, coverPriceOf(slot0.sqrtPriceX96, pool.coverIsToken0), 1e-12, `price of ${what}`);
        const cover = pool.side === "Claim" ? pool.series.claim : pool.series.noclaim;
        expect(BigInt(indexed.coverReserve), what).to.equal(await cover.balanceOf(pool.address, { blockTag: block }));
        expect(BigInt(indexed.collateralReserve), what).to.equal(await pool.series.collateral.balanceOf(pool.address, { blockTag: block }));
      }
    }
  });

  it("gives each series the chain's supplies, status, payout and the risk of its canonical pools", async function () {
    for (const block of checkpoints) {
      const time = await blockTime(block);
      const live = await poolsAt(block);
      const data = await at(block, `{ series_collection(first: 100, $BLOCK) { id expiry status state recorded payout claimSupply noclaimSupply openInterest
        claimToken { totalSupply } noclaimToken { totalSupply } claimPool { id } noclaimPool { id } claimPrice noclaimPrice
        impliedProbability annualisedRate rateUpdatedAt } }`);
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

        // The price of each side comes from its canonical pool (config/uniswap.json's fee tier), whatever the others.
        const prices: Record<string, number> = {};
        for (const side of ["Claim", "Noclaim"] as const) {
          const canonical: DirectPool | undefined = live.find((p) => p.series === s && p.side === side && p.fee === canonicalFee());
          const field = side === "Claim" ? "claim" : "noclaim";
          if (state !== "Open") {
            // Settled: CLAIM is priced at the payout and NOCLAIM at one minus it, as the lens reports it.
            const payout = Number(status.payout) / 1e18;
            close(indexed[`${field}Price`], side === "Claim" ? payout : 1 - payout, 1e-15, `settled ${side} price of ${what}`);
            continue;
          }
          if (!canonical) {
            expect(indexed[`${field}Price`], what).to.equal(null);
            continue;
          }
          expect(indexed[`${field}Pool`].id, `${side} source of ${what}`).to.equal(canonical.address.toLowerCase());
          const slot0 = await canonical.contract.slot0({ blockTag: block });
          prices[side] = coverPriceOf(slot0.sqrtPriceX96, canonical.coverIsToken0);
          close(indexed[`${field}Price`], prices[side], 1e-12, `${side} price of ${what}`);
        }
        // A settled series' probability is its payout, with no rate.
        if (state !== "Open") {
          close(indexed.impliedProbability, Number(status.payout) / 1e18, 1e-15, `settled probability of ${what}`);
          expect(indexed.annualisedRate, what).to.equal(null);
          continue;
        }
        if (prices.Claim === undefined && prices.Noclaim === undefined) {
          expect(indexed.impliedProbability, what).to.equal(null);
          continue;
        }
        const p = prices.Claim === undefined ? 1 - prices.Noclaim : prices.Noclaim === undefined ? prices.Claim : prices.Claim / (prices.Claim + prices.Noclaim);
        close(indexed.impliedProbability, p, 1e-12, `implied probability of ${what}`);
        const years = Math.max(Number(s.expiry - BigInt(indexed.rateUpdatedAt)), 3600) / YEAR;
        close(indexed.annualisedRate, -Math.log1p(-Math.min(p, 1 - 1e-12)) / years, 1e-9, `annualised rate of ${what}`);
      }
    }
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
    const final = checkpoints[2];
    const data = await at(final, `{ a: series(id: "${A.id}", $BLOCK) { status payout incident { id } } b: series(id: "${B.id}", $BLOCK) { status payout }
      c: series(id: "${C.id}", $BLOCK) { status recorded settledAt finalByTimeAt claimWindowEnd } }`);
    expect(data.a).to.deep.equal({ status: "ByIncident", payout: String(WAD / 2n), incident: { id: `${m.protocolId}#0` } });
    expect(data.b).to.deep.equal({ status: "ByIncident", payout: String(WAD / 2n) });
    const d = await at(final, `{ series(id: "${series[3].id}", $BLOCK) { status payout incident { claim { resolution } } } }`);
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
    const block = checkpoints[2];
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
    // At the second checkpoint A and B are settled by the incident and C (USDC) is the one live expiry of the test
    // protocol; the committee protocol's one series is settled by its claim.
    const block = checkpoints[1];
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
    expect(testRisk.series.map((s: any) => s.expiry)).to.deep.equal([String(C.expiry)]);
    expect(Number(testRisk.series[0].impliedProbability)).to.be.within(0.01, 0.1);
    expect(candles.candles.length).to.be.greaterThan(3);
    expect(termStructure.protocol.series).to.have.length(1);
    expect(termStructure.protocol.series[0].impliedProbability).to.equal(testRisk.series[0].impliedProbability);
  });

  it("keeps hourly and daily candles without gaps from the first trade to the indexed block, closing a settled series' at its payout", async function () {
    const data = await gnd!.query(`{ series_collection(first: 100) { id state volume firstTradeAt candlesUntil settledAt impliedProbability claimPrice } }`);
    for (const s of data.series_collection) {
      if (s.firstTradeAt === null) continue;
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
        if (s.state === "Open") {
          expect(candles[candles.length - 1].claimPriceClose).to.equal(s.claimPrice);
          expect(volume).to.equal(BigInt(s.volume));
        } else {
          // Settled: the candles closed at the payout (probability and CLAIM price alike) when it settled, and stopped.
          expect(s.candlesUntil).to.equal(s.settledAt);
          expect(candles[candles.length - 1].claimPriceClose).to.equal(s.impliedProbability);
          expect(volume <= BigInt(s.volume)).to.equal(true);
        }
      }
    }
  });
});
