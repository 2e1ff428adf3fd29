import { ndcgAt, percentile, recallAt, reciprocalRankAt, scoreRun } from '../../bench/retrieval/metrics';

const judged = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('retrieval metrics (bench:retrieval)', () => {
  describe('nDCG@k', () => {
    it('is 1 for the ideal order and uses grades as linear gains', () => {
      const q = judged({ a: 2, b: 1, c: 0 });
      expect(ndcgAt(10, ['a', 'b', 'c'], q)).toBeCloseTo(1, 10);
      // gains 2 at rank 2 and 1 at rank 4 over the ideal 2 at rank 1 and 1 at rank 2
      const expected = (2 / Math.log2(3) + 1 / Math.log2(5)) / (2 + 1 / Math.log2(3));
      expect(ndcgAt(10, ['x', 'a', 'c', 'b'], q)).toBeCloseTo(expected, 10);
    });

    it('prefers the higher grade first', () => {
      const q = judged({ a: 2, b: 1 });
      expect(ndcgAt(10, ['a', 'b'], q)).toBeGreaterThan(ndcgAt(10, ['b', 'a'], q));
    });

    it('ignores results past k but keeps every relevant document in the ideal ranking', () => {
      const q = judged({ a: 1, b: 1 });
      const ranked = ['a', ...Array.from({ length: 10 }, (_, i) => `n${i}`), 'b'];
      expect(ndcgAt(10, ranked, q)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 10);
    });

    it('counts a document listed twice once, at its first rank', () => {
      const q = judged({ a: 1, b: 1 });
      expect(ndcgAt(2, ['a', 'a', 'b'], q)).toBeCloseTo(1, 10);
    });

    it('is 0 without a relevant judgment, and for judged-irrelevant hits', () => {
      expect(ndcgAt(10, ['a'], judged({ a: 0 }))).toBe(0);
      expect(ndcgAt(10, ['a'], judged({ a: -1, b: 1 }))).toBe(0);
    });
  });

  describe('Recall@k', () => {
    it('is the share of relevant documents within the first k distinct results', () => {
      const q = judged({ a: 1, b: 2, c: 0, d: 1 });
      expect(recallAt(100, ['a', 'c', 'b', 'x'], q)).toBeCloseTo(2 / 3, 10);
      expect(recallAt(1, ['a', 'b', 'd'], q)).toBeCloseTo(1 / 3, 10);
      expect(recallAt(2, ['a', 'a', 'b'], q)).toBeCloseTo(2 / 3, 10);
    });
  });

  describe('MRR@k', () => {
    it('is the reciprocal rank of the first relevant result within k, else 0', () => {
      const q = judged({ b: 1, c: 1 });
      expect(reciprocalRankAt(10, ['a', 'b', 'c'], q)).toBe(0.5);
      expect(reciprocalRankAt(1, ['a', 'b'], q)).toBe(0);
      expect(reciprocalRankAt(10, ['x', 'x', 'c'], q)).toBe(0.5);
    });
  });

  describe('scoreRun', () => {
    it('averages over judged queries with a relevant document, a missing run counting 0', () => {
      const qrels = new Map([
        ['q1', judged({ a: 1 })],
        ['q2', judged({ b: 1 })],
        ['q3', judged({ c: 0 })],
      ]);
      const run = new Map([
        ['q1', ['a']],
        ['q3', ['c']],
      ]);
      expect(scoreRun(run, qrels)).toEqual({ ndcg10: 0.5, recall100: 0.5, mrr10: 0.5, queries: 2 });
    });
  });

  describe('percentile', () => {
    it('takes the nearest rank', () => {
      const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
      expect(percentile(samples, 50)).toBe(50);
      expect(percentile(samples, 95)).toBe(95);
      expect(percentile(samples, 100)).toBe(100);
      expect(percentile([7], 95)).toBe(7);
      expect(percentile([], 50)).toBeNaN();
    });
  });
});
