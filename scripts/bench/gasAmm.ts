import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { deployBenchMarket } from "./benchMarket.js";
import { deployPeriphery } from "../lib/deploy/stack.js";
import { deployUniswap } from "../lib/deploy/uniswap.js";
import { seedLiquidity } from "../lib/scenario/seedLiquidity.js";
import { gasOf, type GasRow } from "./gasReport.js";
import { nthExpiryAfter } from "../lib/market/calendar.js";
import { toWad } from "../lib/market/payout.js";
import { Route, Side } from "../lib/market/enums.js";

const MAX = 2n ** 256n - 1n;
const UNIT = 10n ** 6n;

/** Uniswap's own figures these targets are set against (measured on this toolchain, see TOOLCHAIN.md). */
const UNISWAP_CREATE_POOL = 4_560_000;
const UNISWAP_INITIALIZE = 70_000;

/**
 * Gas of the AMM layer's actions (issue 4's keys), each from the receipt of a real transaction against the real
 * Uniswap v3 contracts deployed from their npm artifacts. Steady state: pools seeded by an LP, the router's
 * one-time approvals of the market already made; each trader has approved the router, holds no cover token of
 * the series it trades (unless selling or rolling it) and uses no permit; trades are small enough to cross no
 * initialised tick.
 */
export async function measureAmm(ethers: HardhatEthers): Promise<GasRow[]> {
  const [deployer, controller, lp, buyer, seller, underwriter, roller, directBuyer, searcher] = await ethers.getSigners();
  const { market, marketAddress, resolver, protocolId, usdc } = await deployBenchMarket(ethers, deployer, controller);
  const collateral = await usdc.getAddress();
  const { pools, router, tickSpacing } = await deployPeriphery(deployer, marketAddress, await deployUniswap(deployer));
  const routerAddress = await router.getAddress();

  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const deadline = now + 10n ** 6n;
  const handles = [];
  for (const n of [4, 8]) {
    const expiry = nthExpiryAfter(now, n);
    await market.createSeries(protocolId, collateral, expiry);
    const id = await market.seriesIdOf(protocolId, collateral, expiry);
    const [claimAddress, noclaimAddress] = await market.seriesTokens(id);
    handles.push({
      id,
      collateral,
      claim: await ethers.getContractAt("CoverToken", claimAddress),
      noclaim: await ethers.getContractAt("CoverToken", noclaimAddress),
    });
  }
  const [a, b] = handles;
  for (const user of [lp, buyer, seller, underwriter, roller, directBuyer, searcher]) {
    await usdc.mint(user.address, 10n ** 15n);
    await usdc.connect(user).approve(marketAddress, MAX);
    await usdc.connect(user).approve(routerAddress, MAX);
    for (const s of handles) {
      await s.claim.connect(user).approve(routerAddress, MAX);
      await s.noclaim.connect(user).approve(routerAddress, MAX);
    }
  }

  const createPools = await gasOf(pools.createPools(a.id, toWad("0.05"), 0n));
  await pools.createPools(b.id, toWad("0.08"), 0n);
  const seeded = await seedLiquidity(router, a, toWad("0.05"), lp, 100_000n * UNIT, tickSpacing, deadline);
  const addLiquidity = Number(seeded.claimReceipt.gasUsed);
  await seedLiquidity(router, b, toWad("0.08"), lp, 100_000n * UNIT, tickSpacing, deadline);

  const amount = 100n * UNIT;
  const buyCover = await gasOf(
    router.connect(buyer).buyCoverExactOut({
      seriesId: a.id, route: Route.Pair, claimAmount: amount, maxCollateralIn: MAX, recipient: buyer.address, deadline,
    }),
  );
  const buyCoverDirect = await gasOf(
    router.connect(directBuyer).buyCoverExactOut({
      seriesId: a.id, route: Route.Direct, claimAmount: amount, maxCollateralIn: MAX, recipient: directBuyer.address, deadline,
    }),
  );
  const buyCoverExactInPair = await gasOf(
    router.connect(searcher).buyCoverExactIn({
      seriesId: a.id, route: Route.Pair, collateralIn: 10n * UNIT, minClaimOut: 0, recipient: searcher.address, deadline,
    }),
  );
  await market.connect(seller).mint(a.id, 1_000n * UNIT, seller.address, seller.address);
  const sellCover = await gasOf(
    router.connect(seller).sellCover({
      seriesId: a.id, route: Route.Direct, claimAmount: amount, minCollateralOut: 0, recipient: seller.address, deadline,
    }),
  );
  const underwrite = await gasOf(
    router.connect(underwriter).underwrite({ seriesId: a.id, amount, minPremium: 0, recipient: underwriter.address, deadline }),
  );
  await market.connect(roller).mint(a.id, 1_000n * UNIT, roller.address, roller.address);
  const roll = await gasOf(
    router.connect(roller).roll({
      fromSeriesId: a.id, toSeriesId: b.id, side: Side.Claim, amount, sellRoute: Route.Direct, buyRoute: Route.Direct,
      minNetCollateral: -(10n ** 30n), recipient: roller.address, deadline,
    }),
  );

  const createTarget = Math.round(2 * (UNISWAP_CREATE_POOL + UNISWAP_INITIALIZE) * 1.05);
  return [
    {
      key: "createPools",
      gas: createPools,
      target: createTarget,
      anchors: `2 x (Uniswap createPool ${UNISWAP_CREATE_POOL.toLocaleString("en-US")} + initialize ${UNISWAP_INITIALIZE.toLocaleString("en-US")}) + 5%`,
      note: "both pools created and initialised; cardinality growth excluded",
    },
    {
      key: "buyCover",
      gas: buyCover,
      target: 260_000,
      anchors: "Cover v1 mint 162,000 + SwapRouter swap 134,000 = 296,000 in two transactions",
      note: "exact CLAIM out, mint-and-sell, new holder, no permit, no tick crossed",
    },
    { key: "sellCover", gas: sellCover, target: 180_000, anchors: "SwapRouter.exactInputSingle 134,000", note: "direct route" },
    { key: "underwrite", gas: underwrite, target: 260_000, note: "mint, sell CLAIM from the mint, NOCLAIM to a new holder" },
    { key: "roll", gas: roll, target: 450_000, note: "CLAIM, direct sale and direct purchase, new holder of the later series" },
    {
      key: "addLiquidity",
      gas: addLiquidity,
      anchors: "Uniswap first full-range mint 611,000",
      note: "first position of a fresh CLAIM pool (ticks initialised), pairs minted from collateral, unused merged back",
    },
    { key: "buyCoverDirect", gas: buyCoverDirect, anchors: "SwapRouter.exactOutputSingle", note: "exact CLAIM out in the CLAIM pool, new holder" },
    {
      key: "buyCoverExactInPair",
      gas: buyCoverExactInPair,
      anchors: "QuoterV2 estimate 102,000 per simulated swap",
      note: "exact collateral in through the pair: the search's simulated swaps included",
    },
  ];
}
