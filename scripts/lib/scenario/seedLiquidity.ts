import type { ContractTransactionResponse, Signer } from "ethers";
import type { CoverRouter } from "../chain/contracts.js";
import { send } from "../chain/send.js";
import { Side } from "../market/enums.js";
import { WAD } from "../market/payout.js";
import { isToken0, rangeForPrices } from "../market/pricing.js";

/** A series as the helpers need it: id, its two tokens as contracts, and the collateral's address. */
export interface SeriesTokens {
  id: string;
  claim: { getAddress(): Promise<string>; balanceOf(a: string): Promise<bigint> };
  noclaim: { getAddress(): Promise<string>; balanceOf(a: string): Promise<bigint> };
  collateral: string;
}

/**
 * An LP's two positions around implied risk `risk` (WAD), through the router: CLAIM between risk/5 and 5*risk
 * (at most 0.9) from pairs minted out of `collateral`, then NOCLAIM between 1 - 5*risk and 1 - risk/5 from
 * the NOCLAIM that minting left plus up to `collateral` more. The LP must have approved the router.
 * `sendTx` sends each router call (default: send and wait); returns what it returned for the two.
 */
export async function seedLiquidity<R = Awaited<ReturnType<typeof send>>>(
  router: CoverRouter,
  series: SeriesTokens,
  risk: bigint,
  lp: Signer & { address: string },
  collateral: bigint,
  tickSpacing: number | bigint,
  deadline: bigint,
  sendTx: (tx: Promise<ContractTransactionResponse>) => Promise<R> = send as any,
) {
  const spacing = Number(tickSpacing);
  const high = risk * 5n < (WAD * 9n) / 10n ? risk * 5n : (WAD * 9n) / 10n;
  const claimRange = rangeForPrices(risk / 5n, high, isToken0(await series.claim.getAddress(), series.collateral), spacing);
  const base = { tokenId: 0, recipient: lp.address, deadline };
  const claimReceipt = await addWithMinimums(router.connect(lp), sendTx, {
    ...base,
    seriesId: series.id,
    side: Side.Claim,
    ...claimRange,
    coverDesired: collateral,
    collateralDesired: collateral,
    mintCover: true,
  });
  const noclaimRange = rangeForPrices(
    WAD - high,
    WAD - risk / 5n,
    isToken0(await series.noclaim.getAddress(), series.collateral),
    spacing,
  );
  const noclaimReceipt = await addWithMinimums(router.connect(lp), sendTx, {
    ...base,
    seriesId: series.id,
    side: Side.Noclaim,
    ...noclaimRange,
    coverDesired: await series.noclaim.balanceOf(lp.address),
    collateralDesired: collateral,
    mintCover: false,
  });
  return { claimReceipt, noclaimReceipt };
}

/** Slippage allowed on each amount of a seeding deposit against its simulation just before (1%). */
const SEED_SLIPPAGE_BPS = 100n;

/** The router's AddLiquidityParams without the minimums, which addWithMinimums sets. */
interface AddLiquidityParams {
  seriesId: string;
  side: number;
  tokenId: number | bigint;
  tickLower: number;
  tickUpper: number;
  coverDesired: bigint;
  collateralDesired: bigint;
  mintCover: boolean;
  recipient: string;
  deadline: bigint;
}

/**
 * Adds liquidity with minimum amounts: the router simulates the deposit at the current price, and the
 * transaction takes each amount less SEED_SLIPPAGE_BPS as its minimum, so a price moved in between (by a
 * trade landing first) makes it revert instead of depositing at a price nobody meant.
 */
async function addWithMinimums<R>(router: CoverRouter, sendTx: (tx: Promise<ContractTransactionResponse>) => Promise<R>, params: AddLiquidityParams): Promise<R> {
  const simulated = await router.addLiquidity.staticCall({ ...params, coverMin: 0n, collateralMin: 0n });
  const min = (amount: bigint) => (amount * (10_000n - SEED_SLIPPAGE_BPS)) / 10_000n;
  return sendTx(router.addLiquidity({ ...params, coverMin: min(simulated.coverAmount), collateralMin: min(simulated.collateralAmount) }));
}
