import { MemoryEmbeddingCache } from './memory-embedding-cache';

function vector(dimension: number, fill: number): Float32Array {
  return new Float32Array(dimension).fill(fill);
}

describe('MemoryEmbeddingCache', () => {
  let clock = 0;
  const cache = (options: { maxEntries?: number; maxBytes?: number; ttlMs?: number } = {}) =>
    new MemoryEmbeddingCache({ ttlMs: 60_000, maxEntries: 100, maxBytes: 1 << 20, now: () => clock, ...options });

  beforeEach(() => (clock = 0));

  it('answers hits and misses in key order', async () => {
    const c = cache();
    await c.setMany([
      ['a', vector(4, 1)],
      ['c', vector(4, 3)],
    ]);
    expect(await c.getMany(['a', 'b', 'c'], 4)).toEqual([vector(4, 1), undefined, vector(4, 3)]);
  });

  it('evicts the least recently used entry past maxEntries; a read counts as a use', async () => {
    const c = cache({ maxEntries: 2 });
    await c.setMany([
      ['a', vector(4, 1)],
      ['b', vector(4, 2)],
    ]);
    await c.getMany(['a'], 4);
    await c.setMany([['c', vector(4, 3)]]);
    expect(c.size).toBe(2);
    expect(await c.getMany(['a', 'b', 'c'], 4)).toEqual([vector(4, 1), undefined, vector(4, 3)]);
  });

  it('stays under maxBytes, counting vector sizes', async () => {
    const c = cache({ maxBytes: 3 * (1536 * 4 + 200) });
    for (let i = 0; i < 10; i++) await c.setMany([[`k${i}`, vector(1536, i)]]);
    expect(c.bytes).toBeLessThanOrEqual(3 * (1536 * 4 + 200));
    expect(c.size).toBe(3);
    expect((await c.getMany(['k9', 'k0'], 1536)).map((v) => v?.[0])).toEqual([9, undefined]);
  });

  it('does not keep a vector larger than the whole budget', async () => {
    const c = cache({ maxBytes: 1000 });
    await c.setMany([['big', vector(1024, 1)]]);
    expect(c.size).toBe(0);
  });

  it('forgets entries after the TTL', async () => {
    const c = cache({ ttlMs: 1000 });
    await c.setMany([['a', vector(4, 1)]]);
    clock = 999;
    expect((await c.getMany(['a'], 4))[0]).toBeDefined();
    clock = 1000;
    expect((await c.getMany(['a'], 4))[0]).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('treats a vector of another dimension as missing', async () => {
    const c = cache();
    await c.setMany([['a', vector(4, 1)]]);
    expect(await c.getMany(['a'], 8)).toEqual([undefined]);
  });

  it('hands out copies: what callers do with vectors does not change the cache', async () => {
    const c = cache();
    const stored = vector(4, 1);
    await c.setMany([['a', stored]]);
    stored[0] = 42;
    const [got] = await c.getMany(['a'], 4);
    got![1] = 42;
    expect(await c.getMany(['a'], 4)).toEqual([vector(4, 1)]);
  });

  it('replacing a key does not count its bytes twice', async () => {
    const c = cache();
    await c.setMany([['a', vector(4, 1)]]);
    const bytes = c.bytes;
    await c.setMany([['a', vector(4, 2)]]);
    expect(c.bytes).toBe(bytes);
    expect(c.size).toBe(1);
  });
});
