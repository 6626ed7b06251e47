import { ethers, networkHelpers } from "./connection.js";
import { nthExpiryAfter } from "../../scripts/lib/market/calendar.js";
import { deployMarket } from "../../scripts/lib/deploy/stack.js";
import { MAX_UINT, seriesHandle } from "./marketFixture.js";

/** Claim window W of the committee fixture's protocol, in seconds. */
export const COMMITTEE_CLAIM_WINDOW = 14n * 24n * 3600n;
/** Fee of the first claim of an escalation window, and the cap, in fee token units (18 decimals). */
export const BASE_FEE = 100n * 10n ** 18n;
export const FEE_CAP = 1_000n * 10n ** 18n;
/** The fixture protocol's filing window F and voting period V, in seconds (F + V + 1 day <= D = 7 days). */
export const FILING_WINDOW = 2n * 24n * 3600n;
export const VOTING_PERIOD = 3n * 24n * 3600n;
/** Members in the fixture's first committee, and the votes (M) that decide. */
export const COMMITTEE_SIZE = 5;
export const COMMITTEE_THRESHOLD = 3;

/** A committee resolver registration, as the contract's Registration struct, with the fixture's defaults. */
export function committeeRegistration(overrides: Partial<CommitteeRegistration> & Pick<CommitteeRegistration, "members" | "feeToken" | "deniedFeeReceiver">): CommitteeRegistration {
  return {
    name: "Committee Lending v1",
    ticker: "CLEND",
    metadataURI: "ipfs://terms/committee-lending",
    claimWindow: COMMITTEE_CLAIM_WINDOW,
    filingWindow: FILING_WINDOW,
    votingPeriod: VOTING_PERIOD,
    threshold: COMMITTEE_THRESHOLD,
    baseFee: BASE_FEE,
    feeCap: FEE_CAP,
    ...overrides,
  };
}

export interface CommitteeRegistration {
  name: string;
  ticker: string;
  metadataURI: string;
  claimWindow: bigint;
  filingWindow: bigint;
  votingPeriod: bigint;
  members: string[];
  threshold: number;
  feeToken: string;
  baseFee: bigint;
  feeCap: bigint;
  deniedFeeReceiver: string;
}

/**
 * The committee layer: a market, a committee resolver hosting one protocol (5 members, M = 3, fees in an
 * 18-decimal token), a receiver of denied fees, claimants funded with fee tokens who approved the
 * resolver, and one USDC series of the protocol that two holders minted into.
 */
export async function committeeFixture() {
  const signers = await ethers.getSigners();
  const [deployer, guardian, receiver] = signers;
  const members = signers.slice(3, 3 + COMMITTEE_SIZE);
  const [claimant, otherClaimant, holder, outsider, newMember] = signers.slice(3 + COMMITTEE_SIZE);

  const market = await deployMarket(deployer, guardian.address);
  const marketAddress = await market.getAddress();
  const resolver = await ethers.deployContract("CommitteeResolver", [marketAddress]);
  const resolverAddress = await resolver.getAddress();
  const feeToken = await ethers.deployContract("TestERC20", ["Claim Fee Token", "CFEE", 18]);
  for (const account of [claimant, otherClaimant, holder]) {
    await feeToken.mint(account.address, 10n ** 24n);
    await feeToken.connect(account).approve(resolverAddress, MAX_UINT);
  }

  const registration = committeeRegistration({
    members: members.map((m) => m.address),
    feeToken: await feeToken.getAddress(),
    deniedFeeReceiver: receiver.address,
  });
  await resolver.registerProtocol(registration);
  const protocolId = await market.protocolCount();

  const usdc = await ethers.deployContract("TestERC20", ["Test USD Coin", "USDC", 6]);
  const usdcAddress = await usdc.getAddress();
  for (const account of [holder, claimant]) {
    await usdc.mint(account.address, 10n ** 15n);
    await usdc.connect(account).approve(marketAddress, MAX_UINT);
  }
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const expiry = nthExpiryAfter(now, 4);
  await market.createSeries(protocolId, usdcAddress, expiry);
  const series = await seriesHandle(market, protocolId, usdcAddress, expiry);
  const minted = 1_000n * 10n ** 6n;
  await market.connect(holder).mint(series.id, minted, holder.address, holder.address);
  await networkHelpers.time.increase(3600); // so that incidents "a minute ago" follow the registration

  return {
    market,
    resolver,
    feeToken,
    usdc,
    protocolId,
    registration,
    series,
    expiry,
    minted,
    deployer,
    guardian,
    receiver,
    members,
    claimant,
    otherClaimant,
    holder,
    outsider,
    newMember,
  };
}

export type CommitteeFixture = Awaited<ReturnType<typeof committeeFixture>>;
