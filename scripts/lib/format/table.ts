/**
 * The one text-table renderer: a header, a rule, and the rows, each column as wide as its widest cell, the columns
 * named in `right` aligned right (numbers), the others left; trailing spaces trimmed. The `cover` CLI, npm start's
 * implied-risk table and the gas report all print through it.
 */

export type Cell = string | number;

export interface TableOptions {
  /** Headers of the columns to align right. */
  right?: string[];
  /** Between two columns (default two spaces); the rule puts dashes where it has spaces. */
  separator?: string;
}

/** The rows as an aligned text table (see the file's comment). */
export function renderTable(header: string[], rows: Cell[][], { right = [], separator = "  " }: TableOptions = {}): string {
  const body = rows.map((r) => r.map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const rightSet = new Set(right.map((h) => header.indexOf(h)));
  const line = (cells: string[]) => cells.map((c, i) => (rightSet.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(separator).trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join(separator.replace(/ /g, "-"));
  return [line(header), rule, ...body.map(line)].join("\n");
}
