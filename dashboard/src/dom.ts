/** A few DOM helpers: elements from tags, attributes and children, and the page's own links. */

type Child = Node | string | number | null | undefined | false;

/** An element: h("td", { class: "num", "data-value": 1 }, "text", child). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | null | undefined | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.replace(/^on/, ""), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** Links between pages keep the address's query (?subgraph=...) and change only the hash. */
export const seriesLink = (id: string, text: string) => h("a", { href: `#/series/${id}`, class: "series-link", "data-series": id }, text);
export const protocolLink = (id: number | string, text: string) => h("a", { href: `#/protocol/${id}`, class: "protocol-link", "data-protocol": String(id) }, text);
export const marketLink = (text = "Market") => h("a", { href: "#/market", class: "market-link" }, text);

/** The curated flag as the CLI writes it. */
export const listedBadge = (listed: boolean) => h("span", { class: listed ? "badge listed" : "badge unlisted", "data-listed": String(listed) }, listed ? "curated" : "UNLISTED");
