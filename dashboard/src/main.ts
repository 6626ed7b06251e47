/**
 * The dashboard's entry: reads the config, routes on the address's hash (#/market, #/series/<id>[/hour|/day],
 * #/protocol/<id>; links keep ?subgraph=...), and shows each page under a status line and its banners: the subgraph
 * unreachable, behind the chain by N blocks, or stopped on an indexing error. The page's state is on <body
 * data-state="loading|ready|error">; never a blank page.
 */
import { disposeCharts } from "./charts.js";
import { h, marketLink } from "./dom.js";
import { time } from "./format.js";
import { indexStatus, loadConfig, SubgraphError, type DashboardConfig, type IndexStatus } from "./graphql.js";
import { marketPage } from "./pages/market.js";
import { protocolPage } from "./pages/protocol.js";
import { seriesPage } from "./pages/series.js";
import { STALE_TOLERANCE } from "../../scripts/lib/subgraph/freshness.js";


const app = document.getElementById("app")!;
const banners = document.getElementById("banners")!;
const statusLine = document.getElementById("status")!;
let configPromise: Promise<DashboardConfig> | undefined;
let renderId = 0;

type Route = { page: "market" } | { page: "series"; id: string; interval: "hour" | "day" } | { page: "protocol"; id: string } | { page: "unknown"; hash: string };

export function route(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  if (parts.length === 0 || parts[0] === "market") return { page: "market" };
  if (parts[0] === "series" && parts[1]) return { page: "series", id: parts[1], interval: parts[2] === "day" ? "day" : "hour" };
  if (parts[0] === "protocol" && parts[1]) return { page: "protocol", id: parts[1] };
  return { page: "unknown", hash };
}

function banner(kind: string, text: string): HTMLElement {
  return h("div", { class: `banner ${kind}`, role: "alert", "data-banner": kind }, text);
}

function showStatus(config: DashboardConfig, status: IndexStatus): void {
  const behind = status.head === null ? null : Math.max(0, status.head - status.block);
  statusLine.replaceChildren(
    `Subgraph ${config.subgraphUrl} · block ${status.block} · chain time ${time(status.blockTime)} UTC · `,
    behind === null ? "chain head unknown (no RPC or status URL configured)" : `chain head ${status.head} (${status.headSource})`,
  );
  statusLine.dataset.block = String(status.block);
  statusLine.dataset.blockTime = String(status.blockTime);
  if (status.hasIndexingErrors) banners.append(banner("indexing-errors", `The subgraph stopped on an indexing error at block ${status.block}: its numbers will not move on until it is fixed and redeployed.`));
  if (behind !== null && behind > STALE_TOLERANCE) {
    const b = banner("behind", `The subgraph is ${behind} blocks behind the chain (indexed block ${status.block}, chain head ${status.head}): the numbers below are as of block ${status.block}.`);
    b.dataset.behind = String(behind);
    banners.append(b);
  }
}

async function render(): Promise<void> {
  const id = ++renderId;
  disposeCharts();
  document.body.dataset.state = "loading";
  document.body.dataset.render = String(id);
  banners.replaceChildren();
  app.replaceChildren(h("p", { class: "loading" }, "Loading from the subgraph…"));
  const r = route(location.hash);
  document.body.dataset.page = r.page;
  try {
    const config = await (configPromise ??= loadConfig());
    if (!config.subgraphUrl) {
      banners.append(banner("unreachable", "No subgraph configured: add ?subgraph=<GraphQL URL> to the address, or set subgraphUrl in config.json."));
      app.replaceChildren(h("p", { class: "empty" }, "Nothing to show without a subgraph."));
      document.body.dataset.state = "error";
      return;
    }
    const status = await indexStatus(config);
    if (id !== renderId) return;
    showStatus(config, status);
    if (r.page === "market") await marketPage(app, config, status);
    else if (r.page === "series") await seriesPage(app, config, status, r.id, r.interval);
    else if (r.page === "protocol") await protocolPage(app, config, status, r.id);
    else app.replaceChildren(h("h1", {}, "No such page"), h("p", {}, `Nothing at ${r.hash}. `, marketLink("Go to the market")));
    if (id !== renderId) return;
    document.title = `${document.querySelector("h1")?.textContent ?? "Cover Market"} · Cover Market`;
    document.body.dataset.state = "ready";
    (window as any).__renderedAt = performance.now();
    // Charts draw on the next animation frame: two frames on, the page is painted (the benchmark's "fully rendered").
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (id !== renderId) return;
        (window as any).__paintedAt = performance.now();
        document.body.dataset.painted = String(id);
      }),
    );
  } catch (error) {
    if (id !== renderId) return;
    disposeCharts();
    const unreachable = error instanceof SubgraphError ? error.unreachable : true;
    const url = (await configPromise?.catch(() => undefined))?.subgraphUrl ?? "";
    banners.append(
      unreachable
        ? banner("unreachable", `The subgraph at ${url} cannot be reached: ${(error as Error).message}. Nothing is shown rather than stale numbers; retry once it answers.`)
        : banner("query-error", (error as Error).message),
    );
    statusLine.replaceChildren(`Subgraph ${url} · not answering`);
    app.replaceChildren(h("p", { class: "empty" }, "No data: see the banner above. ", h("a", { href: location.hash || "#/market", onclick: () => setTimeout(render) }, "Retry")));
    document.body.dataset.state = "error";
  }
}

window.addEventListener("hashchange", () => void render());
void render();
