import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { CachedSearch, SearchResultCache } from './search-result-cache';

/** A Redis command slower than this counts as a miss: the cache must never make search slower. */
const TIMEOUT_MS = 250;
/** After a failure the cache stands aside this long, so a dead Redis costs one failed command, not one a search. */
const RETRY_AFTER_MS = 5_000;

/** Responses as JSON under `<prefix>:search:<key>` with a TTL; every failure is a miss or a dropped write. */
export class RedisSearchResultCache implements SearchResultCache {
  private readonly logger = new Logger('SearchCache');
  private standAsideUntil = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  async get(key: string): Promise<CachedSearch | null> {
    if (Date.now() < this.standAsideUntil) return null;
    try {
      const raw = await this.withTimeout(this.redis.get(this.redisKey(key)));
      return raw ? (JSON.parse(raw) as CachedSearch) : null;
    } catch (err) {
      this.failed(err);
      return null;
    }
  }

  async set(key: string, value: CachedSearch, ttlSeconds: number): Promise<void> {
    if (Date.now() < this.standAsideUntil) return;
    try {
      await this.withTimeout(this.redis.set(this.redisKey(key), JSON.stringify(value), 'EX', ttlSeconds));
    } catch (err) {
      this.failed(err);
    }
  }

  private redisKey(key: string): string {
    return `${this.keyPrefix}:search:${key}`;
  }

  private failed(err: unknown): void {
    if (Date.now() >= this.standAsideUntil) {
      this.logger.warn(`search result cache unavailable for ${RETRY_AFTER_MS / 1000} s: ${(err as Error).message}`);
    }
    this.standAsideUntil = Date.now() + RETRY_AFTER_MS;
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
  }
}
