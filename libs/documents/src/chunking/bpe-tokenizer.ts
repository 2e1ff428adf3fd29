import type { TiktokenBPE } from 'js-tiktoken/lite';
import { RankTable } from './rank-table';
import { type SliceTokenCounter, TokenIndex } from './token-index';
import type { Tokenizer } from './tokenizer';

/**
 * js-tiktoken's merge loop re-joins every pair on every step (cubic in a word's length: 2 KB of letters without
 * a space, e.g. DNA or Thai, takes a second) and its `encode` costs ~13 µs of set-up per call. This counts with
 * the same ranks and pre-tokenizer, tiktoken's own pair-merge rule (lowest rank first, leftmost on ties) run
 * over typed arrays, and remembers each word's count, so a warm count is a regex scan plus map lookups. Specs
 * check that it agrees with js-tiktoken's `encode` on varied text.
 */
export class BpeTokenizer implements Tokenizer {
  /** Ranks of 2-byte tokens by (b0 << 8 | b1): the most asked-for, with the first merges of every piece. */
  private readonly pairRanks = new Int32Array(1 << 16).fill(NONE);
  /** Ranks of the other tokens, by their bytes. */
  private readonly ranks: RankTable;
  /** Scratch for the merges (a piece has at most 4 bytes per character). */
  private readonly parts = new Int32Array(SHORT_MERGE + 2);
  private readonly rank = new Int32Array(SHORT_MERGE + 2);
  private readonly next = new Int32Array(POSITIONS + 1);
  private readonly prev = new Int32Array(POSITIONS + 1);
  private readonly pairRank = new Int32Array(POSITIONS + 1);
  /** Each merge pushes at most two pairs, on top of the first n. */
  private readonly heap = new Int32Array(POSITIONS * 3);
  private readonly pattern: RegExp;
  private readonly cache = new Map<string, number>();

  constructor(
    readonly encoding: string,
    bpe: TiktokenBPE,
  ) {
    this.pattern = new RegExp(bpe.pat_str, 'gu');
    const others: [string, number][] = [];
    // Same layout js-tiktoken reads: "<ignored> <first rank> <base64 token> <base64 token> ..." per line;
    // atob gives the token's bytes as a Latin-1 string.
    for (const line of bpe.bpe_ranks.split('\n')) {
      if (!line) continue;
      const fields = line.split(' ');
      const offset = Number.parseInt(fields[1], 10);
      for (let i = 2; i < fields.length; i++) {
        const token = atob(fields[i]);
        if (token.length === 2) this.pairRanks[(token.charCodeAt(0) << 8) | token.charCodeAt(1)] = offset + i - 2;
        else others.push([token, offset + i - 2]);
      }
    }
    this.ranks = new RankTable(others);
  }

