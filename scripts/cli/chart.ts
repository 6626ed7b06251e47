/**
 * Terminal charts for `cover risk`: candles of a probability over time (a y axis in %, an x axis in UTC dates and
 * hours, one column per candle or per group of candles when there are more candles than columns), and the
 * proportional bar of a term structure's rows. Plain functions of their input: no terminal is queried here.
 */

/** One candle: the start of its period (Unix seconds) and open/high/low/close as fractions (0.05 = 5%). */
export interface ChartCandle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface CandleChartOptions {
  /** Columns available for the whole chart, axis labels included. */
  width: number;
  /** Rows of the plot, axes excluded (default 12). */
  height?: number;
  /** Seconds each candle covers (default 3600: hourly). */
  period?: number;
}

const UP = "█";
const DOWN = "░";
const FLAT = "─";
const WICK = "│";

/** Consecutive candles merged into one: first open, last close, highest high, lowest low. */
function merge(group: ChartCandle[]): ChartCandle {
  return {
    time: group[0].time,
    open: group[0].open,
    close: group[group.length - 1].close,
    high: Math.max(...group.map((c) => c.high)),
    low: Math.min(...group.map((c) => c.low)),
  };
}

/** "MM-DD HH:00" in UTC. */
function timeLabel(time: number): string {
  return new Date(time * 1000).toISOString().slice(5, 13).replace("T", " ") + ":00";
}

/** "YYYY-MM-DD HH:00". */
function fullTime(time: number): string {
  return new Date(time * 1000).toISOString().slice(0, 13).replace("T", " ") + ":00";
}

/**
 * Draws `candles` (oldest first, hourly or of any one period length) as a candle chart no wider than `width`:
 * █ a candle that closed higher than it opened, ░ lower, ─ unchanged, │ its high-low range. The y axis is
 * labelled in percent every third row, the x axis with the UTC time of a candle every dozen columns or so; then
 * a line with the span and how many candles each column holds, and the legend.
 */
export function candleChart(candles: ChartCandle[], { width, height = 12, period = 3600 }: CandleChartOptions): string {
  if (candles.length === 0) throw new Error("candleChart: no candles");
  if (height < 2) throw new Error("candleChart: height must be at least 2 rows");

  let lo = Math.min(...candles.map((c) => c.low));
  let hi = Math.max(...candles.map((c) => c.high));
  if (hi - lo < 1e-12) {
    const pad = Math.max(hi * 0.05, 1e-6);
    lo = Math.max(0, lo - pad);
    hi += pad;
  }
  const level = (v: number) => Math.round(((v - lo) / (hi - lo)) * (height - 1));
  const valueAt = (l: number) => lo + (l / (height - 1)) * (hi - lo);

  // Labels every third row from the top, and the bottom row; decimals enough to tell one row from the next.
  const step = ((hi - lo) / (height - 1)) * 100;
  const decimals = Math.min(6, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
  const labelled = (row: number) => row % 3 === 0 || row === height - 1;
  const labels = Array.from({ length: height }, (_, row) => (labelled(row) ? `${(valueAt(height - 1 - row) * 100).toFixed(decimals)}%` : ""));
  const labelWidth = Math.max(...labels.map((l) => l.length));

  // Columns: one candle per column with a space between when they fit, else one per column, else merged groups.
  const plotWidth = Math.max(1, width - labelWidth - 2);
  const perColumn = Math.max(1, Math.ceil(candles.length / plotWidth));
  const columns: ChartCandle[] = [];
  for (let i = 0; i < candles.length; i += perColumn) columns.push(merge(candles.slice(i, i + perColumn)));
  const slot = columns.length * 2 <= plotWidth ? 2 : 1;

  const cell = (c: ChartCandle, l: number) => {
    const [bodyLo, bodyHi] = [level(Math.min(c.open, c.close)), level(Math.max(c.open, c.close))];
    if (l >= bodyLo && l <= bodyHi) return c.close > c.open ? UP : c.close < c.open ? DOWN : FLAT;
    if (l >= level(c.low) && l <= level(c.high)) return WICK;
    return " ";
  };
  const lines: string[] = [];
  for (let row = 0; row < height; row++) {
    const l = height - 1 - row;
    const plot = columns.map((c) => cell(c, l).padEnd(slot)).join("").trimEnd();
    lines.push(`${labels[row].padStart(labelWidth)} ${labels[row] ? "┤" : "│"}${plot}`);
  }

  // The x axis: a tick under a column every `every` columns, its time below, as long as the labels do not touch.
  const span = columns.length * slot;
  const every = Math.max(1, Math.ceil(13 / slot));
  const axis = Array.from({ length: span }, () => "─");
  let text = "";
  for (let i = 0; i < columns.length; i += every) {
    const at = i * slot;
    const label = timeLabel(columns[i].time);
    if (at + label.length > plotWidth) break;
    axis[at] = "┬";
    text = text.padEnd(at) + label;
  }
  lines.push(`${" ".repeat(labelWidth)} └${axis.join("")}`);
  lines.push(`${" ".repeat(labelWidth)}  ${text}`.trimEnd());
  const hours = (perColumn * period) / 3600;
  lines.push(`${fullTime(candles[0].time)} to ${fullTime(candles[candles.length - 1].time + period)} UTC, ${perColumn === 1 ? "one candle" : `${perColumn} candles (${hours} h)`} a column`);
  lines.push(`${UP} up  ${DOWN} down  ${FLAT} unchanged  ${WICK} high-low`);
  return lines.join("\n");
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A horizontal bar of `value` against `max` in at most `width` columns, in eighths of a column. */
export function bar(value: number, max: number, width: number): string {
  if (!(max > 0) || !(value > 0)) return "";
  const eighths = Math.round(Math.min(1, value / max) * width * 8);
  return "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}
