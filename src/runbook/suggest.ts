import leven from 'leven';

/** The closest candidate to a misspelt word, if one is close enough to be what was meant. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const distance = leven(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Two edits (a transposition such as titel/title counts as two) for words of four letters or more.
  const tolerance = word.length < 4 ? 1 : Math.max(2, Math.floor(word.length / 3));
  if (best !== undefined && bestDistance <= tolerance) return best;
  // A word that starts with a whole candidate, or is the start of one (`restore-backup`, `restore`).
  let prefixed: string | undefined;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    if (Math.min(other.length, lower.length) >= 4 && (lower.startsWith(other) || other.startsWith(lower)) && (prefixed === undefined || candidate.length > prefixed.length)) prefixed = candidate;
  }
  return prefixed;
}

/** ` Did you mean "x"?`, or a list of what is allowed when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[], noun = 'one of'): string {
  const match = closest(word, candidates);
  if (match !== undefined) return `did you mean "${match}"?`;
  const shown = candidates.slice(0, 12).join(', ');
  return `expected ${noun} ${shown}${candidates.length > 12 ? ', …' : ''}`;
}
