import { contentTerms } from './terms';

/**
 * How much of a query each passage covers, each query word weighted by its rarity among the passages (as
 * the offline answerer weighs it among sentences): a word no passage holds weighs the most, so passages that
 * share only a question's generic words with it do not count as answering it. Scores are in [0, 1].
 */
export function lexicalRelevance(query: string, passages: readonly string[]): number[] {
  const terms = [...new Set(contentTerms(query))];
  if (!terms.length) return passages.map(() => 0);
  const sets = passages.map((p) => new Set(contentTerms(p)));
  const n = Math.max(1, sets.length);
  const weights = terms.map((t) => {
    const df = sets.reduce((count, s) => count + (s.has(t) ? 1 : 0), 0);
    return Math.log(1 + n / Math.max(1, df)) + (df === 0 ? Math.log(2) : 0);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  return sets.map((s) => {
    let hit = 0;
    terms.forEach((t, i) => {
      if (s.has(t)) hit += weights[i];
    });
    return Math.round((hit / total) * 1000) / 1000;
  });
}

/** A passage counts as answering the question from this relevance. */
export const MIN_RELEVANCE = 0.5;
