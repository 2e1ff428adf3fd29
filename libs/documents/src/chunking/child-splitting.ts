import type { SpanList } from './span-list';
import { chooseEnd, type PackTarget, type SpanRange } from './span-packer';
import type { SliceTokenCounter } from './token-index';
import type { Tokenizer } from './tokenizer';

/** A child: spans `first..last`, starting at `charStart` (inside span `first` when the overlap is a tail). */
export interface ChildRange extends SpanRange {
  charStart: number;
}

export interface ChildSizes {
  childTokens: number;
  /** 0 for rows: a row repeated in two children would be counted and cited twice. */
  overlapTokens: number;
}

/**
 * Children of one parent: about equal runs of spans of at most `childTokens`, ending at a block end, else a
 * sentence end. Each child after the first repeats the end of the one before: whole sentences of up to
 * `overlapTokens`, or, when the last sentence alone is longer, its tail from a word boundary.
 */
export function splitChildren(
  spans: SpanList,
  text: string,
  parent: SpanRange,
  sizes: ChildSizes,
  tokenizer: Tokenizer,
  counts: SliceTokenCounter,
): ChildRange[] {
  const { childTokens: cap, overlapTokens: overlap } = sizes;
  const total = spans.sum(parent.first, parent.last);
  if (total <= cap) return [{ ...parent, charStart: spans.start[parent.first] }];
  const children: ChildRange[] = [];
  let child: ChildRange = { first: parent.first, last: parent.first, charStart: spans.start[parent.first] };
  let next = parent.first;
  let initial = 0;
  for (;;) {
    // re-aimed at every child, so a short one (ended early at a paragraph) is made up for by the next ones
    // instead of leaving a runt at the end
    const rest = initial + spans.sum(next, parent.last);
    const count = Math.max(1, Math.ceil((rest - overlap) / (cap - overlap)));
    const target = Math.min(cap, (rest + (count - 1) * overlap) / count);
    const size: PackTarget = { cap, target, preferBlockAbove: target * 0.6 };
    child.last = chooseEnd(spans, next, parent.last, size, initial);
    children.push(child);
    if (child.last >= parent.last) return children;
    next = child.last + 1;
    const room = cap - spans.gap[next] - spans.tokens[next];
    const repeat = overlapOf(spans, text, child, Math.min(overlap, room), tokenizer, counts);
    initial = repeat.tokens > 0 ? repeat.tokens + spans.gap[next] : 0;
    child = repeat.tokens > 0 ? repeat.range : { first: next, last: next, charStart: spans.start[next] };
  }
}

function overlapOf(
  spans: SpanList,
  text: string,
  previous: ChildRange,
  budget: number,
  tokenizer: Tokenizer,
  counts: SliceTokenCounter,
): { range: ChildRange; tokens: number } {
  const none = { range: previous, tokens: 0 };
  if (budget <= 0) return none;
  const end = previous.last;
  // whole spans, inside the previous child and not all of it (or the next child would contain it)
  const earliest = previous.first + 1;
  let first = end + 1;
  while (first - 1 >= earliest && spans.sum(first - 1, end) <= budget) first--;
  if (first <= end) {
    return {
      range: { first, last: end, charStart: spans.start[first] },
      tokens: spans.sum(first, end),
    };
  }
  // the last sentence alone is longer than the overlap: repeat its tail
  const from = Math.max(spans.start[end], previous.charStart);
  const sentence = text.slice(from, spans.end[end]);
  let tail = tokenizer.suffixStart(sentence, budget);
  while (tail < sentence.length && isSpace(sentence.charCodeAt(tail))) tail++;
  if (tail >= sentence.length || tail === 0) return none;
  return {
    range: { first: end, last: end, charStart: from + tail },
    tokens: counts.count(from + tail, spans.end[end]),
  };
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000;
}
