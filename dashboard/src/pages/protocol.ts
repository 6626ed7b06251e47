/** The protocol page: term structure (implied risk and annualised rate per live expiry), forward risk between expiries, claims and incidents on a timeline with votes, resolver and curated flag. */
import type { DashboardConfig, IndexStatus } from "../graphql.js";
import { readProtocol, type ProtocolData } from "../data.js";
import { h, listedBadge, marketLink, seriesLink } from "../dom.js";
import { amount, date, days, pct, short, time, wad } from "../format.js";
import { termChart } from "../charts.js";

/** Every dated event of the protocol's claims and incidents, oldest first. */
export function timeline(p: ProtocolData): { time: number; kind: string; text: string; claim?: string }[] {
  const out: { time: number; kind: string; text: string; claim?: string }[] = [];
  for (const c of p.claims) {
    out.push({ time: c.filedAt, kind: "filed", claim: c.id, text: `Claim ${c.id} filed for an incident at ${time(c.incidentTime)}${c.requestedPayout ? `, asking ${pct(wad(c.requestedPayout))}` : ""}${c.claimant ? ` by ${short(c.claimant)}` : ""}; decide by ${time(c.deadline)}` });
    for (const v of c.votes) out.push({ time: v.timestamp, kind: "vote", claim: c.id, text: `Claim ${c.id}: ${short(v.voter)} votes ${v.accept ? `accept (${pct(wad(v.payout))})` : "deny"}` });
    if (c.decidedAt !== null) out.push({ time: c.decidedAt, kind: "decided", claim: c.id, text: `Claim ${c.id} ${c.status.toLowerCase()}${c.resolution && c.resolution !== c.status ? ` (${c.resolution.toLowerCase()})` : ""}${c.status === "Accepted" ? `, payout ${pct(wad(c.payout))}` : ""} (${c.acceptVotes} accept, ${c.denyVotes} deny)` });
  }
  for (const i of p.incidents) out.push({ time: i.reportedAt, kind: "incident", text: `Incident ${i.id} reported${i.claim ? ` (claim ${i.claim})` : " directly (parametric)"}: happened ${time(i.incidentTime)}, payout ${pct(wad(i.payout))}, settled ${i.seriesSettled} series` });
  const order = ["filed", "vote", "decided", "incident"];
  return out.sort((a, b) => a.time - b.time || order.indexOf(a.kind) - order.indexOf(b.kind));
}

export async function protocolPage(root: HTMLElement, config: DashboardConfig, status: IndexStatus, id: string): Promise<void> {
  const p = /^\d+$/.test(id) ? await readProtocol(config.subgraphUrl, id, status.blockTime, config.curated ?? null) : null;
  if (!p) {
    root.replaceChildren(h("h1", {}, "Unknown protocol"), h("p", { class: "empty" }, `The subgraph has no protocol ${id}.`), h("p", {}, marketLink("Back to the market")));
    return;
  }
  const now = status.blockTime;
  const term = h("div", { id: "term", class: "chart" });
  const forward = h("div", { id: "forward", class: "chart" });
  const events = timeline(p);
  const hasForward = p.term.some((t) => t.forward !== null);
  root.replaceChildren(
    h("p", { class: "crumbs" }, marketLink(), " / ", p.name),
    h("h1", {}, `${p.name} (${p.ticker}) `, listedBadge(p.listed)),
    h("p", { class: "lede" }, `Claims may be filed until expiry + ${days(p.claimWindow)}. Registered ${time(p.registeredAt)}. Terms: ${p.metadataURI || "-"}`),
    h("div", { id: "resolver", "data-kind": p.committee ? "committee" : "other" },
      h("h2", {}, "Resolver"),
      p.committee
        ? h("div", {},
            h("p", {}, `Committee resolver ${short(p.resolver)}: epoch ${p.committee.epoch}, ${p.committee.threshold} of ${p.committee.members.length} votes decide (in office since ${time(p.committee.since)}).`),
            h("ul", { id: "committee" }, ...p.committee.members.map((m) => h("li", { class: "mono", "data-member": m }, m))))
        : h("p", {}, `Resolver ${p.resolver}: not a committee (e.g. the parametric resolver, whose incidents its price feeds prove); the subgraph does not index its feeds, only the incidents it reports.`)),
    h("h2", {}, "Term structure: implied risk (left) and annualised rate (right, dashed) by days to expiry"),
    p.term.length === 0 ? h("p", { class: "empty", id: "term-empty" }, "No live series.") : term,
    p.term.length === 0 ? "" : h("p", { class: "axis" }, "Horizontal: days to expiry; solid: implied probability of a payout by that expiry; dashed: the annualised rate."),
    h("h2", {}, "Forward risk between consecutive expiries"),
    hasForward ? forward : h("p", { class: "empty", id: "forward-empty" }, "Fewer than two priced live expiries: no forward risk."),
    hasForward ? h("p", { class: "axis" }, "Horizontal: days to the later expiry of each pair; each point is the chance of a payout between the expiry before and this one, given none by the first.") : "",
    p.term.length === 0
      ? ""
      : h("table", { id: "term-table", class: "data" },
          h("thead", {}, h("tr", {}, h("th", {}, "Series"), h("th", {}, "Expiry"), h("th", { class: "num" }, "Days"), h("th", { class: "num" }, "Implied p"), h("th", { class: "num" }, "Annualised"), h("th", { class: "num" }, "Forward from previous"), h("th", { class: "num" }, "Open int."))),
          h("tbody", {}, ...p.term.map((t) =>
            h("tr", { "data-series": t.seriesId },
              h("td", {}, seriesLink(t.seriesId, t.handle)),
              h("td", {}, date(t.expiry)),
              h("td", { class: "num" }, ((t.expiry - now) / 86400).toFixed(1)),
              h("td", { class: "num", "data-col": "probability", "data-value": t.impliedProbability ?? "" }, pct(t.impliedProbability)),
              h("td", { class: "num", "data-col": "rate", "data-value": t.annualisedRate ?? "" }, pct(t.annualisedRate, 1)),
              h("td", { class: "num", "data-col": "forward", "data-value": t.forward ?? "" }, pct(t.forward)),
              h("td", { class: "num", "data-col": "openInterest", "data-value": t.openInterest }, amount(t.openInterest, t.decimals)))))),
    h("h2", {}, "Claims and incidents"),
    events.length === 0
      ? h("p", { class: "empty", id: "timeline-empty" }, "No claims or incidents.")
      : h("ol", { id: "timeline", class: "timeline" }, ...events.map((e) => h("li", { "data-kind": e.kind, "data-claim": e.claim ?? null, "data-time": e.time }, h("time", {}, time(e.time)), " ", e.text))),
    h("h2", {}, "Settled series"),
    p.settledSeries.length === 0
      ? h("p", { class: "empty" }, "None settled yet.")
      : h("ul", { id: "settled" }, ...p.settledSeries.map((s) => h("li", { "data-series": s.id }, seriesLink(s.id, s.handle), ` ${s.status}, CLAIM payout ${pct(wad(s.payout))}`))),
  );
  if (p.term.length) termChart(term, p.term, now);
  if (hasForward) termChart(forward, p.term, now, true);
}
