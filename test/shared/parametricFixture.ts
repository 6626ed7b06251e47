import { ethers, networkHelpers } from "./connection.js";
import { nthExpiryAfter } from "../../scripts/lib/market/calendar.js";
import { deployMarket } from "../../scripts/lib/deploy/stack.js";
import { toWad } from "../../scripts/lib/market/payout.js";
import { MAX_UINT, seriesHandle } from "./marketFixture.js";
import { pushRounds } from "../../scripts/lib/feeds/mockFeed.js";

export const HOUR = 3600n;
export const DAY = 24n * HOUR;
/** The fixture protocol's trigger settings. */
export const MIN_DURATION = HOUR;
export const HEARTBEAT = DAY;
export const GRACE = HOUR;
export const MAX_GAP = HEARTBEAT + GRACE;
export const PARAMETRIC_CLAIM_WINDOW = 14n * DAY;
/** L = minDuration + the longest heartbeat + grace: a proof of t covers [t - 1, t + L]. */
export const LAG = MIN_DURATION + HEARTBEAT + GRACE;
/** P, the resolver's PROOF_WINDOW: a proof of t lands before t + L + P and is decided from then. */
export const PROOF_WINDOW = DAY;
export const PAYOUT_FULL = 0;
export const PAYOUT_DEPTH = 1;

/**
 * The parametric layer: a market, a parametric resolver hosting one protocol over three 8-decimal mock
 * USD feeds (quorum 2, threshold 0.98, target 1, minimum duration 1 hour, heartbeat 1 day, grace 1 hour,
 * payout by depth capped at 0.5), one USDC series of it that a holder minted into, and `t0`, the
 * registration time, from which the tests script the feeds' histories.
 */
export async function parametricFixture() {
  const [deployer, guardian, holder, alice, bob] = await ethers.getSigners();
  const market = await deployMarket(deployer, guardian.address);
  const marketAddress = await market.getAddress();
  const resolver = await ethers.deployContract("ParametricResolver", [marketAddress]);
  const feeds = [];
  for (const name of ["A", "B", "C"]) feeds.push(await ethers.deployContract("MockAggregatorV3", [8, `USDC / USD (${name})`]));
  const feedAddresses = await Promise.all(feeds.map((f) => f.getAddress()));

  const registration = {
    name: "USDC peg",
    ticker: "USDCPEG",
    metadataURI: "ipfs://terms/usdc-peg",
    claimWindow: PARAMETRIC_CLAIM_WINDOW,
    feeds: feedAddresses.map((aggregator) => ({ aggregator, heartbeat: HEARTBEAT })),
    quorum: 2,
    threshold: toWad("0.98"),
    target: toWad("1"),
    minDuration: MIN_DURATION,
    grace: GRACE,
    payoutRule: PAYOUT_DEPTH,
    payoutCap: toWad("0.5"),
  };
  await resolver.registerProtocol(registration);
  const protocolId = await market.protocolCount();
  const t0 = (await market.protocol(protocolId)).registeredAt;

  const usdc = await ethers.deployContract("TestERC20", ["Test USD Coin", "USDC", 6]);
  const usdcAddress = await usdc.getAddress();
  await usdc.mint(holder.address, 10n ** 15n);
  await usdc.connect(holder).approve(marketAddress, MAX_UINT);
  const expiry = nthExpiryAfter(t0, 4);
  await market.createSeries(protocolId, usdcAddress, expiry);
  const series = await seriesHandle(market, protocolId, usdcAddress, expiry);
  const minted = 1_000n * 10n ** 6n;
  await market.connect(holder).mint(series.id, minted, holder.address, holder.address);

  return { market, resolver, feeds, feedAddresses, registration, protocolId, t0, usdc, series, expiry, minted, deployer, holder, alice, bob };
}

export type ParametricFixture = Awaited<ReturnType<typeof parametricFixture>>;

/**
 * The reference de-peg, relative to t0: A goes below at +1000 (0.95, then 0.96 from +2800, back at
 * +5000), B at +2000 (0.97, back at +6000), C stays at the peg. The second feed went below at +2000:
 * that is the incident time. Depths over each window of 1 hour: A 0.045, B 0.03; the payout is the lower
 * median of (0.045, 0.03, 0), 0.03. Moves the chain to +7200.
 */
export async function referenceDepeg(f: ParametricFixture) {
  const { t0 } = f;
  const a = await pushRounds(f.feeds[0], [["1.00", t0 + 10n], ["0.95", t0 + 1000n], ["0.96", t0 + 2800n], ["1.00", t0 + 5000n]]);
  const b = await pushRounds(f.feeds[1], [["1.00", t0 + 10n], ["0.97", t0 + 2000n], ["1.00", t0 + 6000n]]);
  const c = await pushRounds(f.feeds[2], [["1.00", t0 + 10n], ["1.00", t0 + 7000n]]);
  await networkHelpers.time.increaseTo(t0 + 7200n);
  return {
    incidentTime: t0 + 2000n,
    proof: [a, b, c],
    counted: 0b011n,
    ids: { a, b, c },
    depths: [toWad("0.045"), toWad("0.03"), 0n],
    payout: toWad("0.03"),
  };
}

/** Moves the chain to t + L + P (the fixture protocol's) and decides every pending proof due by then. */
export async function decideAt(f: ParametricFixture, incidentTime: bigint, protocolId = f.protocolId) {
  const at = incidentTime + LAG + PROOF_WINDOW;
  if (BigInt(await networkHelpers.time.latest()) < at) await networkHelpers.time.setNextBlockTimestamp(at);
  return f.resolver.decideIncidents(protocolId);
}
