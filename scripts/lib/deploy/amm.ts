/**
 * The AMM layer of Cover Market on top of a deployed market: Uniswap v3 (see deployUniswap.ts), then the pool
 * deployer, the router, the quoter and the risk oracle, configured from config/uniswap.json (fee tier, tick spacing, TWAP guards).
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { Signer } from "ethers";
import { deployUniswap, ensureFeeTier, uniswapSettings, type UniswapDeployment } from "./uniswap.js";

export interface AmmOptions {
  /** Network name; local names deploy Uniswap from npm artifacts. */
  network?: string;
  /** An existing Uniswap deployment to use instead. */
  uniswap?: UniswapDeployment;
  signer?: Signer;
}

/** Deploys CoverPools, CoverRouter, CoverQuoter and CoverRiskOracle for `market`; returns them with the Uniswap deployment. */
export async function deployAmm(ethers: HardhatEthers, market: string, options: AmmOptions = {}) {
  const settings = uniswapSettings();
  const signer = options.signer ?? (await ethers.getSigners())[0];
  const uniswap = options.uniswap ?? (await deployUniswap(ethers, options.network, signer));
  const { fee, tickSpacing } = settings.pools;
  await ensureFeeTier(uniswap, fee, tickSpacing);
  const { factory, positionManager } = uniswap.addresses;
  const pools = await ethers.deployContract("CoverPools", [market, factory, fee, tickSpacing], signer);
  const router = await ethers.deployContract("CoverRouter", [market, factory, fee, positionManager], signer);
  const quoter = await ethers.deployContract("CoverQuoter", [market, factory, fee, positionManager], signer);
  const riskOracle = await ethers.deployContract(
    "CoverRiskOracle",
    [
      market,
      factory,
      fee,
      {
        window: settings.oracle.window,
        minCardinality: settings.oracle.minCardinality,
        minLiquidityPerUnit: settings.oracle.minLiquidityPerUnit,
      },
    ],
    signer,
  );
  await Promise.all([pools.waitForDeployment(), router.waitForDeployment(), quoter.waitForDeployment(), riskOracle.waitForDeployment()]);
  return { uniswap, pools, router, quoter, riskOracle, fee, tickSpacing, oracle: settings.oracle };
}

export type AmmDeployment = Awaited<ReturnType<typeof deployAmm>>;
