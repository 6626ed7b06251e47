import { expect } from "chai";
import { ethers, networkHelpers } from "../shared/connection.js";
import { ammFixture, deadline, Route, Side, Unwind } from "../shared/ammFixture.js";
import { Balances, expectEmpty } from "../shared/balances.js";
import { signPermit } from "../../scripts/lib/chain/permit.js";
import { isToken0, sqrtPriceX96ForPrice } from "../../scripts/lib/market/pricing.js";
import { toWad } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;

async function guardsFixture() {
  const f = await ammFixture();
  const { usdcSeries: series, usdc, router, alice, market } = f;
  const unit = 10n ** 6n;
  // Alice holds a little of everything, so that every action has something to act on.
  await market.connect(alice).mint(series.id, 5_000n * unit, alice.address, alice.address);
  const [claimPool, noclaimPool] = await f.pools.poolsOf(series.id);
  const tokens = [usdc, series.claim, series.noclaim, f.usdcNextSeries.claim, f.usdcNextSeries.noclaim];
  return { ...f, series, unit, claimPool, noclaimPool, tokens, routerEmpty: () => expectEmpty(router, tokens) };
}

type G = Awaited<ReturnType<typeof guardsFixture>>;

/** Every action, with parameters that would succeed but for the deadline. */
function actions(g: G, dl: bigint) {
  const { series, usdcNextSeries: next, unit, alice } = g;
  const id = series.id;
  const to = alice.address;
  const amount = 100n * unit;
  return [
    ["buyCoverExactOut", { seriesId: id, route: Route.Direct, claimAmount: amount, maxCollateralIn: ethers.MaxUint256, recipient: to, deadline: dl }],
    ["buyCoverExactIn", { seriesId: id, route: Route.Pair, collateralIn: amount, minClaimOut: 0, recipient: to, deadline: dl }],
    ["sellCover", { seriesId: id, route: Route.Direct, claimAmount: amount, minCollateralOut: 0, recipient: to, deadline: dl }],
    ["underwrite", { seriesId: id, amount, minPremium: 0, recipient: to, deadline: dl }],
    ["exitUnderwriting", { seriesId: id, route: Route.Pair, noclaimAmount: amount, minCollateralOut: 0, recipient: to, deadline: dl }],
    [
      "roll",
      { fromSeriesId: id, toSeriesId: next.id, side: Side.Claim, amount, sellRoute: Route.Direct, buyRoute: Route.Direct, minNetCollateral: -(10n ** 30n), recipient: to, deadline: dl },
    ],
    [
      "addLiquidity",
      { seriesId: id, side: Side.Claim, tokenId: 0, tickLower: -60000, tickUpper: 60000, coverDesired: amount, collateralDesired: amount, mintCover: false, coverMin: 0, collateralMin: 0, recipient: to, deadline: dl },
    ],
    ["removeLiquidity", { seriesId: id, tokenId: 1, liquidity: 1, coverMin: 0, collateralMin: 0, unwind: Unwind.None, burn: false, recipient: to, deadline: dl }],
  ] as const;
}

