/**
 * The router's actions for the solvency property test, as plain data (fast-check arbitraries, printed and
 * shrunk like the core's): buy cover by either route (exact CLAIM out, exact collateral in), sell cover,
 * underwrite and exit, roll to a later expiry, add and remove range liquidity. Like the core's actions they are
 * relative to the state (a part of what the actor holds, the n-th LP position), resolved when they run
 * (test/shared/routerModel.ts); limits are either loose (the action must then go through or be refused by the
 * pool's depth) or impossible (it must be refused by its limit), deadlines open or already past.
 */
import fc from "fast-check";
import { ACCOUNTS, type Portion } from "./solvencyActions.js";
import { POOLED_SERIES } from "./propertyFixture.js";

/** An amount of collateral or cover: whole units (10^decimals), raw base units, or nothing (refused). */
export type Size = { units: bigint } | { raw: bigint };
export type RouteName = "direct" | "pair";
/** Loose: 0 minimum out, unbounded maximum in. Impossible: a minimum no trade can reach (or a maximum of 0). */
export type Limit = "loose" | "impossible";
/** Open: an hour after the call. Past: the second before it (refused). */
export type Deadline = "open" | "past";
/** Rolls from series `from` to series `to`: only 0 -> 2 (same protocol and collateral, later expiry) may go through. */
export const ROLLS: [number, number][] = [
  [0, 2],
  [2, 0],
  [1, 3],
  [0, 1],
];

interface Common {
  actor: number;
  limit: Limit;
  deadline: Deadline;
}

export type RouterAction =
  | ({ kind: "buyExactOut"; series: number; route: RouteName; amount: Size; to: number } & Common)
  | ({ kind: "buyExactIn"; series: number; route: RouteName; amount: Size; to: number } & Common)
  | ({ kind: "sell"; series: number; route: RouteName; amount: Portion; to: number } & Common)
  | ({ kind: "underwrite"; series: number; amount: Size; to: number } & Common)
  | ({ kind: "exit"; series: number; route: RouteName; amount: Portion; to: number } & Common)
  | ({
      kind: "roll";
      /** Index into ROLLS. */
      pair: number;
      side: "claim" | "noclaim";
      amount: Portion;
      sellRoute: RouteName;
      buyRoute: RouteName;
      to: number;
    } & Common)
  | ({
      kind: "addLiquidity";
      series: number;
      side: "claim" | "noclaim";
      /** Price range of the side token in ppm of 1 collateral (sorted when resolved). */
      range: [number, number];
      cover: Size;
      collateral: Size;
      mintCover: boolean;
      /** Add to the actor's n-th position of that pool if it has one, rather than mint a new one. */
      existing: number | undefined;
    } & Common)
  | ({
      kind: "removeLiquidity";
      /** The n-th LP position alive (mostly the actor's own; else anyone's, the fixture LP's included). */
      position: number;
      own: boolean;
      liquidity: Portion;
      unwind: "none" | "merge" | "redeem";
      burn: boolean;
    } & Common);

export const ROUTER_KINDS = new Set<string>(["buyExactOut", "buyExactIn", "sell", "underwrite", "exit", "roll", "addLiquidity", "removeLiquidity"]);

export function isRouterAction(a: { kind: string }): a is RouterAction {
  return ROUTER_KINDS.has(a.kind);
}

const account = fc.nat({ max: ACCOUNTS - 1 });
const pooled = fc.nat({ max: POOLED_SERIES - 1 });
const route = fc.constantFrom<RouteName>("direct", "pair");
const limit = fc.oneof({ arbitrary: fc.constant<Limit>("loose"), weight: 12 }, { arbitrary: fc.constant<Limit>("impossible"), weight: 1 });
const deadline = fc.oneof({ arbitrary: fc.constant<Deadline>("open"), weight: 24 }, { arbitrary: fc.constant<Deadline>("past"), weight: 1 });
/**
 * Mostly a trade the pools absorb; now and then dust, nothing, or about what a pool holds (100,000 units) or
 * more. Those are rare: a swap that runs a pool to the end of its range walks every empty tick word on the way,
 * seconds of simulated EVM for the next trades in that pool (measured: a 1,000-unit pair-route buy took 2.7 s
 * after a pool had been drained, 2.6 ms before).
 */
