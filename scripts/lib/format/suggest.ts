/**
 * "Did you mean": the known word nearest a mistyped one by edit distance (insertions, deletions, substitutions and
 * swaps of two neighbours, case ignored), if it is near enough to be a typo: at most a third of the word's length,
 * and at least 1. Used for series handles and protocol tickers.
 */

/** The edit distance between `a` and `b`, case ignored: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const [x, y] = [a.toUpperCase(), b.toUpperCase()];
  // Optimal string alignment: Levenshtein plus the transposition of two adjacent characters as one edit.
  let before: number[] = [];
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) next[j] = Math.min(next[j], before[j - 2] + 1);
    }
    [before, row] = [row, next];
  }
  return row[y.length];
}

/** The most edits still read as a typo of a word of `length` characters. */
export function typoLimit(length: number): number {
  return Math.max(1, Math.floor(length / 3));
}

/** The candidate nearest `word` within the typo limit (the first of equals), else undefined; never `word` itself. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance === 0 || distance > typoLimit(Math.max(word.length, 1))) continue;
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best?.candidate;
}

/** "; did you mean X?" for the nearest candidate, else "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  return c === undefined ? "" : `; did you mean ${c}?`;
}
