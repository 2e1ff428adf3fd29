import { MemorySearchResultCache } from './memory-search-result-cache';
import type { CachedSearch } from './search-result-cache';

const entry = (snapshot: string) => ({ snapshot, response: {} }) as unknown as CachedSearch;

describe('MemorySearchResultCache', () => {
  it('expires entries after their TTL', async () => {
    let now = 0;
    const cache = new MemorySearchResultCache(10, () => now);
    await cache.set('k', entry('1:1:'), 5);
    now = 4_999;
    expect(await cache.get('k')).toEqual(entry('1:1:'));
    now = 5_000;
    expect(await cache.get('k')).toBeNull();
  });

  it('drops the least recently used entry when full', async () => {
    const cache = new MemorySearchResultCache(2);
    await cache.set('a', entry('a'), 60);
    await cache.set('b', entry('b'), 60);
    await cache.get('a');
    await cache.set('c', entry('c'), 60);
    expect(await cache.get('b')).toBeNull();
    expect(await cache.get('a')).not.toBeNull();
    expect(await cache.get('c')).not.toBeNull();
  });
});
