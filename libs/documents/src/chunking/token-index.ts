/** Token counts of any slice of one text. */
export interface SliceTokenCounter {
  /** Exactly `tokenizer.count(text.slice(start, end))`. */
  count(start: number, end: number): number;
}

/**
 * Chunking counts every sentence, then every child and parent: each character three or four times. This
 * pre-tokenizes the whole text once, keeping where each piece starts and the running token total, so a slice
 * costs two binary searches plus the few pieces at its ends that differ from the whole text's.
 *
 * Why that is exact: the pre-tokenizer's pattern only looks forward, and a piece depends on nothing past its
 * end except a whitespace piece, on how far its whitespace run goes. So once the slice's own pieces, read from
 * `start`, end where a piece of the whole text ends, every whole-text piece that follows is also the slice's,
 * up to the last one ending before the slice's trailing whitespace; the rest is read from the slice itself.
 */
export class TokenIndex implements SliceTokenCounter {
  /** Start of each piece of the text, then `text.length`. */
  private readonly starts: Int32Array<ArrayBuffer>;
  /** Tokens before each piece, then the total. */
  private readonly before: Int32Array<ArrayBuffer>;
  private readonly pieces: number;

  constructor(
    private readonly text: string,
    /** A global, unicode copy of the pre-tokenizer pattern for this index alone (it keeps `lastIndex`). */
    private readonly pattern: RegExp,
    private readonly pieceTokens: (piece: string) => number,
  ) {
    let capacity = (text.length >> 2) + 16;
    let starts = new Int32Array(capacity);
    let before = new Int32Array(capacity);
    let n = 0;
    let total = 0;
    pattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(text)) !== null) {
      if (n + 1 >= capacity) {
        capacity *= 2;
        starts = grow(starts, capacity);
        before = grow(before, capacity);
      }
      starts[n] = m.index;
      before[n] = total;
      total += pieceTokens(m[0]);
      n++;
    }
    starts[n] = text.length;
    before[n] = total;
    this.starts = starts.subarray(0, n + 1);
    this.before = before.subarray(0, n + 1);
    this.pieces = n;
  }

  count(start: number, end: number): number {
    if (end <= start) return 0;
    if (end - start <= SHORT) return this.countSlice(this.text.slice(start, end));
    const { text, starts } = this;
    let bare = end;
    while (bare > start && isRegexSpace(text.charCodeAt(bare - 1))) bare--;
    const slice = text.slice(start, end);
    const re = this.pattern;
    re.lastIndex = 0;
    let head = 0;
    let piece = this.firstPieceFrom(start);
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice)) !== null) {
      head += this.pieceTokens(m[0]);
      const at = start + m.index + m[0].length;
      if (at >= bare) {
        // no whole-text piece to reuse before the end: the slice is read on its own
        while ((m = re.exec(slice)) !== null) head += this.pieceTokens(m[0]);
        return head;
      }
      while (starts[piece] < at) piece++;
      if (starts[piece] === at) break;
    }
    if (m === null) return head;
    const last = this.lastPieceAtOrBefore(bare);
    return head + this.before[last] - this.before[piece] + this.countSlice(text.slice(starts[last], end));
  }

  private countSlice(slice: string): number {
    const re = this.pattern;
    re.lastIndex = 0;
    let total = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice)) !== null) total += this.pieceTokens(m[0]);
    return total;
  }

  /** Index of the first piece starting at or after `offset` (`pieces` when none). */
  private firstPieceFrom(offset: number): number {
    let lo = 0;
    let hi = this.pieces;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the last piece boundary at or before `offset`. */
  private lastPieceAtOrBefore(offset: number): number {
    return this.firstPieceFrom(offset + 1) - 1;
  }
}

/** Below this many characters a slice is simply counted. */
const SHORT = 48;

function grow(array: Int32Array<ArrayBuffer>, capacity: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(capacity);
  bigger.set(array);
  return bigger;
}

/** The characters `\s` matches in a unicode regular expression. */
function isRegexSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
