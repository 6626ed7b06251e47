/**
 * The dashboard's charts, on TradingView's lightweight-charts v5: candles of implied probability with the CLAIM
 * price and volume in panes below (a time axis); pool depth by implied risk and the term structure by days to
 * expiry (its "options" chart, whose horizontal axis is any number); and an SVG sparkline for the market page.
 * Each chart's container carries the number of points it was given as data- attributes (data-points, ...), which the
 * browser tests compare with the subgraph's rows.
 */
import {
  CandlestickSeries,
  ColorType,
  createChart,
  createOptionsChart,
  HistogramSeries,
  LineSeries,
  type IChartApiBase,
  type UTCTimestamp,
} from "lightweight-charts";
import type { Candle, PoolDepth, TermPoint } from "./data.js";
import { pct, units } from "./format.js";

const charts: IChartApiBase<any>[] = [];

/** Keeps a chart for disposal, and notes when the page drew its first one (window.__firstChartAt, for the benchmark). */
function track<T extends IChartApiBase<any>>(chart: T): T {
  (window as any).__firstChartAt ??= performance.now();
  return chart;
}

/** Removes the charts of the page being left. */
export function disposeCharts(): void {
  for (const c of charts.splice(0)) c.remove();
}

const percent = { type: "custom" as const, formatter: (x: number) => pct(x, 2), minMove: 0.0001 };
const base = (height: number) => ({
  height,
  autoSize: false,
  layout: { background: { type: ColorType.Solid, color: "#ffffff" }, textColor: "#24292f", fontSize: 11, attributionLogo: false },
  grid: { vertLines: { color: "#eef1f4" }, horzLines: { color: "#eef1f4" } },
  rightPriceScale: { borderColor: "#d0d7de" },
  timeScale: { borderColor: "#d0d7de" },
});
const widthOf = (el: HTMLElement) => Math.max(320, el.clientWidth || 800);

export const COLORS = ["#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df"];

/** Candles of implied probability (pane 0), CLAIM price at each close (pane 1), volume in collateral (pane 2). */
export function candleChart(el: HTMLElement, candles: Candle[], decimals: number): void {
  const chart = track(createChart(el, { ...base(460), width: widthOf(el), timeScale: { borderColor: "#d0d7de", timeVisible: true } }));
  const t = (time: number) => time as UTCTimestamp;
  const p = chart.addSeries(CandlestickSeries, { priceFormat: percent, upColor: "#cf222e", downColor: "#1a7f37", wickUpColor: "#cf222e", wickDownColor: "#1a7f37", borderVisible: false, title: "implied p" }, 0);
  p.setData(candles.map((c) => ({ time: t(c.time), open: c.open, high: c.high, low: c.low, close: c.close })));
  const claim = candles.filter((c) => c.claimClose !== null);
  const price = chart.addSeries(LineSeries, { color: "#0969da", lineWidth: 2, priceFormat: { type: "price", precision: 6, minMove: 0.000001 }, title: "CLAIM price" }, 1);
  price.setData(claim.map((c) => ({ time: t(c.time), value: c.claimClose! })));
  const volume = chart.addSeries(HistogramSeries, { color: "#8c959f", priceFormat: { type: "volume" }, title: "volume" }, 2);
  volume.setData(candles.map((c) => ({ time: t(c.time), value: Number(units(c.volume, decimals)) })));
  const panes = chart.panes();
  panes[0]?.setStretchFactor(3);
  panes[1]?.setStretchFactor(1.2);
  panes[2]?.setStretchFactor(1);
  chart.timeScale().fitContent();
  el.dataset.points = String(candles.length);
  el.dataset.claimPoints = String(claim.length);
  el.dataset.volumePoints = String(candles.length);
  el.dataset.firstTime = String(candles[0]?.time ?? "");
  el.dataset.lastTime = String(candles[candles.length - 1]?.time ?? "");
  el.dataset.lastClose = String(candles[candles.length - 1]?.close ?? "");
}

/**
 * Liquidity of the CLAIM and NOCLAIM pools by implied risk (CLAIM price, or 1 - NOCLAIM price), in percent on the
 * horizontal axis; each pool on its own scale (CLAIM left, NOCLAIM right: their liquidity units differ widely).
 */
