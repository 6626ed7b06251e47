import { expect } from "chai";
import { ethers, networkHelpers } from "../shared/connection.js";
import { ammFixture, deadline, Route, Side, Unwind } from "../shared/ammFixture.js";
import { Balances, expectEmpty } from "../shared/balances.js";
import { signPositionPermit } from "../../scripts/lib/chain/permit.js";
import { isToken0, rangeForPrices } from "../../scripts/lib/market/pricing.js";
import { redemptionValue, toWad } from "../../scripts/lib/market/payout.js";

const { loadFixture, time } = networkHelpers;

async function liquidityFixture() {
  const f = await ammFixture();
  const { usdcSeries: series, usdc, router, carol, pools } = f;
  const unit = 10n ** 6n;
  const [claimPool, noclaimPool] = await pools.poolsOf(series.id);
  const claimIs0 = isToken0(await series.claim.getAddress(), await usdc.getAddress());
  const range = rangeForPrices(toWad("0.02"), toWad("0.2"), claimIs0, 60);
  const tokens = [usdc, series.claim, series.noclaim];
  const pm = f.uniswap.positionManager;
  // Carol's position in the CLAIM pool, from collateral alone.
  const params = {
    seriesId: series.id, side: Side.Claim, tokenId: 0, ...range, coverDesired: 10_000n * unit, collateralDesired: 10_000n * unit,
    mintCover: true, coverMin: 0, collateralMin: 0, recipient: carol.address, deadline: await deadline(),
  };
  return { ...f, series, unit, claimPool, noclaimPool, range, tokens, pm, params, routerEmpty: () => expectEmpty(router, tokens) };
}

type L = Awaited<ReturnType<typeof liquidityFixture>>;

/** Carol's position, added; returns its id and liquidity. */
async function addCarol(l: L) {
  const [tokenId, liquidity] = await l.router.connect(l.carol).addLiquidity.staticCall(l.params);
  await (await l.router.connect(l.carol).addLiquidity(l.params)).wait();
  return { tokenId, liquidity };
}

/** The position manager's DecreaseLiquidity and Collect amounts in a receipt. */
function positionEvents(pm: any, receipt: any) {
  const out: Record<string, bigint[]> = {};
  for (const log of receipt.logs) {
    try {
      const parsed = pm.interface.parseLog(log);
      if (parsed && (parsed.name === "DecreaseLiquidity" || parsed.name === "Collect")) {
        out[parsed.name] = parsed.name === "Collect" ? [parsed.args[2], parsed.args[3]] : [parsed.args[2], parsed.args[3]];
      }
    } catch {
      // not the position manager's
    }
  }
  return out;
}

