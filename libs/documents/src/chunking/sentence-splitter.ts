/**
 * Sentence boundaries for chunking. Hand-written rather than `Intl.Segmenter`: ICU's sentence rules (about as
 * fast on a book, ~30 ms for 3 MB) break after "Dr.", "Mr." and inside URLs ("https://x.com/a?" | "b=c"),
 * which is exactly where a chunk must not end. Rules, in order:
 * - a blank line always ends a sentence; a single line break only when the next line starts a list item or a
 *   table row (elsewhere it is a wrapped line, as in PDF text);
 * - CJK full stops (。！？) end a sentence with or without a following space;
 * - `.`, `!`, `?`, `…` and the Arabic, Urdu, Devanagari and Ethiopic stops end one only when followed by
 *   whitespace (so "3.14", "example.com/a.b?c=d" and "1.2.3" never split), and not when the next word starts in
 *   lower case ("e.g. the", "3 p.m. and", "“Really?” she asked");
 * - a single `.` after a title ("Dr.", "Mr.", "vs."), after a reference word followed by a number ("Fig. 3",
 *   "No. 5", "pp. 12"), after an initial ("J. R. R."), an upper-case dotted abbreviation ("U.S.") or a list
 *   number at the start ("1. Introduction") ends nothing.
 * Scripts without case (Arabic, Hangul, Han) therefore break after every stop that is followed by a space.
 */

/** Appends [start, end) pairs of the sentences in `text[from, to)`, trimmed of surrounding whitespace. */
export function splitSentences(text: string, from: number, to: number, out: number[]): void {
  let s = skipSpace(text, from, to);
  let i = s;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === LF) {
      let j = i + 1;
      while (j < to && isInlineSpace(text.charCodeAt(j))) j++;
      if (j < to && text.charCodeAt(j) === LF) {
        emit(text, s, i, out);
        s = i = skipSpace(text, j, to);
      } else if (j < to && startsItem(text, j, to)) {
        emit(text, s, i, out);
        s = i = j;
      } else {
        i = j;
      }
      continue;
    }
    if (isCjkStop(c)) {
      let j = i + 1;
      while (j < to && (isCjkStop(text.charCodeAt(j)) || isCloser(text.charCodeAt(j)))) j++;
      emit(text, s, j, out);
      s = i = skipSpace(text, j, to);
      continue;
    }
    if (!isStop(c)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < to && isStop(text.charCodeAt(j))) j++;
    const stopsEnd = j;
    while (j < to && isCloser(text.charCodeAt(j))) j++;
    if (j < to && !isSpace(text.charCodeAt(j))) {
      i = j;
      continue;
    }
    const next = skipSpace(text, j, to);
    if (next >= to) break;
    if (endsSentence(text, s, i, stopsEnd, next)) {
      emit(text, s, j, out);
      s = i = next;
    } else {
      // the line-break rules above still see the whitespace ("Dr.\n\n" is a paragraph end)
      i = j;
    }
  }
  emit(text, s, to, out);
}

/** Appends [start, end) pairs of the non-blank lines in `text[from, to)`, trimmed (code, tables). */
export function splitLines(text: string, from: number, to: number, out: number[]): void {
  let s = from;
  for (let i = from; i <= to; i++) {
    if (i === to || text.charCodeAt(i) === LF) {
      emit(text, skipSpace(text, s, i), i, out);
      s = i + 1;
    }
  }
}

function endsSentence(text: string, sentenceStart: number, stop: number, stopsEnd: number, next: number): boolean {
  const n = text.charCodeAt(next);
  if (isLower(text, next, n)) return false;
  if (stopsEnd - stop !== 1 || text.charCodeAt(stop) !== DOT) return true;
  let w = stop;
  while (w > sentenceStart && isWordChar(text.charCodeAt(w - 1))) w--;
  if (w === stop) return true;
  const word = text.slice(w, stop);
  // "1. Introduction", "b. second item", "iv. Results": an enumerator opening the sentence.
  if (w === sentenceStart && word.length <= 3 && ENUMERATOR.test(word)) return false;
  if (word.length === 1 && word >= 'A' && word <= 'Z') return false;
  const lower = word.toLowerCase();
  if (TITLES.has(lower)) return false;
  if (word.includes('.')) return !UPPER_DOTTED.test(word);
  if (REFERENCES.has(lower) && ((n >= 0x30 && n <= 0x39) || n === 0x28)) return false;
  return true;
}

