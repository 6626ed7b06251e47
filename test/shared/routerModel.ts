/**
 * What the router's actions must do, for the solvency property test. The AMM's prices are not modelled: for each
 * router action this says the call to send and either the custom error it must revert with (a deadline already
 * past, a zero amount, a roll between series that do not roll, a position the caller may not touch), or the
 * refusals it may legitimately meet, each for a stated reason (the pool cannot fill it, its limit is impossible,
 * the series has expired and the route mints, it is not settled and the route redeems, the actor sells more than
 * it holds). A success is booked from its receipt: the market's Minted, Merged, Redeemed and SeriesSettled
 * events, every cover token and collateral Transfer, the position manager's position mints and burns, into the
 * market model's ledgers, which the chain must then agree with in every balance (test/shared/solvencyRun.ts).
 * A token that lands anywhere but a user, the router or the series' own pools fails the test.
 */
import { Interface, type Log } from "ethers";
import { expect } from "chai";
import { isToken0, rangeForPrices } from "../../scripts/lib/market/pricing.js";
import { Route, Unwind } from "../../scripts/lib/market/enums.js";
import { errorInterface, revertData } from "../../scripts/lib/chain/revert.js";
import { resolvePortion, type Collateral, type MarketModel } from "./marketModel.js";
import { SettlementState } from "./settlementModel.js";
import { holdersOf, type Holders } from "./chainReads.js";
import { ROLLS, type Limit, type RouterAction, type RouteName, type Size } from "./routerActions.js";
import type { PropertyFixture } from "./propertyFixture.js";
import { connection } from "./connection.js";
import type { Side } from "./coverLedger.js";

const MAX_UINT = 2n ** 256n - 1n;
const MAX_INT = 2n ** 255n - 1n;
const MIN_INT = -(2n ** 255n);
const ERRORS = errorInterface();
const ERROR_STRING = new Interface(["error Error(string)"]);
const TRANSFER = new Interface(["event Transfer(address indexed from, address indexed to, uint256 value)"]);
const NFT_TRANSFER = new Interface(["event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)"]);
const TRANSFER_TOPIC = TRANSFER.getEvent("Transfer")!.topicHash;

/** An LP position alive: its NFT id, owner (a user index; the fixture's LP is the last), pool. */
export interface Position {
  tokenId: bigint;
  owner: number;
  series: number;
  side: Side;
}

/** A refusal: the custom error's name (or Error(message), or "(no data)") and, where known, its arguments. */
export interface Refusal {
  error: string;
  args?: unknown[];
}

export interface RouterPlan {
  label: string;
  actor: number;
  method: string;
  params: Record<string, unknown>;
  /** The refusal the model is sure of. */
  must?: Refusal;
  /** Refusals the action may meet, with the reason it may. */
  may: Map<string, string>;
  /** For addLiquidity: the pool a new position is in. */
  pool?: { series: number; side: Side };
}

/** A revert decoded: the custom error and its arguments, an Error(string), or a revert without data. */
export function decodeRefusal(error: unknown): Refusal {
  const data = revertData(error);
  if (!data) return { error: "(no data)" };
  if (data.startsWith("0x08c379a0")) return { error: `Error(${ERROR_STRING.parseError(data)!.args[0]})` };
  const parsed = ERRORS.parseError(data);
  if (!parsed) return { error: `unknown ${data.slice(0, 10)}` };
  return { error: parsed.name, args: [...parsed.args] };
}

export class RouterModel {
  /** LP positions alive. */
  readonly positions: Position[];
  private readonly tokenOf = new Map<string, { series: number; side: Side }>();
  private readonly collateralOf = new Map<string, Collateral>();
  private readonly seriesOf = new Map<string, number>();

