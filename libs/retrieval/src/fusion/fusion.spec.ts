import { reciprocalRankFusion, weightedScoreFusion, type RankedList } from './fusion';

const vector: RankedList = {
  leg: 'vector',
  hits: [
    { id: 'a', score: 0.9 },
    { id: 'b', score: 0.8 },
    { id: 'c', score: 0.5 },
  ],
};
const keyword: RankedList = {
  leg: 'keyword',
  hits: [
    { id: 'c', score: 12 },
    { id: 'a', score: 7 },
    { id: 'd', score: 1 },
  ],
};

describe('reciprocal rank fusion', () => {
  it('sums weight / (k + rank) over the legs that found a hit, and keeps each leg score and rank', () => {
    const fused = reciprocalRankFusion([vector, keyword], 60);
    expect(fused.map((h) => h.id)).toEqual(['a', 'c', 'b', 'd']);
    expect(fused[0].score).toBeCloseTo(1 / 61 + 1 / 62, 15);
    expect(fused[0].legs).toEqual({ vector: { score: 0.9, rank: 1 }, keyword: { score: 7, rank: 2 } });
    expect(fused[3]).toEqual({ id: 'd', score: 1 / 63, legs: { keyword: { score: 1, rank: 3 } } });
  });

  it('applies per-leg weights', () => {
    const fused = reciprocalRankFusion([vector, keyword], 60, { vector: 0, keyword: 1 });
    expect(fused.map((h) => h.id)).toEqual(['c', 'a', 'd', 'b']);
  });

  it('a smaller k widens the gap between ranks', () => {
    const small = reciprocalRankFusion([vector], 1);
    const large = reciprocalRankFusion([vector], 1000);
    expect(small[0].score / small[1].score).toBeGreaterThan(large[0].score / large[1].score);
  });

  it('breaks ties by best rank, then id, so equal input gives equal output', () => {
    const tie = reciprocalRankFusion(
      [
        { leg: 'vector', hits: [{ id: 'x', score: 1 }] },
        { leg: 'keyword', hits: [{ id: 'w', score: 1 }] },
      ],
      60,
    );
    expect(tie.map((h) => h.id)).toEqual(['w', 'x']);
  });
});

describe('weighted score fusion', () => {
  it('min-max normalises each leg and sums with the weights', () => {
    const fused = weightedScoreFusion([vector, keyword], { vector: 0.5, keyword: 0.5 });
    const byId = Object.fromEntries(fused.map((h) => [h.id, h.score]));
    expect(byId.a).toBeCloseTo(0.5 * 1 + 0.5 * (6 / 11), 12);
    expect(byId.c).toBeCloseTo(0.5 * 0 + 0.5 * 1, 12);
    expect(byId.d).toBeCloseTo(0, 12);
    expect(fused[0].id).toBe('a');
  });

  it('gives every hit of a leg with equal scores the full weight', () => {
    const fused = weightedScoreFusion(
      [
        {
          leg: 'keyword',
          hits: [
            { id: 'a', score: 2 },
            { id: 'b', score: 2 },
          ],
        },
      ],
      {
        keyword: 1,
      },
    );
    expect(fused.map((h) => h.score)).toEqual([1, 1]);
  });
});
