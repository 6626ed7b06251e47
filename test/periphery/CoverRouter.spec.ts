import { expect } from "chai";
import { ethers, networkHelpers } from "../shared/connection.js";
import { ammFixture, deadline, Route, Side, type AmmFixture } from "../shared/ammFixture.js";
import { Balances, expectEmpty } from "../shared/balances.js";
import { uniswapQuoter } from "../shared/quoter.js";
import { isToken0, rangeForPrices, sqrtPriceX96ForPrice } from "../../scripts/lib/market/pricing.js";

const { loadFixture } = networkHelpers;

/** The fixture's series, table-driven: a 6-decimal and an 18-decimal collateral. */
const SERIES = [
  { name: "USDC series (6 decimals)", pick: (f: AmmFixture) => ({ series: f.usdcSeries, collateral: f.usdc, unit: 10n ** 6n }) },
  { name: "DAI series (18 decimals)", pick: (f: AmmFixture) => ({ series: f.daiSeries, collateral: f.dai, unit: 10n ** 18n }) },
];

async function setup(pick: (typeof SERIES)[number]["pick"]) {
  const f = await loadFixture(ammFixture);
  const { series, collateral, unit } = pick(f);
  const reference = uniswapQuoter(f.uniswap.quoterV2);
  const [claimPool, noclaimPool] = await f.pools.poolsOf(series.id);
  const tokens = [collateral, series.claim, series.noclaim];
  const routerEmpty = () => expectEmpty(f.router, tokens);
  return { ...f, series, collateral, unit, reference, claimPool, noclaimPool, tokens, routerEmpty };
}

