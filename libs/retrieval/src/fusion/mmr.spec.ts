import { maximalMarginalRelevance, type MmrCandidate } from './mmr';

const unit = (...xs: number[]) => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
};

describe('maximal marginal relevance', () => {
  const candidates: MmrCandidate[] = [
    { id: 'a', relevance: 1, vector: unit(1, 0, 0), embedderId: 'e' },
    { id: 'a-copy', relevance: 0.95, vector: unit(1, 0.01, 0), embedderId: 'e' },
    { id: 'b', relevance: 0.8, vector: unit(0, 1, 0), embedderId: 'e' },
    { id: 'c', relevance: 0.1, vector: unit(0, 0, 1), embedderId: 'e' },
  ];

  it('with lambda 1 keeps the relevance order', () => {
    expect(maximalMarginalRelevance(candidates, 3, 1)).toEqual(['a', 'a-copy', 'b']);
  });

  it('passes over a near duplicate of what it picked', () => {
    expect(maximalMarginalRelevance(candidates, 2, 0.5)).toEqual(['a', 'b']);
  });

  it('never compares vectors of different embedders', () => {
    const mixed = candidates.map((c) => (c.id === 'a-copy' ? { ...c, embedderId: 'other' } : c));
    expect(maximalMarginalRelevance(mixed, 2, 0.5)).toEqual(['a', 'a-copy']);
  });

  it('returns at most k, and all candidates when there are fewer', () => {
    expect(maximalMarginalRelevance(candidates, 10, 0.7)).toHaveLength(4);
    expect(maximalMarginalRelevance([], 3, 0.7)).toEqual([]);
  });
});
