/** The series page: candles of implied probability (hour / day) with the CLAIM price and volume, pool depth by implied risk, recent swaps with claim flags, supplies and settlement. */
import type { DashboardConfig, IndexStatus } from "../graphql.js";
import { readSeries, SETTLED, type SeriesData } from "../data.js";
import { h, listedBadge, marketLink, protocolLink } from "../dom.js";
import { amount, date, fixed, pct, price, short, time, wad } from "../format.js";
import { candleChart, depthChart } from "../charts.js";

/** The facts table: label, data-field, value shown, raw value (data-value). */
export function seriesFacts(s: SeriesData): [string, string, string, string][] {
  const a = (raw: string) => `${amount(raw, s.decimals)} ${s.collateral}`;
  const rows: [string, string, string, string][] = [
    ["Status", "status", s.status, s.status],
    ["Expiry", "expiry", time(s.expiry), String(s.expiry)],
    ["Claim window ends", "claimWindowEnd", time(s.claimWindowEnd), String(s.claimWindowEnd)],
    // Once settled, the payout is what counts; the pools' price is only their last trade.
    [SETTLED.has(s.status) ? "Last pool-implied probability" : "Implied probability", "impliedProbability", pct(s.impliedProbability, 3), String(s.impliedProbability ?? "")],
    ["Annualised rate (now)", "annualisedRate", pct(s.annualisedRate, 2), String(s.annualisedRate ?? "")],
    ["CLAIM price", "claimPrice", price(s.claimPrice), String(s.claimPrice ?? "")],
    ["NOCLAIM price", "noclaimPrice", price(s.noclaimPrice), String(s.noclaimPrice ?? "")],
    ["Claim open", "claimOpen", s.claimOpen ? "yes: a claim that could apply is undecided" : "no", String(s.claimOpen)],
    ["CLAIM supply", "claimSupply", a(s.claimSupply), s.claimSupply],
    ["NOCLAIM supply", "noclaimSupply", a(s.noclaimSupply), s.noclaimSupply],
    ["Open interest", "openInterest", a(s.openInterest), s.openInterest],
    ["Collateral locked", "collateralLocked", a(s.collateralLocked), s.collateralLocked],
    ["Minted in total", "totalMinted", a(s.totalMinted), s.totalMinted],
    ["Redeemed in total", "totalRedeemed", a(s.totalRedeemed), s.totalRedeemed],
    ["Volume (all pools)", "volume", a(s.volume), s.volume],
    ["Swaps", "swapCount", String(s.swapCount), String(s.swapCount)],
  ];
  if (SETTLED.has(s.status)) {
    rows.push(["CLAIM payout", "payout", `${pct(wad(s.payout), 2)} of face`, s.payout]);
    rows.push(["Settled at", "settledAt", time(s.settledAt), String(s.settledAt ?? "")]);
  }
  return rows;
}

