import type { Evidence } from './agent-state';
import { describeSource, sourcesOf } from './evidence';

function evidence(over: Partial<Evidence>): Evidence {
  return {
    kind: 'document',
    chunkId: 'c1',
    documentId: 'd1',
    title: 'Manual',
    filename: 'manual.pdf',
    headingPath: [],
    snippet: 'The pump is serviced every eighteen months.',
    text: 'The pump is serviced every eighteen months.',
    rank: 1,
    ...over,
  };
}

describe('evidence', () => {
  it('numbers sources and keeps both ends of a page range', () => {
    const sources = sourcesOf([evidence({ page: 1, unitEnd: 2 }), evidence({ chunkId: 'c2', page: 3, unitEnd: 3 })]);
    expect(sources.map((s) => [s.n, s.chunkId, s.page, s.unitEnd])).toEqual([
      [1, 'c1', 1, 2],
      [2, 'c2', 3, 3],
    ]);
    expect(sourcesOf([evidence({})])[0]).not.toHaveProperty('unitEnd');
  });

  it('tells the model the range a passage spans, and one unit as it is', () => {
    expect(describeSource(evidence({ page: 1, unitEnd: 2, headingPath: ['Service'] }))).toBe(
      'Manual, pp. 1-2, Service',
    );
    expect(describeSource(evidence({ page: 3, unitEnd: 3 }))).toBe('Manual, p. 3');
    expect(describeSource(evidence({ page: 3 }))).toBe('Manual, p. 3');
    expect(describeSource(evidence({ slide: 4, unitEnd: 6 }))).toBe('Manual, slides 4-6');
    expect(describeSource(evidence({ row: 10, unitEnd: 12, sheet: 'Q1' }))).toBe('Manual, rows 10-12');
  });
});