describe("CoverRouter: liquidity", function () {
  it("adds range liquidity from collateral alone: pairs minted, the other side to the LP, the unused merged back", async function () {
    const l = await loadFixture(liquidityFixture);
    const { router, quoter, series, usdc, carol, market, claimPool, pm, params, range, tokens } = l;
    const quote = await quoter.quoteAddLiquidity(series.id, Side.Claim, range.tickLower, range.tickUpper, params.coverDesired, params.collateralDesired);
    const pool = { getAddress: async () => claimPool };
    const b = await Balances.of(tokens, [carol, pool, market]);
    const [tokenId] = await router.connect(carol).addLiquidity.staticCall(params);
    await expect(router.connect(carol).addLiquidity(params))
      .to.emit(router, "LiquidityAdded")
      .withArgs(series.id, carol.address, tokenId, Side.Claim, quote.liquidity, quote.coverAmount, quote.collateralAmount, quote.coverAmount);
    expect(await pm.ownerOf(tokenId)).to.equal(carol.address);
    expect((await pm.positions(tokenId))[7]).to.equal(quote.liquidity);
    // Carol paid for what the pool took: the cover (as minted pairs) and the collateral.
    await b.expectDelta(usdc, carol, -(quote.coverAmount + quote.collateralAmount));
    await b.expectDelta(series.noclaim, carol, quote.coverAmount);
    await b.expectDelta(series.claim, carol, 0n);
    await b.expectDelta(series.claim, pool, quote.coverAmount);
    await b.expectDelta(usdc, pool, quote.collateralAmount);
    await b.expectDelta(usdc, market, quote.coverAmount);
    await l.routerEmpty();
  });

  it("adds from tokens held, refunds what the range did not take, and adds to the same position later", async function () {
    const l = await loadFixture(liquidityFixture);
    const { router, quoter, series, usdc, carol, market, unit, tokens, pm } = l;
    await market.connect(carol).mint(series.id, 6_000n * unit, carol.address, carol.address);
    const range = rangeForPrices(toWad("0.8"), toWad("0.99"), isToken0(await series.noclaim.getAddress(), await usdc.getAddress()), 60);
    const params = { ...l.params, side: Side.Noclaim, ...range, coverDesired: 5_000n * unit, collateralDesired: 50_000n * unit, mintCover: false };
    const quote = await quoter.quoteAddLiquidity(series.id, Side.Noclaim, range.tickLower, range.tickUpper, params.coverDesired, params.collateralDesired);
    let b = await Balances.of(tokens, [carol]);
    const [tokenId] = await router.connect(carol).addLiquidity.staticCall(params);
    await router.connect(carol).addLiquidity(params);
    await b.expectDelta(series.noclaim, carol, -quote.coverAmount);
    await b.expectDelta(usdc, carol, -quote.collateralAmount);
    expect(quote.coverAmount + quote.collateralAmount).to.be.lessThan(params.coverDesired + params.collateralDesired);
    await l.routerEmpty();

    const more = { ...params, tokenId, coverDesired: 1_000n * unit, collateralDesired: 10_000n * unit };
    const quote2 = await quoter.quoteAddLiquidity(series.id, Side.Noclaim, range.tickLower, range.tickUpper, more.coverDesired, more.collateralDesired);
    b = await Balances.of(tokens, [carol]);
    await expect(router.connect(carol).addLiquidity(more))
      .to.emit(router, "LiquidityAdded")
      .withArgs(series.id, carol.address, tokenId, Side.Noclaim, quote2.liquidity, quote2.coverAmount, quote2.collateralAmount, 0);
    await b.expectDelta(series.noclaim, carol, -quote2.coverAmount);
    await b.expectDelta(usdc, carol, -quote2.collateralAmount);
    expect((await pm.positions(tokenId))[7]).to.equal(quote.liquidity + quote2.liquidity);
    await l.routerEmpty();
  });

  it("refuses to add to a position of another series' pool", async function () {
    const l = await loadFixture(liquidityFixture);
    const { router, carol, daiSeries, dai, params } = l;
    await dai.connect(carol).approve(await router.getAddress(), ethers.MaxUint256);
    const daiRange = rangeForPrices(toWad("0.05"), toWad("0.5"), isToken0(await daiSeries.claim.getAddress(), await dai.getAddress()), 60);
    const daiParams = { ...params, seriesId: daiSeries.id, ...daiRange, coverDesired: 10n ** 21n, collateralDesired: 10n ** 21n };
    const [daiTokenId] = await router.connect(carol).addLiquidity.staticCall(daiParams);
    await router.connect(carol).addLiquidity(daiParams);
    await expect(router.connect(carol).addLiquidity({ ...params, tokenId: daiTokenId }))
      .to.be.revertedWithCustomError(router, "CoverRouterPositionMismatch")
      .withArgs(daiTokenId, params.seriesId);
  });

  it("removes liquidity with the fees it earned, as the quoter quoted to the wei, and burns the empty position", async function () {
    const l = await loadFixture(liquidityFixture);
    const { router, quoter, series, usdc, carol, alice, pm, unit, tokens } = l;
    const { tokenId, liquidity } = await addCarol(l);
    // Traders pay fees in both tokens: CLAIM bought with collateral, then sold back.
    const trade = { seriesId: series.id, route: Route.Direct, recipient: alice.address, deadline: await deadline() };
    await router.connect(alice).buyCoverExactOut({ ...trade, claimAmount: 3_000n * unit, maxCollateralIn: ethers.MaxUint256 });
    await router.connect(alice).sellCover({ ...trade, claimAmount: 3_000n * unit, minCollateralOut: 0 });

    const [coverQuote, collateralQuote] = await quoter.quoteRemoveLiquidity(series.id, tokenId, liquidity);
    const dl = await deadline();
    const sig = await signPositionPermit(pm, carol, await router.getAddress(), tokenId, dl);
    const b = await Balances.of(tokens, [carol]);
    const tx = await router.connect(carol).multicall([
      router.interface.encodeFunctionData("selfPermitPosition", [tokenId, dl, sig.v, sig.r, sig.s]),
      router.interface.encodeFunctionData("removeLiquidity", [
        { seriesId: series.id, tokenId, liquidity, coverMin: 0, collateralMin: 0, unwind: Unwind.None, burn: true, recipient: carol.address, deadline: dl },
      ]),
    ]);
    const receipt = await tx.wait();
    await expect(tx)
      .to.emit(router, "LiquidityRemoved")
      .withArgs(series.id, carol.address, tokenId, Side.Claim, liquidity, coverQuote, collateralQuote, Unwind.None, collateralQuote);
    await b.expectDelta(series.claim, carol, coverQuote);
    await b.expectDelta(usdc, carol, collateralQuote);
    // Fees: collected minus the principal the liquidity gave back, in both tokens.
    const events = positionEvents(pm, receipt);
    const claimIs0 = isToken0(await series.claim.getAddress(), await usdc.getAddress());
    const [principal0, principal1] = events.DecreaseLiquidity;
    const [collected0, collected1] = events.Collect;
    const [claimFees, collateralFees] = claimIs0
      ? [collected0 - principal0, collected1 - principal1]
      : [collected1 - principal1, collected0 - principal0];
    expect(claimFees).to.be.greaterThan(0n);
    expect(collateralFees).to.be.greaterThan(0n);
    await expect(pm.ownerOf(tokenId)).to.be.revert(ethers); // burnt
    await l.routerEmpty();
  });

  it("accepts a position permit that someone already used", async function () {
    const l = await loadFixture(liquidityFixture);
    const { router, series, carol, mallory, pm } = l;
    const { tokenId, liquidity } = await addCarol(l);
    const dl = await deadline();
    const sig = await signPositionPermit(pm, carol, await router.getAddress(), tokenId, dl);
    await (pm.connect(mallory) as any).permit(await router.getAddress(), tokenId, dl, sig.v, sig.r, sig.s);
    await expect(
      router.connect(carol).multicall([
        router.interface.encodeFunctionData("selfPermitPosition", [tokenId, dl, sig.v, sig.r, sig.s]),
        router.interface.encodeFunctionData("removeLiquidity", [
          { seriesId: series.id, tokenId, liquidity: liquidity / 2n, coverMin: 0, collateralMin: 0, unwind: Unwind.None, burn: false, recipient: carol.address, deadline: dl },
        ]),
      ]),
    ).to.emit(router, "LiquidityRemoved");
    const other = await addCarol(l);
    await expect(router.connect(carol).selfPermitPosition(other.tokenId, dl, sig.v, sig.r, sig.s))
      .to.be.revertedWithCustomError(router, "CoverPeripheryPositionPermitFailed")
      .withArgs(other.tokenId);
  });

  it("unwinds by merging the cover collected with the other side the LP holds", async function () {
    const l = await loadFixture(liquidityFixture);
    const { router, quoter, series, usdc, carol, pm, tokens } = l;
    const { tokenId, liquidity } = await addCarol(l);
    await (pm.connect(carol) as any).setApprovalForAll(await router.getAddress(), true);
    const [cover, collateral] = await quoter.quoteRemoveLiquidity(series.id, tokenId, liquidity);
    const b = await Balances.of(tokens, [carol]);
    await expect(
      router.connect(carol).removeLiquidity({
        seriesId: series.id, tokenId, liquidity, coverMin: 0, collateralMin: 0, unwind: Unwind.Merge, burn: false, recipient: carol.address, deadline: await deadline(),
      }),
    )
      .to.emit(router, "LiquidityRemoved")
      .withArgs(series.id, carol.address, tokenId, Side.Claim, liquidity, cover, collateral, Unwind.Merge, cover + collateral);
    await b.expectDelta(usdc, carol, cover + collateral);
    await b.expectDelta(series.noclaim, carol, -cover);
    await b.expectDelta(series.claim, carol, 0n);
    await l.routerEmpty();
  });

  it("lets only the owner (or whom the owner approved) remove, even when the router may manage the position", async function () {
    const l = await loadFixture(liquidityFixture);
    const { router, series, carol, mallory, pm } = l;
    const { tokenId, liquidity } = await addCarol(l);
    await (pm.connect(carol) as any).setApprovalForAll(await router.getAddress(), true);
    await expect(
      router.connect(mallory).removeLiquidity({
        seriesId: series.id, tokenId, liquidity, coverMin: 0, collateralMin: 0, unwind: Unwind.None, burn: false, recipient: mallory.address, deadline: await deadline(),
      }),
    )
      .to.be.revertedWithCustomError(router, "CoverRouterNotAuthorized")
      .withArgs(tokenId, mallory.address);
  });

  it("after settlement, removes liquidity and redeems in one step, for both pools", async function () {
    const l = await loadFixture(liquidityFixture);
    const { router, quoter, series, usdc, lp, resolver, resolverController, pm, market, tokens } = l;
    await time.increase(3600);
    await resolver.connect(resolverController).reportIncident(BigInt(await time.latest()) - 60n, toWad("0.3"));
    const payout = toWad("0.3");
    await (pm.connect(lp) as any).setApprovalForAll(await router.getAddress(), true);
    // The fixture LP's positions: token 1 in the CLAIM pool, token 2 in the NOCLAIM pool.
    for (const [tokenId, side] of [[1n, Side.Claim], [2n, Side.Noclaim]] as const) {
      const liquidity = (await pm.positions(tokenId))[7];
      const [cover, collateral] = await quoter.quoteRemoveLiquidity(series.id, tokenId, liquidity);
      const redeemed = side === Side.Claim ? redemptionValue(cover, 0n, payout) : redemptionValue(0n, cover, payout);
      const b = await Balances.of(tokens, [lp, market]);
      await expect(
        router.connect(lp).removeLiquidity({
          seriesId: series.id, tokenId, liquidity, coverMin: 0, collateralMin: 0, unwind: Unwind.Redeem, burn: true, recipient: lp.address, deadline: await deadline(),
        }),
      )
        .to.emit(router, "LiquidityRemoved")
        .withArgs(series.id, lp.address, tokenId, side, liquidity, cover, collateral, Unwind.Redeem, collateral + redeemed);
      await b.expectDelta(usdc, lp, collateral + redeemed);
      await b.expectDelta(usdc, market, -redeemed);
      await b.expectDelta(series.claim, lp, 0n);
      await b.expectDelta(series.noclaim, lp, 0n);
      await expect(pm.ownerOf(tokenId)).to.be.revert(ethers);
      await l.routerEmpty();
    }
  });
});
