/**
 * Everything the solvency property test checks after a step, read from the chain in one eth_call through the
 * fixture's TestReader: each existing series' seriesStatus and both supplies, and every holder's balance of both
 * sides of the series the step may have moved; every user's collateral; the market's and the router's
 * collateral; the router's cover tokens and LP positions. One round trip instead of a hundred keeps ten
 * thousand sequences affordable.
 */
import { Interface, ZeroAddress } from "ethers";
import { POOLED_SERIES, type PropertyFixture } from "./propertyFixture.js";
import { connection } from "./connection.js";
import type { Collateral } from "./marketModel.js";

const ERC20 = new Interface([
  "function balanceOf(address) view returns (uint256)",
  "function totalSupply() view returns (uint256)",
]);
export const COLLATERALS: Collateral[] = ["usdc", "dai"];

export interface SeriesReading {
  status: { state: bigint; payout: bigint; recorded: boolean; finalAt: bigint };
  supply: { claim: bigint; noclaim: bigint };
  /** By ledger account (see Holders); read only for a series a call may have moved. */
  claim?: bigint[];
  noclaim?: bigint[];
}

export interface ChainReading {
  /** By series index; undefined for a series that does not exist yet. */
  series: (SeriesReading | undefined)[];
  /** By user index; read only when a call may have moved something. */
  collateral?: Record<Collateral, bigint>[];
  market: Record<Collateral, bigint>;
  router: { collateral: Record<Collateral, bigint>; cover: bigint; positions: bigint };
}

/**
 * The accounts a series' ledger keeps, in ledger order: the users (the fixture's LP last), then the router
 * and the series' CLAIM and NOCLAIM pools (the zero address for the late series, which has none).
 */
export interface Holders {
  users: string[];
  router: string;
  /** By series index. */
  pools: { claim: string; noclaim: string }[];
}

export function holdersOf(h: Holders, series: number): string[] {
  return [...h.users, h.router, h.pools[series].claim, h.pools[series].noclaim];
}

export class ChainReader {
  private constructor(
    private readonly f: PropertyFixture,
    readonly holders: Holders,
    private readonly addresses: {
      market: string;
      positionManager: string;
      reader: string;
      collateral: Record<Collateral, string>;
      tokens: { claim: string; noclaim: string }[];
    }
  ) {}

  static async create(f: PropertyFixture, users: string[]): Promise<ChainReader> {
    const router = await f.router.getAddress();
    const pools = [];
    for (const [i, s] of f.series.entries()) {
      // The late series has no pools (nor tokens before it is created): its pool accounts stay empty.
      if (i >= POOLED_SERIES) pools.push({ claim: ZeroAddress, noclaim: ZeroAddress });
      else pools.push({ claim: await f.router.poolOf(s.id, 0), noclaim: await f.router.poolOf(s.id, 1) });
    }
    return new ChainReader(
      f,
      { users, router, pools },
      {
        market: await f.market.getAddress(),
        positionManager: await f.positionManager.getAddress(),
        reader: await f.reader.getAddress(),
        tokens: await Promise.all(f.series.map(async (s) => ({ claim: await s.claim.getAddress(), noclaim: await s.noclaim.getAddress() }))),
        collateral: { usdc: await f.usdc.getAddress(), dai: await f.dai.getAddress() },
      }
    );
  }

  /** Encoded reads (calldata of one TestReader call and how to place each word), by which series exist. */
  private readonly plans = new Map<string, { data: string; place: ((word: bigint, r: ChainReading) => void)[] }>();

