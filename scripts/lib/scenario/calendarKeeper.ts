/**
 * The calendar keeper: keeps every demo protocol and collateral at least `live` open expiries deep, creating the
 * next weekly series with its two pools at a starting risk (from the protocol's yearly base risk, with some noise),
 * observation slots for a TWAP and an LP's liquidity; and, once series are final, settles them and lets every
 * holder redeem.
 */
import { MaxUint256 } from "ethers";
import { CoverToken__factory } from "../chain/contracts.js";
import { isoDate, nthExpiryAfter } from "../market/calendar.js";
import { SettlementState } from "../market/enums.js";
import { seriesIdOf } from "../market/series.js";
import { seedLiquidity } from "./seedLiquidity.js";
import { labelOf, type ScenarioProtocol, type ScenarioSeries, type Stage } from "./stage.js";

/** Observation slots each new pool gets, for the risk oracle's TWAP. */
const CARDINALITY = 12;

export class CalendarKeeper {
  private tickSpacing?: number;

  constructor(private readonly stage: Stage, private readonly live: number) {}

  /** Creates series until every protocol and collateral has `live` open ones (settled ones do not count). */
  async keep(): Promise<void> {
    const { stage } = this;
    const t = await stage.now();
    for (const p of stage.protocols) {
      for (const symbol of p.demoProtocol.collaterals) {
        const collateral = stage.stack.addresses.collaterals[symbol];
        const same = (s: ScenarioSeries) => s.protocolId === p.id && s.collateral === collateral;
        const liveOnes = stage.series.filter((s) => same(s) && BigInt(s.expiry) > t);
        const status = await Promise.all(liveOnes.map((s) => stage.stack.contracts.market.seriesStatus(s.id)));
        const open = liveOnes.filter((_, i) => Number(status[i].state) === SettlementState.Open);
        for (let k = 1; open.length < this.live; k++) {
          const expiry = nthExpiryAfter(t, k);
          if (stage.series.some((s) => same(s) && BigInt(s.expiry) === expiry)) continue;
          open.push(await this.create(p, symbol, expiry));
        }
      }
    }
  }

  /** The open series more than an hour from expiry. */
  async tradable(): Promise<ScenarioSeries[]> {
    const { stage } = this;
    const t = await stage.now();
    const candidates = stage.series.filter((s) => BigInt(s.expiry) > t + 3600n);
    const status = await Promise.all(candidates.map((s) => stage.stack.contracts.market.seriesStatus(s.id)));
    return candidates.filter((_, i) => Number(status[i].state) === SettlementState.Open);
  }

  /** Settles the series that have become final (by incident, or by time) and redeems what every trader holds. */
  async redeemExpired(): Promise<void> {
    const { stage } = this;
    const { market } = stage.stack.contracts;
    const { deployer, lp, hedger, underwriter, arbitrageur, trader } = stage.cast;
    const t = await stage.now();
    for (const s of stage.series) {
      if (s.redeemed) continue;
      const status = await market.seriesStatus(s.id);
      const state = Number(status.state);
      if (!(state === SettlementState.ByIncident || (state === SettlementState.ByTime && BigInt(status.finalAt) <= t))) continue;
      await stage.step(`settle and redeem ${labelOf(s)}`, async () => {
        if (!status.recorded) await stage.send(market.connect(deployer).settle(s.id));
        for (const user of [lp, hedger, underwriter, arbitrageur, trader]) {
          const [c, n] = [await s.claimToken.balanceOf(user.address), await s.noclaimToken.balanceOf(user.address)];
          if (c > 0n || n > 0n) await stage.send(market.connect(user).redeem(s.id, c, n, user.address));
        }
        s.redeemed = true;
      });
    }
  }

  /** One series with its pools, observation slots, the traders' approvals and the LP's two positions. */
  private async create(p: ScenarioProtocol, symbol: "USDC" | "DAI", expiry: bigint): Promise<ScenarioSeries> {
    const { stage } = this;
    const { market, pools, router } = stage.stack.contracts;
    const { deployer, lp, hedger, underwriter, arbitrageur, trader } = stage.cast;
    const { coverRouter, uniswap } = stage.stack.addresses;
    return stage.step(`create ${p.ticker} ${symbol} ${isoDate(expiry)}`, async () => {
      const collateral = stage.stack.addresses.collaterals[symbol];
      await stage.send(market.connect(deployer).createSeries(p.id, collateral, expiry));
      const id = seriesIdOf(p.id, collateral, expiry);
      const decimals = Number((await market.series(id)).decimals);
      const [claim, noclaim] = await market.seriesTokens(id);
      const years = Number(expiry - (await stage.now())) / (365 * 86400);
      const risk = Math.min(0.5, Math.max(0.01, 1 - Math.exp(-p.demoProtocol.baseRisk * years * (0.8 + 0.4 * stage.random()))));
      const s: ScenarioSeries = {
        id, protocolId: p.id, collateral, expiry: Number(expiry), claim, noclaim, protocol: p.demoProtocol, decimals,
        claimToken: CoverToken__factory.connect(claim, stage.provider), noclaimToken: CoverToken__factory.connect(noclaim, stage.provider),
        collateralToken: stage.stack.contracts.collaterals[symbol], risk, redeemed: false,
      };
      const riskWad = BigInt(Math.round(risk * 1e6)) * 10n ** 12n;
      await stage.send(pools.connect(deployer).createPools(id, riskWad, 0n));
      await stage.send(pools.connect(deployer).increaseObservationCardinality(id, CARDINALITY));
      for (const user of [lp, hedger, underwriter, arbitrageur, trader]) {
        for (const t of [s.claimToken, s.noclaimToken]) await stage.send(t.connect(user).approve(coverRouter, MaxUint256));
      }
      for (const t of [s.claimToken, s.noclaimToken]) await stage.send(t.connect(arbitrageur).approve(uniswap.swapRouter!, MaxUint256));
      this.tickSpacing ??= Number(await pools.tickSpacing());
      await seedLiquidity(router, { id, claim: s.claimToken, noclaim: s.noclaimToken, collateral }, riskWad, lp, 200_000n * 10n ** BigInt(decimals), this.tickSpacing, await stage.deadline(), (tx) => stage.send(tx));
      stage.series.push(s);
      return s;
    });
  }
}
