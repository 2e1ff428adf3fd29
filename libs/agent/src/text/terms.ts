/**
 * Content words for the agent's deterministic scoring (grading, verification, routing, rewriting): lower-cased,
 * stop words dropped, lightly stemmed so "warranties" meets "warranty". The same rules as the offline
 * answerer's, so that what it quotes scores as supported here.
 */
const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'me my of on or our should so than that the their them then there these they this those to was we were ' +
    'what when where which who whom whose why will with would you your about any all also more most no not ' +
    'only other some such very just tell please give list explain describe much many'
  ).split(' '),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase());
}

export function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (word.endsWith(suffix) && !word.endsWith('ss') && word.length - suffix.length >= 3) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

/** The words of a text, as written (letters and digits), in order. */
export function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Stemmed content words, in order, repeats kept. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const raw of wordsOf(text)) {
    const word = raw.toLowerCase();
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}

export function termSet(text: string): Set<string> {
  return new Set(contentTerms(text));
}

/** Share of `terms` found in `known` (1 when there are none: a sentence without content claims nothing). */
export function coverage(terms: ReadonlySet<string> | readonly string[], known: ReadonlySet<string>): number {
  const list = [...new Set(terms)];
  if (!list.length) return 1;
  let hit = 0;
  for (const t of list) if (known.has(t)) hit++;
  return hit / list.length;
}
