import type { PiiMatch } from './recognizer';

/**
 * Keeps the best of overlapping findings, as Presidio's analyzer does: higher score first, then the longer
 * span, then the earlier one. Returns them in text order. Accepted spans never overlap, so each candidate is
 * checked only against its neighbours in start order (a binary search).
 */
export function resolveOverlaps(matches: PiiMatch[]): PiiMatch[] {
  if (matches.length < 2) return matches;
  const ranked = [...matches].sort(
    (a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: PiiMatch[] = [];
  for (const m of ranked) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid].start < m.start) lo = mid + 1;
      else hi = mid;
    }
    const before = kept[lo - 1];
    const after = kept[lo];
    if ((before && before.end > m.start) || (after && after.start < m.end)) continue;
    kept.splice(lo, 0, m);
  }
  return kept;
}
