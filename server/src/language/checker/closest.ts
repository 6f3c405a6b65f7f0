/** Suggestions for misspelled words: the closest candidate by edit distance, if it is close enough. */

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 0; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    const row = d[i];
    const prev = d[i - 1];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        row[j] = Math.min(row[j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[s.length][t.length];
}

/**
 * The longest word a suggestion is looked for: past it no keyword or name is a third of the letters away, and the
 * distance's cost (length × length) is not spent on a pasted megabyte.
 */
export const maxSuggestionLength = 64;

/** The candidate nearest to `word`, when at most a third of its letters (and at least one) differ. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > maxSuggestionLength) return undefined;
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    // The distance is at least the difference in length: a candidate that far off is not computed at all.
    if (Math.abs(c.length - word.length) > Math.min(limit, bestDistance) || c === word) continue;
    const dist = editDistance(word, c);
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}
