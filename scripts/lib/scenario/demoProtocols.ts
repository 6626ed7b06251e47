/**
 * The scenario's covered protocols: four made-up names, clearly marked as demos (the curated list of a local
 * market), three under committee claims and one stablecoin peg under the parametric resolver over three
 * MockAggregatorV3 feeds. Each is registered by its resolver, as every protocol is.
 */
import { MockAggregatorV3__factory, type MockAggregatorV3 } from "../chain/contracts.js";
import { DAY } from "../market/calendar.js";
import { PayoutRule } from "../market/enums.js";
import { toWad } from "../market/payout.js";
import type { Stage } from "./stage.js";

/** A demo protocol of the scenario. */
export interface DemoProtocol {
  name: string;
  ticker: string;
  kind: "lending" | "dex" | "bridge" | "stablecoin peg";
  resolver: "committee" | "parametric";
  /** Yearly implied risk the pools start at (a WAD fraction a year). */
  baseRisk: number;
  collaterals: ("USDC" | "DAI")[];
}

/** The curated demo list: made-up names, clearly marked. */
export const DEMO_PROTOCOLS: DemoProtocol[] = [
  { name: "Demo Lending (demo)", ticker: "DEMOLEND", kind: "lending", resolver: "committee", baseRisk: 0.12, collaterals: ["USDC", "DAI"] },
  { name: "Demo DEX (demo)", ticker: "DEMODEX", kind: "dex", resolver: "committee", baseRisk: 0.09, collaterals: ["USDC"] },
  { name: "Demo Bridge (demo)", ticker: "DEMOBRIDGE", kind: "bridge", resolver: "committee", baseRisk: 0.2, collaterals: ["USDC", "DAI"] },
  { name: "Demo USD Peg (demo)", ticker: "DEMOUSDPEG", kind: "stablecoin peg", resolver: "parametric", baseRisk: 0.15, collaterals: ["USDC"] },
];

/**
 * Registers every demo protocol, in list order: a committee protocol with the cast's five members (3 decide), fees in
 * DAI, claims filed within a day of their incident (F) and voted on for three days (V); the peg with three fresh feeds (quorum 2, threshold 0.98, an hour's minimum, payout by depth capped at 50%).
 * Returns the peg's feeds.
 */
export async function registerDemoProtocols(stage: Stage): Promise<MockAggregatorV3[]> {
  const { deployer, members, receiver } = stage.cast;
  const { committee, parametric, market } = stage.stack.contracts;
  const { addresses } = stage.stack;
  const feeds: MockAggregatorV3[] = [];
  for (const demo of DEMO_PROTOCOLS) {
    await stage.step(`register ${demo.name}`, async () => {
      const metadataURI = `ipfs://demo/${demo.ticker.toLowerCase()}`;
      if (demo.resolver === "committee") {
        await stage.send(committee.connect(deployer).registerProtocol({
          name: demo.name, ticker: demo.ticker, metadataURI, claimWindow: 14n * DAY, filingWindow: DAY, votingPeriod: 3n * DAY,
          members: members.map((m) => m.address), threshold: 3,
          feeToken: addresses.collaterals.DAI, baseFee: 100n * 10n ** 18n, feeCap: 1_000n * 10n ** 18n, deniedFeeReceiver: receiver.address,
        }));
      } else {
        for (const name of ["A", "B", "C"]) feeds.push(await (await new MockAggregatorV3__factory(deployer).deploy(8, `DEMO USD / USD (${name})`)).waitForDeployment());
        await stage.send(parametric.connect(deployer).registerProtocol({
          name: demo.name, ticker: demo.ticker, metadataURI, claimWindow: 14n * DAY,
          feeds: await Promise.all(feeds.map(async (f) => ({ aggregator: await f.getAddress(), heartbeat: DAY }))),
          quorum: 2, threshold: toWad("0.98"), target: toWad("1"), minDuration: 3600, grace: 3600, payoutRule: PayoutRule.Depth, payoutCap: toWad("0.5"),
        }));
      }
      stage.protocols.push({
        id: Number(await market.protocolCount()), name: demo.name, ticker: demo.ticker, kind: demo.kind, demo: true, demoProtocol: demo,
        resolver: demo.resolver === "committee" ? addresses.committeeResolver : addresses.parametricResolver,
      });
    });
  }
  return feeds;
}
