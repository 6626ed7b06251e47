/**
 * `cover claim file|vote|list|close` and `cover trigger` against the shared local market (cliFixture.ts, three-day scenario: the bridge's
 * claim accepted, the USD peg's de-peg proven by the scenario through the same proof finder). Committee members
 * vote with their hardhat keys (COVER_PRIVATE_KEY); the test de-pegs the mock feeds itself, across a phase change
 * too. Writes are checked on chain (claim records, incidents in the market, fee balances); refusals by exit code,
 * message and that nothing was sent.
 */
import { expect } from "chai";
import { getAddress, HDNodeWallet, parseUnits } from "ethers";
import { MockAggregatorV3__factory } from "../../scripts/lib/chain/contracts.js";
import { answer, pushRounds, type ScriptedRound } from "../../scripts/lib/feeds/mockFeed.js";
import { cover, coverJson, sharedCliMarket, type CliMarket } from "./cliFixture.js";
import { refusedWithoutSending as refusedBy } from "./refused.js";

const MNEMONIC = "test test test test test test test test test test test junk";
const WAD = 10n ** 18n;
const HOUR = 3600n;
const DAY = 24n * HOUR;
const ROUND = 1n << 64n; // phase 1, round 0
const iso = (t: bigint | number) => new Date(Number(t) * 1000).toISOString().replace(".000Z", "Z");

