/**
 * Everything the solvency property test checks after a step, read from the chain in one eth_call through the
 * fixture's TestReader: each existing series' seriesStatus, both supplies and every holder's balance of both
 * sides; every user's collateral; the market's and the router's collateral; the router's cover tokens and LP
 * positions. One round trip instead of a hundred keeps ten thousand sequences affordable.
 */
import { Interface, ZeroAddress } from "ethers";
import { POOLED_SERIES, type PropertyFixture } from "./propertyFixture.js";
import type { Collateral } from "./marketModel.js";

const ERC20 = new Interface([
  "function balanceOf(address) view returns (uint256)",
  "function totalSupply() view returns (uint256)",
]);
export const COLLATERALS: Collateral[] = ["usdc", "dai"];

export interface SeriesReading {
  status: { state: bigint; payout: bigint; recorded: boolean; finalAt: bigint };
  supply: { claim: bigint; noclaim: bigint };
  /** By ledger account (see Holders). */
  claim: bigint[];
  noclaim: bigint[];
}

export interface ChainReading {
  /** By series index; undefined for a series that does not exist yet. */
  series: (SeriesReading | undefined)[];
  /** By user index. */
  collateral: Record<Collateral, bigint>[];
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
    private readonly addresses: { market: string; positionManager: string; collateral: Record<Collateral, string> }
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
        collateral: { usdc: await f.usdc.getAddress(), dai: await f.dai.getAddress() },
      }
    );
  }

  /** One read of everything; `exists(i)` says which series have tokens yet. */
  async read(exists: (series: number) => boolean): Promise<ChainReading> {
    const targets: string[] = [];
    const calls: string[] = [];
    const decoders: ((data: string) => void)[] = [];
    const add = (target: string, iface: Interface, method: string, args: unknown[], use: (result: any) => void) => {
      targets.push(target);
      calls.push(iface.encodeFunctionData(method, args));
      decoders.push((data) => use(iface.decodeFunctionResult(method, data)));
    };
    const balance = (token: string, holder: string, use: (x: bigint) => void) =>
      add(token, ERC20, "balanceOf", [holder], (r) => use(r[0]));

    const { users, router } = this.holders;
    const reading: ChainReading = {
      series: this.f.series.map(() => undefined),
      collateral: users.map(() => ({ usdc: 0n, dai: 0n })),
      market: { usdc: 0n, dai: 0n },
      router: { collateral: { usdc: 0n, dai: 0n }, cover: 0n, positions: 0n },
    };
    const marketIface = this.f.market.interface as unknown as Interface;
    for (const [i, s] of this.f.series.entries()) {
      if (!exists(i)) continue;
      const holders = holdersOf(this.holders, i);
      const r: SeriesReading = {
        status: { state: 0n, payout: 0n, recorded: false, finalAt: 0n },
        supply: { claim: 0n, noclaim: 0n },
        claim: holders.map(() => 0n),
        noclaim: holders.map(() => 0n),
      };
      reading.series[i] = r;
      add(this.addresses.market, marketIface, "seriesStatus", [s.id], (out) => {
        const st = out[0];
        r.status = { state: BigInt(st.state), payout: st.payout, recorded: st.recorded, finalAt: st.finalAt };
      });
      for (const side of ["claim", "noclaim"] as const) {
        const token = await s[side].getAddress();
        add(token, ERC20, "totalSupply", [], (out) => (r.supply[side] = out[0]));
        holders.forEach((h, k) => balance(token, h, (x) => (r[side][k] = x)));
        balance(token, router, (x) => (reading.router.cover += x));
      }
    }
    for (const c of COLLATERALS) {
      const token = this.addresses.collateral[c];
      users.forEach((u, k) => balance(token, u, (x) => (reading.collateral[k][c] = x)));
      balance(token, this.addresses.market, (x) => (reading.market[c] = x));
      balance(token, router, (x) => (reading.router.collateral[c] = x));
    }
    balance(this.addresses.positionManager, router, (x) => (reading.router.positions = x));

    const results: string[] = await this.f.reader.read(targets, calls);
    results.forEach((data, k) => decoders[k](data));
    return reading;
  }
}