describe("CoverRouter: trading", function () {
  for (const { name, pick } of SERIES) {
    describe(name, function () {
      it("buys exact CLAIM directly in the CLAIM pool", async function () {
        const { router, quoter, series, collateral, unit, reference, alice, claimPool, market, tokens, routerEmpty } = await setup(pick);
        const amount = 1_000n * unit;
        const cost = await reference.exactOut(collateral, series.claim, amount);
        const quote = await quoter.quoteBuyCoverExactOut.staticCall(series.id, amount);
        expect(quote.direct.ok).to.equal(true);
        expect(quote.direct.amountIn).to.equal(cost);
        const b = await Balances.of(tokens, [alice, { getAddress: async () => claimPool }, market]);
        const params = { seriesId: series.id, route: Route.Direct, claimAmount: amount, maxCollateralIn: cost, recipient: alice.address, deadline: await deadline() };
        expect(await router.connect(alice).buyCoverExactOut.staticCall(params)).to.equal(cost);
        await expect(router.connect(alice).buyCoverExactOut(params))
          .to.emit(router, "CoverBought")
          .withArgs(series.id, alice.address, alice.address, Route.Direct, cost, amount);
        await b.expectDelta(collateral, alice, -cost);
        await b.expectDelta(series.claim, alice, amount);
        await b.expectDelta(series.noclaim, alice, 0n);
        await b.expectDelta(collateral, { getAddress: async () => claimPool }, cost);
        await b.expectDelta(series.claim, { getAddress: async () => claimPool }, -amount);
        await b.expectDelta(collateral, market, 0n);
        await routerEmpty();
      });

      it("buys exact CLAIM by minting pairs and selling the NOCLAIM, in one swap", async function () {
        const { router, quoter, series, collateral, unit, reference, alice, noclaimPool, market, tokens, routerEmpty } = await setup(pick);
        const amount = 1_000n * unit;
        const proceeds = await reference.exactIn(series.noclaim, collateral, amount);
        const cost = amount - proceeds;
        const quote = await quoter.quoteBuyCoverExactOut.staticCall(series.id, amount);
        expect(quote.pair).to.deep.equal([true, cost, amount]);
        const pool = { getAddress: async () => noclaimPool };
        const b = await Balances.of(tokens, [alice, pool, market]);
        await expect(
          router.connect(alice).buyCoverExactOut({
            seriesId: series.id, route: Route.Pair, claimAmount: amount, maxCollateralIn: cost, recipient: alice.address, deadline: await deadline(),
          }),
        )
          .to.emit(router, "CoverBought")
          .withArgs(series.id, alice.address, alice.address, Route.Pair, cost, amount);
        await b.expectDelta(collateral, alice, -cost);
        await b.expectDelta(series.claim, alice, amount);
        await b.expectDelta(series.noclaim, alice, 0n);
        await b.expectDelta(series.noclaim, pool, amount, "the minted NOCLAIM went straight into its pool");
        await b.expectDelta(collateral, pool, -proceeds);
        await b.expectDelta(collateral, market, amount, "the market locked the pairs' collateral");
        await routerEmpty();
      });

      it("buys CLAIM with an exact amount of collateral directly", async function () {
        const { router, quoter, series, collateral, unit, reference, alice, tokens, routerEmpty } = await setup(pick);
        const spend = 100n * unit;
        const out = await reference.exactIn(collateral, series.claim, spend);
        const quote = await quoter.quoteBuyCoverExactIn.staticCall(series.id, spend);
        expect(quote.direct).to.deep.equal([true, spend, out]);
        const b = await Balances.of(tokens, [alice]);
        await expect(
          router.connect(alice).buyCoverExactIn({
            seriesId: series.id, route: Route.Direct, collateralIn: spend, minClaimOut: out, recipient: alice.address, deadline: await deadline(),
          }),
        )
          .to.emit(router, "CoverBought")
          .withArgs(series.id, alice.address, alice.address, Route.Direct, spend, out);
        await b.expectDelta(collateral, alice, -spend);
        await b.expectDelta(series.claim, alice, out);
        await routerEmpty();
      });

      it("buys as much CLAIM as an exact amount of collateral buys through the pair, spending it to the wei", async function () {
        const { router, quoter, series, collateral, unit, reference, alice, tokens, routerEmpty } = await setup(pick);
        const spend = 100n * unit;
        const quote = await quoter.quoteBuyCoverExactIn.staticCall(series.id, spend);
        const amount = quote.pair.amountOut;
        expect(quote.pair.ok).to.equal(true);
        expect(quote.pair.amountIn).to.equal(spend);
        // Independently, with Uniswap's quoter: that amount costs exactly `spend`, and a ten-thousandth of a token
        // more would cost more. (Consecutive amounts a few wei apart can cost the same: the search stops at the
        // first it finds, at most ~1 / (1 - pNoclaim) wei short of the last.)
        expect(amount - (await reference.exactIn(series.noclaim, collateral, amount))).to.equal(spend);
        const more = amount + unit / 10_000n;
        expect(more - (await reference.exactIn(series.noclaim, collateral, more))).to.be.greaterThan(spend);
        const b = await Balances.of(tokens, [alice]);
        await expect(
          router.connect(alice).buyCoverExactIn({
            seriesId: series.id, route: Route.Pair, collateralIn: spend, minClaimOut: amount, recipient: alice.address, deadline: await deadline(),
          }),
        )
          .to.emit(router, "CoverBought")
          .withArgs(series.id, alice.address, alice.address, Route.Pair, spend, amount);
        await b.expectDelta(collateral, alice, -spend);
        await b.expectDelta(series.claim, alice, amount);
        await b.expectDelta(series.noclaim, alice, 0n);
        await routerEmpty();
      });

      it("sells CLAIM directly, and by buying NOCLAIM and merging", async function () {
        const { router, quoter, series, collateral, unit, reference, alice, bob, market, tokens, routerEmpty } = await setup(pick);
        const amount = 500n * unit;
        await market.connect(alice).mint(series.id, 2n * amount, alice.address, bob.address);
        for (const route of [Route.Direct, Route.Pair]) {
          const expected =
            route === Route.Direct
              ? await reference.exactIn(series.claim, collateral, amount)
              : amount - (await reference.exactOut(collateral, series.noclaim, amount));
          const quote = await quoter.quoteSellCover.staticCall(series.id, amount);
          expect((route === Route.Direct ? quote.direct : quote.pair).amountOut).to.equal(expected);
          const b = await Balances.of(tokens, [alice, bob]);
          await expect(
            router.connect(alice).sellCover({
              seriesId: series.id, route, claimAmount: amount, minCollateralOut: expected, recipient: bob.address, deadline: await deadline(),
            }),
          )
            .to.emit(router, "CoverSold")
            .withArgs(series.id, alice.address, bob.address, route, amount, expected);
          await b.expectDelta(series.claim, alice, -amount);
          await b.expectDelta(collateral, alice, 0n);
          await b.expectDelta(collateral, bob, expected);
          await b.expectDelta(series.noclaim, alice, 0n);
          await routerEmpty();
        }
      });

      it("underwrites: mints, sells the CLAIM from the mint, keeps the NOCLAIM; and exits by both routes", async function () {
        const { router, quoter, series, collateral, unit, reference, bob, claimPool, tokens, routerEmpty } = await setup(pick);
        const amount = 2_000n * unit;
        const premium = await reference.exactIn(series.claim, collateral, amount);
        const quote = await quoter.quoteUnderwrite.staticCall(series.id, amount);
        expect(quote).to.deep.equal([true, amount - premium, amount]);
        const pool = { getAddress: async () => claimPool };
        let b = await Balances.of(tokens, [bob, pool]);
        await expect(
          router.connect(bob).underwrite({ seriesId: series.id, amount, minPremium: premium, recipient: bob.address, deadline: await deadline() }),
        )
          .to.emit(router, "Underwritten")
          .withArgs(series.id, bob.address, bob.address, amount, premium);
        await b.expectDelta(collateral, bob, premium - amount);
        await b.expectDelta(series.noclaim, bob, amount);
        await b.expectDelta(series.claim, bob, 0n);
        await b.expectDelta(series.claim, pool, amount);
        await routerEmpty();

        const half = amount / 2n;
        for (const route of [Route.Pair, Route.Direct]) {
          const expected =
            route === Route.Pair
              ? half - (await reference.exactOut(collateral, series.claim, half))
              : await reference.exactIn(series.noclaim, collateral, half);
          const q = await quoter.quoteExitUnderwriting.staticCall(series.id, half);
          expect((route === Route.Pair ? q.pair : q.direct).amountOut).to.equal(expected);
          b = await Balances.of(tokens, [bob]);
          await expect(
            router.connect(bob).exitUnderwriting({
              seriesId: series.id, route, noclaimAmount: half, minCollateralOut: expected, recipient: bob.address, deadline: await deadline(),
            }),
          )
            .to.emit(router, "UnderwritingExited")
            .withArgs(series.id, bob.address, bob.address, route, half, expected);
          await b.expectDelta(series.noclaim, bob, -half);
          await b.expectDelta(series.claim, bob, 0n);
          await b.expectDelta(collateral, bob, expected);
          await routerEmpty();
        }
      });
    });
  }

  describe("roll", function () {
    async function rollFixture() {
      const f = await setup(SERIES[0].pick);
      const next = f.usdcNextSeries;
      const tokens = [...f.tokens, next.claim, next.noclaim];
      return { ...f, next, tokens, routerEmpty: () => expectEmpty(f.router, tokens) };
    }

    const CASES = [
      { side: Side.Claim, sellRoute: Route.Direct, buyRoute: Route.Direct },
      { side: Side.Claim, sellRoute: Route.Pair, buyRoute: Route.Pair },
      { side: Side.Noclaim, sellRoute: Route.Direct, buyRoute: Route.Pair },
      { side: Side.Noclaim, sellRoute: Route.Pair, buyRoute: Route.Direct },
    ];
    for (const { side, sellRoute, buyRoute } of CASES) {
      const label = `${side === Side.Claim ? "CLAIM" : "NOCLAIM"} (sell ${sellRoute ? "Pair" : "Direct"}, buy ${buyRoute ? "Pair" : "Direct"})`;
      it(`moves a ${label} position to the next expiry of the same protocol and collateral`, async function () {
        const { router, quoter, market, series, next, collateral, unit, reference, carol, tokens, routerEmpty } = await loadFixture(rollFixture);
        const amount = 1_000n * unit;
        await market.connect(carol).mint(series.id, amount, carol.address, carol.address);
        const [held, other] = side === Side.Claim ? [series.claim, series.noclaim] : [series.noclaim, series.claim];
        const [target, targetOther] = side === Side.Claim ? [next.claim, next.noclaim] : [next.noclaim, next.claim];
        // The two legs trade in different pools, so Uniswap's quoter prices each on its own.
        const proceeds =
          sellRoute === Route.Direct
            ? await reference.exactIn(held, collateral, amount)
            : amount - (await reference.exactOut(collateral, other, amount));
        const cost =
          buyRoute === Route.Direct
            ? await reference.exactOut(collateral, target, amount)
            : amount - (await reference.exactIn(targetOther, collateral, amount));
        const net = proceeds - cost;
        const q = await quoter.quoteRoll.staticCall(series.id, next.id, side, amount, sellRoute, buyRoute);
        expect(q).to.deep.equal([true, proceeds, cost, net]);
        const b = await Balances.of(tokens, [carol]);
        await expect(
          router.connect(carol).roll({
            fromSeriesId: series.id, toSeriesId: next.id, side, amount, sellRoute, buyRoute,
            minNetCollateral: net, recipient: carol.address, deadline: await deadline(),
          }),
        )
          .to.emit(router, "Rolled")
          .withArgs(series.id, next.id, carol.address, carol.address, side, amount, sellRoute, buyRoute, proceeds, cost);
        await b.expectDelta(held, carol, -amount);
        await b.expectDelta(target, carol, amount);
        await b.expectDelta(targetOther, carol, 0n);
        await b.expectDelta(collateral, carol, net);
        await routerEmpty();
      });
    }

    it("rolls CLAIM by the pair route when the next series' NOCLAIM sells above 1: the purchase raises collateral, cost < 0", async function () {
      const { router, quoter, market, series, next, collateral, unit, carol, bob, uniswap, tokens, routerEmpty, tickSpacing } = await loadFixture(rollFixture);
      const amount = 100n * unit;
      // Bob places NOCLAIM liquidity of the next series between 1.02 and 1.3 collateral, then bids NOCLAIM up
      // to 1.1 through Uniswap's own SwapRouter: minting a pair and selling its NOCLAIM now raises more than
      // the pair costs.
      const noclaimIs0 = isToken0(await next.noclaim.getAddress(), await collateral.getAddress());
      await market.connect(bob).mint(next.id, 50_000n * unit, bob.address, bob.address);
      await next.noclaim.connect(bob).approve(await router.getAddress(), ethers.MaxUint256);
      await router.connect(bob).addLiquidity({
        seriesId: next.id, side: Side.Noclaim, ...rangeForPrices(ethers.parseUnits("1.02", 18), ethers.parseUnits("1.3", 18), noclaimIs0, Number(tickSpacing)),
        tokenId: 0, coverDesired: 50_000n * unit, collateralDesired: 0n, coverMin: 0n, collateralMin: 0n, mintCover: false,
        recipient: bob.address, deadline: await deadline(),
      });
      const swapRouter = uniswap.swapRouter!;
      await collateral.connect(bob).approve(await swapRouter.getAddress(), ethers.MaxUint256);
      await (swapRouter.connect(bob) as any).exactInputSingle({
        tokenIn: await collateral.getAddress(), tokenOut: await next.noclaim.getAddress(), fee: 3000,
        recipient: bob.address, deadline: await deadline(), amountIn: 1_000_000n * unit, amountOutMinimum: 0n,
        sqrtPriceLimitX96: sqrtPriceX96ForPrice(ethers.parseUnits("1.1", 18), noclaimIs0),
      });
      const rollQuote = () => quoter.quoteRoll.staticCall(series.id, next.id, Side.Claim, amount, Route.Direct, Route.Pair);
      const q = await rollQuote();
      expect(q.ok).to.equal(true);
      expect(q.cost).to.be.lessThan(0n);
      expect(q.net).to.equal(q.proceeds - q.cost);
      await market.connect(carol).mint(series.id, amount, carol.address, carol.address);
      const b = await Balances.of(tokens, [carol]);
      await expect(
        router.connect(carol).roll({
          fromSeriesId: series.id, toSeriesId: next.id, side: Side.Claim, amount, sellRoute: Route.Direct, buyRoute: Route.Pair,
          minNetCollateral: q.net, recipient: carol.address, deadline: await deadline(),
        }),
      )
        .to.emit(router, "Rolled")
        .withArgs(series.id, next.id, carol.address, carol.address, Side.Claim, amount, Route.Direct, Route.Pair, q.proceeds, q.cost);
      await b.expectDelta(series.claim, carol, -amount);
      await b.expectDelta(next.claim, carol, amount);
      await b.expectDelta(collateral, carol, q.net);
      await routerEmpty();
    });
  });

  describe("route choice", function () {
    it("the quoter names the cheaper route, and the router really pays less by it", async function () {
      const { router, quoter, series, collateral, unit, alice, carol, tokens, routerEmpty, uniswap } = await setup(SERIES[0].pick);
      const amount = 1_000n * unit;
      const costOf = async (route: number) => {
        const snapshot = await networkHelpers.takeSnapshot();
        const b = await Balances.of(tokens, [alice]);
        await router.connect(alice).buyCoverExactOut({
          seriesId: series.id, route, claimAmount: amount, maxCollateralIn: ethers.MaxUint256, recipient: alice.address, deadline: await deadline(),
        });
        const paid = -(await b.delta(collateral, alice));
        await routerEmpty();
        await snapshot.restore();
        return paid;
      };
      // At fair prices (CLAIM 0.05, NOCLAIM 0.95) the pair route pays the NOCLAIM pool's fee on 0.95 per CLAIM:
      // buying directly is cheaper.
      let q = await quoter.quoteBuyCoverExactOut.staticCall(series.id, amount);
      expect(q.best).to.equal(Route.Direct);
      expect(await costOf(Route.Direct)).to.equal(q.direct.amountIn);
      expect(await costOf(Route.Pair)).to.equal(q.pair.amountIn);
      expect(q.direct.amountIn).to.be.lessThan(q.pair.amountIn);

      // Someone bids NOCLAIM up through Uniswap's own SwapRouter (CLAIM + NOCLAIM now above 1): minting and
      // selling NOCLAIM becomes cheaper than buying CLAIM.
      const swapRouter = uniswap.swapRouter!;
      await collateral.connect(carol).approve(await swapRouter.getAddress(), ethers.MaxUint256);
      await (swapRouter.connect(carol) as any).exactOutputSingle({
        tokenIn: await collateral.getAddress(), tokenOut: await series.noclaim.getAddress(), fee: 3000,
        recipient: carol.address, deadline: await deadline(), amountOut: 5_000n * unit,
        amountInMaximum: ethers.MaxUint256, sqrtPriceLimitX96: 0,
      });
      q = await quoter.quoteBuyCoverExactOut.staticCall(series.id, amount);
      expect(q.best).to.equal(Route.Pair);
      const direct = await costOf(Route.Direct);
      const pair = await costOf(Route.Pair);
      expect(direct).to.equal(q.direct.amountIn);
      expect(pair).to.equal(q.pair.amountIn);
      expect(pair).to.be.lessThan(direct);
    });
  });
});
