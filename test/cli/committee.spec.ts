/**
 * `cover committee` against the shared local market (cliFixture.ts): rotation of DEMOLEND's committee (a member
 * proposes, the others approve, the threshold-th approval makes it the committee of the next epoch, read back from the
 * resolver) and fee withdrawal (a protocol registered here with a fee token that blocks its denied-fee receiver, so a
 * denied claim's fee is held for it; the receiver withdraws it elsewhere). Members act with their hardhat keys
 * (COVER_PRIVATE_KEY). Refusals decoded from the resolver's custom errors (a caller who is no member, a second
 * approval, a stale proposal, nothing held: exit 1) and bad input (exit 2) send nothing.
 */
import { expect } from "chai";
import { getAddress, HDNodeWallet, parseUnits } from "ethers";
import { BlocklistERC20__factory } from "../../types/ethers-contracts/index.js";
import { coverJson, cover, sharedCliMarket, type CliMarket } from "./cliFixture.js";
import { refusedWithoutSending } from "./refused.js";

const MNEMONIC = "test test test test test test test test test test test junk";
const DAY = 86400n;

describe("cover CLI: committee rotation and fee withdrawal", function () {
  this.timeout(180_000);
  let m: CliMarket;
  let me: string;
  let accounts: string[];
  const keys = new Map<string, string>();
  const as = (address: string) => ({ COVER_PRIVATE_KEY: keys.get(address.toLowerCase())! });

  before(async function () {
    m = await sharedCliMarket();
    accounts = (await m.provider.send("eth_accounts", [])).map(getAddress);
    me = accounts[0];
    for (let i = 0; i < 20; i++) {
      const w = HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);
      keys.set(w.address.toLowerCase(), w.privateKey);
    }
  });

  it("rotation: a member proposes, the others approve; the threshold-th approval makes it the committee of the next epoch", async function () {
    const lend = m.deployment.protocols.find((p) => p.ticker === "DEMOLEND")!;
    const [members, threshold] = await m.stack.contracts.committee.committee(lend.id, 1);
    expect(Number(threshold)).to.equal(3);
    expect(members).not.to.include(me);
    const next = [members[0], members[1], accounts[17]];

    await refusedWithoutSending(m, ["committee", "propose", "DEMOLEND", ...next, "--threshold", "2"], 1,
      new RegExp(`proposing a committee for DEMOLEND would fail, nothing was sent: ${me} is not a member of protocol ${lend.id}'s committee \\(epoch 1\\) \\(CommitteeNotMember\\(`));
    await refusedWithoutSending(m, ["committee", "propose", "DEMOLEND", ...next, "--threshold", "4"], 2, /--threshold must be a whole number from 1 to the 3 member\(s\) proposed, got "4"/, { env: as(members[0]), account: members[0] });
    await refusedWithoutSending(m, ["committee", "propose", "DEMOLEND", next[0], next[0], "--threshold", "1"], 2, /member 0x[0-9a-fA-F]{40} is named twice/, { env: as(members[0]), account: members[0] });

    const proposed = await coverJson(m, ["committee", "propose", "DEMOLEND", ...next, "--threshold", "2"], as(members[0]));
    expect(proposed).to.include({ action: "committee propose", protocol: "DEMOLEND", approvals: 1, approvalsNeeded: 3, executed: false, epoch: 1, threshold: 2 });
    expect(proposed.members).to.deep.equal(next);
    const id = String(proposed.proposal);
    const shown = await coverJson(m, ["committee", "show", "DEMOLEND"]);
    expect(shown.proposals.map((p: any) => [p.id, p.approvals, p.proposer])).to.deep.equal([[proposed.proposal, 1, members[0]]]);

    await refusedWithoutSending(m, ["committee", "approve", id], 1, new RegExp(`approving committee proposal ${id} would fail, nothing was sent: ${me} is not a member of protocol ${lend.id}'s committee \\(epoch 1\\)`));
    await refusedWithoutSending(m, ["committee", "approve", id], 1, new RegExp(`${members[0]} has approved proposal ${id} already \\(CommitteeAlreadyApproved\\(`), { env: as(members[0]), account: members[0] });
    const second = await coverJson(m, ["committee", "approve", id], as(members[1]));
    expect(second).to.include({ approvals: 2, executed: false });
    const third = await cover(m, ["committee", "approve", id], as(members[2]));
    expect(third.code, third.stderr).to.equal(0);
    expect(third.stdout).to.contain("approvals: 3 of 3: it is the committee now, epoch 2");

    const config = await m.stack.contracts.committee.protocolConfig(lend.id);
    expect(config.epoch).to.equal(2n);
    const [now, m2] = await m.stack.contracts.committee.committee(lend.id, 2);
    expect([[...now], Number(m2)]).to.deep.equal([next, 2]);
    const after = await coverJson(m, ["committee", "show", String(lend.id)]);
    expect(after).to.include({ epoch: 2, threshold: 2 });
    expect(after.members).to.deep.equal(next);
    expect(after.proposals).to.deep.equal([]);
    await refusedWithoutSending(m, ["committee", "approve", id], 1, new RegExp(`proposal ${id} was made for the committee of epoch 1, but the committee is of epoch 2 now .* \\(CommitteeProposalStale\\(`), { env: as(members[3]), account: members[3] });
    await refusedWithoutSending(m, ["committee", "approve", "999"], 2, /there is no committee proposal 999/);
    await refusedWithoutSending(m, ["committee", "show", "DEMOUSDPEG"], 2, /DEMOUSDPEG \(protocol \d+\) is not decided by the committee resolver: it has no committee/);
  });

  it("fee withdrawal: a denied claim's fee held for a blocked receiver; it withdraws to another address; nothing held then is refused", async function () {
    const signer = await m.provider.getSigner(me);
    const token = await (await new BlocklistERC20__factory(signer).deploy()).waitForDeployment();
    const address = await token.getAddress();
    const [a, b, c, receiver, elsewhere] = accounts.slice(10, 15);
    const committee = m.stack.contracts.committee.connect(signer);
    await (await committee.registerProtocol({
      name: "Fee test", ticker: "FEETEST", metadataURI: "ipfs://fee-test", claimWindow: 14n * DAY, filingWindow: DAY, votingPeriod: 3n * DAY,
      members: [a, b, c], threshold: 2, feeToken: address, baseFee: parseUnits("5", 18), feeCap: parseUnits("50", 18), deniedFeeReceiver: receiver,
    })).wait();
    const protocolId = Number(await m.stack.contracts.market.protocolCount());
    await (await token.mint(me, parseUnits("100", 18))).wait();
    await (await token.approve(m.deployment.addresses.committeeResolver, parseUnits("50", 18))).wait();
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    await (await committee.fileClaim(protocolId, now, "ipfs://evidence", parseUnits("0.5", 18), parseUnits("50", 18))).wait(); // the registration's time
    const [claimId] = await m.stack.contracts.committee.claimQueue(protocolId);
    await (await token.setBlocked(receiver, true)).wait();
    for (const voter of [a, b]) await (await m.stack.contracts.committee.connect(await m.provider.getSigner(voter)).voteClaim(claimId, false, 0)).wait();
    expect(await m.stack.contracts.committee.heldFees(address, receiver)).to.equal(parseUnits("5", 18));

    const shown = await coverJson(m, ["committee", "show", String(protocolId), "--account", receiver]);
    expect(shown.heldFees).to.deep.equal({ account: receiver, amount: "5" });
    expect(shown.deniedFeeReceiver).to.equal(receiver);
    const out = await coverJson(m, ["committee", "withdraw-fees", address, "--to", elsewhere], as(receiver));
    expect(out).to.include({ action: "committee withdraw-fees", account: receiver, to: elsewhere, amount: "5", balance: "5" });
    expect(await token.balanceOf(elsewhere)).to.equal(parseUnits("5", 18));
    expect(await m.stack.contracts.committee.heldFees(address, receiver)).to.equal(0n);
    await refusedWithoutSending(m, ["committee", "withdraw-fees", address], 1,
      new RegExp(`withdrawing the BLOCK fees held for ${receiver} would fail, nothing was sent: no fees in this token are held for ${receiver}: fees are held only when a transfer to you failed \\(CommitteeNothingHeld\\(`), { env: as(receiver), account: receiver });
    await refusedWithoutSending(m, ["committee", "withdraw-fees", address, "--to", "0x12"], 2, /--to "0x12" is not an address/, { env: as(receiver), account: receiver });
  });
});
