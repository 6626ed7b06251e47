import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { deployBenchMarket } from "./benchMarket.js";
import { gasOf, type GasRow } from "./gasReport.js";
import { nthExpiryAfter, WEEK } from "../lib/market/calendar.js";
import { toWad } from "../lib/market/payout.js";

const MAX = 2n ** 256n - 1n;

/** Gas of the core's everyday actions (issue 2's keys), each from the receipt of a real transaction. */
export async function measureCore(ethers: HardhatEthers): Promise<GasRow[]> {
  const [deployer, controller, alice, bob, carol] = await ethers.getSigners();
  const { market, marketAddress, resolver, protocolId, usdc } = await deployBenchMarket(ethers, deployer, controller);
  for (const user of [alice, bob, carol]) {
    await usdc.mint(user.address, 10n ** 15n);
    await usdc.connect(user).approve(marketAddress, MAX);
  }
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const expiry = nthExpiryAfter(now, 4);
  await market.createSeries(protocolId, await usdc.getAddress(), expiry);
  const createSeries = await gasOf(market.createSeries(protocolId, await usdc.getAddress(), expiry + WEEK));

  const id = await market.seriesIdOf(protocolId, await usdc.getAddress(), expiry);
  const [claimAddress] = await market.seriesTokens(id);
  const claim = await ethers.getContractAt("CoverToken", claimAddress);
  const amount = 1_000n * 10n ** 6n;
  await market.connect(alice).mint(id, amount, alice.address, alice.address);
  const mintNewHolder = await gasOf(market.connect(bob).mint(id, amount, bob.address, bob.address));
  const mintRepeat = await gasOf(market.connect(bob).mint(id, amount, bob.address, bob.address));
  const merge = await gasOf(market.connect(bob).merge(id, amount / 2n, bob.address));
  const transferClaim = await gasOf(claim.connect(bob).transfer(alice.address, amount / 10n));

  const incidentTime = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  await resolver.connect(controller).reportIncident(incidentTime, toWad("0.3"));
  const settleFirst = await gasOf(market.connect(carol).settle(id));
  const balanceClaim = await claim.balanceOf(bob.address);
  const redeemClaim = await gasOf(market.connect(bob).redeem(id, balanceClaim, 0n, bob.address));
  const [, noclaimAddress] = await market.seriesTokens(id);
  const noclaim = await ethers.getContractAt("CoverToken", noclaimAddress);
  const balanceNoclaim = await noclaim.balanceOf(bob.address);
  const redeemNoclaim = await gasOf(market.connect(bob).redeem(id, 0n, balanceNoclaim, bob.address));

  return [
    { key: "createSeries", gas: createSeries, target: 250_000, anchors: "Cover v1 ~2,700,000; CTF 52,000 (no tokens); OZ clones 387,000" },
    { key: "mintNewHolder", gas: mintNewHolder, target: 125_000, anchors: "Cover v1 162,000; CTF 130,000; OZ 109,000" },
    { key: "mintRepeat", gas: mintRepeat, target: 95_000, anchors: "Cover v1 128,000; CTF 96,000; OZ 75,000" },
    { key: "merge", gas: merge, target: 85_000, anchors: "Cover v1 136,000; CTF 93,000; OZ 73,000" },
    { key: "redeemClaim", gas: redeemClaim, target: 75_000, anchors: "Cover v1 117,000; CTF 69,000" },
    { key: "redeemNoclaim", gas: redeemNoclaim, target: 75_000, anchors: "Cover v1 101,000; CTF 69,000" },
    { key: "transferClaim", gas: transferClaim, target: 40_000, anchors: "Cover v1 39,600; CTF 39,500; OZ 34,500" },
    { key: "settleSeries", gas: settleFirst, note: "first use records a settlement (1 incident scanned); anyone may pay it" },
  ];
}
