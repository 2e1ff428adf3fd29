import { BLOCK_START, HEADING, type SpanList, WHOLE } from './span-list';

/** An inclusive range of spans. */
export interface SpanRange {
  first: number;
  last: number;
}

export interface PackTarget {
  /** Never exceeded (unless a single span is larger, which `buildSpans` prevents). */
  cap: number;
  /** The size to aim for, at most `cap`: evening out sizes avoids a runt at the end. */
  target: number;
  /** Below this a block end is not preferred over a sentence end nearer the target. */
  preferBlockAbove: number;
}

/**
 * Where a chunk that starts at span `first` (after `initial` tokens of overlap) should end, at most at `last`:
 * at the end of a block nearest the target, else at the end of a sentence nearest it, else as far as fits;
 * never on a heading, which belongs with the text after it.
 */
export function chooseEnd(spans: SpanList, first: number, last: number, size: PackTarget, initial = 0): number {
  let hi = first;
  while (hi < last && initial + spans.sum(first, hi + 1) <= size.cap) hi++;
  if (hi === last) return last;
  const { flags } = spans;
  let best = -1;
  let bestDistance = Infinity;
  for (let e = hi; e >= first; e--) {
    const tokens = initial + spans.sum(first, e);
    if (tokens < size.preferBlockAbove) break;
    if (!(flags[e + 1] & BLOCK_START) || flags[e] & HEADING) continue;
    const distance = Math.abs(tokens - size.target);
    if (distance < bestDistance) {
      best = e;
      bestDistance = distance;
    }
    if (tokens <= size.target) break;
  }
  if (best >= 0) return best;
  for (let e = hi; e >= first; e--) {
    if (!(flags[e] & WHOLE) || flags[e] & HEADING) continue;
    const distance = Math.abs(initial + spans.sum(first, e) - size.target);
    if (distance < bestDistance) {
      best = e;
      bestDistance = distance;
    }
    if (initial + spans.sum(first, e) <= size.target) break;
  }
  if (best >= 0) return best;
  return flags[hi] & HEADING && hi > first ? hi - 1 : hi;
}

/** Cuts spans `first..last` into about equal chunks of at most `cap` tokens, on the boundaries `chooseEnd` prefers. */
export function packEvenly(spans: SpanList, first: number, last: number, cap: number): SpanRange[] {
  const ranges: SpanRange[] = [];
  for (let at = first; at <= last;) {
    const rest = spans.sum(at, last);
    const target = Math.min(cap, rest / Math.ceil(rest / cap));
    const end = chooseEnd(spans, at, last, { cap, target, preferBlockAbove: target / 2 });
    ranges.push({ first: at, last: end });
    at = end + 1;
  }
  return ranges;
}
