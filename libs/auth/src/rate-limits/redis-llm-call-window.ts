import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { LlmCallWindow, LlmCallWindowResult } from './llm-call-window';

/**
 * The window as a sorted set of call start times, in one Lua script on Redis's own clock, so concurrent
 * calls on every api instance count exactly once. Unlike the HTTP throttler's script, a refused attempt
 * adds nothing and sets no block: the next slot opens when the call holding it is a window old.
 * KEYS: the set. ARGV: windowMs, limit, a unique member suffix.
 * Returns { allowed (0|1), count, resetMs, retryAfterMs }.
 */
const TAKE = `
local key = KEYS[1]
local window, limit, member = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
  redis.call('ZADD', key, now, now .. ':' .. member)
  redis.call('PEXPIRE', key, window)
  count = count + 1
  allowed = 1
end
local resetMs, retryMs = 0, 0
if count > 0 then
  resetMs = tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2]) + window - now
end
if allowed == 0 then
  retryMs = tonumber(redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')[2]) + window - now
end
return {allowed, count, resetMs, retryMs}
`;

export class RedisLlmCallWindow implements LlmCallWindow {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly windowMs: number,
  ) {}

  async take(key: string, limit: number): Promise<LlmCallWindowResult> {
    const [allowed, count, resetMs, retryAfterMs] = (await this.redis.eval(
      TAKE,
      1,
      `${this.prefix}:llm-calls:${key}`,
      this.windowMs,
      limit,
      randomBytes(6).toString('hex'),
    )) as [number, number, number, number];
    return { allowed: allowed === 1, count, resetMs, retryAfterMs };
  }
}
