/** Output helpers: aligned text tables, JSON (bigints as decimal strings), human amounts. */
import { formatUnits } from "ethers";
import { renderTable, type Cell } from "../lib/format/table.js";

/** Rows as an aligned text table (format/table.ts); columns whose header is in `right` are right-aligned. */
export function table(header: string[], rows: Cell[][], right: string[] = []): string {
  return renderTable(header, rows, { right });
}

/** JSON with bigints as decimal strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** A raw amount in human units ("1234.5"). */
export function human(raw: bigint, decimals: number): string {
  const s = formatUnits(raw, decimals);
  return s.endsWith(".0") ? s.slice(0, -2) : s;
}

/** A WAD fraction as a percentage with `digits` decimals. */
export function percent(wad: bigint, digits = 2): string {
  return `${(Number(wad) / 1e16).toFixed(digits)}%`;
}

/** A Unix time as ISO 8601 UTC without milliseconds ("2026-03-01T12:00:00Z"). */
export function isoTime(seconds: bigint | number): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

/** A number of seconds in days, hours, minutes and seconds ("1 h 5 min"). */
export function duration(seconds: bigint | number): string {
  let s = Number(seconds);
  const parts: string[] = [];
  for (const [unit, size] of [["d", 86400], ["h", 3600], ["min", 60]] as const) {
    if (s >= size) parts.push(`${Math.floor(s / size)} ${unit}`);
    s %= size;
  }
  if (s > 0 || parts.length === 0) parts.push(`${s} s`);
  return parts.join(" ");
}

/** Writes a command's result: JSON when asked, else the text. */
export function emit(json: boolean | undefined, data: unknown, text: () => string): void {
  process.stdout.write((json ? toJson(data) : text()) + "\n");
}
