/**
 * Integration (core and AMM): two month-end series through real Uniswap v3 pools, the cover router and the quoter
 * and risk oracle, from pool creation to redemption, in the in-process Hardhat network. Unlike lifecycle.spec.ts
 * (the core alone), trades go through pools; unlike subgraph.integration.spec.ts and demo.spec.ts, nothing is
 * indexed and no node or graph-node runs.
 */
import { expect } from "chai";
import { ethers, networkHelpers } from "../shared/connection.js";
import { marketFixture, seriesHandle, CLAIM_WINDOW, MAX_UINT } from "../shared/marketFixture.js";
import { deadline, PriceStatus, Route, Side, Unwind, seedLiquidity } from "../shared/ammFixture.js";
import { Balances, expectEmpty } from "../shared/balances.js";
import { deployPeriphery } from "../../scripts/lib/deploy/stack.js";
import { deployUniswap } from "../../scripts/lib/deploy/uniswap.js";
import { monthEndExpiries } from "../../scripts/lib/market/calendar.js";
import { redemptionValue, toWad } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;
const UNIT = 10n ** 6n;

/**
 * A whole life of two month-end series in Uniswap pools: pools created at a starting risk and seeded, a hedger
 * and an underwriter trading through the router by the routes the quoter recommends, a TWAP forming, both rolling
 * to the next month before expiry, the first series settling by time and the second by an incident, the LP
 * leaving both with liquidity removed and redeemed in one step, everyone redeeming, the router empty throughout.
 */
async function lifecycleFixture() {
  const base = await marketFixture();
  const { market, protocolId, usdc, users, deployer } = base;
  const uniswap = await deployUniswap(deployer);
  const amm = { ...(await deployPeriphery(deployer, await market.getAddress(), uniswap)), uniswap };
  const now = BigInt(await time.latest());
  // The tools' default: month-end expiries, the first at least four weeks out.
  const [first, second] = monthEndExpiries(now).filter((e) => e > now + 28n * 24n * 3600n);
  const collateral = await usdc.getAddress();
  await market.createSeries(protocolId, collateral, first);
  await market.createSeries(protocolId, collateral, second);
  const a = await seriesHandle(market, protocolId, collateral, first);
  const b = await seriesHandle(market, protocolId, collateral, second);
  const [lp, hedger, underwriter] = users;
  const router = await amm.router.getAddress();
  for (const u of [lp, hedger, underwriter]) {
    for (const t of [usdc, a.claim, a.noclaim, b.claim, b.noclaim]) await t.connect(u).approve(router, MAX_UINT);
  }
  return { ...base, ...amm, a, b, lp, hedger, underwriter, tokens: [usdc, a.claim, a.noclaim, b.claim, b.noclaim] };
}