describe("cover CLI: claims and triggers", function () {
  this.timeout(300_000);
  let m: CliMarket;
  let me: string;
  let dai: any;
  let lend: { id: number };
  let peg: { id: number };
  let memberEnv: Record<string, string>[] = [];
  let feeds: any[];
  let claimId: number;
  let incidentTime: bigint;

  before(async function () {
    m = await sharedCliMarket();
    me = getAddress((await m.provider.send("eth_accounts", []))[0]);
    dai = m.stack.contracts.collaterals.DAI;
    await (await dai.mint(me, parseUnits("1000", 18))).wait();
    lend = m.deployment.protocols.find((p) => p.ticker === "DEMOLEND")!;
    peg = m.deployment.protocols.find((p) => p.ticker === "DEMOUSDPEG")!;
    // The committee's members are hardhat accounts: their keys come from hardhat's default mnemonic.
    const keys = new Map<string, string>();
    for (let i = 0; i < 20; i++) {
      const w = HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);
      keys.set(w.address.toLowerCase(), w.privateKey);
    }
    const [members] = await m.stack.contracts.committee.committee(lend.id, 1);
    memberEnv = members.map((a: string) => ({ COVER_PRIVATE_KEY: keys.get(a.toLowerCase())! }));
    const signer = await m.provider.getSigner(0);
    feeds = (await m.stack.contracts.parametric.feeds(peg.id)).map((f) => MockAggregatorV3__factory.connect(f.aggregator, signer));
  });

  const now = async () => BigInt((await m.provider.getBlock("latest"))!.timestamp);
  const advance = async (seconds: bigint) => {
    await m.provider.send("evm_increaseTime", [Number(seconds)]);
    await m.provider.send("evm_mine", []);
  };
  const daiOf = (who: string) => dai.balanceOf(who) as Promise<bigint>;
  /** Pushes rounds [price, seconds after t] to feed i. */
  const push = (i: number, t: bigint, rounds: [string, bigint][]) => pushRounds(feeds[i], rounds.map(([p, dt]) => [p, t + dt] as ScriptedRound));

  /** Runs cover and checks the exit code, the message on stderr, and that no transaction was sent. */
  const refused = (args: string[], code: number, message: RegExp, env: Record<string, string> = {}) => refusedBy(m, args, code, message, { env, account: me });

  it("--help of claim file|vote|list|close and trigger shows examples", async function () {
    for (const c of [["claim", "file"], ["claim", "vote"], ["claim", "list"], ["claim", "close"], ["trigger"]]) {
      const help = await cover(m, [...c, "--help"]);
      expect(help.code, c.join(" ")).to.equal(0);
      expect(help.stdout, c.join(" ")).to.match(/Examples:\n\s+\$ cover /);
    }
  });

  it("the scenario proved its de-peg with the rounds the proof finder found (the same proof it used to hard-code)", async function () {
    const { parametric } = m.stack.contracts;
    const [triggered] = (await parametric.queryFilter(parametric.filters.IncidentTriggered(peg.id))) as any[];
    expect(Number(triggered.args.incidentTime)).to.equal(m.scenario.depeg!.incidentTime);
    expect(triggered.args.payout).to.equal(3n * 10n ** 16n);
    expect(triggered.args.countedFeeds).to.equal(0b011n);
    const proven = (await parametric.queryFilter(parametric.filters.FeedProven(peg.id))) as any[];
    expect(proven.map((e) => [e.args.firstRoundId, e.args.lastRoundId])).to.deep.equal([[ROUND + 1n, ROUND + 4n], [ROUND + 1n, ROUND + 3n], [ROUND + 1n, ROUND + 2n]]);
    // The incident time is feed B's first round below (its round 2), the second feed to go below.
    expect((await feeds[1].getRoundData(ROUND + 2n))[3]).to.equal(triggered.args.incidentTime); // [3]: updatedAt
    // Filed as a claim, then decided at t + L + P: the market recorded the incident at the proven payout.
    const [decided] = (await parametric.queryFilter(parametric.filters.IncidentDecided(peg.id))) as any[];
    expect([decided.args.incidentTime, decided.args.claimId, decided.args.accepted]).to.deep.equal([triggered.args.incidentTime, triggered.args.claimId, true]);
    expect(decided.blockNumber).to.be.greaterThan(triggered.blockNumber);
    const incident = await m.stack.contracts.market.incident(peg.id, decided.args.incidentIndex);
    expect([incident.incidentTime, incident.payout, incident.claimId]).to.deep.equal([triggered.args.incidentTime, 3n * 10n ** 16n, triggered.args.claimId]);
  });

  it("claim file: refused without an allowance; with --approve pays the fee, and the claim on chain is what was given", async function () {
    incidentTime = (await now()) - HOUR;
    const args = ["claim", "file", "DEMOLEND", "--incident-time", iso(incidentTime), "--evidence", "ipfs://exploit-report", "--payout", "40%"];
    await refused(args, 2, /DAI allowance of 0x[0-9a-fA-F]{40} is 0, 100 DAI needed: rerun with --approve to approve exactly that first; nothing was sent/);
    const before = await daiOf(me);
    const out = await coverJson(m, [...args, "--approve"]);
    claimId = out.claimId;
    expect(await daiOf(me)).to.equal(before - 100n * WAD);
    expect([out.fee, out.maxFee, out.nextFee, out.feeCap, out.balances.DAI]).to.deep.equal(["100", "100", "200", "1000", "900"]);
    expect([out.feeToken, out.feeDecimals, typeof out.feeWindowEnd, typeof out.approval.gasUsed]).to.deep.equal(["DAI", 18, "number", "number"]);
    const { committee, market } = m.stack.contracts;
    const c = await committee.claim(claimId);
    expect([c.claimant, Number(c.protocolId), c.requestedPayout, c.fee, Number(c.status)]).to.deep.equal([me, lend.id, 4n * 10n ** 17n, 100n * WAD, 1]);
    expect((await market.claim(claimId)).incidentTime).to.equal(incidentTime);
    const [filed] = (await committee.queryFilter(committee.filters.ClaimFiled(claimId))) as any[];
    expect(filed.args.evidenceURI).to.equal("ipfs://exploit-report");
    expect(out.deadline).to.equal(Number(filed.args.deadline));
    const receipt = (await m.provider.getTransactionReceipt(out.hash))!;
    expect(receipt.status).to.equal(1);
    expect(out.gasUsed).to.equal(Number(receipt.gasUsed));
  });

  it("claim vote: all members vote, it passes at the lower median of the accepting votes; claim record puts it in the market at t + F and refunds the fee", async function () {
    await refused(["claim", "vote", String(claimId), "accept"], 2, new RegExp(`you \\(${me}\\) were not a member of DEMOLEND's committee \\(epoch 1\\) when claim ${claimId} was filed, so you cannot vote on it; its voters: 0x`));
    const first = await coverJson(m, ["claim", "vote", String(claimId), "accept", "--payout", "0.3"], memberEnv[0]);
    expect([first.claim.status, first.claim.accepts, first.claim.decided]).to.deep.equal(["open", 1, null]);
    await refused(["claim", "vote", String(claimId), "deny"], 1, new RegExp(`have voted on claim ${claimId} already: each voter votes once; nothing was sent`), memberEnv[0]);
    const { committee, market } = m.stack.contracts;
    const incidentsBefore = Number((await market.protocol(lend.id)).incidentCount);
    await coverJson(m, ["claim", "vote", String(claimId), "accept", "--payout", "50%"], memberEnv[1]);
    const third = await coverJson(m, ["claim", "vote", String(claimId), "accept"], memberEnv[2]); // the requested 0.4
    expect(third.payout).to.equal("0.4");
    expect([third.claim.status, third.claim.accepts]).to.deep.equal(["open", 3]); // M reached, but voting goes on
    await coverJson(m, ["claim", "vote", String(claimId), "deny"], memberEnv[3]);
    const last = await cover(m, ["claim", "vote", String(claimId), "deny"], memberEnv[4]);
    expect(last.code, last.stderr).to.equal(0);
    const recordableAt = Number(incidentTime + DAY); // the demo protocols' filing window F is a day
    expect(last.stdout).to.include(`claim ${claimId}: PASSED at a payout of 40.00% (lower median of all accepting votes); it is recorded in the market from ${iso(recordableAt)}`);
    expect(Number((await committee.claim(claimId)).status)).to.equal(5);
    expect(Number((await market.protocol(lend.id)).incidentCount)).to.equal(incidentsBefore);
    await refused(["claim", "vote", String(claimId), "deny"], 1, new RegExp(`claim ${claimId} is passed already: voting on it closed, there is nothing to vote on`), memberEnv[3]);

    await advance(DAY);
    const before = await daiOf(me);
    const recorded = await coverJson(m, ["claim", "record", "DEMOLEND"]);
    expect(recorded.decided).to.deep.equal([{ claimId, outcome: "accepted", payout: "0.4" }]);
    expect(recorded.incidents).to.deep.equal([{ index: incidentsBefore, claimId, incidentTime: Number(incidentTime), payout: "0.4" }]);
    const c = await committee.claim(claimId);
    expect([Number(c.status), Number(c.accepts), Number(c.denials)]).to.deep.equal([2, 3, 2]);
    const incident = await market.incident(lend.id, incidentsBefore);
    expect([incident.incidentTime, incident.payout, Number(incident.claimId)]).to.deep.equal([incidentTime, 4n * 10n ** 17n, claimId]);
    expect(await daiOf(me)).to.equal(before + 100n * WAD);
    await refused(["claim", "record", "DEMOLEND"], 1, /DEMOLEND has no claim waiting: every claim filed on it is decided; nothing was sent/);
  });

  it("claim list: every claim with its votes, deadline and requested payout, as the chain has them; filters", async function () {
    const { committee } = m.stack.contracts;
    const rows = await coverJson(m, ["claim", "list"]);
    const filed = (await committee.queryFilter(committee.filters.ClaimFiled())) as any[];
    expect(rows.map((r: any) => r.id)).to.deep.equal(filed.map((e) => Number(e.args.claimId)));
    for (const row of rows) {
      const c = await committee.claim(row.id);
      expect(row.status).to.equal(["none", "open", "accepted", "denied", "expired", "passed", "capreached"][Number(c.status)]);
      expect([row.accepts, row.denials, row.threshold, row.size]).to.deep.equal([Number(c.accepts), Number(c.denials), Number(c.threshold), Number(c.size)]);
      expect(parseUnits(row.requestedPayout, 18)).to.equal(c.requestedPayout);
      expect(row.deadline).to.equal(Number(c.filedAt + 7n * DAY));
      expect(row.votingClosesAt).to.equal(Number(c.filedAt + 3n * DAY));
      const votes = (await committee.queryFilter(committee.filters.ClaimVoted(row.id))) as any[];
      expect(row.votes.map((v: any) => [v.voter, v.accepted, parseUnits(v.payout, 18)])).to.deep.equal(votes.map((v) => [v.args.voter, v.args.accepted, v.args.payout]));
    }
    const mine = rows.find((r: any) => r.id === claimId);
    expect(mine.votes.map((v: any) => v.payout)).to.deep.equal(["0.3", "0.5", "0.4", "0", "0"]);
    expect(mine.payout).to.equal("0.4");
    const bridge = await coverJson(m, ["claim", "list", "--protocol", "DEMOBRIDGE", "--status", "accepted"]);
    expect(bridge.map((r: any) => r.id)).to.deep.equal([Number(m.scenario.exploit!.claimId)]);
    expect(await coverJson(m, ["claim", "list", "--status", "open"])).to.deep.equal([]);
    const text = await cover(m, ["claim", "list", "--protocol", String(lend.id)]);
    expect(text.code).to.equal(0);
    expect(text.stdout).to.match(new RegExp(`${claimId}\\s+DEMOLEND\\s+accepted at 40\\.00%\\s+3 accept, 2 deny; 3 of 5 pass it\\s+40\\.00%\\s+40\\.00%`));
  });

  it("bad input: malformed times and payouts, wrong protocols and claims, all refused before anything is sent", async function () {
    const file = (time: string, payout: string, protocol = "DEMOLEND") => ["claim", "file", protocol, "--incident-time", time, "--evidence", "ipfs://x", "--payout", payout, "--approve"];
    const ok = iso((await now()) - HOUR);
    await refused(file("yesterday", "40%"), 2, /--incident-time must be an ISO date-time such as 2026-03-01T12:00:00Z or Unix seconds, got "yesterday"/);
    await refused(file("2026-03-01T12:00", "40%"), 2, /has no time zone: add Z \(UTC\) or an offset/);
    await refused(file("2026-02-30T12:00:00Z", "40%"), 2, /is not a valid date-time/);
    await refused(file(iso((await now()) + DAY), "40%"), 2, /--incident-time .* is in the future \(chain time/);
    await refused(file(iso((await now()) - 2n * DAY), "40%"), 2, /--incident-time .* is too long ago: claims on DEMOLEND must be filed within 1 d of the incident, by .* here \(chain time/);
    await refused(file("2020-01-01T00:00:00Z", "40%"), 2, /is before DEMOLEND was registered/);
    await refused(file(ok, "150%"), 2, /--payout must be at most 1 \(100%\), got "150%"/);
    await refused(file(ok, "abc"), 2, /--payout must be a fraction such as 0\.4 or a percentage such as 40%/);
    await refused(file(ok, "0"), 2, /--payout must be more than zero/);
    await refused([...file(ok, "40%"), "--max-fee", "0.5"], 2, /the claim fee on DEMOLEND is [\d.]+ DAI now, above --max-fee 0\.5 DAI; nothing was sent/);
    await refused([...file(ok, "40%"), "--max-fee", "lots"], 2, /--max-fee must be a plain decimal number such as 100 or 12\.5, got "lots"/);
    await refused(file(ok, "40%", "NOPE"), 2, /unknown protocol "NOPE": no protocol with ticker NOPE on the curated list/);
    await refused(file(ok, "40%", "DEMOUSDPEG"), 2, /DEMOUSDPEG \(protocol \d+\) is parametric: its incidents are proven from its feeds with `cover trigger DEMOUSDPEG`/);
    await refused(["claim", "file", "DEMOLEND", "--incident-time", ok, "--payout", "0.4"], 2, /required option '--evidence <uri>' not specified/);
    await refused(["claim", "vote", "abc", "accept"], 2, /"abc" is not a claim id/);
    await refused(["claim", "vote", String(claimId), "maybe"], 2, /the vote must be accept or deny, got "maybe"/);
    await refused(["claim", "vote", String(claimId), "deny", "--payout", "0.5"], 2, /--payout goes with accept only/);
    await refused(["claim", "vote", "999", "accept"], 2, /unknown claim 999/);
    await refused(["claim", "close", "999"], 2, /unknown claim 999/);
    await refused(["claim", "list", "--status", "pending"], 2, /--status must be one of open, accepted, denied, expired/);
    await refused(["trigger", "DEMOLEND"], 2, /DEMOLEND \(protocol \d+\) is decided by its committee, not by feeds: file a claim with `cover claim file DEMOLEND/);
    await refused(["trigger", "NOPE"], 2, /unknown protocol "NOPE"/);
    await refused(["trigger", "99"], 2, /unknown protocol 99: protocol ids on localhost run from 1 to 4/);
    await refused(["trigger", "DEMOUSDPEG", "--at", "soon"], 2, /--at must be an ISO date-time/);
    await refused(["trigger", "DEMOUSDPEG", "--at", iso((await now()) + DAY)], 2, /--at .* is in the future/);
    await refused(["trigger", "DEMOUSDPEG", "--rounds-per-tx", "0"], 2, /--rounds-per-tx must be a whole number of rounds, 1 or more/);
  });

  it("trigger refuses, saying why, while no de-peg qualifies: none below, too short, quorum not reached, under way", async function () {
    await refused(["trigger", "DEMOUSDPEG"], 1, /no de-peg of DEMOUSDPEG to prove: no feed went below the threshold 0\.98 since .*; nothing was sent/);
    let t = await now();
    await push(0, t, [["0.95", 10n], ["1.00", 900n]]);
    await advance(1000n);
    const short = await refused(["trigger", "DEMOUSDPEG"], 1, /no feed stayed below 0\.98 for the minimum duration \(1 h\)/);
    expect(short.stderr).to.include(`feed 0: below from ${iso(t + 10n)} (round 1:5), back at ${iso(t + 900n)} after 14 min 50 s; not long enough`);
    t = await now();
    await push(0, t, [["0.97", 10n], ["1.00", 7210n]]);
    await advance(7300n);
    await refused(["trigger", "DEMOUSDPEG"], 1, /quorum not reached: 2 of 3 feeds must be below 0\.98 together for the minimum duration, at most 1 were/);
    t = await now();
    await push(0, t, [["0.96", 10n]]);
    await push(1, t, [["0.94", 610n]]);
    await advance(1200n);
    await refused(["trigger", "DEMOUSDPEG"], 1, new RegExp(`below 0\\.98 now, but not yet for the minimum duration: the earliest window ends at ${iso(t + 10n + HOUR)}`));
  });

  it("trigger finds the de-peg, says what it found and when it is decided; --decide then records the incident at the printed time and payout", async function () {
    // Feed 0 at 0.96 since t + 10 and feed 1 at 0.94 since t + 610 (the previous test), both still below.
    const t = BigInt((await feeds[0].latestRoundData())[3]) - 10n; // [3]: updatedAt
    await advance(HOUR);
    // Feed 1's latestRoundData reverts while its rounds still read: it is not optional, and the proof finder walks
    // it from its history (the last round of its last phase) to the same proof.
    await (await feeds[1].setLatestBroken(true)).wait();
    const out = await coverJson(m, ["trigger", "DEMOUSDPEG"]);
    await (await feeds[1].setLatestBroken(false)).wait();
    expect(out.incidentTime).to.equal(Number(t + 610n)); // the second feed's start: quorum 2
    expect(out.payout).to.equal("0.04"); // lower median of the depths 0.04, 0.06 and 0
    expect(out.feeds.map((f: any) => [f.counted, f.start, f.depth])).to.deep.equal([[true, Number(t + 10n), "0.04"], [true, Number(t + 610n), "0.06"], [false, null, null]]);
    expect(out.checkpoints).to.deep.equal([]);
    const { market, parametric } = m.stack.contracts;
    const [triggered] = (await parametric.queryFilter(parametric.filters.IncidentTriggered(peg.id, out.incidentTime))) as any[];
    expect(triggered.transactionHash).to.equal(out.hash);
    expect(triggered.args.countedFeeds).to.equal(0b011n);
    expect(out.gasUsed).to.equal(Number((await m.provider.getTransactionReceipt(out.hash))!.gasUsed));
    // Filed as a claim, decided from t + L + P (L = 1 h + 1 d + 1 h, P = 1 d).
    const decideFrom = BigInt(out.incidentTime) + HOUR + DAY + HOUR + DAY;
    expect([out.incident.incidentTime, out.incident.decidableAt]).to.deep.equal([out.incidentTime, Number(decideFrom)]);
    expect((await market.claim(out.incident.claimId)).incidentTime).to.equal(BigInt(out.incidentTime));
    await refused(["trigger", "DEMOUSDPEG"], 1, /not recovered since the last incident \(.*\): the quorum of feeds is still below 0\.98/);
    await refused(["trigger", "DEMOUSDPEG", "--decide"], 1, new RegExp(`no proof of DEMOUSDPEG is due for its decision .*: the next, of ${iso(BigInt(out.incidentTime))}, is decided from ${iso(decideFrom)}; nothing was sent`));
    await advance(decideFrom - (await now()));
    const decided = await coverJson(m, ["trigger", "DEMOUSDPEG", "--decide"]);
    expect(decided.decided).to.have.length(1);
    expect([decided.decided[0].incidentTime, decided.decided[0].accepted, decided.decided[0].payout]).to.deep.equal([out.incidentTime, true, "0.04"]);
    const incident = await market.incident(peg.id, decided.decided[0].incidentIndex);
    expect([incident.incidentTime, incident.payout]).to.deep.equal([BigInt(out.incidentTime), parseUnits(out.payout, 18)]);
  });

  it("trigger checkpoints a proof longer than --rounds-per-tx feed by feed, then proves it", async function () {
    const t = await now();
    await push(0, t, [["1.00", 10n], ["0.95", 100n], ["0.95", 1900n]]);
    await push(1, t, [["1.00", 20n], ["0.95", 200n], ["0.95", 2000n]]);
    await advance(200n + HOUR + 100n);
    const text = await cover(m, ["trigger", "DEMOUSDPEG", "--rounds-per-tx", "2"]);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.include("the proof is longer than 2 rounds a transaction: checkpointed feed by feed first");
    expect(text.stdout).to.include(`incident time: ${iso(t + 200n)}`);
    expect(text.stdout).to.include("payout: 5.00%");
    expect(text.stdout).to.match(new RegExp(`feed 0 0x[0-9a-fA-F]{40}: below from ${iso(t + 100n)} \\(start round 1:\\d+\\), depth 5\\.00%; rounds 1:\\d+ to 1:\\d+ \\(3\\)`));
    expect(text.stdout).to.match(/feed 2 0x[0-9a-fA-F]{40}: not counted/);
    const { parametric, market } = m.stack.contracts;
    const checkpoints = (await parametric.queryFilter(parametric.filters.FeedCheckpointed(peg.id, t + 200n, me))) as any[];
    expect(checkpoints.length).to.be.greaterThan(1);
    expect(checkpoints.every((e) => e.args.roundsAdded <= 2n)).to.equal(true);
    const [triggered] = (await parametric.queryFilter(parametric.filters.IncidentTriggered(peg.id, t + 200n))) as any[];
    expect(triggered.args.payout).to.equal(5n * 10n ** 16n);
    expect(text.stdout).to.include(`decided from ${iso(triggered.args.decidableAt)} (t + L + P)`);
    await advance(triggered.args.decidableAt - (await now()));
    expect((await coverJson(m, ["trigger", "DEMOUSDPEG", "--decide"])).decided.map((d: any) => d.incidentTime)).to.deep.equal([Number(t + 200n)]);
    const count = Number((await market.protocol(peg.id)).incidentCount);
    expect((await market.incident(peg.id, count - 1)).incidentTime).to.equal(t + 200n);
  });

  it("trigger follows a feed across a phase change (skipping a round its old phase got after the new one began) and continues or discards checkpoints of yours", async function () {
    const t = await now();
    await push(0, t, [["1.00", 10n]]);
    await push(1, t, [["1.00", 20n]]);
    const oldPhaseLast = (await feeds[0].latestRoundData())[0];
    await (await feeds[0].startPhase()).wait();
    await push(0, t, [["0.96", 100n]]); // round 2:1
    await (await feeds[0].pushRoundToPhase(1, answer("0.99", 8), t + 150n)).wait(); // the old aggregator, too late
    await push(1, t, [["0.96", 300n]]);
    await advance(300n + HOUR + 100n);
    // Checkpoints of ours for this incident time: feed 0's begins the proof (continued), feed 1's does not (discarded).
    const { parametric, market } = m.stack.contracts;
    const asMe = parametric.connect(await m.provider.getSigner(me)) as any;
    await (await asMe.checkpointFeed(peg.id, t + 300n, 0, [oldPhaseLast])).wait();
    await (await asMe.checkpointFeed(peg.id, t + 300n, 1, [ROUND + 1n])).wait();
    const out = await coverJson(m, ["trigger", "DEMOUSDPEG"]);
    expect([out.incidentTime, out.payout]).to.deep.equal([Number(t + 300n), "0.04"]);
    expect([out.feeds[0].firstRound, out.feeds[0].lastRound, out.feeds[0].startRound]).to.deep.equal([`1:${oldPhaseLast - ROUND}`, "2:1", "2:1"]);
    await advance(BigInt(out.incident.decidableAt) - (await now()));
    const decided = await coverJson(m, ["trigger", "DEMOUSDPEG", "--decide"]);
    const incident = await market.incident(peg.id, decided.decided[0].incidentIndex);
    expect([incident.incidentTime, incident.payout]).to.deep.equal([t + 300n, 4n * 10n ** 16n]);
    expect(out.discarded).to.have.length(1);
    const [dropped] = (await parametric.queryFilter(parametric.filters.FeedCheckpointDiscarded(peg.id, t + 300n, me))) as any[];
    expect([dropped.transactionHash, dropped.args.feedIndex]).to.deep.equal([out.discarded[0].hash, 1n]);
    const proven = (await parametric.queryFilter(parametric.filters.FeedProven(peg.id, t + 300n))) as any[];
    expect(proven[0].args.firstRoundId).to.equal(oldPhaseLast); // from the checkpoint continued
    expect(`1:${proven[1].args.firstRoundId - ROUND}`).to.equal(out.feeds[1].firstRound); // not the discarded round 1:1
    expect(out.feeds[1].firstRound).to.not.equal("1:1");
  });

  it("claim close: refused while voting is open (saying until when); after the voting period it closes, denied without M accepts, the fee to the receiver", async function () {
    const filed = await cover(m, ["claim", "file", "DEMOLEND", "--incident-time", iso((await now()) - HOUR), "--evidence", "ipfs://second", "--payout", "0.2", "--approve"]);
    expect(filed.code, filed.stderr).to.equal(0);
    // A later claim within the fee window pays double.
    expect(filed.stdout).to.match(/claim fee on DEMOLEND: \d+ DAI now; each further claim on DEMOLEND until/);
    const id = Number(/filed claim (\d+) on DEMOLEND/.exec(filed.stdout)![1]);
    const fee = (await m.stack.contracts.committee.claim(id)).fee;
    const closesAt = (await m.stack.contracts.committee.claim(id)).filedAt + 3n * DAY;
    await refused(["claim", "close", String(id)], 1, new RegExp(`voting on claim ${id} closes at ${iso(closesAt)} \\(in (3 d|2 d 23 h[^)]*)\\), or when all its voters have voted; until then it cannot be closed; nothing was sent`));
    await coverJson(m, ["claim", "vote", String(id), "accept"], memberEnv[0]);
    await advance(3n * DAY);
    await refused(["claim", "vote", String(id), "accept"], 1, new RegExp(`voting on claim ${id} closed at ${iso(closesAt)}: it can only be closed now`), memberEnv[1]);
    const receiver = (await m.stack.contracts.committee.protocolConfig(lend.id)).deniedFeeReceiver;
    const before = await daiOf(receiver);
    const out = await coverJson(m, ["claim", "close", String(id)]);
    expect(out.claim.status).to.equal("denied");
    expect(out.claim.decided).to.deep.equal({ outcome: "denied", payout: "0", fee: String(fee / WAD), feeToken: "DAI", feeDecimals: 18, feeTo: receiver });
    expect(Number((await m.stack.contracts.committee.claim(id)).status)).to.equal(3);
    expect(await daiOf(receiver)).to.equal(before + fee);
    expect(out.balances.DAI).to.equal(String((await daiOf(me)) / WAD));
  });
});