export async function seriesPage(root: HTMLElement, config: DashboardConfig, status: IndexStatus, id: string, interval: "hour" | "day"): Promise<void> {
  const s = /^0x[0-9a-fA-F]{64}$/.test(id) ? await readSeries(config.subgraphUrl, id, status.blockTime, config.curated ?? null) : null;
  if (!s) {
    root.replaceChildren(h("h1", {}, "Unknown series"), h("p", { class: "empty" }, `The subgraph has no series ${id}.`), h("p", {}, marketLink("Back to the market")));
    return;
  }
  const candles = interval === "day" ? s.day : s.hour;
  const chart = h("div", { id: "candles", class: "chart" });
  const depth = h("div", { id: "depth", class: "chart" });
  root.replaceChildren(
    h("p", { class: "crumbs" }, marketLink(), " / ", protocolLink(s.protocolId, s.protocol), " / ", s.handle),
    h("h1", {}, s.handle, " ", listedBadge(s.listed)),
    h("p", { class: "lede" }, `${s.protocol}, cover in ${s.collateral} to ${date(s.expiry)}. `, s.claimOpen ? h("span", { class: "badge claim" }, "CLAIM OPEN") : null),
    h("div", { class: "columns" },
      h("div", { class: "main" },
        h("h2", {}, "Implied probability, CLAIM price and volume ",
          h("span", { class: "toggle" },
            h("a", { href: `#/series/${s.id}/hour`, "data-interval": "hour", class: interval === "hour" ? "on" : null }, "hour"),
            h("a", { href: `#/series/${s.id}/day`, "data-interval": "day", class: interval === "day" ? "on" : null }, "day"))),
        candles.length === 0 ? h("p", { class: "empty", id: "candles-empty" }, "No trades yet: candles start with the series' first swap.") : chart,
        h("h2", {}, "Pool depth by implied risk"),
        s.depth.length === 0 ? h("p", { class: "empty", id: "depth-empty" }, "No pools followed for this series.") : depth,
        s.depth.length === 0 ? null : h("p", { class: "axis" }, "Horizontal: implied risk in % (CLAIM price, or 1 - NOCLAIM price); vertical: in-range liquidity of each pool (CLAIM pool left, NOCLAIM pool right)."),
        h("ul", { class: "pools" }, ...s.depth.map((d) =>
          h("li", { "data-pool": d.pool, "data-active-liquidity": d.activeLiquidity, "data-liquidity": d.liquidity },
            `${d.side} pool ${short(d.pool)} (fee ${d.fee / 10000}%): in-range liquidity ${d.liquidity}, current implied risk ${pct(d.currentRisk, 2)}`))),
        h("h2", {}, "Recent swaps"),
        s.swaps.length === 0
          ? h("p", { class: "empty", id: "swaps-empty" }, "No trades yet.")
          : h("table", { id: "swaps-table", class: "data" },
              h("thead", {}, h("tr", {}, h("th", {}, "Time"), h("th", {}, "Side"), h("th", {}, "Trade"), h("th", { class: "num" }, "Cover"), h("th", { class: "num" }, "Collateral"), h("th", { class: "num" }, "Price"), h("th", {}, "Fee"), h("th", {}, "Trader"), h("th", {}, "During a claim"))),
              h("tbody", {}, ...s.swaps.map((w) =>
                h("tr", { "data-swap": w.id, class: w.duringClaim ? "during-claim" : null },
                  h("td", {}, time(w.timestamp)),
                  h("td", {}, w.side),
                  h("td", {}, BigInt(w.amountCover) < 0n ? "buy" : "sell"),
                  h("td", { class: "num", "data-value": w.amountCover }, fixed(w.amountCover.replace("-", ""), s.decimals)),
                  h("td", { class: "num", "data-value": w.amountCollateral }, fixed(w.amountCollateral.replace("-", ""), s.decimals)),
                  h("td", { class: "num", "data-value": w.price }, price(w.price)),
                  h("td", {}, `${w.fee / 10000}%`),
                  h("td", {}, short(w.origin)),
                  h("td", { "data-col": "duringClaim", "data-value": String(w.duringClaim) }, w.duringClaim ? h("span", { class: "badge claim" }, "during claim") : "")))))),
      h("div", { class: "side" },
        h("h2", {}, "Series"),
        h("table", { id: "series-facts", class: "facts" }, h("tbody", {}, ...seriesFacts(s).map(([label, field, shown, raw]) => h("tr", {}, h("th", {}, label), h("td", { "data-field": field, "data-value": raw }, shown))))),
        s.incident ? h("p", {}, `Settled by incident ${s.incident.id} at ${time(s.incident.incidentTime)} (payout ${pct(wad(s.incident.payout))}).`) : null,
        h("p", { class: "mono" }, `id ${s.id}`))),
  );
  if (candles.length) candleChart(chart, candles, s.decimals);
  if (s.depth.length) depthChart(depth, s.depth);
}
