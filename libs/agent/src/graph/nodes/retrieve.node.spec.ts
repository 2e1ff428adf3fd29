import { FakeSearch, WORKSPACE } from '../testing/graph-harness';
import { nodeRun, stateWith } from '../testing/node-kit';
import { retrieveNode } from './retrieve.node';

describe('retrieve', () => {
  const search = new FakeSearch([
    {
      chunkId: 'a',
      documentId: 'd',
      text: 'robot warranty three years',
      parentId: 'p1',
      parentText: 'Section: robot warranty three years. More.',
    },
    {
      chunkId: 'b',
      documentId: 'd',
      text: 'robot warranty covers motors',
      parentId: 'p1',
      parentText: 'Section: robot warranty three years. More.',
    },
    { chunkId: 'c', documentId: 'd', text: 'robot price', page: 4, unitEnd: 5 },
  ]);

  it('reads parent sections once, keeps the chunk as snippet, and widens on correction loops', async () => {
    const screened: string[] = [];
    const detector = {
      screenChunks: <T extends { id: string; text: string }>(w: string, chunks: readonly T[]) => {
        expect(w).toBe(WORKSPACE);
        screened.push(...chunks.map((c) => c.id));
        // The injected chunk 'a' is down-ranked after the clean ones.
        const kept = chunks.filter((c) => c.id !== 'a').concat(chunks.filter((c) => c.id === 'a'));
        return Promise.resolve({
          kept: kept.map((chunk) => ({ chunk, score: 0, patterns: [], action: 'none' as const, rankFactor: 1 })),
          blocked: [],
        });
      },
    };
    const run = nodeRun({ input: { collectionIds: ['c1'] } });
    const update = await retrieveNode(search, detector)(stateWith({ query: 'robot warranty', loops: 1 }), run);
    expect(search.requests.at(-1)).toMatchObject({
      query: 'robot warranty',
      topK: 8,
      collectionIds: ['c1'],
      expandParents: true,
    });
    expect(screened).toEqual(['a', 'c']);
    expect(update.candidates?.map((c) => [c.chunkId, c.rank, c.text, c.snippet])).toEqual([
      ['c', 1, 'robot price', 'robot price'],
      ['a', 2, 'Section: robot warranty three years. More.', 'robot warranty three years'],
    ]);
    // A passage across pages keeps both ends of its range.
    expect(update.candidates?.[0]).toMatchObject({ page: 4, unitEnd: 5 });
  });

  it('rejoins sentences cut by a line or page break, and names the section of the chunk that matches', async () => {
    const sections = new FakeSearch([
      {
        chunkId: 's',
        documentId: 'd',
        text: 'Warranty\n\nThe robot has a warranty of three years.\n\nPricing\n\nThe robot price is 42000\n\neuros.',
      },
    ]);
    const detector = {
      screenChunks: <T extends { id: string; text: string }>(_w: string, chunks: readonly T[]) =>
        Promise.resolve({
          kept: chunks.map((chunk) => ({ chunk, score: 0, patterns: [], action: 'none' as const, rankFactor: 1 })),
          blocked: [],
        }),
    };
    const update = await retrieveNode(sections, detector)(stateWith({ query: 'robot price' }), nodeRun());
    expect(update.candidates?.[0]).toMatchObject({
      headingPath: ['Pricing'],
      text: 'Warranty\n\nThe robot has a warranty of three years.\n\nPricing\n\nThe robot price is 42000 euros.',
    });
  });
});