describe("CoverRouter: guards", function () {
  describe("deadline", function () {
    for (const [name] of actions({ series: {}, usdcNextSeries: {}, unit: 1n, alice: {} } as any, 0n)) {
      it(`${name} refuses to run after its deadline`, async function () {
        const g = await loadFixture(guardsFixture);
        const now = BigInt(await time.latest());
        const dl = now + 100n;
        const [, params] = actions(g, dl).find(([n]) => n === name)!;
        await time.setNextBlockTimestamp(dl + 1n);
        await expect((g.router.connect(g.alice) as any)[name](params))
          .to.be.revertedWithCustomError(g.router, "CoverPeripheryDeadlinePassed")
          .withArgs(dl, dl + 1n);
      });
    }
  });

  describe("slippage", function () {
    it("buyCoverExactOut refuses to pay more than the maximum, by either route", async function () {
      const { router, quoter, series, unit, alice } = await loadFixture(guardsFixture);
      const amount = 1_000n * unit;
      const q = await quoter.quoteBuyCoverExactOut.staticCall(series.id, amount);
      for (const [route, cost] of [[Route.Direct, q.direct.amountIn], [Route.Pair, q.pair.amountIn]] as const) {
        await expect(
          router.connect(alice).buyCoverExactOut({
            seriesId: series.id, route, claimAmount: amount, maxCollateralIn: cost - 1n, recipient: alice.address, deadline: await deadline(),
          }),
        )
          .to.be.revertedWithCustomError(router, "CoverRouterExcessiveInput")
          .withArgs(cost, cost - 1n);
      }
    });

    it("buyCoverExactIn refuses less CLAIM than the minimum, by either route", async function () {
      const { router, quoter, series, unit, alice } = await loadFixture(guardsFixture);
      const spend = 50n * unit;
      const q = await quoter.quoteBuyCoverExactIn.staticCall(series.id, spend);
      for (const [route, out] of [[Route.Direct, q.direct.amountOut], [Route.Pair, q.pair.amountOut]] as const) {
        await expect(
          router.connect(alice).buyCoverExactIn({
            seriesId: series.id, route, collateralIn: spend, minClaimOut: out + 1n, recipient: alice.address, deadline: await deadline(),
          }),
        )
          .to.be.revertedWithCustomError(router, "CoverRouterInsufficientOutput")
          .withArgs(out, out + 1n);
      }
    });

    it("sellCover and exitUnderwriting refuse less collateral than the minimum, by either route", async function () {
      const { router, quoter, series, unit, alice } = await loadFixture(guardsFixture);
      const amount = 300n * unit;
      const sell = await quoter.quoteSellCover.staticCall(series.id, amount);
      const exit = await quoter.quoteExitUnderwriting.staticCall(series.id, amount);
      for (const route of [Route.Direct, Route.Pair]) {
        const sellOut = (route === Route.Direct ? sell.direct : sell.pair).amountOut;
        await expect(
          router.connect(alice).sellCover({
            seriesId: series.id, route, claimAmount: amount, minCollateralOut: sellOut + 1n, recipient: alice.address, deadline: await deadline(),
          }),
        )
          .to.be.revertedWithCustomError(router, "CoverRouterInsufficientOutput")
          .withArgs(sellOut, sellOut + 1n);
        const exitOut = (route === Route.Direct ? exit.direct : exit.pair).amountOut;
        await expect(
          router.connect(alice).exitUnderwriting({
            seriesId: series.id, route, noclaimAmount: amount, minCollateralOut: exitOut + 1n, recipient: alice.address, deadline: await deadline(),
          }),
        )
          .to.be.revertedWithCustomError(router, "CoverRouterInsufficientOutput")
          .withArgs(exitOut, exitOut + 1n);
      }
    });

    it("underwrite refuses a premium below the minimum", async function () {
      const { router, quoter, series, unit, bob } = await loadFixture(guardsFixture);
      const amount = 1_000n * unit;
      const q = await quoter.quoteUnderwrite.staticCall(series.id, amount);
      const premium = amount - q.amountIn;
      await expect(
        router.connect(bob).underwrite({ seriesId: series.id, amount, minPremium: premium + 1n, recipient: bob.address, deadline: await deadline() }),
      )
        .to.be.revertedWithCustomError(router, "CoverRouterInsufficientOutput")
        .withArgs(premium, premium + 1n);
    });

    it("roll refuses a net settlement below the minimum", async function () {
      const { router, quoter, series, usdcNextSeries: next, unit, alice } = await loadFixture(guardsFixture);
      const amount = 1_000n * unit;
      const q = await quoter.quoteRoll.staticCall(series.id, next.id, Side.Claim, amount, Route.Direct, Route.Direct);
      expect(q.net).to.be.lessThan(0n); // a later expiry costs more cover
      await expect(
        router.connect(alice).roll({
          fromSeriesId: series.id, toSeriesId: next.id, side: Side.Claim, amount, sellRoute: Route.Direct, buyRoute: Route.Direct,
          minNetCollateral: q.net + 1n, recipient: alice.address, deadline: await deadline(),
        }),
      )
        .to.be.revertedWithCustomError(router, "CoverRouterNetBelowMinimum")
        .withArgs(q.net, q.net + 1n);
    });

    it("refuses a purchase the pool cannot fill, naming what it could", async function () {
      const { router, series, unit, alice, claimPool } = await loadFixture(guardsFixture);
      const amount = 10_000_000n * unit;
      await expect(
        router.connect(alice).buyCoverExactOut({
          seriesId: series.id, route: Route.Direct, claimAmount: amount, maxCollateralIn: ethers.MaxUint256, recipient: alice.address, deadline: await deadline(),
        }),
      )
        .to.be.revertedWithCustomError(router, "CoverRouterIncompleteFill")
        .withArgs(claimPool, amount, (filled: bigint) => filled > 0n && filled < amount);
    });

    it("refuses to buy through the pair when the other side sells at 1 or more (minting would be unbounded)", async function () {
      const { router, quoter, series, usdc, unit, alice, carol, noclaimPool, uniswap } = await loadFixture(guardsFixture);
      // Carol bids NOCLAIM up to 1.5 collateral through Uniswap's SwapRouter.
      const swapRouter = uniswap.swapRouter! as any;
      await usdc.connect(carol).approve(await swapRouter.getAddress(), ethers.MaxUint256);
      const noclaimIs0 = isToken0(await series.noclaim.getAddress(), await usdc.getAddress());
      await swapRouter.connect(carol).exactInputSingle({
        tokenIn: await usdc.getAddress(), tokenOut: await series.noclaim.getAddress(), fee: 3000, recipient: carol.address,
        deadline: await deadline(), amountIn: 1_000_000n * unit, amountOutMinimum: 0,
        sqrtPriceLimitX96: sqrtPriceX96ForPrice(toWad("1") + toWad("0.5"), noclaimIs0),
      });
      const q = await quoter.quoteBuyCoverExactIn.staticCall(series.id, 100n * unit);
      expect(q.pair.ok).to.equal(false);
      expect(q.best).to.equal(Route.Direct);
      await expect(
        router.connect(alice).buyCoverExactIn({
          seriesId: series.id, route: Route.Pair, collateralIn: 100n * unit, minClaimOut: 0, recipient: alice.address, deadline: await deadline(),
        }),
      )
        .to.be.revertedWithCustomError(router, "CoverPeripheryPairRouteUnavailable")
        .withArgs(noclaimPool);
    });
  });

  describe("swap callback", function () {
    it("refuses a callback from a contract that is not the pool, before paying anything", async function () {
      const { router, series, usdc, alice, claimPool, noclaimPool, unit } = await loadFixture(guardsFixture);
      const fake = await ethers.deployContract("FakePool");
      const coder = ethers.AbiCoder.defaultAbiCoder();
      const struct = "tuple(address,address,uint8,uint8,bytes32,address,uint256,address,address,uint256)";
      const claim = await series.claim.getAddress();
      const noclaim = await series.noclaim.getAddress();
      const collateral = await usdc.getAddress();
      // "Pay me alice's collateral" (alice approved the router), and "mint pairs, NOCLAIM to me".
      const pay = coder.encode([struct], [[collateral, claim, 0, 0, ethers.ZeroHash, alice.address, 0, ethers.ZeroAddress, ethers.ZeroAddress, 0]]);
      const mint = coder.encode([struct], [[noclaim, collateral, 1, Side.Claim, series.id, alice.address, 0, alice.address, ethers.ZeroAddress, 1_000n * unit]]);
      const b = await Balances.of([usdc], [alice]);
      await expect(fake.callback(await router.getAddress(), 1_000n * unit, -1n, pay))
        .to.be.revertedWithCustomError(router, "CoverPeripheryCallbackNotPool")
        .withArgs(await fake.getAddress(), claimPool);
      await expect(fake.callback(await router.getAddress(), 1_000n * unit, -1n, mint))
        .to.be.revertedWithCustomError(router, "CoverPeripheryCallbackNotPool")
        .withArgs(await fake.getAddress(), noclaimPool);
      await b.expectDelta(usdc, alice, 0n);
    });
  });

  describe("permit", function () {
    async function permitFixture() {
      const g = await guardsFixture();
      const { series, router, alice, unit } = g;
      // Alice takes back her CLAIM approval: only a permit can let the router pull it now.
      await series.claim.connect(alice).approve(await router.getAddress(), 0);
      const amount = 200n * unit;
      const dl = await deadline();
      const sig = await signPermit(series.claim, alice, await router.getAddress(), amount, dl);
      const permitCall = router.interface.encodeFunctionData("selfPermit", [await series.claim.getAddress(), amount, dl, sig.v, sig.r, sig.s]);
      const sellCall = router.interface.encodeFunctionData("sellCover", [
        { seriesId: series.id, route: Route.Direct, claimAmount: amount, minCollateralOut: 0, recipient: alice.address, deadline: dl },
      ]);
      return { ...g, amount, dl, sig, permitCall, sellCall };
    }

    it("sells CLAIM with a permit in the same multicall", async function () {
      const { router, series, alice, amount, permitCall, sellCall, tokens, routerEmpty } = await loadFixture(permitFixture);
      const b = await Balances.of(tokens, [alice]);
      await router.connect(alice).multicall([permitCall, sellCall]);
      await b.expectDelta(series.claim, alice, -amount);
      expect(await series.claim.nonces(alice.address)).to.equal(1n);
      await routerEmpty();
    });

    it("succeeds when someone front-ran the permit, since the allowance is there", async function () {
      const { router, series, alice, mallory, amount, dl, sig, permitCall, sellCall, routerEmpty } = await loadFixture(permitFixture);
      // Mallory copies the signature from the mempool and submits it first.
      await series.claim.connect(mallory).permit(alice.address, await router.getAddress(), amount, dl, sig.v, sig.r, sig.s);
      const b = await Balances.of([series.claim], [alice]);
      await expect(router.connect(alice).multicall([permitCall, sellCall])).to.emit(router, "CoverSold");
      await b.expectDelta(series.claim, alice, -amount);
      await routerEmpty();
    });

    it("fails with the allowance and the amount when the permit is bad and no allowance is there", async function () {
      const { router, series, alice, amount, dl, sig } = await loadFixture(permitFixture);
      const claim = await series.claim.getAddress();
      await expect(router.connect(alice).selfPermit(claim, amount, dl, sig.v, sig.s, sig.r))
        .to.be.revertedWithCustomError(router, "CoverPeripheryPermitFailed")
        .withArgs(claim, 0n, amount);
    });

    it("tolerates a collateral without permit when it is approved, and says so when it is not", async function () {
      const { router, usdc, alice, carol, dl } = await loadFixture(permitFixture);
      const token = await usdc.getAddress();
      await router.connect(alice).selfPermit(token, 1n, dl, 27, ethers.ZeroHash, ethers.ZeroHash);
      await usdc.connect(carol).approve(await router.getAddress(), 0);
      await expect(router.connect(carol).selfPermit(token, 1n, dl, 27, ethers.ZeroHash, ethers.ZeroHash))
        .to.be.revertedWithCustomError(router, "CoverPeripheryPermitFailed")
        .withArgs(token, 0n, 1n);
    });
  });

  describe("parameters", function () {
    it("batches several actions in one multicall", async function () {
      const { router, series, unit, bob, usdc, tokens, routerEmpty } = await loadFixture(guardsFixture);
      const dl = await deadline();
      const b = await Balances.of(tokens, [bob]);
      await router.connect(bob).multicall([
        router.interface.encodeFunctionData("underwrite", [{ seriesId: series.id, amount: 1_000n * unit, minPremium: 0, recipient: bob.address, deadline: dl }]),
        router.interface.encodeFunctionData("buyCoverExactOut", [
          { seriesId: series.id, route: Route.Direct, claimAmount: 100n * unit, maxCollateralIn: ethers.MaxUint256, recipient: bob.address, deadline: dl },
        ]),
      ]);
      await b.expectDelta(series.noclaim, bob, 1_000n * unit);
      await b.expectDelta(series.claim, bob, 100n * unit);
      expect(await b.delta(usdc, bob)).to.be.lessThan(0n);
      await routerEmpty();
    });

    it("refuses a roll to another collateral, or to an earlier expiry", async function () {
      const { router, series, daiSeries, usdcNextSeries: next, unit, alice } = await loadFixture(guardsFixture);
      const base = { side: Side.Claim, amount: unit, sellRoute: Route.Direct, buyRoute: Route.Direct, minNetCollateral: -(10n ** 30n), recipient: alice.address, deadline: await deadline() };
      await expect(router.connect(alice).roll({ ...base, fromSeriesId: series.id, toSeriesId: daiSeries.id }))
        .to.be.revertedWithCustomError(router, "CoverRouterRollMismatch")
        .withArgs(series.id, daiSeries.id);
      await expect(router.connect(alice).roll({ ...base, fromSeriesId: next.id, toSeriesId: series.id }))
        .to.be.revertedWithCustomError(router, "CoverRouterRollMismatch")
        .withArgs(next.id, series.id);
    });

    it("refuses zero amounts, a zero recipient and unknown series", async function () {
      const { router, market, series, unit, alice } = await loadFixture(guardsFixture);
      const p = { seriesId: series.id, route: Route.Direct, claimAmount: unit, maxCollateralIn: ethers.MaxUint256, recipient: alice.address, deadline: await deadline() };
      await expect(router.connect(alice).buyCoverExactOut({ ...p, claimAmount: 0 })).to.be.revertedWithCustomError(router, "CoverRouterZeroAmount");
      await expect(router.connect(alice).buyCoverExactOut({ ...p, recipient: ethers.ZeroAddress })).to.be.revertedWithCustomError(router, "CoverRouterZeroRecipient");
      const unknown = ethers.keccak256("0x01");
      await expect(router.connect(alice).buyCoverExactOut({ ...p, seriesId: unknown }))
        .to.be.revertedWithCustomError(market, "CoverUnknownSeries")
        .withArgs(unknown);
    });
  });
});
