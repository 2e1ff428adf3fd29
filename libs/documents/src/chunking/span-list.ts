import type { PlacedBlock } from './canonical-text';
import { splitLines, splitSentences } from './sentence-splitter';
import type { SliceTokenCounter } from './token-index';
import type { Tokenizer } from './tokenizer';

/** The span opens a block. */
export const BLOCK_START = 1;
/** The span ends a sentence, line, row or block (not so for the pieces of an over-long sentence but the last). */
export const WHOLE = 2;
/** The span is a heading: a chunk should start with it, never end on it. */
export const HEADING = 4;

/**
 * The smallest pieces chunks are made of, in canonical-text order: sentences of prose, lines of code and
 * tables, whole rows and headings. Every span holds at most the child size in tokens, so a chunk boundary
 * only ever falls between two spans. Kept as parallel arrays: a book has ~100k of them.
 */
export class SpanList {
  readonly start: number[] = [];
  readonly end: number[] = [];
  readonly tokens: number[] = [];
  /** Tokens of the text between this span and the one before: 1 for a line break, 0 for one space. */
  readonly gap: number[] = [];
  readonly block: number[] = [];
  readonly flags: number[] = [];
  /** First span of each placed block (a block of only whitespace has none: blocks are trimmed, never empty). */
  readonly blockFirst: number[] = [];
  /** cum[k]: tokens of spans 0..k-1 with the gaps before them. */
  private cum = new Float64Array(0);

  get length(): number {
    return this.start.length;
  }

  /** Tokens of spans `first..last` read as one chunk (the gap before `first` lies outside it). */
  sum(first: number, last: number): number {
    return this.cum[last + 1] - this.cum[first] - this.gap[first];
  }

  push(start: number, end: number, tokens: number, gap: number, block: number, flags: number): void {
    this.start.push(start);
    this.end.push(end);
    this.tokens.push(tokens);
    this.gap.push(gap);
    this.block.push(block);
    this.flags.push(flags);
  }

  seal(): void {
    const n = this.length;
    this.cum = new Float64Array(n + 1);
    for (let k = 0; k < n; k++) this.cum[k + 1] = this.cum[k] + this.gap[k] + this.tokens[k];
  }
}

export function buildSpans(
  text: string,
  blocks: PlacedBlock[],
  maxTokens: number,
  tokenizer: Tokenizer,
  counts: SliceTokenCounter,
): SpanList {
  const spans = new SpanList();
  const bounds: number[] = [];
  for (let b = 0; b < blocks.length; b++) {
    const { block, start, end } = blocks[b];
    bounds.length = 0;
    switch (block.kind) {
      case 'row':
      case 'heading':
        bounds.push(start, end);
        break;
      case 'code':
      case 'table':
        splitLines(text, start, end, bounds);
        break;
      default:
        splitSentences(text, start, end, bounds);
    }
    spans.blockFirst.push(spans.length);
    const heading = block.kind === 'heading' ? HEADING : 0;
    for (let k = 0; k < bounds.length; k += 2) {
      const from = bounds[k];
      const to = bounds[k + 1];
      const first = k === 0 ? BLOCK_START : 0;
      const tokens = counts.count(from, to);
      if (tokens <= maxTokens) {
        spans.push(from, to, tokens, gapTokens(text, spans, from, counts), b, first | WHOLE | heading);
      } else {
        pushPieces(text, from, to, maxTokens, tokenizer, counts, spans, b, first | heading);
      }
    }
  }
  spans.seal();
  return spans;
}

/**
 * A sentence (or row, line) longer than a child: cut into pieces of at most `maxTokens`, each ending at the
 * last line break, else clause or cell break ("; ", ", ", "| "), else space in the second half of what fits;
 * inside one giant word, between characters.
 */
function pushPieces(
  text: string,
  from: number,
  to: number,
  maxTokens: number,
  tokenizer: Tokenizer,
  counts: SliceTokenCounter,
  spans: SpanList,
  block: number,
  flags: number,
): void {
  // The tokenizer reads a window, or a megabyte-long sentence (or word) would be re-read for every piece;
  // it is widened while a whole window fits in a piece (long runs of spaces hold many characters a token).
  let window = maxTokens * 8;
  let at = from;
  while (at < to) {
    const limit = Math.min(to, at + window);
    const rest = text.slice(at, limit);
    let length = tokenizer.prefixLength(rest, maxTokens);
    if (length === rest.length && limit < to && window < maxTokens * MAX_CHARS_PER_TOKEN) {
      window *= 4;
      continue;
    }
    if (length < rest.length) length = softerBreak(rest, length);
    let end = at + length;
    while (end > at && isSpace(text.charCodeAt(end - 1))) end--;
    let next = at + length;
    while (next < to && isSpace(text.charCodeAt(next))) next++;
    if (end > at) {
      const last = next >= to ? WHOLE : 0;
      spans.push(at, end, counts.count(at, end), gapTokens(text, spans, at, counts), block, flags | last);
      flags &= ~(BLOCK_START | HEADING);
    }
    at = next;
  }
}

/** More than any cl100k token holds (its longest are runs of ~80 spaces or dashes). */
const MAX_CHARS_PER_TOKEN = 128;

function softerBreak(rest: string, length: number): number {
  let clause = -1;
  let space = -1;
  for (let i = length; i > length >> 1; i--) {
    const c = rest.charCodeAt(i);
    if (c === 0x0a) return i;
    if (isSpace(c)) {
      if (space < 0) space = i;
      const p = rest.charCodeAt(i - 1);
      if (clause < 0 && (p === 0x3b || p === 0x2c || p === 0x2014 || p === 0x7c)) clause = i;
    }
  }
  return clause > 0 ? clause : space > 0 ? space : length;
}

/** Tokens the whitespace before a new span costs: a lone space merges into the next word, a line break is one. */
function gapTokens(text: string, spans: SpanList, start: number, counts: SliceTokenCounter): number {
  const n = spans.length;
  if (n === 0) return 0;
  const previousEnd = spans.end[n - 1];
  const length = start - previousEnd;
  if (length === 1 && text.charCodeAt(previousEnd) === 0x20) return 0;
  return length <= 2 ? 1 : counts.count(previousEnd, start);
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000;
}
