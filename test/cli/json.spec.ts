/**
 * README's "JSON" section against the bin: each documented command is run with --json on the shared local market
 * (cliFixture.ts), in the table's order (faucet, then mint, so that the trades after have what they need), and its
 * result's top-level keys (of each element for a list; of each nested row the table names) must be exactly those
 * documented: every key without "?" present, and no key the table does not name. The committee and claim rows run as
 * DEMOLEND's committee members (hardhat's default keys) on state this spec sets up: the shared market is reverted to
 * its snapshot for each spec, so none of it reaches another spec.
 */
import { expect } from "chai";
import { Contract, getAddress, HDNodeWallet, parseUnits } from "ethers";
import { firstExpiryAfter } from "../../scripts/lib/market/calendar.js";
import { BlocklistERC20__factory } from "../../types/ethers-contracts/index.js";
import { MockAggregatorV3__factory } from "../../scripts/lib/chain/contracts.js";
import { pushRounds, type ScriptedRound } from "../../scripts/lib/feeds/mockFeed.js";
import { coverJson, sharedCliMarket, type CliMarket, liveSeries } from "./cliFixture.js";
import { documentedShapes, expectKeys } from "./jsonShapes.js";


describe("cover CLI: README's JSON shapes match the bin's --json", function () {
  this.timeout(240_000);
  let m: CliMarket;

  before(async function () {
    m = await sharedCliMarket();
  });

  it("every documented command's --json result has exactly the documented top-level keys", async function () {
    const me: string = (await m.provider.send("eth_accounts", []))[0];
    const now = BigInt((await m.provider.getBlock("latest"))!.timestamp);
    const [near, later] = liveSeries(m, "DEMOLEND", "USDC", now);
    // A settled series (the scenario's accepted bridge claim) whose tokens someone of the scenario holds: some given to me.
    let settled: string | undefined;
    for (const s of m.deployment.series) {
      if (Number((await m.stack.contracts.riskOracle.seriesFlags(s.id)).state) === 0) continue;
      for (const holder of Object.values(m.scenario.accounts)) {
        const claim = new Contract(s.claim, ["function balanceOf(address) view returns (uint256)", "function transfer(address,uint256) returns (bool)"], m.provider);
        const held: bigint = await claim.balanceOf(holder);
        if (held === 0n || holder.toLowerCase() === me.toLowerCase()) continue;
        await m.provider.send("hardhat_impersonateAccount", [holder]);
        await (await (claim.connect(await m.provider.getSigner(holder)) as any).transfer(me, held < 1_000_000n ? held : 1_000_000n)).wait();
        await m.provider.send("hardhat_stopImpersonatingAccount", [holder]);
        settled = s.id;
        break;
      }
      if (settled) break;
    }
    expect(settled, "a settled series with tokens to redeem").to.not.equal(undefined);
    const shapes = documentedShapes();
    expect(shapes.length).to.be.at.least(30);

    // For the rows added with the CLI's later commands: another account, a bundle, a free expiry, committee keys.
    const accounts: string[] = (await m.provider.send("eth_accounts", [])).map(getAddress);
    const dex = liveSeries(m, "DEMODEX", "USDC", now)[0];
    const lend = liveSeries(m, "DEMOLEND", "USDC", now).find((x) => x.expiry === dex.expiry)!;
    const dexId = m.deployment.protocols.find((p) => p.ticker === "DEMODEX")!.id;
    const taken = new Set(m.deployment.series.filter((x) => x.protocolId === dexId).map((x) => BigInt(x.expiry)));
    let expiry = firstExpiryAfter(now + 4n * 7n * 86400n);
    while (taken.has(expiry)) expiry += 7n * 86400n;
    const keys = new Map<string, string>();
    for (let i = 0; i < 20; i++) {
      const w = HDNodeWallet.fromPhrase("test test test test test test test test test test test junk", undefined, `m/44'/60'/0'/0/${i}`);
      keys.set(w.address.toLowerCase(), w.privateKey);
    }
    const lendId = m.deployment.protocols.find((p) => p.ticker === "DEMOLEND")!.id;
    const [members] = await m.stack.contracts.committee.committee(lendId, 1);
    const as = (i: number) => ({ COVER_PRIVATE_KEY: keys.get(members[i].toLowerCase())! });
    await (await m.stack.contracts.collaterals.DAI.mint(me, parseUnits("1000", 18))).wait(); // the claim fee
    const incident = new Date(Number(now - 3600n) * 1000).toISOString().replace(".000Z", "Z");
    const [a, b, c, receiver, elsewhere] = accounts.slice(10, 15);
    const envOf: Record<string, Record<string, string>> = {
      "committee propose": as(0), "committee approve": as(1), "claim vote": as(0), "committee withdraw-fees": { COVER_PRIVATE_KEY: keys.get(receiver.toLowerCase())! },
    };
    const setup: Record<string, () => Promise<void>> = {
      // The claim passes once every member has voted, and is recordable a day after its incident.
      "claim record": async () => {
        for (let i = 1; i < members.length; i++) await coverJson(m, ["claim", "vote", fill["<claim>"], "accept"], as(i));
        await m.provider.send("evm_increaseTime", [86400]);
        await m.provider.send("evm_mine", []);
      },
      // A second claim with one vote, past its 3-day voting period: closing it denies it.
      "claim close": async () => {
        const t = BigInt((await m.provider.getBlock("latest"))!.timestamp) - 3600n;
        const filed = await coverJson(m, ["claim", "file", "DEMOLEND", "--incident-time", String(t), "--evidence", "ipfs://second", "--payout", "0.2", "--approve"]);
        fill["<closing>"] = String(filed.claimId);
        await coverJson(m, ["claim", "vote", fill["<closing>"], "accept"], as(0));
        await m.provider.send("evm_increaseTime", [3 * 86400]);
        await m.provider.send("evm_mine", []);
      },
      // As committee.spec: a protocol whose fee token blocks its denied-fee receiver; a denied claim's fee is held for it.
      "committee withdraw-fees": async () => {
        const signer = await m.provider.getSigner(me);
        const token = await (await new BlocklistERC20__factory(signer).deploy()).waitForDeployment();
        fill["<feetoken>"] = await token.getAddress();
        fill["<elsewhere>"] = elsewhere;
        const committee = m.stack.contracts.committee.connect(signer);
        await (await committee.registerProtocol({
          name: "Fee test", ticker: "FEETEST", metadataURI: "ipfs://fee-test", claimWindow: 14n * 86400n, filingWindow: 86400n, votingPeriod: 3n * 86400n,
          members: [a, b, c], threshold: 2, feeToken: fill["<feetoken>"], baseFee: parseUnits("5", 18), feeCap: parseUnits("50", 18), deniedFeeReceiver: receiver,
        })).wait();
        const protocolId = Number(await m.stack.contracts.market.protocolCount());
        await (await token.mint(me, parseUnits("100", 18))).wait();
        await (await token.approve(m.deployment.addresses.committeeResolver, parseUnits("50", 18))).wait();
        const t = BigInt((await m.provider.getBlock("latest"))!.timestamp);
        await (await committee.fileClaim(protocolId, t, "ipfs://evidence", parseUnits("0.5", 18), parseUnits("50", 18))).wait();
        const [claimId] = await m.stack.contracts.committee.claimQueue(protocolId);
        await (await token.setBlocked(receiver, true)).wait();
        for (const voter of [a, b]) await (await m.stack.contracts.committee.connect(await m.provider.getSigner(voter)).voteClaim(claimId, false, 0)).wait();
        expect(await m.stack.contracts.committee.heldFees(fill["<feetoken>"], receiver)).to.equal(parseUnits("5", 18));
      },
      // As claims.spec: two of DEMOUSDPEG's three feeds below its threshold together for over the minimum hour.
      "trigger DEMOUSDPEG": async () => {
        const peg = m.deployment.protocols.find((p) => p.ticker === "DEMOUSDPEG")!;
        const signer = await m.provider.getSigner(0);
        const feeds = (await m.stack.contracts.parametric.feeds(peg.id)).map((f) => MockAggregatorV3__factory.connect(f.aggregator, signer));
        const t = BigInt((await m.provider.getBlock("latest"))!.timestamp);
        await pushRounds(feeds[0], [["0.96", t + 10n]] as ScriptedRound[]);
        await pushRounds(feeds[1], [["0.94", t + 610n]] as ScriptedRound[]);
        await m.provider.send("evm_increaseTime", [1200 + 3600]);
        await m.provider.send("evm_mine", []);
      },
      // The proof is decided from its decidableAt.
      "trigger DEMOUSDPEG --decide": async () => {
        const head = (await m.provider.getBlock("latest"))!.timestamp;
        await m.provider.send("evm_increaseTime", [Number(fill["<decidable>"]) - head]);
        await m.provider.send("evm_mine", []);
      },
    };

    const fill: Record<string, string> = {
      "<series>": near.handle, "<later>": later.handle, "<settled>": settled!, "<account>": me, "<other>": accounts[1],
      "<bundle>": `${lend.handle},${dex.handle}`, "<expiry>": String(expiry), "<members>": [members[0], members[1], accounts[17]].join(" "), "<incident>": incident,
    };
    for (const shape of shapes) {
      const name = shape.command.split(" ").slice(0, 2).join(" ");
      await (setup[shape.command] ?? setup[name])?.();
      const args = shape.command.split(" ").flatMap((w) => (fill[w] ?? w).split(" "));
      const out = await coverJson(m, args, envOf[name] ?? {});
      if (typeof out.positionId === "string") fill["<position>"] = out.positionId;
      if (name === "committee propose") fill["<proposal>"] = String(out.proposal);
      if (name === "claim file") fill["<claim>"] = String(out.claimId);
      if (shape.command === "trigger DEMOUSDPEG") fill["<decidable>"] = String(out.incident.decidableAt);
      const elements: Record<string, unknown>[] = shape.list ? out : [out];
      expect(Array.isArray(out), `${shape.command}: a list?`).to.equal(shape.list);
      expect(elements.length, `${shape.command}: no rows to check`).to.be.greaterThan(0);
      for (const e of elements) {
        expectKeys(shape.command, e, shape.keys);
        for (const n of shape.nested) {
          const rows = e[n.field] as Record<string, unknown>[];
          expect(rows?.length, `${shape.command}: no ${n.field} to check`).to.be.greaterThan(0);
          for (const r of rows) expectKeys(`${shape.command} ${n.field}`, r, n.keys);
        }
      }
      // Numbers as numbers, where the shape has them (claim record's `incidents` is its list of incidents).
      for (const e of elements) {
        for (const k of ["decimals", "gasUsed", "block", "expiryTime", "incidents", "tickLower", "tickUpper", "percent", "gasEstimate", "claimId", "proposal", "epoch", "feeDecimals"]) {
          if (k in e && !(k === "incidents" && Array.isArray(e[k]))) expect(typeof e[k], `${shape.command}: ${k}`).to.equal("number");
        }
      }
      // No prose anywhere in the result: no amount with its unit ("2.39 USDC"), no "at most"/"at least" limit.
      const strings = (v: unknown, at: string): [string, string][] =>
        typeof v === "string" ? [[at, v]] : v && typeof v === "object" ? Object.entries(v).flatMap(([k, x]) => strings(x, `${at}.${k}`)) : [];
      const prose = strings(out, shape.command).filter(([, v]) => /^-?\d[\d.,]* [A-Za-z]/.test(v) || /^at (most|least) /.test(v));
      expect(prose, `${shape.command}: prose in fields`).to.deep.equal([]);
    }
  });
});