  constructor(
    private readonly f: PropertyFixture,
    private readonly model: MarketModel,
    private readonly holders: Holders,
    readonly addresses: { market: string; positionManager: string; tokens: { series: number; side: Side; address: string }[]; collateral: Record<Collateral, string> },
    positions: Position[]
  ) {
    this.positions = positions.map((p) => ({ ...p }));
    for (const t of addresses.tokens) this.tokenOf.set(t.address.toLowerCase(), { series: t.series, side: t.side });
    for (const [c, a] of Object.entries(addresses.collateral)) this.collateralOf.set(a.toLowerCase(), c as Collateral);
    model.series.forEach((s, i) => this.seriesOf.set(s.id.toLowerCase(), i));
  }

  /** The call an action makes at `at`, and what it must or may meet; undefined when there is nothing to call. */
  async plan(a: RouterAction, at: bigint): Promise<RouterPlan | undefined> {
    const m = this.model;
    const user = (k: number) => m.users[k];
    const deadline = a.deadline === "past" ? at - 1n : at + 3_600n;
    const may = new Map<string, string>();
    let must: Refusal | undefined;
    const refuse = (r: Refusal) => (must ??= r);
    if (a.deadline === "past") refuse({ error: "CoverPeripheryDeadlinePassed", args: [deadline, at] });
    const route = (r: RouteName) => (r === "direct" ? Route.Direct : Route.Pair);
    const expired = (series: number) => at >= m.series[series].expiry;
    const held = (series: number, side: Side, k = a.actor) => m.series[series].ledger.balance(side, k);
    const id = (series: number) => m.series[series].id;
    const swaps = () => may.set("CoverRouterIncompleteFill", "the pool runs out of liquidity before the amount is filled");
    const mints = (series: number) => {
      if (expired(series)) may.set("CoverSeriesExpired", "the route mints pairs and the series has expired");
    };
    const sells = (amount: bigint, holding: bigint) => {
      if (amount > holding) may.set("ERC20InsufficientBalance", `the actor sells ${amount}, holds ${holding}`);
    };
    const mergesOut = () =>
      may.set("CoverRouterExcessiveInput", "selling through the pair buys the other side, which can cost more than 1 collateral each");
    const impossible = (l: Limit, error: string) => {
      if (l === "impossible") may.set(error, "the limit is one no trade can meet");
    };
    const nonZero = (amount: bigint) => {
      if (amount === 0n) refuse({ error: "CoverRouterZeroAmount", args: [] });
    };
    const label = (text: string, actor = a.actor) => `${text} by ${actor} (${a.limit} limit, deadline ${a.deadline})`;

    switch (a.kind) {
      case "buyExactOut":
      case "buyExactIn": {
        const amount = this.size(a.amount, a.series);
        nonZero(amount);
        swaps();
        if (a.route === "pair") mints(a.series);
        if (a.kind === "buyExactIn" && a.route === "pair")
          may.set("CoverPeripheryPairRouteUnavailable", "NOCLAIM sells at or above 1 after the fee, so the pair route cannot be priced");
        const exactOut = a.kind === "buyExactOut";
        impossible(a.limit, exactOut ? "CoverRouterExcessiveInput" : "CoverRouterInsufficientOutput");
        const tight = a.limit === "impossible";
        return {
          label: label(`${a.kind} ${amount} ${m.series[a.series].label} ${a.route} -> ${a.to}`),
          actor: a.actor,
          method: a.kind === "buyExactOut" ? "buyCoverExactOut" : "buyCoverExactIn",
          params: exactOut
            ? { seriesId: id(a.series), route: route(a.route), claimAmount: amount, maxCollateralIn: tight ? 0n : MAX_UINT, recipient: user(a.to), deadline }
            : { seriesId: id(a.series), route: route(a.route), collateralIn: amount, minClaimOut: tight ? MAX_UINT : 0n, recipient: user(a.to), deadline },
          must,
          may,
        };
      }
      case "sell":
      case "exit": {
        const side: Side = a.kind === "sell" ? "claim" : "noclaim";
        const actor = this.holder(a.series, side, a.actor);
        const amount = resolvePortion(a.amount, held(a.series, side, actor));
        nonZero(amount);
        swaps();
        sells(amount, held(a.series, side, actor));
        if (a.route === "pair") mergesOut();
        impossible(a.limit, "CoverRouterInsufficientOutput");
        const common = { seriesId: id(a.series), route: route(a.route), minCollateralOut: a.limit === "impossible" ? MAX_UINT : 0n, recipient: user(a.to), deadline };
        return {
          label: label(`${a.kind} ${amount} ${m.series[a.series].label} ${a.route} -> ${a.to}`, actor),
          actor,
          method: a.kind === "sell" ? "sellCover" : "exitUnderwriting",
          params: a.kind === "sell" ? { ...common, claimAmount: amount } : { ...common, noclaimAmount: amount },
          must,
          may,
        };
      }
      case "underwrite": {
        const amount = this.size(a.amount, a.series);
        nonZero(amount);
        swaps();
        mints(a.series);
        impossible(a.limit, "CoverRouterInsufficientOutput");
        return {
          label: label(`underwrite ${amount} ${m.series[a.series].label} -> ${a.to}`),
          actor: a.actor,
          method: "underwrite",
          params: { seriesId: id(a.series), amount, minPremium: a.limit === "impossible" ? MAX_UINT : 0n, recipient: user(a.to), deadline },
          must,
          may,
        };
      }
      case "roll": {
        const [from, to] = ROLLS[a.pair];
        const actor = this.holder(from, a.side, a.actor);
        const amount = resolvePortion(a.amount, held(from, a.side, actor));
        nonZero(amount);
        if (a.pair !== 0) refuse({ error: "CoverRouterRollMismatch", args: [id(from), id(to)] });
        swaps();
        sells(amount, held(from, a.side, actor));
        if (a.sellRoute === "pair") mergesOut();
        if (a.buyRoute === "pair") mints(to);
        impossible(a.limit, "CoverRouterNetBelowMinimum");
        return {
          label: label(`roll ${amount} ${a.side} ${m.series[from].label} -> ${m.series[to].label} ${a.sellRoute}/${a.buyRoute} -> ${a.to}`, actor),
          actor,
          method: "roll",
          params: {
            fromSeriesId: id(from),
            toSeriesId: id(to),
            side: a.side === "claim" ? 0 : 1,
            amount,
            sellRoute: route(a.sellRoute),
            buyRoute: route(a.buyRoute),
            minNetCollateral: a.limit === "impossible" ? MAX_INT : MIN_INT,
            recipient: user(a.to),
            deadline,
          },
          must,
          may,
        };
      }
      case "addLiquidity": {
        const s = this.f.series[a.series];
        const sideToken = await s[a.side].getAddress();
        let [lo, hi] = [...a.range].sort((x, y) => x - y);
        if (hi < lo + lo / 10 + 1_000) hi = Math.min(999_999, lo + lo / 10 + 1_000);
        if (hi <= lo * 1.05) lo = Math.floor(hi / 2);
        const ticks = rangeForPrices(BigInt(Math.floor(lo)) * 10n ** 12n, BigInt(Math.floor(hi)) * 10n ** 12n, isToken0(sideToken, s.collateralAddress), Number(this.f.tickSpacing));
        const mine = this.positions.filter((p) => p.owner === a.actor && p.series === a.series && p.side === a.side);
        const existing = a.existing !== undefined && mine.length > 0 ? mine[a.existing % mine.length] : undefined;
        const wanted = this.size(a.cover, a.series);
        // Without minting, the actor deposits cover tokens it holds (at most what it holds).
        const cover = a.mintCover ? wanted : wanted < held(a.series, a.side) ? wanted : held(a.series, a.side);
        const collateral = this.size(a.collateral, a.series);
        if (a.mintCover && cover > 0n) mints(a.series);
        if (a.limit === "impossible") may.set("Error(Price slippage check)", "the minimum deposits are ones no position can meet");
        // Out of range, a position takes one token only: with none of it (no cover held to deposit) or too little
        // of it, the liquidity is 0 and Uniswap's pool refuses the mint without a reason (require(amount > 0)).
        if (cover === 0n || "raw" in a.cover || "raw" in a.collateral)
          may.set("(no data)", "the range needs the token the deposit has none or only dust of: zero liquidity, which the pool refuses without a reason");
        return {
          label: label(
            `addLiquidity ${m.series[a.series].label} ${a.side} [${lo}, ${hi}] ppm cover ${cover}${a.mintCover ? " minted" : ""} collateral ${collateral}${existing ? ` to #${existing.tokenId}` : ""}`
          ),
          actor: a.actor,
          method: "addLiquidity",
          params: {
            seriesId: id(a.series),
            side: a.side === "claim" ? 0 : 1,
            tokenId: existing?.tokenId ?? 0n,
            ...ticks,
            coverDesired: cover,
            collateralDesired: collateral,
            mintCover: a.mintCover,
            coverMin: a.limit === "impossible" ? MAX_UINT : 0n,
            collateralMin: a.limit === "impossible" ? MAX_UINT : 0n,
            recipient: user(a.actor),
            deadline,
          },
          must,
          may,
          pool: { series: a.series, side: a.side },
        };
      }
      case "removeLiquidity": {
        const mine = this.positions.filter((p) => p.owner === a.actor);
        const pool = a.own ? mine : this.positions;
        if (pool.length === 0) return undefined;
        const p = pool[a.position % pool.length];
        const liquidity = resolvePortion(a.liquidity, await this.liquidityOf(p.tokenId));
        if (p.owner !== a.actor) refuse({ error: "CoverRouterNotAuthorized", args: [p.tokenId, user(a.actor)] });
        if (a.unwind === "redeem" && m.settlement(p.series, at).state === SettlementState.Open)
          may.set("CoverNotSettled", "the removal redeems what it collects and the series is not settled");
        if (a.unwind === "merge") may.set("ERC20InsufficientBalance", "the removal merges and the actor lacks the other side");
        if (a.limit === "impossible" && liquidity > 0n)
          may.set("Error(Price slippage check)", "the minimum amounts are ones the removal cannot meet");
        return {
          label: label(`removeLiquidity #${p.tokenId} (${m.series[p.series].label} ${p.side}, of ${p.owner}) ${liquidity} ${a.unwind}${a.burn ? " burn" : ""}`),
          actor: a.actor,
          method: "removeLiquidity",
          params: {
            seriesId: id(p.series),
            tokenId: p.tokenId,
            liquidity,
            coverMin: a.limit === "impossible" ? MAX_UINT : 0n,
            collateralMin: a.limit === "impossible" ? MAX_UINT : 0n,
            unwind: { none: Unwind.None, merge: Unwind.Merge, redeem: Unwind.Redeem }[a.unwind],
            burn: a.burn,
            recipient: user(a.actor),
            deadline,
          },
          must,
          may,
        };
      }
    }
  }

