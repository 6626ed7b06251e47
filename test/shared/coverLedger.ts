/**
 * Book-keeping of one series in plain TypeScript: who holds how much CLAIM and NOCLAIM, the collateral
 * put in (mints) and taken out (merges and redemptions), and what rounding left behind. The property
 * test holds the chain against it; the redemption maths is the shared one (scripts/lib/market/payout.ts).
 */
import { WAD, redemptionValue } from "../../scripts/lib/market/payout.js";

export type Side = "claim" | "noclaim";

export class SeriesLedger {
  readonly claim: bigint[];
  readonly noclaim: bigint[];
  /** Collateral locked by mints. */
  putIn = 0n;
  /** Collateral paid by merges and redemptions. */
  takenOut = 0n;
  /** Successful redeem calls. */
  redeemCalls = 0;
  /** Redemption terms (CLAIM part, NOCLAIM part of each redeem call) with a non-zero amount. */
  roundedTerms = 0;
  /** Sum over those terms of (amount * share) mod WAD: what rounding down kept, times WAD. */
  remainders = 0n;

  constructor(accounts: number) {
    this.claim = new Array<bigint>(accounts).fill(0n);
    this.noclaim = new Array<bigint>(accounts).fill(0n);
  }

  /** Collateral the series still holds. */
  get locked(): bigint {
    return this.putIn - this.takenOut;
  }

  /** Starts the ledger from what the chain holds (balances per account, collateral locked), e.g. after a fixture seeded pools. */
  open(claim: bigint[], noclaim: bigint[], locked: bigint): void {
    claim.forEach((x, i) => (this.claim[i] = x));
    noclaim.forEach((x, i) => (this.noclaim[i] = x));
    this.putIn = locked;
  }

  /**
   * What rounding will keep of the tokens held now, at payout `payout`: the number of non-zero terms
   * (CLAIM part, NOCLAIM part of each holder's redemptionValue) and the sum of (amount * share) mod WAD over them.
   */
  heldRemainders(payout: bigint): { terms: number; remainders: bigint } {
    let terms = 0;
    let remainders = 0n;
    for (let i = 0; i < this.claim.length; i++) {
      if (this.claim[i] !== 0n) {
        terms += 1;
        remainders += (this.claim[i] * payout) % WAD;
      }
      if (this.noclaim[i] !== 0n) {
        terms += 1;
        remainders += (this.noclaim[i] * (WAD - payout)) % WAD;
      }
    }
    return { terms, remainders };
  }

  balance(side: Side, account: number): bigint {
    return this[side][account];
  }

  supply(side: Side): bigint {
    return this[side].reduce((sum, x) => sum + x, 0n);
  }

  mint(amount: bigint, claimTo: number, noclaimTo: number): void {
    this.claim[claimTo] += amount;
    this.noclaim[noclaimTo] += amount;
    this.putIn += amount;
  }

  merge(from: number, amount: bigint): void {
    this.burn("claim", from, amount);
    this.burn("noclaim", from, amount);
    this.takenOut += amount;
  }

  /** Burns and pays as CoverMarket.redeem does; returns the collateral paid. */
  redeem(from: number, claimAmount: bigint, noclaimAmount: bigint, payout: bigint): bigint {
    this.burn("claim", from, claimAmount);
    this.burn("noclaim", from, noclaimAmount);
    const out = redemptionValue(claimAmount, noclaimAmount, payout);
    this.redeemCalls += 1;
    if (claimAmount !== 0n) {
      this.roundedTerms += 1;
      this.remainders += (claimAmount * payout) % WAD;
    }
    if (noclaimAmount !== 0n) {
      this.roundedTerms += 1;
      this.remainders += (noclaimAmount * (WAD - payout)) % WAD;
    }
    this.takenOut += out;
    return out;
  }

  transfer(side: Side, from: number, to: number, amount: bigint): void {
    this.burn(side, from, amount);
    this[side][to] += amount;
  }

  /**
   * The most the outstanding tokens can ever redeem for.
   * - Settled at `payout`: exactly the sum over holders of redemptionValue(claim, noclaim, payout).
   * - Not settled: the payout p is still unknown, and holders get at most p * C + (1 - p) * N over all
   *   p in [0, 1], i.e. max(C, N) (C, N the supplies). Redeeming needs a settlement, so until then only
   *   mints and merges moved the series and C = N = locked: the bound is tight, and a series must hold
   *   all of its supply (C + N would be twice what any payout can ask).
   */
  redeemableBound(payout: bigint | undefined): bigint {
    if (payout === undefined) {
      const c = this.supply("claim");
      const n = this.supply("noclaim");
      return c > n ? c : n;
    }
    let total = 0n;
    for (let i = 0; i < this.claim.length; i++) total += redemptionValue(this.claim[i], this.noclaim[i], payout);
    return total;
  }

  private burn(side: Side, from: number, amount: bigint): void {
    if (this[side][from] < amount) throw new Error(`ledger: account ${from} holds ${this[side][from]} ${side}, not ${amount}`);
    this[side][from] -= amount;
  }
}
