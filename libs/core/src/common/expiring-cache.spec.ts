import { ExpiringCache } from './expiring-cache';

describe('ExpiringCache', () => {
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

  it('keeps a value for its time to live, then loads it again', async () => {
    const cache = new ExpiringCache<string>(1000, 100, () => now);
    expect(await cache.get('a', load('one'))).toBe('one');
    now = 999;
    expect(await cache.get('a', load('two'))).toBe('one');
    now = 1000;
    expect(await cache.get('a', load('three'))).toBe('three');
    expect(loads).toBe(2);
  });

  it('shares one load between concurrent misses and forgets a deleted key at once', async () => {
    const cache = new ExpiringCache<string>(1000, 100, () => now);
    const [first, second] = await Promise.all([cache.get('a', load('one')), cache.get('a', load('two'))]);
    expect([first, second, loads]).toEqual(['one', 'one', 1]);
    cache.delete('a');
    expect(await cache.get('a', load('two'))).toBe('two');
  });

  it('does not keep a failed load', async () => {
    const cache = new ExpiringCache<string>(1000, 100, () => now);
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('a', load('one'))).toBe('one');
  });

  it('holds at most maxEntries keys, dropping the oldest', async () => {
    const cache = new ExpiringCache<string>(1000, 2, () => now);
    for (const key of ['a', 'b', 'c']) await cache.get(key, load(key));
    loads = 0;
    expect(await cache.get('c', load('x'))).toBe('c');
    expect(await cache.get('b', load('x'))).toBe('b');
    expect(await cache.get('a', load('reloaded'))).toBe('reloaded');
    expect(loads).toBe(1);
  });

  it('peeks at the last loaded value without loading, and takes a set value at once', async () => {
    const cache = new ExpiringCache<string>(1000, 100, () => now);
    expect(cache.peek('a')).toBeUndefined();
    await cache.get('a', load('one'));
    expect(cache.peek('a')).toBe('one');
    cache.set('a', 'changed');
    expect(cache.peek('a')).toBe('changed');
    expect(await cache.get('a', load('never'))).toBe('changed');
    expect(loads).toBe(1);
    cache.delete('a');
    expect(cache.peek('a')).toBeUndefined();
  });
});