/** Never end a sentence: they precede a name or another word. */
const TITLES = new Set(
  (
    'mr mrs ms mx dr prof rev hon gen col lt capt sgt cmdr adm gov sen rep pres messrs mme mlle st mt ' +
    'vs cf viz approx incl esp resp dept e.g i.e a.k.a et al'
  ).split(' '),
);
/** End a sentence unless a number follows ("Fig. 3", "No. 12", "Jan. 5"). */
const REFERENCES = new Set(
  (
    'no nos nr fig figs tab vol vols p pp eq eqs ch chap sec art ref refs para ex ed op ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec'
  ).split(' '),
);
const ENUMERATOR = /^(?:\d+|[a-z]|[ivxlc]+)$/i;
const UPPER_DOTTED = /^(?:\p{Lu}\.)+\p{Lu}$/u;
const LOWER = /\p{Ll}/u;

const LF = 0x0a;
const DOT = 0x2e;

function emit(text: string, start: number, end: number, out: number[]): void {
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (end > start) out.push(start, end);
}

function skipSpace(text: string, i: number, to: number): number {
  while (i < to && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x3000 || c === 0x2028 || c === 0x2029;
}

function isInlineSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0xa0;
}

function isStop(c: number): boolean {
  switch (c) {
    case 0x2e: // .
    case 0x21: // !
    case 0x3f: // ?
    case 0x2026: // …
    case 0x203c: // ‼
    case 0x2047: // ⁇
    case 0x2048: // ⁈
    case 0x2049: // ⁉
    case 0x061f: // ؟ Arabic question mark
    case 0x06d4: // ۔ Urdu full stop
    case 0x0964: // । Devanagari danda
    case 0x0965: // ॥
    case 0x1362: // ። Ethiopic full stop
      return true;
    default:
      return false;
  }
}

function isCjkStop(c: number): boolean {
  return c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff61 || c === 0xff0e;
}

function isCloser(c: number): boolean {
  switch (c) {
    case 0x22: // "
    case 0x27: // '
    case 0x29: // )
    case 0x5d: // ]
    case 0x7d: // }
    case 0xbb: // »
    case 0x2019: // ’
    case 0x201d: // ”
    case 0x203a: // ›
    case 0x300d: // 」
    case 0x300f: // 』
    case 0xff09: // ）
    case 0x300b: // 》
    case 0x3009: // 〉
    case 0x3011: // 】
    case 0x3015: // 〕
    case 0xff3d: // ］
      return true;
    default:
      return false;
  }
}

/** Letters, digits and dots: the abbreviation a period may close ("Fig", "U.S", "e.g", "2023"). */
function isWordChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === DOT ||
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7)
  );
}

function isLower(text: string, at: number, c: number): boolean {
  if (c < 0x80) return c >= 0x61 && c <= 0x7a;
  return LOWER.test(String.fromCodePoint(text.codePointAt(at) ?? c));
}

/** A line that opens a list item ("- ", "* ", "• ", "1. ", "2) ") or a table row ("| a | b |"). */
function startsItem(text: string, at: number, to: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 0x7c || c === 0x2022 || c === 0x25e6 || c === 0x25aa || c === 0x2023 || c === 0xb7) return true;
  if (c === 0x2d || c === 0x2a || c === 0x2b || c === 0x2013) {
    return at + 1 < to && text.charCodeAt(at + 1) === 0x20;
  }
  let j = at;
  while (j < to && j - at < 4 && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
  if (j === at || j + 1 >= to) return false;
  const d = text.charCodeAt(j);
  return (d === DOT || d === 0x29) && text.charCodeAt(j + 1) === 0x20;
}
