import { PolicyCache } from './policy-cache';

describe('PolicyCache', () => {
  let now: number;
  let loads: number;
  const load = (value: string) => () => {
    loads += 1;
    return Promise.resolve(value);
  };

  beforeEach(() => {
    now = 0;
    loads = 0;
  });

  it('keeps a value for its time to live and shares one load between concurrent misses', async () => {
    const cache = new PolicyCache<string>(1000, 100, () => now);
    expect(await Promise.all([cache.get('a', load('one')), cache.get('a', load('two'))])).toEqual(['one', 'one']);
    now = 999;
    expect(await cache.get('a', load('three'))).toBe('one');
    now = 1000;
    expect(await cache.get('a', load('three'))).toBe('three');
    expect(loads).toBe(2);
  });

  it('peeks at the last loaded value without loading, and takes a set value at once', async () => {
    const cache = new PolicyCache<string>(1000, 100, () => now);
    expect(cache.peek('a')).toBeUndefined();
    await cache.get('a', load('one'));
    expect(cache.peek('a')).toBe('one');
    cache.set('a', 'changed');
    expect(cache.peek('a')).toBe('changed');
    expect(await cache.get('a', load('never'))).toBe('changed');
    expect(loads).toBe(1);
  });

  it('does not keep a failed load, and holds at most maxEntries keys', async () => {
    const cache = new PolicyCache<string>(1000, 2, () => now);
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('a', load('one'))).toBe('one');
    for (const key of ['b', 'c']) await cache.get(key, load(key));
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('c')).toBe('c');
  });
});
