import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { deployMarket } from "../lib/deploy/stack.js";
import { gasOf, type GasRow } from "./gasReport.js";
import { nthExpiryAfter } from "../lib/market/calendar.js";
import { toWad } from "../lib/market/payout.js";
import { PayoutRule } from "../lib/market/enums.js";
import { pushRounds, type ScriptedRound } from "../lib/feeds/mockFeed.js";

const MAX = 2n ** 256n - 1n;
const HOUR = 3600n;
const DAY = 24n * HOUR;

/**
 * Gas of the resolvers (issue 3's keys), each from the receipt of a real transaction: filing a claim, the
 * deciding vote (with the market's report), and proving a de-peg; deciding and proving are also measured
 * on a protocol with 100 series, to show that they cost the same.
 */
export async function measureResolvers(ethers: HardhatEthers): Promise<GasRow[]> {
  const [deployer, receiver, claimant, m1, m2, m3, m4, m5] = await ethers.getSigners();
  const market = await deployMarket(deployer, deployer.address);
  const marketAddress = await market.getAddress();
  const collaterals = [
    await ethers.deployContract("TestERC20", ["USDC", "USDC", 6]),
    await ethers.deployContract("TestERC20", ["USDT", "USDT", 6]),
  ];
  const now = async () => BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  /** Creates `count` series of a protocol over the collaterals and the next weekly expiries. */
  const createSeries = async (protocolId: bigint, count: number) => {
    const start = await now();
    for (let i = 0; i < count; i++) {
      const collateral = collaterals[i % collaterals.length];
      await market.createSeries(protocolId, await collateral.getAddress(), nthExpiryAfter(start, 1 + Math.floor(i / collaterals.length)));
    }
  };

  // ---------------------------------------------------------------- committee
  const committee = await ethers.deployContract("CommitteeResolver", [marketAddress]);
  const feeToken = await ethers.deployContract("TestERC20", ["Claim Fee", "CFEE", 18]);
  await feeToken.mint(claimant.address, 10n ** 24n);
  await feeToken.connect(claimant).approve(await committee.getAddress(), MAX);
  const members = [m1, m2, m3, m4, m5];
  const registerCommittee = async (ticker: string) => {
    await committee.registerProtocol({
      name: `Bench ${ticker}`,
      ticker,
      metadataURI: "ipfs://bench",
      claimWindow: 14n * DAY,
      filingWindow: DAY,
      votingPeriod: 3n * DAY,
      members: members.map((m) => m.address),
      threshold: 3,
      feeToken: await feeToken.getAddress(),
      baseFee: 10n ** 20n,
      feeCap: 10n ** 21n,
      deniedFeeReceiver: receiver.address,
    });
    return market.protocolCount();
  };
  const one = await registerCommittee("CONE");
  const hundred = await registerCommittee("CHUNDRED");
  await createSeries(one, 1);
  await createSeries(hundred, 100);

  /**
   * Files a claim and has m1..m5 vote on it (three accepting): m3's vote only counts, m5's closes voting (the
   * claim passes, at the median of the three); past its incident time + F anyone records it in the market.
   * With `late`, m5 votes past t + F instead, so that its vote closes voting and records in one transaction.
   * Returns the gas of filing, of the counting vote, of the closing vote and of the recording.
   */
  const fileAndDecide = async (protocolId: bigint, late = false) => {
    const incidentTime = await now();
    const claimId = await committee.connect(claimant).fileClaim.staticCall(protocolId, incidentTime, "ipfs://evidence", toWad("0.5"), ethers.MaxUint256);
    const file = await gasOf(committee.connect(claimant).fileClaim(protocolId, incidentTime, "ipfs://evidence", toWad("0.5"), ethers.MaxUint256));
    await committee.connect(m1).voteClaim(claimId, true, toWad("0.4"));
    await committee.connect(m2).voteClaim(claimId, true, toWad("0.6"));
    const count = await gasOf(committee.connect(m3).voteClaim(claimId, true, toWad("0.5")));
    await committee.connect(m4).voteClaim(claimId, false, 0n);
    if (late) await ethers.provider.send("evm_increaseTime", [Number(DAY)]);
    const vote = await gasOf(committee.connect(m5).voteClaim(claimId, false, 0n));
    if (!late) await ethers.provider.send("evm_increaseTime", [Number(DAY)]);
    const record = late ? 0 : await gasOf(committee.recordClaims(protocolId, 1));
    return { file, count, vote, record };
  };
  const committeeOne = await fileAndDecide(one);
  const committeeHundred = await fileAndDecide(hundred);
  const committeeAgain = await fileAndDecide(one);
  const committeeLate = await fileAndDecide(one, true);

  // ---------------------------------------------------------------- parametric
  const parametric = await ethers.deployContract("ParametricResolver", [marketAddress]);
  const feeds = [
    await ethers.deployContract("MockAggregatorV3", [8, "USDC / USD A"]),
    await ethers.deployContract("MockAggregatorV3", [8, "USDC / USD B"]),
    await ethers.deployContract("MockAggregatorV3", [8, "USDC / USD C"]),
  ];
  const minDuration = HOUR;
  const registerParametric = async (ticker: string) => {
    await parametric.registerProtocol({
      name: `Bench ${ticker}`,
      ticker,
      metadataURI: "ipfs://bench",
      claimWindow: 14n * DAY,
      feeds: await Promise.all(feeds.map(async (f) => ({ aggregator: await f.getAddress(), heartbeat: Number(DAY) }))),
      quorum: 2,
      threshold: toWad("0.98"),
      target: toWad("1"),
      minDuration: Number(minDuration),
      grace: Number(HOUR),
      payoutRule: PayoutRule.Depth,
      payoutCap: toWad("0.5"),
    });
    return market.protocolCount();
  };
  const pOne = await registerParametric("PONE");
  const pHundred = await registerParametric("PHUNDRED");
  const pExtra = await registerParametric("PEXTRA");
  await createSeries(pOne, 1);
  await createSeries(pHundred, 100);
  await createSeries(pExtra, 1);

  // Each feed: at the peg, then below from its start, then a round past start + minDuration. A and B
  // go below; C dips only after the incident time (T = B's start, when the second feed went below).
  const t0 = await now();
  const history: ScriptedRound[][] = [
    [["1.00", t0 + 50n], ["1.00", t0 + 100n], ["0.95", t0 + 200n], ["0.99", t0 + 200n + minDuration + 10n]],
    [["1.00", t0 + 100n], ["0.96", t0 + 300n], ["0.99", t0 + 300n + minDuration + 10n]],
    [["1.00", t0 + 100n], ["0.97", t0 + 400n], ["0.99", t0 + 400n + minDuration + 10n]],
  ];
  const ids: bigint[][] = [];
  for (let i = 0; i < feeds.length; i++) ids.push(await pushRounds(feeds[i], history[i]));
  await ethers.provider.send("evm_increaseTime", [Number(2n * HOUR)]);
  await ethers.provider.send("evm_mine", []);
  const incidentTime = t0 + 300n;
  const threeEach = [ids[0].slice(1), ids[1], ids[2]];
  const fourOnA = [ids[0], ids[1], ids[2]];
  const trigger = (protocolId: bigint, proof: bigint[][]) => parametric.triggerIncident(protocolId, incidentTime, 0b011, proof);
  const triggerOne = await gasOf(trigger(pOne, threeEach));
  const triggerHundred = await gasOf(trigger(pHundred, threeEach));
  const triggerFour = await gasOf(trigger(pExtra, fourOnA));
  // The decision, from t + L + P (L = minDuration + heartbeat + grace, P = PROOF_WINDOW): a second transaction.
  const decidableAt = incidentTime + minDuration + DAY + HOUR + (await parametric.PROOF_WINDOW());
  await ethers.provider.send("evm_setNextBlockTimestamp", [Number(decidableAt)]);
  await ethers.provider.send("evm_mine", []);
  const decideOne = await gasOf(parametric.decideIncidents(pOne));
  const decideHundred = await gasOf(parametric.decideIncidents(pHundred));

  return [
    { key: "fileClaim", gas: committeeOne.file, anchors: "Cover v1 207,500", note: "first claim of a protocol (fresh fee window and fee balance)" },
    { key: "fileClaimRepeat", gas: committeeAgain.file, note: "a later claim on the same protocol, fee doubled" },
    { key: "voteClaim", gas: committeeOne.vote, target: 120_000, anchors: "Cover v1 158,400 to decide", note: "the deciding vote: the 5th of 5 closes voting, the claim passes at the median of 3 accepting (recorded from t + F)" },
    { key: "recordClaim", gas: committeeOne.record, note: "recordClaims past t + F: the passed claim reported to the market, the fee refunded" },
    { key: "voteClaimRecording", gas: committeeLate.vote, note: "the closing vote cast past t + F: passes and records in one transaction (voteClaim + recordClaim)" },
    { key: "voteClaimCounted", gas: committeeOne.count, note: "a vote that only counts (the 3rd accepting of 5: voting goes on)" },
    { key: "voteClaim100Series", gas: committeeHundred.vote, note: "the deciding vote, on a protocol with 100 series" },
    { key: "recordClaim100Series", gas: committeeHundred.record, note: "the recording, on a protocol with 100 series" },
    { key: "triggerParametric", gas: triggerOne, target: 250_000, note: "the proof: 3 feeds x 3 rounds (mock feeds, a round one storage word as in OCR aggregators), filed with the market as a claim and queued" },
    { key: "triggerParametricPerRound", gas: triggerFour - triggerOne, note: "one more round on one feed" },
    { key: "triggerParametric100Series", gas: triggerHundred, note: "same proof, on a protocol with 100 series" },
    { key: "decideParametric", gas: decideOne, note: "the decision, a second transaction from t + L + P: decideIncidents, one pending proof accepted and recorded" },
    { key: "decideParametric100Series", gas: decideHundred, note: "same, on a protocol with 100 series" },
  ];
}
