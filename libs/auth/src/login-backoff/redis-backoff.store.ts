import type Redis from 'ioredis';
import { BackoffPolicy, BackoffStore } from './backoff.store';

/**
 * One Lua script per failure so that concurrent failures on several api instances count exactly, on
 * Redis's clock. KEYS: counter, lock. ARGV: threshold, baseMs, maxMs. Returns the new lock in ms, or 0.
 */
const RECORD_FAILURE = `
local failures = redis.call('INCR', KEYS[1])
local threshold, base, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local lock = 0
if failures >= threshold then
  lock = math.floor(math.min(max, base * 2 ^ math.min(failures - threshold, 30)))
  redis.call('SET', KEYS[2], '1', 'PX', lock)
end
local remaining = math.max(redis.call('PTTL', KEYS[2]), 0)
redis.call('PEXPIRE', KEYS[1], remaining + max)
return lock
`;

export class RedisBackoffStore implements BackoffStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keys(key: string): [string, string] {
    const base = `${this.prefix}:login-backoff:${key}`;
    return [`${base}:failures`, `${base}:locked`];
  }

  async lockedFor(key: string): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.keys(key)[1]));
  }

  async recordFailure(key: string, policy: BackoffPolicy): Promise<number> {
    const [counter, lock] = this.keys(key);
    const result = await this.redis.eval(
      RECORD_FAILURE,
      2,
      counter,
      lock,
      policy.threshold,
      policy.baseMs,
      policy.maxMs,
    );
    return Number(result);
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(...this.keys(key));
  }
}