export function depthChart(el: HTMLElement, depth: PoolDepth[]): void {
  const chart = track(createOptionsChart(el, { ...base(260), width: widthOf(el), leftPriceScale: { visible: true, borderColor: "#d0d7de" }, localization: { precision: 2, priceFormatter: (x: number) => x.toExponential(2) } }));
  let points = 0;
  depth.forEach((d) => {
    const claim = d.side === "Claim";
    const s = chart.addSeries(HistogramSeries, { color: claim ? "rgba(207,34,46,0.55)" : "rgba(9,105,218,0.45)", priceScaleId: claim ? "left" : "right", title: `${d.side} pool (fee ${d.fee / 10000}%)` });
    s.setData(d.bins.map((b) => ({ time: Number((b.risk * 100).toFixed(6)), value: b.liquidity })));
    points += d.bins.length;
  });
  chart.timeScale().fitContent();
  el.dataset.points = String(points);
  el.dataset.pools = String(depth.length);
}

/** Implied risk (left scale) and annualised rate (right scale) of each live expiry, by days to expiry, one line per collateral. */
export function termChart(el: HTMLElement, term: TermPoint[], now: number, forward = false): void {
  const chart = track(createOptionsChart(el, { ...base(280), width: widthOf(el), leftPriceScale: { visible: !forward, borderColor: "#d0d7de" }, localization: { precision: 1 } }));
  const collaterals = [...new Set(term.map((t) => t.collateral))];
  let points = 0;
  collaterals.forEach((collateral, i) => {
    const rows = term.filter((t) => t.collateral === collateral);
    const x = (t: TermPoint) => Number(((t.expiry - now) / 86400).toFixed(4));
    const color = COLORS[i % COLORS.length];
    if (forward) {
      const data = rows.filter((t) => t.forward !== null).map((t) => ({ time: x(t), value: t.forward! }));
      chart.addSeries(LineSeries, { color, lineWidth: 2, priceFormat: percent, title: `forward ${collateral}`, pointMarkersVisible: true }).setData(data);
      points += data.length;
      return;
    }
    const p = rows.filter((t) => t.impliedProbability !== null).map((t) => ({ time: x(t), value: t.impliedProbability! }));
    chart.addSeries(LineSeries, { color, lineWidth: 2, priceFormat: percent, priceScaleId: "left", title: `p ${collateral}`, pointMarkersVisible: true }).setData(p);
    const r = rows.filter((t) => t.annualisedRate !== null).map((t) => ({ time: x(t), value: t.annualisedRate! }));
    chart.addSeries(LineSeries, { color, lineWidth: 1, lineStyle: 2, priceFormat: percent, priceScaleId: "right", title: `rate ${collateral}` }).setData(r);
    points += p.length;
  });
  chart.timeScale().fitContent();
  el.dataset.points = String(points);
}

/** A term-structure sparkline: implied risk of each live expiry, one polyline per collateral. */
export function sparkline(term: Record<string, { expiry: number; p: number }[]>): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  const w = 140;
  const hgt = 32;
  svg.setAttribute("width", String(w));
  svg.setAttribute("height", String(hgt));
  svg.setAttribute("class", "sparkline");
  const all = Object.values(term).flat();
  let points = 0;
  if (all.length) {
    const t0 = Math.min(...all.map((a) => a.expiry));
    const t1 = Math.max(...all.map((a) => a.expiry));
    const top = Math.max(...all.map((a) => a.p)) || 1;
    Object.keys(term).sort().forEach((collateral, i) => {
      const pts = term[collateral].map((a) => `${(2 + ((a.expiry - t0) / Math.max(1, t1 - t0)) * (w - 4)).toFixed(1)},${(hgt - 2 - (a.p / top) * (hgt - 4)).toFixed(1)}`);
      const line = document.createElementNS(ns, "polyline");
      line.setAttribute("points", pts.join(" "));
      line.setAttribute("fill", "none");
      line.setAttribute("stroke", COLORS[i % COLORS.length]);
      line.setAttribute("stroke-width", "1.5");
      svg.append(line);
      points += pts.length;
    });
  }
  svg.dataset.points = String(points);
  return svg;
}
