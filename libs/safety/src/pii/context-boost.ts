import type { PiiMatch } from './recognizer';

/** Presidio's LemmaContextAwareEnhancer defaults: +0.35, and at least 0.4 once a context word is seen. */
export const CONTEXT_BOOST = 0.35;
export const MIN_SCORE_WITH_CONTEXT = 0.4;
/** Words looked at before a match (Presidio: 5) and after it. */
const WORDS_BEFORE = 5;
const WORDS_AFTER = 2;
/** Characters read on each side to find those words; a window, not the whole text. */
const CHARS_BEFORE = 80;
const CHARS_AFTER = 32;

const WORD = /[\p{L}\p{N}]+/gu;

function wordsIn(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** The lowercase words around a match: up to five before it and two after it. */
export function contextWordsAround(text: string, start: number, end: number): string[] {
  const before = wordsIn(text.slice(Math.max(0, start - CHARS_BEFORE), start));
  // The first word of the window may be cut in half; it is only dropped when the window did not start the text.
  if (start > CHARS_BEFORE && before.length) before.shift();
  const after = wordsIn(text.slice(end, end + CHARS_AFTER));
  if (end + CHARS_AFTER < text.length && after.length) after.pop();
  return [...before.slice(-WORDS_BEFORE), ...after.slice(0, WORDS_AFTER)];
}

/**
 * Raises the score of a match that has one of its recognizer's context words nearby, as Presidio does. A word
 * counts when it equals a context word or starts with it (so "birthday" counts for "birth"), which stands in
 * for Presidio's lemmatization without a language model.
 */
export function boostWithContext(text: string, match: PiiMatch, context: ReadonlySet<string>, maxScore = 1): PiiMatch {
  if (!context.size || match.score >= maxScore) return match;
  for (const word of contextWordsAround(text, match.start, match.end)) {
    if (context.has(word) || hasPrefixIn(word, context)) {
      const score = Math.min(maxScore, Math.max(match.score + CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT));
      return { ...match, score: round(score) };
    }
  }
  return match;
}

function hasPrefixIn(word: string, context: ReadonlySet<string>): boolean {
  // Context words are few (a dozen per recognizer); prefixes shorter than 4 letters would match too much.
  for (const c of context) if (c.length >= 4 && word.length > c.length && word.startsWith(c)) return true;
  return false;
}

export function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
