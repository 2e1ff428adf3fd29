import type { Citation } from '../../chat/chat-result';
import type { ContextDocument } from '../../chat/chat-request';

/** What the offline answerer says when the context does not hold the answer. */
export const NO_ANSWER_IN_CONTEXT = 'The provided context does not contain the answer to this question.';
/** What it says when it was given no context at all. */
export const NO_CONTEXT_GIVEN =
  'No context was given: the offline answerer answers only from the documents it is given, and has none for this question.';

export interface ExtractiveAnswer {
  text: string;
  citations: Citation[];
  /** False when the context does not hold the answer (the text then says so). */
  answered: boolean;
}

const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'me my of on or our should so than that the their them then there these they this those to was we were ' +
    'what when where which who whom whose why will with would you your about any all also more most no not ' +
    'only other some such very just tell please give list explain describe much many'
  ).split(' '),
);

/** Share of the question's weight a sentence must cover to count as answering it. */
const MIN_COVERAGE = 0.5;
const MAX_SENTENCES = 3;

/** Lower-cased content words, lightly stemmed so that "warranties" finds "warranty". */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const [word] of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}

function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (word.endsWith(suffix) && !word.endsWith('ss') && word.length - suffix.length >= 3) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

interface Sentence {
  documentId: string;
  text: string;
  terms: Set<string>;
  order: number;
}

function sentencesOf(documents: ContextDocument[]): Sentence[] {
  const out: Sentence[] = [];
  for (const doc of documents) {
    for (const raw of doc.text.split(/(?<=[.!?])\s+|\n+/)) {
      const text = raw.replace(/\s+/g, ' ').trim();
      if (text.length < 3) continue;
      out.push({ documentId: doc.id, text, terms: new Set(contentTerms(text)), order: out.length });
    }
  }
  return out;
}

/**
 * Answers a question with sentences quoted from the given documents, each followed by its document id in
 * brackets, or says the documents do not hold the answer. Sentences are scored by the inverse sentence
 * frequency of the question's words they contain; a sentence counts only when it covers at least half of
 * the question's weight, where a word found nowhere in the context weighs the most: a question about
 * something the context never mentions is not answered from its generic words.
 */
export function answerFromContext(question: string, documents: ContextDocument[]): ExtractiveAnswer {
  if (!documents.length) return { text: NO_CONTEXT_GIVEN, citations: [], answered: false };
  const sentences = sentencesOf(documents);
  const query = [...new Set(contentTerms(question))];
  if (!query.length || !sentences.length) return { text: NO_ANSWER_IN_CONTEXT, citations: [], answered: false };
  const n = sentences.length;
  const weight = new Map<string, number>();
  for (const term of query) {
    const df = sentences.reduce((count, s) => count + (s.terms.has(term) ? 1 : 0), 0);
    weight.set(term, Math.log(1 + n / Math.max(1, df)));
  }
  const total = [...weight.values()].reduce((a, b) => a + b, 0);
  const ranked = sentences
    .map((s) => ({ s, score: query.reduce((sum, t) => sum + (s.terms.has(t) ? weight.get(t)! : 0), 0) }))
    .filter((r) => r.score > 0 && r.score / total >= MIN_COVERAGE)
    .sort((a, b) => b.score - a.score || a.s.order - b.s.order)
    .slice(0, MAX_SENTENCES)
    // Read in the order the context has them, which is how the sentences were meant to follow each other.
    .sort((a, b) => a.s.order - b.s.order);
  if (!ranked.length) return { text: NO_ANSWER_IN_CONTEXT, citations: [], answered: false };
  return {
    text: ranked.map(({ s }) => `${s.text} [${s.documentId}]`).join(' '),
    citations: ranked.map(({ s }) => ({ documentId: s.documentId, quote: s.text })),
    answered: true,
  };
}
