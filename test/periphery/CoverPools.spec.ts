import { expect } from "chai";
import { ethers, networkHelpers } from "../shared/connection.js";
import { ammFixture, deadline, Side, PriceStatus } from "../shared/ammFixture.js";
import { seriesHandle } from "../shared/marketFixture.js";
import { uniswapArtifacts } from "../../scripts/lib/deploy/uniswap.js";
import { WEEK } from "../../scripts/lib/market/calendar.js";
import { toWad } from "../../scripts/lib/market/payout.js";
import {
  isToken0,
  priceFromSqrtPriceX96,
  rangeForPrices,
  sqrtPriceX96ForPrice,
  WAD,
} from "../../scripts/lib/market/pricing.js";

const { loadFixture } = networkHelpers;
import { PoolStatus } from "../../scripts/lib/market/enums.js";
import { seriesTokenAddresses } from "../../scripts/lib/market/series.js";

async function poolAt(address: string) {
  return ethers.getContractAt(uniswapArtifacts.pool.abi, address);
}

describe("CoverPools", function () {
  it("computes pool addresses with Uniswap's init code hash, equal to the npm pool bytecode's hash", async function () {
    const { pools, router, uniswap, usdcSeries, usdc } = await loadFixture(ammFixture);
    expect(ethers.keccak256(uniswapArtifacts.pool.bytecode)).to.equal(
      "0xe34f199b19b2b4f47f68442619d555527d244f78a3297ea89325f843f87b8b54",
    );
    const [claimPool, noclaimPool] = await pools.poolsOf(usdcSeries.id);
    expect(claimPool).to.equal(await uniswap.factory.getPool(await usdcSeries.claim.getAddress(), await usdc.getAddress(), 3000));
    expect(noclaimPool).to.equal(
      await uniswap.factory.getPool(await usdcSeries.noclaim.getAddress(), await usdc.getAddress(), 3000),
    );
    expect(await router.poolOf(usdcSeries.id, Side.Claim)).to.equal(claimPool);
    expect(await router.poolOf(usdcSeries.id, Side.Noclaim)).to.equal(noclaimPool);
    expect(await pools.fee()).to.equal(3000n);
    expect(await pools.tickSpacing()).to.equal(60n);
  });

  it("creates and initialises both pools at p and 1 - p, whatever the token order inside Uniswap", async function () {
    const { market, pools, riskOracle, protocolId, expiry, users } = await loadFixture(ammFixture);
    // A collateral in the middle of the address space, so that cover tokens fall on both sides of it.
    let token = await ethers.deployContract("TestERC20", ["Mid USD", "MUSD", 6]);
    for (let i = 0; i < 30; i++) {
      const a = BigInt(await token.getAddress());
      if (a > 1n << 158n && a < 3n << 158n) break;
      token = await ethers.deployContract("TestERC20", ["Mid USD", "MUSD", 6]);
    }
    const collateral = await token.getAddress();
    const risk = toWad("0.037");
    const seen = { claim: new Set<boolean>(), noclaim: new Set<boolean>() };
    for (let k = 1n; k < 45n && seen.claim.size + seen.noclaim.size < 4; k++) {
      await market.createSeries(protocolId, collateral, expiry + k * WEEK);
      const s = await seriesHandle(market, protocolId, collateral, expiry + k * WEEK);
      const claim = await s.claim.getAddress();
      const noclaim = await s.noclaim.getAddress();
      const claimIs0 = isToken0(claim, collateral);
      const noclaimIs0 = isToken0(noclaim, collateral);
      if (seen.claim.has(claimIs0) && seen.noclaim.has(noclaimIs0)) continue;
      seen.claim.add(claimIs0);
      seen.noclaim.add(noclaimIs0);
      const tx = pools.createPools(s.id, risk, 0n);
      const [claimPool, noclaimPool] = await pools.poolsOf(s.id);
      await expect(tx)
        .to.emit(pools, "PoolPrepared")
        .withArgs(s.id, Side.Claim, claimPool, claim, collateral, 3000, sqrtPriceX96ForPrice(risk, claimIs0), PoolStatus.Created);
      await expect(tx)
        .to.emit(pools, "PoolPrepared")
        .withArgs(s.id, Side.Noclaim, noclaimPool, noclaim, collateral, 3000, sqrtPriceX96ForPrice(WAD - risk, noclaimIs0), PoolStatus.Created);
      const [claimSqrt] = await (await poolAt(claimPool)).slot0();
      const [noclaimSqrt] = await (await poolAt(noclaimPool)).slot0();
      // Reading the price back loses at most a few wei of a WAD to the square root's rounding.
      expect(priceFromSqrtPriceX96(claimSqrt, claimIs0)).to.be.closeTo(risk, 10n);
      expect(priceFromSqrtPriceX96(noclaimSqrt, noclaimIs0)).to.be.closeTo(WAD - risk, 10n);
      const spot = await riskOracle.spotRisk(s.id);
      expect(spot.status).to.equal(PriceStatus.Ok);
      expect(spot.risk).to.be.closeTo(risk, 10n);
    }
    expect([...seen.claim].sort()).to.deep.equal([false, true]);
    expect([...seen.noclaim].sort()).to.deep.equal([false, true]);
    void users;
  });

  it("is harmless to call again: pools already at the target price are left unchanged", async function () {
    const { pools, usdcSeries } = await loadFixture(ammFixture);
    const [claimPool] = await pools.poolsOf(usdcSeries.id);
    const [before] = await (await poolAt(claimPool)).slot0();
    // The fixture's LP has traded nothing yet, so the pool is at its starting price (and live).
    await expect(pools.createPools(usdcSeries.id, toWad("0.05"), 0n))
      .to.emit(pools, "PoolPrepared")
      .withArgs(usdcSeries.id, Side.Claim, claimPool, await usdcSeries.claim.getAddress(), usdcSeries.collateral, 3000, before, PoolStatus.Unchanged);
  });

  describe("a pool created early by someone else", function () {
    async function frontRunFixture() {
      const f = await ammFixture();
      const { market, protocolId, usdc, expiry, uniswap, mallory } = f;
      const collateral = await usdc.getAddress();
      // The series does not exist yet, but its tokens' addresses are known already.
      const seriesExpiry = expiry + 8n * WEEK;
      const id = await market.seriesIdOf(protocolId, collateral, seriesExpiry);
      const { claim: claimAddress, noclaim: noclaimAddress } = seriesTokenAddresses(await market.getAddress(), id, 6);
      const s = {
        id,
        expiry: seriesExpiry,
        claim: await ethers.getContractAt("CoverToken", claimAddress),
        noclaim: await ethers.getContractAt("CoverToken", noclaimAddress),
      };
      return { ...f, s, collateral, factory: uniswap.factory.connect(mallory) as any };
    }

    it("moves a pool initialised at a wrong price, with no liquidity, to the target before anything else", async function () {
      const { market, pools, protocolId, s, collateral, factory, mallory, riskOracle } = await loadFixture(frontRunFixture);
      const claim = await s.claim.getAddress();
      // Token addresses are known before the series exists: the pool is made and priced at CLAIM = 0.9.
      await (await factory.createPool(claim, collateral, 3000)).wait();
      const claimPool = await poolAt(await factory.getPool(claim, collateral, 3000));
      await (await (claimPool.connect(mallory) as any).initialize(sqrtPriceX96ForPrice(toWad("0.9"), isToken0(claim, collateral)))).wait();
      await market.createSeries(protocolId, collateral, s.expiry);

      const target = sqrtPriceX96ForPrice(toWad("0.05"), isToken0(claim, collateral));
      await expect(pools.createPools(s.id, toWad("0.05"), 0n))
        .to.emit(pools, "PoolPrepared")
        .withArgs(s.id, Side.Claim, await claimPool.getAddress(), claim, collateral, 3000, target, PoolStatus.Moved);
      const [sqrtPrice] = await claimPool.slot0();
      expect(sqrtPrice).to.equal(target);
      expect((await riskOracle.spotRisk(s.id)).risk).to.be.closeTo(toWad("0.05"), 10n);
    });

    it("initialises a pool that was created but never initialised", async function () {
      const { market, pools, protocolId, s, collateral, factory } = await loadFixture(frontRunFixture);
      const noclaim = await s.noclaim.getAddress();
      await (await factory.createPool(noclaim, collateral, 3000)).wait();
      await market.createSeries(protocolId, collateral, s.expiry);
      const target = sqrtPriceX96ForPrice(toWad("0.96"), isToken0(noclaim, collateral));
      await expect(pools.createPools(s.id, toWad("0.04"), 0n))
        .to.emit(pools, "PoolPrepared")
        .withArgs(s.id, Side.Noclaim, await factory.getPool(noclaim, collateral, 3000), noclaim, collateral, 3000, target, PoolStatus.Initialized);
    });

    it("swaps through dust liquidity pinned on the way before the series existed, within the caller's bound, and never reports the series live elsewhere", async function () {
      const { market, pools, protocolId, s, collateral, factory, mallory, alice, uniswap, usdc, riskOracle } = await loadFixture(frontRunFixture);
      const claim = await s.claim.getAddress();
      const claimIs0 = isToken0(claim, collateral);
      // Before the series exists (its CLAIM token has no code yet), mallory creates the CLAIM pool at 0.95 and
      // pins it with 10 wei of collateral between 0.3 and 0.4: one-sided, so Uniswap takes it without the
      // cover token, and on the way from 0.95 to the series' target of 0.05.
      expect(await ethers.provider.getCode(claim)).to.equal("0x");
      await (await factory.createPool(claim, collateral, 3000)).wait();
      const claimPool = await poolAt(await factory.getPool(claim, collateral, 3000));
      const wrong = sqrtPriceX96ForPrice(toWad("0.95"), claimIs0);
      await (await (claimPool.connect(mallory) as any).initialize(wrong)).wait();
      const { tickLower, tickUpper } = rangeForPrices(toWad("0.3"), toWad("0.4"), claimIs0, 60);
      const pm = uniswap.positionManager.connect(mallory) as any;
      await usdc.connect(mallory).approve(await pm.getAddress(), ethers.MaxUint256);
      const [token0, token1] = claimIs0 ? [claim, collateral] : [collateral, claim];
      const [amount0Desired, amount1Desired] = claimIs0 ? [0n, 10n] : [10n, 0n];
      await (
        await pm.mint({
          token0, token1, fee: 3000, tickLower, tickUpper, amount0Desired, amount1Desired, amount0Min: 0, amount1Min: 0,
          recipient: mallory.address, deadline: await deadline(),
        })
      ).wait();
      expect(await usdc.balanceOf(await claimPool.getAddress())).to.be.greaterThan(0n);
      expect(await claimPool.liquidity()).to.equal(0n); // nothing in range at 0.95
      await market.createSeries(protocolId, collateral, s.expiry);

      // With no budget for a trade the call is refused, naming what swapping through would cost.
      const asAlice = pools.connect(alice);
      await usdc.connect(alice).approve(await pools.getAddress(), ethers.MaxUint256);
      const cost = await (async () => {
        try {
          await asAlice.createPools.staticCall(s.id, toWad("0.05"), 0n);
        } catch (error: any) {
          const parsed = pools.interface.parseError(error.data);
          expect(parsed?.name).to.equal("CoverPoolsSwapCostTooHigh");
          return parsed!.args[0] as bigint;
        }
        throw new Error("createPools with maxCost 0 did not revert");
      })();
      expect(cost).to.be.greaterThan(0n);
      await expect(asAlice.createPools(s.id, toWad("0.05"), cost - 1n))
        .to.be.revertedWithCustomError(pools, "CoverPoolsSwapCostTooHigh")
        .withArgs(cost, cost - 1n);

      // With the bound it swaps through: the pool ends at the target, alice paid exactly `cost` in collateral
      // (minted into the CLAIM the pool took) and got that much NOCLAIM and the dust's collateral back.
      const target = sqrtPriceX96ForPrice(toWad("0.05"), claimIs0);
      const usdcBefore = await usdc.balanceOf(alice.address);
      await expect(asAlice.createPools(s.id, toWad("0.05"), cost))
        .to.emit(pools, "PoolPrepared")
        .withArgs(s.id, Side.Claim, await claimPool.getAddress(), claim, collateral, 3000, target, PoolStatus.SwappedThrough);
      expect((await claimPool.slot0())[0]).to.equal(target);
      expect(await s.noclaim.balanceOf(alice.address)).to.equal(cost);
      const paid = usdcBefore - (await usdc.balanceOf(alice.address));
      expect(paid).to.be.greaterThan(0n);
      expect(paid).to.be.at.most(cost);
      expect((await riskOracle.spotRisk(s.id)).risk).to.be.closeTo(toWad("0.05"), 10n);
      expect(await usdc.balanceOf(await pools.getAddress())).to.equal(0n);
      expect(await s.claim.balanceOf(await pools.getAddress())).to.equal(0n);
    });
  });

  it("leaves a pool with liquidity at another price as the market set it", async function () {
    const { pools, usdcSeries, bob, router } = await loadFixture(ammFixture);
    // Trade the CLAIM pool away from 0.05, then ask for 0.2: the live market wins.
    await router.connect(bob).buyCoverExactOut({
      seriesId: usdcSeries.id, route: 0, claimAmount: 20_000n * 10n ** 6n, maxCollateralIn: ethers.MaxUint256,
      recipient: bob.address, deadline: await deadline(),
    });
    const [claimPool] = await pools.poolsOf(usdcSeries.id);
    const [sqrtPrice] = await (await poolAt(claimPool)).slot0();
    await expect(pools.createPools(usdcSeries.id, toWad("0.2"), 0n))
      .to.emit(pools, "PoolPrepared")
      .withArgs(usdcSeries.id, Side.Claim, claimPool, await usdcSeries.claim.getAddress(), usdcSeries.collateral, 3000, sqrtPrice, PoolStatus.Live);
  });

  it("refuses starting prices outside (0, 1)", async function () {
    const { pools, usdcSeries } = await loadFixture(ammFixture);
    await expect(pools.createPools(usdcSeries.id, 0n, 0n)).to.be.revertedWithCustomError(pools, "CoverPoolsInvalidPrice").withArgs(0n);
    await expect(pools.createPools(usdcSeries.id, WAD, 0n))
      .to.be.revertedWithCustomError(pools, "CoverPoolsInvalidPrice")
      .withArgs(WAD);
  });

  it("checks the configured tick spacing against the factory's fee tier", async function () {
    const { market, uniswap, pools } = await loadFixture(ammFixture);
    await expect(
      ethers.deployContract("CoverPools", [await market.getAddress(), uniswap.addresses.factory, 3000, 10]),
    )
      .to.be.revertedWithCustomError(pools, "CoverPoolsFeeTierMismatch")
      .withArgs(3000, 10, 60);
    await expect(ethers.deployContract("CoverPools", [await market.getAddress(), uniswap.addresses.factory, 2500, 50]))
      .to.be.revertedWithCustomError(pools, "CoverPoolsFeeTierMismatch")
      .withArgs(2500, 50, 0);
  });

  it("grows both pools' observation buffers on request, and only then", async function () {
    const { pools, usdcSeries } = await loadFixture(ammFixture);
    const addresses = await pools.poolsOf(usdcSeries.id);
    for (const a of addresses) expect((await (await poolAt(a)).slot0())[4]).to.equal(1n); // cardinalityNext
    await pools.increaseObservationCardinality(usdcSeries.id, 40);
    for (const a of addresses) expect((await (await poolAt(a)).slot0())[4]).to.equal(40n);
  });

  it("refuses a swap callback from anything but the pool it names", async function () {
    const { pools, usdcSeries, usdc, alice } = await loadFixture(ammFixture);
    const fake = await ethers.deployContract("FakePool");
    // The data createPools gives its own swaps (cover, collateral, series, side, payer), naming a payer who
    // approved CoverPools: a fake pool asking to be paid must be refused before anything moves.
    await usdc.connect(alice).approve(await pools.getAddress(), ethers.MaxUint256);
    const data = ethers.AbiCoder.defaultAbiCoder().encode(
      ["tuple(address,address,bytes32,uint8,address)"],
      [[await usdcSeries.claim.getAddress(), await usdc.getAddress(), usdcSeries.id, Side.Claim, alice.address]],
    );
    const [claimPool] = await pools.poolsOf(usdcSeries.id);
    await expect(fake.callback(await pools.getAddress(), 0, 1_000_000, data))
      .to.be.revertedWithCustomError(pools, "CoverPeripheryCallbackNotPool")
      .withArgs(await fake.getAddress(), claimPool);
  });
});
