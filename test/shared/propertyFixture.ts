import { ethers, networkHelpers } from "./connection.js";
import { CLAIM_WINDOW, marketFixture } from "./marketFixture.js";
import { deployResolver } from "./deployResolver.js";
import { DAY, WEEK, firstExpiryAfter } from "../../scripts/lib/market/calendar.js";
import { seriesTokenAddresses } from "../../scripts/lib/market/series.js";
import { deployPeriphery } from "../../scripts/lib/deploy/stack.js";
import { deployUniswap } from "../../scripts/lib/deploy/uniswap.js";
import { toWad } from "../../scripts/lib/market/payout.js";
import { seedLiquidity } from "./ammFixture.js";

/** Series with pools (the late series has none), and the starting implied risk of each one's pools. */
export const POOLED_SERIES = 4;
export const POOL_RISK = [toWad("0.05"), toWad("0.1"), toWad("0.08"), toWad("0.2")];
/** Collateral the fixture's LP puts into each pooled series (whole units), through the router. */
export const POOL_SEED_UNITS = 100_000n;
const MAX_UINT = 2n ** 256n - 1n;

/** Claim window W of the second protocol: shorter than D, unlike the first one's. */
export const CLAIM_WINDOW_B = 3n * DAY;

/** A series as the property test sees it (the late one exists only once a sequence creates it). */
export interface PropertySeries {
  id: string;
  label: string;
  /** Index into `protocols`. */
  protocol: number;
  collateral: "usdc" | "dai";
  expiry: bigint;
  claim: any;
  noclaim: any;
  collateralAddress: string;
}

/**
 * The core's fixture widened for the solvency property test: two protocols (W = 14 days and 3 days),
 * both collaterals (6 and 18 decimals), two expiries a week apart, and series created at two different
 * times, plus a fifth series (protocol A, DAI, second expiry) that only exists once a sequence creates it.
 * The clock is first moved to a fixed point of the weekly calendar (a Monday, 00:00 UTC), so that a seed
 * replays the same sequence against the same calendar position on any day.
 *
 * The AMM on top (the layers of scripts/lib/deploy/stack.ts, as ammFixture takes them): Uniswap v3 from npm
 * artifacts, the pool deployer and router; both pools of the four series that exist from the start, created
 * at POOL_RISK and seeded through the router by an LP of its own (not one of the five users: it never acts in
 * a sequence, its positions stay, and what they hold counts as outstanding tokens); every user has approved the
 * router for both collaterals and the pooled series' tokens, and for their LP positions. A TestReader reads
 * everything a check needs in one call.
 */
export async function propertyFixture() {
  const latest = BigInt(await networkHelpers.time.latest());
  await networkHelpers.time.increaseTo(firstExpiryAfter(latest) + 2n * DAY + 16n * 3600n);

  const base = await marketFixture();
  const { market, resolver, resolverController, protocolId, usdc, dai } = base;
  const other = await deployResolver(market, resolverController, {
    name: "Test Bridge v2",
    ticker: "TBRIDGE",
    metadataURI: "ipfs://terms/test-bridge",
    claimWindow: CLAIM_WINDOW_B,
  });

  // Later series: a different createdAt, so incident times between the two creations tell them apart.
  await networkHelpers.time.increase(2n * DAY);
  const expiry2 = base.expiry + WEEK;
  const usdcAddress = await usdc.getAddress();
  const daiAddress = await dai.getAddress();
  await market.createSeries(protocolId, usdcAddress, expiry2);
  await market.createSeries(other.protocolId, daiAddress, expiry2);

  const handle = async (protocol: number, collateral: "usdc" | "dai", expiry: bigint, label: string): Promise<PropertySeries> => {
    const protocolIdOf = protocol === 0 ? protocolId : other.protocolId;
    const address = collateral === "usdc" ? usdcAddress : daiAddress;
    const id: string = await market.seriesIdOf(protocolIdOf, address, expiry);
    const { claim: claimAddress, noclaim: noclaimAddress } = seriesTokenAddresses(await market.getAddress(), id, collateral === "usdc" ? 6 : 18);
    const claim = await ethers.getContractAt("CoverToken", claimAddress);
    const noclaim = await ethers.getContractAt("CoverToken", noclaimAddress);
    return { id, label, protocol, collateral, expiry, claim, noclaim, collateralAddress: address };
  };

  const series = [
    await handle(0, "usdc", base.expiry, "A/USDC/E1"),
    await handle(0, "dai", base.expiry, "A/DAI/E1"),
    await handle(0, "usdc", expiry2, "A/USDC/E2"),
    await handle(1, "dai", expiry2, "B/DAI/E2"),
    await handle(0, "dai", expiry2, "A/DAI/E2 (late)"),
  ];
  const protocols = [
    { id: protocolId, resolver, claimWindow: CLAIM_WINDOW },
    { id: other.protocolId, resolver: other.resolver, claimWindow: CLAIM_WINDOW_B },
  ];

  const signers = await ethers.getSigners();
  const lp = signers[3 + base.users.length];
  const uniswap = await deployUniswap(base.deployer);
  const { router, pools, tickSpacing } = await deployPeriphery(base.deployer, await market.getAddress(), uniswap);
  const routerAddress = await router.getAddress();
  for (const token of [usdc, dai]) {
    await token.mint(lp.address, 10n ** 30n);
    await token.connect(lp).approve(routerAddress, MAX_UINT);
  }
  for (let i = 0; i < POOLED_SERIES; i++) {
    const s = series[i];
    await pools.createPools(s.id, POOL_RISK[i], 0n);
    for (const token of [s.claim, s.noclaim]) await token.connect(lp).approve(routerAddress, MAX_UINT);
    const unit = 10n ** (s.collateral === "usdc" ? 6n : 18n);
    await seedLiquidity(router, { id: s.id, claim: s.claim, noclaim: s.noclaim, collateral: s.collateralAddress }, POOL_RISK[i], lp, POOL_SEED_UNITS * unit, tickSpacing);
  }
  for (const user of base.users) {
    for (const token of [usdc, dai, ...series.slice(0, POOLED_SERIES).flatMap((s) => [s.claim, s.noclaim])]) {
      await token.connect(user).approve(routerAddress, MAX_UINT);
    }
    await uniswap.positionManager.connect(user).setApprovalForAll(routerAddress, true);
  }
  const lpPositions: bigint[] = [];
  const held = await uniswap.positionManager.balanceOf(lp.address);
  for (let i = 0n; i < held; i++) lpPositions.push(await uniswap.positionManager.tokenOfOwnerByIndex(lp.address, i));
  const reader = await ethers.deployContract("TestReader");

  return {
    ...base,
    protocols,
    series,
    lateSeries: series.length - 1,
    lp,
    router,
    pools,
    positionManager: uniswap.positionManager,
    tickSpacing,
    lpPositions,
    reader,
  };
}

export type PropertyFixture = Awaited<ReturnType<typeof propertyFixture>>;
