/** The market page: every protocol with its term-structure sparkline, every unsettled series (sortable), settled series below. */
import type { DashboardConfig, IndexStatus } from "../graphql.js";
import { readMarket, SETTLED, type MarketRow } from "../data.js";
import { h, listedBadge, protocolLink, seriesLink } from "../dom.js";
import { amount, date, pct, pp, wad } from "../format.js";
import { sparkline } from "../charts.js";

interface Column {
  key: string;
  title: string;
  /** The cell's value for sorting and for the tests (data-value). */
  value: (r: MarketRow) => string | number | null;
  /** The cell's content. */
  cell: (r: MarketRow) => Node | string;
  num?: boolean;
}

export const MARKET_COLUMNS: Column[] = [
  { key: "series", title: "Series", value: (r) => r.handle, cell: (r) => h("span", {}, seriesLink(r.seriesId, r.handle), " ", r.listed ? null : listedBadge(false)) },
  { key: "protocol", title: "Protocol", value: (r) => r.protocol, cell: (r) => protocolLink(r.protocolId, r.protocol) },
  { key: "expiry", title: "Expiry", value: (r) => r.expiry, cell: (r) => date(r.expiry) },
  { key: "collateral", title: "Coll.", value: (r) => r.collateral, cell: (r) => r.collateral },
  { key: "probability", title: "Implied p", value: (r) => r.impliedProbability, cell: (r) => pct(r.impliedProbability), num: true },
  { key: "rate", title: "Annualised", value: (r) => r.annualisedRate, cell: (r) => pct(r.annualisedRate, 1), num: true },
  { key: "change", title: "24h change", value: (r) => r.change24h, cell: (r) => pp(r.change24h), num: true },
  { key: "volume", title: "24h volume", value: (r) => r.volume24h, cell: (r) => amount(r.volume24h, r.decimals), num: true },
  { key: "openInterest", title: "Open int.", value: (r) => r.openInterest, cell: (r) => amount(r.openInterest, r.decimals), num: true },
  { key: "status", title: "Status", value: (r) => r.status, cell: (r) => r.status },
  { key: "claimOpen", title: "Claim open", value: (r) => String(r.claimOpen), cell: (r) => (r.claimOpen ? h("span", { class: "badge claim" }, "CLAIM OPEN") : "no") },
  { key: "listed", title: "Curated", value: (r) => String(r.listed), cell: (r) => (r.listed ? "curated" : "UNLISTED") },
];

const compare = (a: string | number | null, b: string | number | null) => {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (/^-?\d+$/.test(String(a)) && /^-?\d+$/.test(String(b))) return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
  return String(a).localeCompare(String(b));
};

function seriesTable(rows: MarketRow[]): HTMLElement {
  const tbody = h("tbody");
  let sortKey = "";
  let direction = 1;
  const render = () => {
    const col = MARKET_COLUMNS.find((c) => c.key === sortKey);
    const sorted = col ? [...rows].sort((a, b) => direction * compare(col.value(a), col.value(b))) : rows;
    tbody.replaceChildren(
      ...sorted.map((r) =>
        h("tr", { "data-series": r.seriesId }, ...MARKET_COLUMNS.map((c) => h("td", { "data-col": c.key, "data-value": c.value(r) ?? "", class: c.num ? "num" : null }, c.cell(r)))),
      ),
    );
  };
  const head = h(
    "tr",
    {},
    ...MARKET_COLUMNS.map((c) =>
      h(
        "th",
        {
          "data-sort": c.key,
          class: c.num ? "num sortable" : "sortable",
          title: "sort",
          onclick: (e: Event) => {
            direction = sortKey === c.key ? -direction : 1;
            sortKey = c.key;
            for (const th of (e.currentTarget as HTMLElement).parentElement!.children) th.removeAttribute("data-direction");
            (e.currentTarget as HTMLElement).setAttribute("data-direction", direction > 0 ? "asc" : "desc");
            render();
          },
        },
        c.title,
      ),
    ),
  );
  render();
  return h("table", { id: "market-table", class: "data" }, h("thead", {}, head), tbody);
}

export async function marketPage(root: HTMLElement, config: DashboardConfig, status: IndexStatus): Promise<void> {
  const { rows, protocols } = await readMarket(config.subgraphUrl, status.blockTime, config.curated ?? null);
  const open = rows.filter((r) => !SETTLED.has(r.status));
  const settled = rows.filter((r) => SETTLED.has(r.status));
  root.replaceChildren(
    h("h1", {}, "Market"),
    h("p", { class: "lede" }, "Implied probability of a payout and the annualised rate of cover for every series, from the prices of its canonical pools; the rate is computed at the subgraph's block time."),
    h("h2", {}, "Protocols"),
    protocols.length === 0
      ? h("p", { class: "empty" }, "No protocols registered yet.")
      : h(
          "table",
          { id: "protocol-table", class: "data" },
          h("thead", {}, h("tr", {}, h("th", {}, "Protocol"), h("th", {}, "Ticker"), h("th", {}, "Resolver"), h("th", {}, "Curated"), h("th", { class: "num" }, "Open claims"), h("th", { class: "num" }, "Live expiries"), h("th", {}, "Term structure (implied p by expiry)"))),
          h(
            "tbody",
            {},
            ...protocols.map((p) =>
              h(
                "tr",
                { "data-protocol": p.id },
                h("td", {}, protocolLink(p.id, p.name)),
                h("td", {}, p.ticker),
                h("td", {}, p.committee ? "committee" : "other (e.g. parametric)"),
                h("td", {}, listedBadge(p.listed)),
                h("td", { class: "num", "data-col": "openClaims", "data-value": p.openClaims }, p.openClaims),
                h("td", { class: "num", "data-col": "live", "data-value": Object.values(p.term).flat().length }, Object.values(p.term).flat().length),
                h("td", {}, sparkline(p.term)),
              ),
            ),
          ),
        ),
    h("h2", {}, "Live and expired series"),
    open.length === 0 ? h("p", { class: "empty" }, "No unsettled series.") : seriesTable(open),
    h("h2", {}, "Settled series"),
    settled.length === 0
      ? h("p", { class: "empty" }, "No settled series yet.")
      : h(
          "table",
          { id: "settled-table", class: "data" },
          h("thead", {}, h("tr", {}, h("th", {}, "Series"), h("th", {}, "Status"), h("th", { class: "num" }, "CLAIM payout"), h("th", { class: "num" }, "Locked"))),
          h(
            "tbody",
            {},
            ...settled.map((r) =>
              h(
                "tr",
                { "data-series": r.seriesId },
                h("td", {}, seriesLink(r.seriesId, r.handle), " ", r.listed ? null : listedBadge(false)),
                h("td", { "data-col": "status", "data-value": r.status }, r.status),
                h("td", { class: "num", "data-col": "payout", "data-value": r.payout }, pct(wad(r.payout))),
                h("td", { class: "num", "data-col": "collateralLocked", "data-value": r.collateralLocked }, amount(r.collateralLocked, r.decimals)),
              ),
            ),
          ),
        ),
  );
}
