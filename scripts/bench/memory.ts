/**
 * Memory of a process tree, from /proc: proportional set size (Pss: shared pages split between the processes
 * sharing them, so a tree's sum is not inflated by Postgres' shared buffers), falling back to RSS.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Pids of `root` and all its descendants. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return out;
}

/** Memory of one process in bytes (Pss if readable, else RSS); 0 if it is gone. */
export function processMemory(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const pss = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (pss) return Number(pss[1]) * 1024;
  } catch {
    // not readable: fall back to RSS
  }
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return rss ? Number(rss[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Memory of a whole process tree in bytes. */
export function treeMemory(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + processMemory(pid), 0);
}

/** Samples the peak memory of named process trees every `intervalMs` until stopped. */
export function peakMemorySampler(roots: Record<string, () => number | undefined>, intervalMs = 250) {
  const peaks: Record<string, number> = Object.fromEntries(Object.keys(roots).map((k) => [k, 0]));
  const sample = () => {
    for (const [name, root] of Object.entries(roots)) {
      const pid = root();
      if (pid) peaks[name] = Math.max(peaks[name], treeMemory(pid));
    }
  };
  const timer = setInterval(sample, intervalMs);
  sample();
  return {
    /** Peak bytes per name so far. */
    peaks: () => ({ ...peaks }),
    stop() {
      clearInterval(timer);
      sample();
      return { ...peaks };
    },
  };
}
