import { SyntheticCorpus } from '../../bench/retrieval/synthetic-corpus';

describe('synthetic corpus (bench:retrieval)', () => {
  const corpus = new SyntheticCorpus(2_000);

  it('gives the same chunks and queries for the same seed, and others for another seed', () => {
    const again = new SyntheticCorpus(2_000);
    expect(again.chunk(1234)).toEqual(corpus.chunk(1234));
    expect(again.title(17)).toBe(corpus.title(17));
    expect(again.queries(20)).toEqual(corpus.queries(20));
    const other = new SyntheticCorpus(2_000, { seed: 7 });
    expect(other.chunk(1234).text).not.toBe(corpus.chunk(1234).text);
  });

  it('generates any chunk on its own exactly as the batches do', () => {
    const batched = [...corpus.batches(300, 900, 1_500)].flat();
    expect(batched).toHaveLength(600);
    expect(batched[0]).toEqual(corpus.chunk(900));
    expect(batched[599]).toEqual(corpus.chunk(1_499));
    expect(() => corpus.chunk(2_000)).toThrow(RangeError);
  });

  it('groups chunks into documents and sizes them like child chunks', () => {
    expect(corpus.documentCount).toBe(200);
    const c = corpus.chunk(25);
    expect(c).toMatchObject({ documentIndex: 2, index: 5 });
    const sizes = Array.from({ length: 200 }, (_, i) => corpus.chunk(i).words);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(120);
    expect(Math.max(...sizes)).toBeLessThan(320);
  });

  it('follows a Zipf-like law with function words on top and a long tail', () => {
    const counts = new Map<string, number>();
    let tokens = 0;
    for (const batch of corpus.batches(500)) {
      for (const chunk of batch) {
        for (const w of chunk.text.toLowerCase().split(/[^a-z]+/)) {
          if (!w) continue;
          tokens++;
          counts.set(w, (counts.get(w) ?? 0) + 1);
        }
      }
    }
    const ranked = [...counts.values()].sort((a, b) => b - a);
    expect([...counts].sort((a, b) => b[1] - a[1])[0][0]).toBe('the');
    // Under a Zipf law with exponent ~1, rank 10 is ~1/10 as frequent as rank 1 and rank 100 ~1/100.
    expect(ranked[0] / ranked[9]).toBeGreaterThan(5);
    expect(ranked[0] / ranked[99]).toBeGreaterThan(40);
    const once = ranked.filter((n) => n === 1).length;
    expect(once / counts.size).toBeGreaterThan(0.2);
    expect(counts.size).toBeGreaterThan(10_000);
    expect(tokens).toBeGreaterThan(300_000);
  });

  it('takes each query from the words of its source chunk', () => {
    for (const q of corpus.queries(50)) {
      const words = q.text.split(' ');
      expect(words.length).toBeGreaterThanOrEqual(2);
      expect(words.length).toBeLessThanOrEqual(5);
      const source = new Set(
        corpus
          .chunk(q.sourceChunk)
          .text.toLowerCase()
          .split(/[^a-z]+/),
      );
      for (const w of words) expect(source.has(w)).toBe(true);
    }
  });
});
