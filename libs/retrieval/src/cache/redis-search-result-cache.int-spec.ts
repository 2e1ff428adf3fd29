import type Redis from 'ioredis';
import { createRedisClient } from '@docqa/core';
import { describeWithRedis, SERVER_REDIS_URL, uniqueName } from '../../../../test/support/test-env';
import { RedisSearchResultCache } from './redis-search-result-cache';
import type { CachedSearch } from './search-result-cache';

const entry = {
  snapshot: '10:12:11',
  response: { query: 'q', results: [{ chunkId: 'c' }] },
} as unknown as CachedSearch;

describeWithRedis('RedisSearchResultCache (needs REDIS_URL)', () => {
  let redis: Redis;
  const prefix = uniqueName('search-cache');

  beforeAll(async () => {
    redis = createRedisClient(SERVER_REDIS_URL!, 'search-cache-test');
    // Commands fail fast until the connection is up (no offline queue).
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('stores responses as JSON under the prefix with the TTL', async () => {
    const cache = new RedisSearchResultCache(redis, prefix);
    expect(await cache.get('k')).toBeNull();
    await cache.set('k', entry, 30);
    expect(await cache.get('k')).toEqual(entry);
    const ttl = await redis.ttl(`${prefix}:search:k`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
  });

  it('answers a miss, and drops writes, while Redis is unreachable', async () => {
    const dead = createRedisClient('redis://127.0.0.1:1', 'search-cache-dead');
    dead.on('error', () => undefined);
    const cache = new RedisSearchResultCache(dead, prefix);
    await expect(cache.set('k', entry, 30)).resolves.toBeUndefined();
    await expect(cache.get('k')).resolves.toBeNull();
    dead.disconnect();
  });
});