describe("AMM lifecycle", function () {
  it("runs two series from pool creation to redemption through the router", async function () {
    const f = await loadFixture(lifecycleFixture);
    const { market, pools, router, quoter, riskOracle, usdc, a, b, lp, hedger, underwriter, resolver, resolverController, tokens, tickSpacing, uniswap } = f;
    const routerEmpty = () => expectEmpty(router, tokens);

    // 1. Pools at 4% and 6%, observation buffers grown, liquidity from one LP.
    await pools.createPools(a.id, toWad("0.04"), 0n);
    await pools.createPools(b.id, toWad("0.06"), 0n);
    await pools.increaseObservationCardinality(a.id, 30);
    await pools.increaseObservationCardinality(b.id, 30);
    await seedLiquidity(router, a, toWad("0.04"), lp, 200_000n * UNIT, tickSpacing);
    await seedLiquidity(router, b, toWad("0.06"), lp, 200_000n * UNIT, tickSpacing);
    await routerEmpty();
    expect((await riskOracle.spotRisk(a.id)).risk).to.be.closeTo(toWad("0.04"), 10n);

    // 2. The hedger buys 5,000 CLAIM by the route the quoter finds cheaper.
    const cover = 5_000n * UNIT;
    const buyQuote = await quoter.quoteBuyCoverExactOut.staticCall(a.id, cover);
    const best = buyQuote.best === BigInt(Route.Pair) ? buyQuote.pair : buyQuote.direct;
    let bal = await Balances.of(tokens, [hedger]);
    await router.connect(hedger).buyCoverExactOut({
      seriesId: a.id, route: buyQuote.best, claimAmount: cover, maxCollateralIn: best.amountIn, recipient: hedger.address, deadline: await deadline(),
    });
    await bal.expectDelta(usdc, hedger, -best.amountIn);
    await bal.expectDelta(a.claim, hedger, cover);
    await routerEmpty();

    // 3. The underwriter sells 20,000 of cover: mints, sells the CLAIM, keeps the NOCLAIM.
    const written = 20_000n * UNIT;
    const uw = await quoter.quoteUnderwrite.staticCall(a.id, written);
    bal = await Balances.of(tokens, [underwriter]);
    await router.connect(underwriter).underwrite({
      seriesId: a.id, amount: written, minPremium: written - uw.amountIn, recipient: underwriter.address, deadline: await deadline(),
    });
    await bal.expectDelta(usdc, underwriter, -uw.amountIn);
    await bal.expectDelta(a.noclaim, underwriter, written);
    await routerEmpty();

    // 4. A NOCLAIM trade too (the pair route), then the TWAP forms over the window and agrees with spot.
    await router.connect(hedger).buyCoverExactOut({
      seriesId: a.id, route: Route.Pair, claimAmount: 1_000n * UNIT, maxCollateralIn: MAX_UINT, recipient: hedger.address, deadline: await deadline(),
    });
    await router.connect(hedger).buyCoverExactOut({
      seriesId: b.id, route: Route.Pair, claimAmount: 1_000n * UNIT, maxCollateralIn: MAX_UINT, recipient: hedger.address, deadline: await deadline(),
    });
    await router.connect(hedger).buyCoverExactOut({
      seriesId: b.id, route: Route.Direct, claimAmount: 1_000n * UNIT, maxCollateralIn: MAX_UINT, recipient: hedger.address, deadline: await deadline(),
    });
    await time.increase(3600);
    for (const s of [a, b]) {
      const twap = await riskOracle.twapRisk(s.id);
      expect(twap.status).to.equal(PriceStatus.Ok);
      expect(twap.risk).to.be.closeTo((await riskOracle.spotRisk(s.id)).risk, toWad("0.0001"));
    }
    const risks = await riskOracle.seriesReports([a.id, b.id]);
    expect(risks[1].twap.risk).to.be.greaterThan(risks[0].twap.risk); // the later expiry covers more time

    // 5. A week before the first expiry, both roll to the next month.
    await time.increaseTo(a.expiry - 7n * 24n * 3600n);
    const hedged = await a.claim.balanceOf(hedger.address);
    const rollClaim = await quoter.quoteRoll.staticCall(a.id, b.id, Side.Claim, hedged, Route.Direct, Route.Direct);
    bal = await Balances.of(tokens, [hedger]);
    await router.connect(hedger).roll({
      fromSeriesId: a.id, toSeriesId: b.id, side: Side.Claim, amount: hedged, sellRoute: Route.Direct, buyRoute: Route.Direct,
      minNetCollateral: rollClaim.net, recipient: hedger.address, deadline: await deadline(),
    });
    await bal.expectDelta(a.claim, hedger, -hedged);
    await bal.expectDelta(b.claim, hedger, hedged);
    await bal.expectDelta(usdc, hedger, rollClaim.net);
    await routerEmpty();

    const half = written / 2n;
    const rollNoclaim = await quoter.quoteRoll.staticCall(a.id, b.id, Side.Noclaim, half, Route.Pair, Route.Pair);
    bal = await Balances.of(tokens, [underwriter]);
    await router.connect(underwriter).roll({
      fromSeriesId: a.id, toSeriesId: b.id, side: Side.Noclaim, amount: half, sellRoute: Route.Pair, buyRoute: Route.Pair,
      minNetCollateral: rollNoclaim.net, recipient: underwriter.address, deadline: await deadline(),
    });
    await bal.expectDelta(a.noclaim, underwriter, -half);
    await bal.expectDelta(b.noclaim, underwriter, half);
    await bal.expectDelta(usdc, underwriter, rollNoclaim.net);
    await routerEmpty();

    // 6. The first series expires without incident and settles by time once its claim window closes.
    await time.increaseTo(a.expiry + CLAIM_WINDOW);
    expect((await riskOracle.twapRisk(a.id)).status).to.equal(PriceStatus.Settled);
    expect((await riskOracle.twapRisk(a.id)).risk).to.equal(0n);

    // 7. An incident hits the second series: payout 0.5.
    const payout = toWad("0.5");
    await resolver.connect(resolverController).reportIncident(BigInt(await time.latest()) - 3600n, payout);
    expect((await riskOracle.seriesFlags(b.id)).incidentApplied).to.equal(true);
    expect((await riskOracle.seriesFlags(a.id)).incidentApplied).to.equal(false);
    expect((await riskOracle.twapRisk(b.id)).risk).to.equal(payout);

    // 8. The LP leaves all four pools: remove liquidity and redeem in one step.
    const pm = uniswap.positionManager;
    await (pm.connect(lp) as any).setApprovalForAll(router, true);
    for (const [s, tokenId, side, p] of [
      [a, 1n, Side.Claim, 0n],
      [a, 2n, Side.Noclaim, 0n],
      [b, 3n, Side.Claim, payout],
      [b, 4n, Side.Noclaim, payout],
    ] as const) {
      const liquidity = (await pm.positions(tokenId))[7];
      const [coverOut, collateralOut] = await quoter.quoteRemoveLiquidity(s.id, tokenId, liquidity);
      const redeemed = side === Side.Claim ? redemptionValue(coverOut, 0n, p) : redemptionValue(0n, coverOut, p);
      bal = await Balances.of(tokens, [lp]);
      await router.connect(lp).removeLiquidity({
        seriesId: s.id, tokenId, liquidity, coverMin: 0, collateralMin: 0, unwind: Unwind.Redeem, burn: true, recipient: lp.address, deadline: await deadline(),
      });
      await bal.expectDelta(usdc, lp, collateralOut + redeemed);
      await routerEmpty();
    }

    // 9. Everyone redeems what they hold; the market keeps only rounding remainders.
    for (const holder of [lp, hedger, underwriter]) {
      for (const [s, p] of [[a, 0n], [b, payout]] as const) {
        const c = await s.claim.balanceOf(holder.address);
        const n = await s.noclaim.balanceOf(holder.address);
        if (c + n === 0n) continue;
        bal = await Balances.of(tokens, [holder]);
        await market.connect(holder).redeem(s.id, c, n, holder.address);
        await bal.expectDelta(usdc, holder, redemptionValue(c, n, p));
      }
    }
    const outstanding = async (s: typeof a, p: bigint) =>
      redemptionValue(await s.claim.totalSupply(), await s.noclaim.totalSupply(), p);
    // What is still out (tokens left in the pools' dust) is fully backed.
    expect(await usdc.balanceOf(await market.getAddress())).to.be.greaterThanOrEqual(
      (await outstanding(a, 0n)) + (await outstanding(b, payout)),
    );
    await routerEmpty();
  });
});
