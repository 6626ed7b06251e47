import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderTable } from "../lib/format/table.js";

/** One measured figure: gas used by a transaction, from its receipt. */
export interface GasRow {
  key: string;
  gas: number;
  target?: number;
  anchors?: string;
  note?: string;
}

/** Gas used by a sent transaction, from its receipt; throws if it reverted. */
export async function gasOf(tx: Promise<{ wait(): Promise<{ gasUsed: bigint; status?: number | null } | null> }>): Promise<number> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("transaction has no receipt");
  return Number(receipt.gasUsed);
}

/** Prints the rows as a table and writes `reports/<name>.json` as a flat object of integers. */
export function writeGasReport(name: string, rows: GasRow[]): string {
  const header = ["key", "gas", "target", "within", "anchors / note"];
  const lines = rows.map((r) => [
    r.key,
    r.gas.toLocaleString("en-US"),
    r.target === undefined ? "" : `<= ${r.target.toLocaleString("en-US")}`,
    r.target === undefined ? "" : r.gas <= r.target ? "yes" : "NO",
    [r.anchors, r.note].filter(Boolean).join("; "),
  ]);
  console.log(renderTable(header, lines, { separator: " | " }));
  const file = path.join("reports", `${name}.json`);
  mkdirSync("reports", { recursive: true });
  writeFileSync(file, JSON.stringify(Object.fromEntries(rows.map((r) => [r.key, r.gas])), null, 2) + "\n");
  console.log(`\nwrote ${file}`);
  const over = rows.filter((r) => r.target !== undefined && r.gas > r.target);
  if (over.length) process.exitCode = 1;
  return file;
}