  count(text: string): number {
    const re = this.pattern;
    re.lastIndex = 0;
    let total = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) total += this.pieceTokens(m[0]);
    return total;
  }

  index(text: string): SliceTokenCounter {
    return new TokenIndex(text, new RegExp(this.pattern.source, 'gu'), (piece) => this.pieceTokens(piece));
  }

  prefixLength(text: string, maxTokens: number): number {
    const re = this.pattern;
    re.lastIndex = 0;
    let used = 0;
    let end = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const piece = m[0];
      // a word longer than a window is read window by window, and only as far as the budget goes
      for (let at = 0; at < piece.length;) {
        const next = piece.length > MAX_PIECE_CHARS ? windowEnd(piece, at) : piece.length;
        const tokens = this.pieceTokens(next - at === piece.length ? piece : piece.slice(at, next));
        if (used + tokens > maxTokens) {
          if (end > 0) return end;
          // nothing fits before this word (a base64 blob, a run of CJK letters): cut inside it
          const share = Math.max(1, Math.floor(((next - at) * Math.max(1, maxTokens - used)) / tokens));
          return m.index + at + codePointFloor(piece.slice(at), Math.min(share, next - at));
        }
        used += tokens;
        at = next;
        end = m.index + at;
      }
    }
    return text.length;
  }

  suffixStart(text: string, maxTokens: number): number {
    const re = this.pattern;
    re.lastIndex = 0;
    const starts: number[] = [];
    const tokens: number[] = [];
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      starts.push(m.index);
      tokens.push(this.pieceTokens(m[0]));
    }
    let used = 0;
    let start = text.length;
    for (let k = starts.length - 1; k >= 0; k--) {
      if (used + tokens[k] > maxTokens) break;
      used += tokens[k];
      start = starts[k];
    }
    return start;
  }

  private pieceTokens(piece: string): number {
    if (piece.length > MAX_PIECE_CHARS) {
      // Counted window by window, and not cached (hashing a megabyte-long word costs as much as counting it).
      // A token never spans windows here, so this over-counts by about a token per window, on text that is not
      // prose anyway (a base64 blob, a page of CJK without punctuation); it bounds the merge's scratch arrays.
      let tokens = 0;
      for (let at = 0; at < piece.length;) {
        const next = windowEnd(piece, at);
        tokens += this.pieceTokens(piece.slice(at, next));
        at = next;
      }
      return tokens;
    }
    // up to 3 bytes the merge is two table lookups: cheaper than the cache, and it keeps random strings
    // (hashes, base64) from flooding it
    if (piece.length <= 3 && isAscii(piece)) return this.mergeCount(piece);
    let tokens = this.cache.get(piece);
    if (tokens === undefined) {
      tokens = this.mergeCount(utf8Latin1(piece));
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(piece, tokens);
    }
    return tokens;
  }

  /** Tokens of one pre-tokenized piece: tiktoken's `_byte_pair_merge`, lowest rank first, leftmost on ties. */
  private mergeCount(bytes: string): number {
    const n = bytes.length;
    if (n <= 1 || this.rankOf(bytes, 0, n) !== NONE) return 1;
    if (n > SHORT_MERGE) return this.heapMergeCount(bytes);
    // parts[i] is where part i begins; rank[i] is the rank of part i merged with part i + 1
    const parts = this.parts;
    const rank = this.rank;
    for (let i = 0; i < n - 1; i++) {
      parts[i] = i;
      rank[i] = this.rankOf(bytes, i, i + 2);
    }
    parts[n - 1] = n - 1;
    parts[n] = n;
    rank[n - 1] = NONE;
    rank[n] = NONE;
    let length = n + 1;
    for (;;) {
      let min = NONE;
      let at = -1;
      for (let i = 0; i < length - 1; i++) {
        if (rank[i] < min) {
          min = rank[i];
          at = i;
        }
      }
      if (at < 0) break;
      if (at > 0) rank[at - 1] = at + 2 < length ? this.rankOf(bytes, parts[at - 1], parts[at + 2]) : NONE;
      rank[at] = at + 3 < length ? this.rankOf(bytes, parts[at], parts[at + 3]) : NONE;
      parts.copyWithin(at + 1, at + 2, length);
      rank.copyWithin(at + 1, at + 2, length);
      length--;
    }
    return length - 1;
  }

  /**
   * The same merges for a long piece (CJK or Thai runs: 3 bytes a letter) in O(n log n): parts form a linked
   * list, candidate pairs wait in a heap keyed rank * POSITIONS + position, so the smallest key is tiktoken's
   * choice (lowest rank, then leftmost); a popped pair is used only if it still exists with that rank.
   */
  private heapMergeCount(bytes: string): number {
    const n = bytes.length;
    // parts are named by the byte they start at; next[i] is where the following part starts (n past the last)
    const { next, prev, pairRank, heap } = this;
    for (let i = 0; i < n; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
    }
    next[n] = n;
    let size = 0;
    const push = (key: number) => {
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (heap[parent] <= key) break;
        heap[at] = heap[parent];
        at = parent;
      }
      heap[at] = key;
    };
    const pop = (): number => {
      const top = heap[0];
      const last = heap[--size];
      let at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= size) break;
        if (child + 1 < size && heap[child + 1] < heap[child]) child++;
        if (heap[child] >= last) break;
        heap[at] = heap[child];
        at = child;
      }
      heap[at] = last;
      return top;
    };
    const rankPair = (i: number) => (next[i] < n ? this.rankOf(bytes, i, next[next[i]]) : NONE);
    const offer = (i: number) => {
      pairRank[i] = rankPair(i);
      if (pairRank[i] !== NONE) push(pairRank[i] * POSITIONS + i);
    };
    for (let i = 0; i < n; i++) offer(i);
    let parts = n;
    while (size > 0) {
      const key = pop();
      const i = key % POSITIONS;
      if (prev[i] === DEAD || pairRank[i] !== (key - i) / POSITIONS) continue;
      const gone = next[i];
      next[i] = next[gone];
      if (next[gone] < n) prev[next[gone]] = i;
      prev[gone] = DEAD;
      pairRank[gone] = NONE;
      parts--;
      offer(i);
      if (prev[i] >= 0) offer(prev[i]);
    }
    return parts;
  }

  /** Rank of `bytes[from, to)` as one token, or NONE. */
  private rankOf(bytes: string, from: number, to: number): number {
    return to - from === 2
      ? this.pairRanks[(bytes.charCodeAt(from) << 8) | bytes.charCodeAt(from + 1)]
      : this.ranks.get(bytes, from, to, NONE);
  }
}

const NONE = 0x7fffffff;
/** Pieces up to this many bytes merge by scanning (fastest when short); longer ones through a heap. */
const SHORT_MERGE = 24;
/** More than the bytes of any piece (MAX_PIECE_CHARS characters of at most 4 bytes). */
const POSITIONS = 1024;
const DEAD = -2;
/** Longer pieces are rare outside hostile or non-prose text; see `pieceTokens`. */
const MAX_PIECE_CHARS = 256;
/** Distinct words kept; a book has ~30k, so this is only reached by hostile input, and then it restarts. */
const CACHE_LIMIT = 200_000;

/** End of the window of a long piece that starts at `at`: MAX_PIECE_CHARS on, off any surrogate pair. */
function windowEnd(piece: string, at: number): number {
  return at + codePointFloor(piece.slice(at), Math.min(MAX_PIECE_CHARS, piece.length - at));
}

/** `length` moved off the middle of a surrogate pair: down, or up when that would leave nothing. */
function codePointFloor(text: string, length: number): number {
  if (length > 0 && length < text.length) {
    const code = text.charCodeAt(length - 1);
    if (code >= 0xd800 && code <= 0xdbff) return length > 1 ? length - 1 : length + 1;
  }
  return length;
}

/** UTF-8 bytes of `text` as a Latin-1 string, the key format of the rank map (lone surrogates become U+FFFD). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function utf8Latin1(text: string): string {
  if (isAscii(text)) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return String.fromCharCode(...bytes);
}