  /**
   * One read; `exists(i)` says which series have tokens yet. Every status, supply and what the router holds is
   * read every time; every holder's balances only of the series in `touched` (those a call may have moved), and
   * users' collateral only when some series is touched (a refused call or a wait moves nothing).
   */
  async read(exists: (series: number) => boolean, touched: (series: number) => boolean): Promise<ChainReading> {
    const mask = this.f.series.map((_, i) => (exists(i) ? (touched(i) ? "2" : "1") : "0")).join("");
    const plan = this.plans.get(mask) ?? this.plan(mask);
    const reading: ChainReading = {
      series: this.f.series.map((_, i) =>
        mask[i] !== "0"
          ? {
              status: { state: 0n, payout: 0n, recorded: false, finalAt: 0n },
              supply: { claim: 0n, noclaim: 0n },
              claim: mask[i] === "2" ? holdersOf(this.holders, i).map(() => 0n) : undefined,
              noclaim: mask[i] === "2" ? holdersOf(this.holders, i).map(() => 0n) : undefined,
            }
          : undefined
      ),
      collateral: mask.includes("2") ? this.holders.users.map(() => ({ usdc: 0n, dai: 0n })) : undefined,
      market: { usdc: 0n, dai: 0n },
      router: { collateral: { usdc: 0n, dai: 0n }, cover: 0n, positions: 0n },
    };
    // Straight through the provider, and no ABI decoding: an ethers contract call costs 25 times the EVM's work
    // here (measured: 157 ms against 6 ms for a hundred balances). The answer is one `bytes`: offset, length, words.
    const raw = (await connection.provider.request({ method: "eth_call", params: [{ to: this.addresses.reader, data: plan.data }, "latest"] })) as string;
    const words = (raw.length - 2 - 128) / 64;
    if (words !== plan.place.length) throw new Error(`TestReader answered ${words} words, ${plan.place.length} expected`);
    for (let k = 0; k < words; k++) plan.place[k](BigInt("0x" + raw.slice(2 + 128 + 64 * k, 2 + 128 + 64 * (k + 1))), reading);
    return reading;
  }

  /** The calls of a read, each with where its words go (every view read returns static words only). */
  private plan(mask: string) {
    const targets: string[] = [];
    const calls: string[] = [];
    const place: ((word: bigint, r: ChainReading) => void)[] = [];
    const add = (target: string, data: string, ...slots: ((word: bigint, r: ChainReading) => void)[]) => {
      targets.push(target);
      calls.push(data);
      place.push(...slots);
    };
    const balanceOf = (holder: string) => ERC20.encodeFunctionData("balanceOf", [holder]);
    const { users, router } = this.holders;
    const marketIface = this.f.market.interface as unknown as Interface;
    for (const [i, s] of this.f.series.entries()) {
      if (mask[i] === "0") continue;
      const st = (r: ChainReading) => r.series[i]!.status;
      // SeriesStatus: state, payout, finalAt, recorded.
      add(
        this.addresses.market,
        marketIface.encodeFunctionData("seriesStatus", [s.id]),
        (w, r) => (st(r).state = w),
        (w, r) => (st(r).payout = w),
        (w, r) => (st(r).finalAt = w),
        (w, r) => (st(r).recorded = w !== 0n)
      );
      for (const side of ["claim", "noclaim"] as const) {
        const token = this.addresses.tokens[i][side];
        add(token, ERC20.encodeFunctionData("totalSupply", []), (w, r) => (r.series[i]!.supply[side] = w));
        if (mask[i] === "2") holdersOf(this.holders, i).forEach((h, k) => add(token, balanceOf(h), (w, r) => (r.series[i]![side]![k] = w)));
        add(token, balanceOf(router), (w, r) => (r.router.cover += w));
      }
    }
    for (const c of COLLATERALS) {
      const token = this.addresses.collateral[c];
      if (mask.includes("2")) users.forEach((u, k) => add(token, balanceOf(u), (w, r) => (r.collateral![k][c] = w)));
      add(token, balanceOf(this.addresses.market), (w, r) => (r.market[c] = w));
      add(token, balanceOf(router), (w, r) => (r.router.collateral[c] = w));
    }
    add(this.addresses.positionManager, balanceOf(router), (w, r) => (r.router.positions = w));
    const readerIface = this.f.reader.interface as unknown as Interface;
    const plan = { data: readerIface.encodeFunctionData("read", [targets, calls]), place };
    this.plans.set(mask, plan);
    return plan;
  }
}