  /** Books a successful call's effects from its receipt's logs, in the order they were emitted. */
  book(logs: readonly Log[], plan: RouterPlan): void {
    const m = this.model;
    const market = this.addresses.market.toLowerCase();
    const manager = this.addresses.positionManager.toLowerCase();
    const account = (series: number, address: string): number => {
      const k = holdersOf(this.holders, series).findIndex((h) => h.toLowerCase() === address.toLowerCase());
      if (k < 0) throw new Error(`${plan.label}: ${m.series[series].label} tokens moved to or from ${address}, not a user, the router or its pools`);
      return k;
    };
    const userIndex = (address: string) => m.users.findIndex((u) => u.toLowerCase() === address.toLowerCase());
    for (const log of logs) {
      const at = log.address.toLowerCase();
      if (at === market) {
        const e = this.f.market.interface.parseLog(log);
        if (!e) continue;
        const series = this.seriesOf.get(String(e.args.seriesId).toLowerCase());
        if (series === undefined) continue;
        const ledger = m.series[series].ledger;
        if (e.name === "Minted") ledger.mint(e.args.amount, account(series, e.args.claimTo), account(series, e.args.noclaimTo));
        else if (e.name === "Merged") ledger.merge(account(series, e.args.sender), e.args.amount);
        else if (e.name === "Redeemed") {
          const settled = m.settlement(series);
          expect(settled.state, `${plan.label}: redeemed before settlement`).to.not.equal(SettlementState.Open);
          const out = ledger.redeem(account(series, e.args.sender), e.args.claimAmount, e.args.noclaimAmount, settled.payout);
          expect(e.args.collateralOut, `${plan.label}: redemption paid`).to.equal(out);
        } else if (e.name === "SeriesSettled") m.series[series].recorded = true;
      } else if (log.topics[0] === TRANSFER_TOPIC && this.tokenOf.has(at)) {
        const { series, side } = this.tokenOf.get(at)!;
        const { from, to, value } = TRANSFER.parseLog(log)!.args;
        if (BigInt(from) === 0n || BigInt(to) === 0n) continue; // mints and burns: booked from the market's events
        m.series[series].ledger.transfer(side, account(series, from), account(series, to), value);
      } else if (log.topics[0] === TRANSFER_TOPIC && this.collateralOf.has(at)) {
        const c = this.collateralOf.get(at)!;
        const { from, to, value } = TRANSFER.parseLog(log)!.args;
        const u = userIndex(from);
        const v = userIndex(to);
        if (u >= 0) m.collateral[u][c] -= value;
        if (v >= 0) m.collateral[v][c] += value;
      } else if (at === manager && log.topics[0] === TRANSFER_TOPIC && log.topics.length === 4) {
        const { from, to, tokenId } = NFT_TRANSFER.parseLog(log)!.args;
        if (BigInt(from) === 0n) {
          const owner = userIndex(to);
          if (owner < 0 || !plan.pool) throw new Error(`${plan.label}: position ${tokenId} minted to ${to}`);
          this.positions.push({ tokenId, owner, ...plan.pool });
        } else if (BigInt(to) === 0n) {
          const k = this.positions.findIndex((p) => p.tokenId === tokenId);
          if (k < 0) throw new Error(`${plan.label}: burnt position ${tokenId} was not alive`);
          this.positions.splice(k, 1);
        } else throw new Error(`${plan.label}: position ${tokenId} moved from ${from} to ${to}`);
      }
    }
  }

  /**
   * Who sells: the actor if it holds some of `side`, else the next user that does (so that sales, exits and rolls
   * mostly have something to sell; one with nothing is still refused with CoverRouterZeroAmount).
   */
  private holder(series: number, side: Side, actor: number): number {
    const users = this.model.users.length - 1; // the fixture's LP never acts
    for (let k = 0; k < users; k++) {
      const u = (actor + k) % users;
      if (this.model.series[series].ledger.balance(side, u) > 0n) return u;
    }
    return actor;
  }

  /** A position's liquidity, read straight through the provider (an ethers contract call costs far more). */
  private async liquidityOf(tokenId: bigint): Promise<bigint> {
    const iface = this.f.positionManager.interface as unknown as Interface;
    const raw = await connection.provider.request({
      method: "eth_call",
      params: [{ to: this.addresses.positionManager, data: iface.encodeFunctionData("positions", [tokenId]) }, "latest"],
    });
    return iface.decodeFunctionResult("positions", raw as string).liquidity;
  }

  private size(size: Size, series: number): bigint {
    return "raw" in size ? size.raw : size.units * 10n ** this.model.series[series].decimals;
  }
}

