import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { deployBenchMarket } from "./benchMarket.js";
import { gasOf, type GasRow } from "./gasReport.js";
import { deployPeriphery } from "../lib/deploy/stack.js";
import { deployUniswap } from "../lib/deploy/uniswap.js";
import { createdVault, deployVaultFactory } from "../lib/deploy/vault.js";
import { openPricedSeries } from "../lib/scenario/pricedSeries.js";
import { DAY, WEEK } from "../lib/market/calendar.js";
import { toWad } from "../lib/market/payout.js";

const MAX = 2n ** 256n - 1n;
const UNIT = 10n ** 6n;
/** W of the nine bench protocols: the shortest the market allows, so eight fit the 16-position bound. */
const SHORT_WINDOW = 3600n;
const TWAP_WINDOW = 1800n; // config/uniswap.json oracle.window

/**
 * Gas of the vault layer (issue 15's keys), each from the receipt of a real transaction against the real market,
 * router, risk oracle and Uniswap v3. Two vaults, tenor rule N = 1 week: "single" has one protocol (deposits,
 * underwriting and harvest are measured on it, with one position held); "eight" has eight protocols, each with a
 * position, for the in-kind exit; the two books share no protocol. Every series is priced: pools seeded, buffers grown, a window of history. The
 * measured depositor and the in-kind receiver are new holders; times are set explicitly.
 */
export async function measureVault(ethers: HardhatEthers): Promise<GasRow[]> {
  const [deployer, controller, lp, trader, alice, bob, carol] = await ethers.getSigners();
  const provider = ethers.provider;
  const latest = BigInt((await provider.getBlock("latest"))!.timestamp);
  const T0 = (latest / WEEK + 2n) * WEEK + 4n * DAY; // a Monday 00:00 UTC
  await provider.send("evm_setNextBlockTimestamp", [Number(T0)]);
  await provider.send("evm_mine", []);

  const { market, marketAddress, usdc } = await deployBenchMarket(ethers, deployer, controller);
  const collateral = await usdc.getAddress();
  const periphery = await deployPeriphery(deployer, marketAddress, await deployUniswap(deployer));
  const { router, riskOracle, pools, tickSpacing } = periphery;
  const { vaultFactory } = await deployVaultFactory(deployer, marketAddress, await router.getAddress(), await riskOracle.getAddress());

  const protocolIds: bigint[] = [];
  for (let i = 0; i < 9; i++) {
    const resolver = await ethers.deployContract(
      "TestResolver", [marketAddress, `Bench Vault ${i}`, `BV${i}`, `ipfs://bench-vault-${i}`, SHORT_WINDOW], controller,
    );
    protocolIds.push(await resolver.protocolId());
  }
  const base = {
    collateral, curator: deployer.address, tenorWeeks: 1, noticePeriod: TWAP_WINDOW + SHORT_WINDOW,
    spotTolerance: toWad("0.05"), windowFraction: toWad("0.25"), maxImpact: toWad("0.03"),
  };
  const singleId = protocolIds.pop()!; // its own series, so that the eight-protocol vault's sales do not move its pools
  const single = await ethers.getContractAt("CoverVault", await createdVault(vaultFactory, await vaultFactory.createVault({
    ...base, name: "Bench Vault 1", symbol: "bv1", protocols: [{ protocolId: singleId, cap: toWad("0.5"), minRate: toWad("0.01") }],
  })));
  const eight = await ethers.getContractAt("CoverVault", await createdVault(vaultFactory, await vaultFactory.createVault({
    ...base, name: "Bench Vault 8", symbol: "bv8",
    protocols: protocolIds.map((protocolId) => ({ protocolId, cap: toWad("0.125"), minRate: toWad("0.01") })),
  })));
  for (const user of [lp, trader, alice, bob, carol]) {
    await usdc.mint(user.address, 10n ** 15n);
    for (const spender of [marketAddress, await router.getAddress(), await single.getAddress(), await eight.getAddress()]) {
      await usdc.connect(user).approve(spender, MAX);
    }
  }

  const start = T0 + DAY;
  const expiry = await single.tenorExpiry(start);
  const deadline = T0 + 365n * DAY;
  const series = [];
  for (const protocolId of [singleId, ...protocolIds]) {
    series.push(await openPricedSeries({
      market, pools, router, protocolId, collateral, expiry, risk: toWad("0.05"), lp, trader,
      liquidity: 100_000n * UNIT, trade: 100n * UNIT, tickSpacing, deadline,
    }));
  }
  let t = start;
  const at = async (time: bigint) => provider.send("evm_setNextBlockTimestamp", [Number(time)]);

  await at(t += 1n);
  await single.connect(alice).deposit(10_000n * UNIT, alice.address);
  await at(t += 1n);
  await eight.connect(alice).deposit(40_000n * UNIT, alice.address);
  await at(t += 1n);
  const vaultUnderwrite = await gasOf(single.underwrite(singleId));
  for (const protocolId of protocolIds) {
    await at(t += 1n);
    await eight.underwrite(protocolId);
  }
  await at(t += 1n);
  const vaultDeposit = await gasOf(single.connect(bob).deposit(1_000n * UNIT, bob.address));
  await at(t += 1n);
  const vaultRedeemInKind8 = await gasOf(eight.connect(alice).redeemInKind((await eight.balanceOf(alice.address)) / 2n, carol.address));
  const positions = (await eight.positions())[0].length;
  if (positions !== 8) throw new Error(`bench: the eight-protocol vault holds ${positions} positions, not 8`);
  await at(expiry + SHORT_WINDOW);
  const vaultHarvest = await gasOf(single.harvest(series[0].id));

  return [
    { key: "vaultDeposit", gas: vaultDeposit, target: 120_000, note: "new holder; one protocol, one live position (gate and high mark read)" },
    { key: "vaultRedeemInKind8", gas: vaultRedeemInKind8, target: 400_000, note: "half of a holder's shares, eight positions and idle to a new receiver" },
    { key: "vaultUnderwrite", gas: vaultUnderwrite, target: 350_000, note: "first position of the tenor series: guards, mint, CLAIM sold through the router" },
    { key: "vaultHarvest", gas: vaultHarvest, target: 150_000, note: "series settled by time, NOCLAIM redeemed at 1, position closed" },
  ];
}
