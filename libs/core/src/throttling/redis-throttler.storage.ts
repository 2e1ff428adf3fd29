import { randomBytes } from 'node:crypto';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Sliding window over a sorted set of hit timestamps, plus a block key once the limit is passed. It runs
 * as one Lua script on Redis's own clock, so every api instance sees the same count.
 * Returns { hits, msUntilOldestHitExpires, blocked (0|1), msUntilUnblocked }.
 */
const SLIDING_WINDOW = `
local key, blockKey = KEYS[1], KEYS[2]
local ttl, limit, block, member = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local blockedFor = redis.call('PTTL', blockKey)
if blockedFor > 0 then
  return {redis.call('ZCARD', key) + 1, blockedFor, 1, blockedFor}
end
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - ttl)
redis.call('ZADD', key, now, now .. ':' .. member)
redis.call('PEXPIRE', key, ttl)
local hits = redis.call('ZCARD', key)
local oldest = tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2])
local expiresIn = oldest + ttl - now
if hits > limit then
  redis.call('SET', blockKey, '1', 'PX', block)
  return {hits, expiresIn, 1, block}
end
return {hits, expiresIn, 0, 0}
`;

export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    // The guard's keys already name the throttler, the route and the tracker (`default:Ctrl.handler:<ip>`).
    const base = `${this.prefix}:throttle:${key}`;
    const [hits, expiresInMs, blocked, blockMs] = (await this.redis.eval(
      SLIDING_WINDOW,
      2,
      base,
      `${base}:blocked`,
      ttl,
      limit,
      blockDuration || ttl,
      randomBytes(6).toString('hex'),
    )) as [number, number, number, number];
    return {
      totalHits: hits,
      timeToExpire: Math.max(1, Math.ceil(expiresInMs / 1000)),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.max(blocked === 1 ? 1 : 0, Math.ceil(blockMs / 1000)),
    };
  }
}
