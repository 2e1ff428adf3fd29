/**
 * The tokens the offline embedder hashes: unicode-aware words, lowercased, accents folded, a few English
 * stop words dropped, English plurals reduced (Harman's S-stemmer, which almost never merges unrelated words),
 * and Chinese/Japanese runs cut into character bigrams, since those scripts put no spaces between words.
 * Part of the `offline:hash-384-v1` definition: changing anything here changes every vector.
 */
const WORD = /[\p{L}\p{N}]+/gu;
const NON_ASCII = /[\u0080-\uffff]/;
const COMBINING_DIACRITICS = /[\u0300-\u036f]+/g;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Longer "words" are identifiers, hashes or base64: their first characters are enough to match them. */
const MAX_TOKEN_LENGTH = 32;

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in into is ' +
    'it its may might more must no not of on or our she should so such than that the their them then there these ' +
    'they this those to was we were what when where which while who whom why will with would you your'
  ).split(' '),
);

export function normaliseText(text: string): string {
  // NFKD splits "é" into "e" + a combining accent (dropped) and folds compatibility forms (ligatures, full-width
  // letters); NFC then recomposes what must stay composed (Hangul syllables).
  if (NON_ASCII.test(text)) text = text.normalize('NFKD').replace(COMBINING_DIACRITICS, '').normalize('NFC');
  return text.toLowerCase();
}

function isAsciiLetters(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/**
 * Harman's S-stemmer (1991): "-ies" -> "-y", "-es" -> "-e", "-s" -> "", with its exceptions, plus "-is"
 * ("analysis", "basis") left alone.
 */
export function stemPlural(word: string): string {
  if (word.length <= 3 || !word.endsWith('s') || !isAsciiLetters(word)) return word;
  if (word.endsWith('ies')) return word.endsWith('eies') || word.endsWith('aies') ? word : word.slice(0, -3) + 'y';
  if (word.endsWith('es')) {
    return word.endsWith('aes') || word.endsWith('ees') || word.endsWith('oes') ? word : word.slice(0, -1);
  }
  return word.endsWith('ss') || word.endsWith('us') || word.endsWith('is') ? word : word.slice(0, -1);
}

function pushCjk(word: string, out: string[]): void {
  // A run mixing CJK with other letters (e.g. "ai模型") is cut at script changes first.
  let run = '';
  const flush = (): void => {
    if (!run) return;
    if (run.length === 1) out.push(run);
    else for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    run = '';
  };
  let other = '';
  for (const ch of word) {
    if (CJK.test(ch)) {
      if (other) out.push(stemPlural(other.slice(0, MAX_TOKEN_LENGTH)));
      other = '';
      run += ch;
    } else {
      flush();
      other += ch;
    }
  }
  flush();
  if (other) out.push(stemPlural(other.slice(0, MAX_TOKEN_LENGTH)));
}

/** What `WORD` matches in an ASCII text, found without the regex engine (twice as fast; most text is ASCII). */
function asciiWords(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    const isWordChar = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    if (isWordChar) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(text.slice(start, i));
      start = -1;
    }
  }
  return words;
}

/** The text's tokens in order, stop words removed. */
export function textTokens(text: string): string[] {
  const normalised = normaliseText(text);
  const checkCjk = NON_ASCII.test(normalised);
  const words = checkCjk ? (normalised.match(WORD) ?? []) : asciiWords(normalised);
  const out: string[] = [];
  for (const word of words) {
    if (STOP_WORDS.has(word)) continue;
    if (checkCjk && CJK.test(word)) pushCjk(word, out);
    else out.push(stemPlural(word.length > MAX_TOKEN_LENGTH ? word.slice(0, MAX_TOKEN_LENGTH) : word));
  }
  return out;
}
