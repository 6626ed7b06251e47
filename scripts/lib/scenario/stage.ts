/**
 * What every actor of the scenario shares, in one object instead of closures: the chain and the deployed stack,
 * the cast (the node's unlocked accounts by role), the seeded randomness, the clock, the protocols and series
 * created so far, and named steps: each action runs as a step, reported with the scenario's progress, and a revert
 * becomes a ScenarioError naming the step and the decoded custom error.
 */
import type { ContractTransactionResponse, JsonRpcProvider, JsonRpcSigner, TransactionReceipt } from "ethers";
import { BatchedRevertError, type BlockBatcher } from "../chain/batchedBlocks.js";
import type { CoverToken, TestERC20 } from "../chain/contracts.js";
import { increaseTime, now } from "../chain/clock.js";
import { decodeError, errorInterface } from "../chain/revert.js";
import { send } from "../chain/send.js";
import { isoDate } from "../market/calendar.js";
import type { DeployedProtocol, DeployedSeries } from "../deploy/deploymentFile.js";
import type { Stack } from "../deploy/stack.js";
import type { DemoProtocol } from "./demoProtocols.js";

/** A scenario step that reverted: its name and the decoded error. */
export class ScenarioError extends Error {
  constructor(readonly step: string, readonly reason: string, readonly cause?: unknown) {
    super(`scenario step "${step}" failed: ${reason}`);
  }
}

/** The node's accounts by the part they play (hardhat's well-known accounts 0 to 13). */
export interface Cast {
  deployer: JsonRpcSigner;
  /** Receives the fees of denied claims. */
  receiver: JsonRpcSigner;
  /** The committee of every committee protocol (3 of 5 decide). */
  members: JsonRpcSigner[];
  lp: JsonRpcSigner;
  hedger: JsonRpcSigner;
  underwriter: JsonRpcSigner;
  arbitrageur: JsonRpcSigner;
  trader: JsonRpcSigner;
  claimant: JsonRpcSigner;
}

/** The cast from a node's unlocked accounts. */
export async function castOf(provider: JsonRpcProvider): Promise<Cast> {
  const accounts = await Promise.all(Array.from({ length: 14 }, (_, i) => provider.getSigner(i)));
  const [deployer, , receiver] = accounts;
  const [lp, hedger, underwriter, arbitrageur, trader, claimant] = accounts.slice(8, 14);
  return { deployer, receiver, members: accounts.slice(3, 8), lp, hedger, underwriter, arbitrageur, trader, claimant };
}

/** A demo protocol once registered. */
export interface ScenarioProtocol extends DeployedProtocol {
  demoProtocol: DemoProtocol;
}

/** A series of the scenario with its tokens and the risk its pools started at. */
export interface ScenarioSeries extends DeployedSeries {
  protocol: DemoProtocol;
  decimals: number;
  claimToken: CoverToken;
  noclaimToken: CoverToken;
  collateralToken: TestERC20;
  risk: number;
  redeemed: boolean;
}

/** mulberry32: a small seeded PRNG (the scenario's, and the committee property test's schedules). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Stage {
  /** Uniform in [0, 1), the same sequence for the same seed. */
  readonly random: () => number;
  /** The scenario's progress in [0, 1], reported with each step. */
  progress = 0;
  readonly protocols: ScenarioProtocol[] = [];
  readonly series: ScenarioSeries[] = [];
  private readonly errors = errorInterface();
  /** The chain's time as last read (a deadline needs no read of its own: that would mine the pending block). */
  private clock?: bigint;

  constructor(
    readonly provider: JsonRpcProvider,
    readonly stack: Stack,
    readonly cast: Cast,
    seed: number,
    private readonly onStep: (name: string, progress: number) => void,
    /** Set while the scenario's transactions are batched (chain/batchedBlocks.ts). */
    readonly batcher?: BlockBatcher,
  ) {
    this.random = prng(seed);
  }

  /** Runs `fn` as the step `name`; a failure becomes a ScenarioError naming it. */
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.onStep(name, this.progress);
    if (this.batcher) this.batcher.label = name;
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ScenarioError) throw error;
      // A batched transaction's revert surfaces at the next read, maybe in a later step: name the step that sent it.
      if (error instanceof BatchedRevertError) throw new ScenarioError(error.label, decodeError(error, this.errors), error);
      throw new ScenarioError(name, decodeError(error, this.errors), error);
    }
  }

  /**
   * Sends a transaction: without batching, waits for it (a revert throws, and the step names it); batched, returns
   * once the node has it (a revert throws at the next read, naming the step that sent it).
   */
  async send(tx: Promise<ContractTransactionResponse>): Promise<void> {
    if (this.batcher) await tx;
    else await send(tx);
  }

  /** Sends a transaction and returns its receipt (batched: mines the pending block first). */
  async sendForReceipt(tx: Promise<ContractTransactionResponse>): Promise<TransactionReceipt> {
    if (!this.batcher) return send(tx);
    const response = await tx;
    await this.batcher.flush();
    const receipt = await this.provider.getTransactionReceipt(response.hash);
    if (!receipt || receipt.status !== 1) throw new Error(`transaction ${response.hash} reverted`);
    return receipt;
  }

  async now(): Promise<bigint> {
    this.clock = await now(this.provider);
    return this.clock;
  }

  async advance(seconds: bigint): Promise<void> {
    await increaseTime(this.provider, seconds);
    this.clock = undefined;
  }

  /**
   * A deadline an hour from the chain's time: from the time last read when there is one (the clock moves only by
   * advance(), which forgets it; pending transactions are mined at a later second, well within the hour).
   */
  async deadline(): Promise<bigint> {
    return (this.clock ?? (await this.now())) + 3600n;
  }

  /** One of `items`, at random. */
  pick<T>(items: T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  /** A random whole amount of collateral units of `s` in [low, high]. */
  amount(s: ScenarioSeries, low: number, high: number): bigint {
    return BigInt(Math.round(low + (high - low) * this.random())) * unitOf(s);
  }
}

/** One whole unit of the series' collateral, in base units. */
export const unitOf = (s: ScenarioSeries) => 10n ** BigInt(s.decimals);

/** How steps name a series: "DEMOLEND USDC 2026-07-17". */
export const labelOf = (s: ScenarioSeries) => `${s.protocol.ticker} ${s.decimals === 6 ? "USDC" : "DAI"} ${isoDate(BigInt(s.expiry))}`;
