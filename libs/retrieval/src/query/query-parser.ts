/**
 * What a search query asks for, read the way web search engines read it: words score (any of them may match),
 * "quoted phrases" must appear as phrases (their words score too), and a leading minus excludes a word or a
 * quoted phrase. A quote left open runs to the end of the query.
 */
export interface ParsedQuery {
  /** Everything that scores: the free words and the words of the phrases, for BM25 and the embedder. */
  scoringText: string;
  /** Phrases every result must contain. */
  phrases: string[];
  /** Words or phrases no result may contain. */
  excluded: string[];
}

const WHITESPACE = /\s/;

export function parseQuery(raw: string): ParsedQuery {
  const free: string[] = [];
  const phrases: string[] = [];
  const excluded: string[] = [];
  let i = 0;
  const text = raw.normalize('NFC');
  while (i < text.length) {
    while (i < text.length && WHITESPACE.test(text[i])) i++;
    if (i >= text.length) break;
    let negated = false;
    if (text[i] === '-' && i + 1 < text.length && !WHITESPACE.test(text[i + 1])) {
      negated = true;
      i++;
    }
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      const end = close < 0 ? text.length : close;
      const phrase = text.slice(i + 1, end).trim();
      i = end + 1;
      if (!phrase) continue;
      if (negated) excluded.push(phrase);
      else {
        phrases.push(phrase);
        free.push(phrase);
      }
      continue;
    }
    let end = i;
    while (end < text.length && !WHITESPACE.test(text[end]) && text[end] !== '"') end++;
    const word = text.slice(i, end);
    i = end;
    if (negated) excluded.push(word);
    else free.push(word);
  }
  return { scoringText: free.join(' '), phrases, excluded };
}