const size: fc.Arbitrary<Size> = fc.oneof(
  { arbitrary: fc.bigInt(1n, 2_000n).map((units): Size => ({ units })), weight: 16 },
  { arbitrary: fc.bigInt(1n, 1_000_000n).map((raw): Size => ({ raw })), weight: 4 },
  { arbitrary: fc.bigInt(20_000n, 150_000n).map((units): Size => ({ units })), weight: 1 },
  { arbitrary: fc.constant<Size>({ raw: 0n }), weight: 2 }
);
/** What a seller parts with: mostly a part of what it holds, now and then all, nothing or one more than it holds. */
const portion: fc.Arbitrary<Portion> = fc.oneof(
  { arbitrary: fc.constant<Portion>("all"), weight: 3 },
  { arbitrary: fc.constant<Portion>("one"), weight: 1 },
  { arbitrary: fc.constant<Portion>("zero"), weight: 1 },
  { arbitrary: fc.constant<Portion>("over"), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 999_999 }).map((ppm): Portion => ({ ppm })), weight: 6 }
);
/** Liquidity to remove: no "over" (the position manager refuses it without a reason). */
const liquidityPortion: fc.Arbitrary<Portion> = fc.oneof(
  { arbitrary: fc.constant<Portion>("all"), weight: 4 },
  { arbitrary: fc.constant<Portion>("zero"), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 999_999 }).map((ppm): Portion => ({ ppm })), weight: 5 }
);
const common = { actor: account, limit, deadline };

const buyExactOut = fc.record({ kind: fc.constant("buyExactOut" as const), series: pooled, route, amount: size, to: account, ...common });
const buyExactIn = fc.record({ kind: fc.constant("buyExactIn" as const), series: pooled, route, amount: size, to: account, ...common });
const sell = fc.record({ kind: fc.constant("sell" as const), series: pooled, route, amount: portion, to: account, ...common });
const underwrite = fc.record({ kind: fc.constant("underwrite" as const), series: pooled, amount: size, to: account, ...common });
const exit = fc.record({ kind: fc.constant("exit" as const), series: pooled, route, amount: portion, to: account, ...common });
const roll = fc.record({
  kind: fc.constant("roll" as const),
  pair: fc.oneof({ arbitrary: fc.constant(0), weight: 9 }, { arbitrary: fc.integer({ min: 1, max: ROLLS.length - 1 }), weight: 1 }),
  side: fc.constantFrom("claim" as const, "noclaim" as const),
  amount: portion,
  sellRoute: route,
  buyRoute: route,
  to: account,
  ...common,
});
/** A range around the pools' prices (CLAIM near 0.05-0.2, NOCLAIM near 0.8-0.95), or anywhere in (0, 1). */
const range: fc.Arbitrary<[number, number]> = fc.oneof(
  { arbitrary: fc.tuple(fc.integer({ min: 5_000, max: 150_000 }), fc.integer({ min: 100_000, max: 400_000 })), weight: 2 },
  { arbitrary: fc.tuple(fc.integer({ min: 600_000, max: 900_000 }), fc.integer({ min: 850_000, max: 990_000 })), weight: 2 },
  { arbitrary: fc.tuple(fc.integer({ min: 1_000, max: 998_000 }), fc.integer({ min: 2_000, max: 999_000 })), weight: 1 }
);
/** Deposits of at least a whole unit, mostly: smaller ones can give no liquidity at all. */
const deposit: fc.Arbitrary<Size> = fc.oneof(
  { arbitrary: fc.bigInt(1n, 5_000n).map((units): Size => ({ units })), weight: 9 },
  { arbitrary: fc.bigInt(10n ** 4n, 10n ** 6n).map((raw): Size => ({ raw })), weight: 1 }
);
const addLiquidity = fc.record({
  kind: fc.constant("addLiquidity" as const),
  series: pooled,
  side: fc.constantFrom("claim" as const, "noclaim" as const),
  range,
  cover: deposit,
  collateral: deposit,
  mintCover: fc.boolean(),
  existing: fc.option(fc.nat({ max: 3 }), { freq: 3, nil: undefined }),
  ...common,
});
const removeLiquidity = fc.record({
  kind: fc.constant("removeLiquidity" as const),
  position: fc.nat({ max: 1_000 }),
  own: fc.nat({ max: 9 }).map((n) => n !== 0),
  liquidity: liquidityPortion,
  unwind: fc.constantFrom("none" as const, "merge" as const, "redeem" as const),
  burn: fc.boolean(),
  ...common,
});

/** Any router action, weighted so that positions get both opened and closed. */
export const routerAction: fc.Arbitrary<RouterAction> = fc.oneof(
  { arbitrary: buyExactOut, weight: 5 },
  { arbitrary: buyExactIn, weight: 4 },
  { arbitrary: sell, weight: 4 },
  { arbitrary: underwrite, weight: 4 },
  { arbitrary: exit, weight: 4 },
  { arbitrary: roll, weight: 3 },
  { arbitrary: addLiquidity, weight: 4 },
  { arbitrary: removeLiquidity, weight: 4 }
);
