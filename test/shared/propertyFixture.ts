import { ethers, networkHelpers } from "./connection.js";
import { CLAIM_WINDOW, marketFixture } from "./marketFixture.js";
import { deployResolver } from "./deployResolver.js";
import { DAY, WEEK, firstExpiryAfter } from "../../scripts/lib/market/calendar.js";
import { seriesTokenAddresses } from "../../scripts/lib/market/series.js";

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
}

/**
 * The core's fixture widened for the solvency property test: two protocols (W = 14 days and 3 days),
 * both collaterals (6 and 18 decimals), two expiries a week apart, and series created at two different
 * times, plus a fifth series (protocol A, DAI, second expiry) that only exists once a sequence creates it.
 * The clock is first moved to a fixed point of the weekly calendar (a Monday, 00:00 UTC), so that a seed
 * replays the same sequence against the same calendar position on any day.
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
    return { id, label, protocol, collateral, expiry, claim, noclaim };
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
  return { ...base, protocols, series, lateSeries: series.length - 1 };
}

export type PropertyFixture = Awaited<ReturnType<typeof propertyFixture>>;
