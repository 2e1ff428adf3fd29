import { idf, IMPACT_REFERENCE, postingImpact, saturation, saturationBound } from './bm25';

describe('BM25 math', () => {
  const params = { k1: 0.9, b: 0.4 };

  it('computes Lucene/Anserini idf, always positive', () => {
    expect(idf(1000, 10)).toBeCloseTo(Math.log(1 + 990.5 / 10.5), 12);
    expect(idf(1000, 1000)).toBeGreaterThan(0);
    expect(idf(1000, 1)).toBeGreaterThan(idf(1000, 2));
  });

  it('saturates term frequency and normalises by length', () => {
    expect(saturation(0, 100, 100, params)).toBe(0);
    // At the mean length, b has no effect: tf (k1 + 1) / (tf + k1).
    expect(saturation(3, 100, 100, params)).toBeCloseTo((3 * 1.9) / (3 + 0.9), 12);
    expect(saturation(3, 200, 100, params)).toBeLessThan(saturation(3, 100, 100, params));
    expect(saturation(100, 100, 100, params)).toBeLessThan(params.k1 + 1);
    expect(saturation(3, 200, 100, { k1: 0.9, b: 0 })).toBeCloseTo(saturation(3, 100, 100, { k1: 0.9, b: 0 }), 12);
  });

  it('bounds the saturation of every posting below an impact floor, for any k1 and b', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 2000; trial++) {
      const ref = 20 + rand() * 300;
      const avg = 20 + rand() * 300;
      const maxRef = ref * (1 + rand());
      const p = { k1: rand() * 3, b: rand() };
      const tf = 1 + Math.floor(rand() * 20);
      const length = tf + Math.floor(rand() * 1000);
      // The posting was written with a reference length at least the smallest one the collection used.
      const impact = postingImpact(tf, length, maxRef);
      const floor = impact * (1 + rand());
      expect(saturation(tf, length, avg, p)).toBeLessThanOrEqual(saturationBound(floor, ref, avg, p) + 1e-9);
    }
  });

  it('is tight where it matters: near the saturation of the posting at the floor', () => {
    const ref = 150;
    const floor = postingImpact(1, 150, ref);
    const bound = saturationBound(floor, ref, 150, params);
    expect(bound).toBeGreaterThanOrEqual(saturation(1, 150, 150, params));
    expect(bound).toBeLessThan(params.k1 + 1);
    expect(saturationBound(0, ref, 150, params)).toBe(0);
    expect(IMPACT_REFERENCE).toEqual({ k1: 1.2, b: 0.75 });
  });
});
