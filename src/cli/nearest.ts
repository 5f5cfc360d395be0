/**
 * The known word nearest to a mistyped one, for "Did you mean …?": by edit distance
 * (Levenshtein), ignoring case, and only when close enough to be a slip (at most 2 edits, and
 * fewer than half the word), so that a word that is simply something else gets no suggestion.
 */
export function nearest(word: string, known: readonly string[]): string | undefined {
  const typed = word.toLowerCase();
  let best: { readonly word: string; readonly distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(typed, candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { word: candidate, distance };
  }
  if (best === undefined) return undefined;
  return best.distance <= 2 && best.distance * 2 < Math.max(typed.length, 1) ? best.word : undefined;
}

/** Insertions, deletions and substitutions that turn `a` into `b` (two rows of the usual table). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
