/**
 * graph-node's own Prometheus metrics, read from `gnd dev`'s metrics port: where the indexing time goes, per
 * handler and per host function (store.set, store.get, BigInt/BigDecimal arithmetic...), and the block pipeline.
 */

/** One Prometheus sample: name, labels, value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus' text format. */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[3] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]] = pair[2];
    samples.push({ name: match[1], labels, value: Number(match[4]) });
  }
  return samples;
}

/** Fetches and parses the metrics at `url`. */
export async function readMetrics(url: string): Promise<Sample[]> {
  const response = await fetch(url);
  return parseMetrics(await response.text());
}

/** Seconds and count of a histogram (`<name>_sum`, `<name>_count`), summed by the value of `label`. */
export function histogramBy(samples: Sample[], name: string, label: string): Map<string, { seconds: number; count: number }> {
  const out = new Map<string, { seconds: number; count: number }>();
  for (const s of samples) {
    const kind = s.name === `${name}_sum` ? "seconds" : s.name === `${name}_count` ? "count" : undefined;
    if (!kind) continue;
    const key = s.labels[label] ?? "(all)";
    const entry = out.get(key) ?? { seconds: 0, count: 0 };
    entry[kind] += s.value;
    out.set(key, entry);
  }
  return out;
}

/** Sum of every sample named `name` (a counter or gauge over all its labels). */
export function total(samples: Sample[], name: string): number {
  return samples.filter((s) => s.name === name).reduce((sum, s) => sum + s.value, 0);
}

/** Names of the metrics present, for finding the right ones on another graph-node version. */
export function metricNames(samples: Sample[]): string[] {
  return [...new Set(samples.map((s) => s.name.replace(/_(sum|count|bucket)$/, "")))].sort();
}
