import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** One key's count: hits in the current window, when it ends, and until when the key is refused. */
export interface ThrottleWindow {
  hits: number;
  resetAt: number;
  blockedUntil: number;
}

// Windows that ended (and blocks that expired) are dropped this often, so memory follows the active keys only.
const SWEEP_EVERY_MS = 60_000;

/**
 * The in-memory rate-limit store (one process, no Redis): a fixed window per key plus a block once the
 * limit is passed, as the Redis store does. Counting is one Map lookup and a few field updates on the hot
 * path, synchronous, so the guard needs no promise when nothing is stored elsewhere. A key over its limit
 * is refused for `blockDuration`, which is the window length by default.
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, ThrottleWindow>();
  private nextSweepAt = 0;

  /** Counts one hit for `key` at `now` and returns its window (owned by the store: read, don't keep). */
  hit(key: string, ttlMs: number, limit: number, blockDurationMs: number, now: number): Readonly<ThrottleWindow> {
    if (now >= this.nextSweepAt) this.sweep(now);
    let w = this.windows.get(key);
    if (w === undefined) {
      w = { hits: 0, resetAt: now + ttlMs, blockedUntil: 0 };
      this.windows.set(key, w);
    } else if (w.blockedUntil > now) {
      return w;
    } else if (w.resetAt <= now) {
      w.hits = 0;
      w.resetAt = now + ttlMs;
    }
    w.hits++;
    if (w.hits > limit) w.blockedUntil = now + (blockDurationMs || ttlMs);
    return w;
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    return Promise.resolve(windowRecord(this.hit(key, ttl, limit, blockDuration, now), now));
  }

  /** Number of keys held, for tests. */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [key, w] of this.windows) if (w.resetAt <= now && w.blockedUntil <= now) this.windows.delete(key);
  }
}

/** A window as @nestjs/throttler's record: seconds, rounded up, never 0 while something is pending. */
export function windowRecord(w: Readonly<ThrottleWindow>, now: number): ThrottlerStorageRecord {
  const isBlocked = w.blockedUntil > now;
  return {
    totalHits: w.hits,
    timeToExpire: Math.max(1, Math.ceil((w.resetAt - now) / 1000)),
    isBlocked,
    timeToBlockExpire: isBlocked ? Math.max(1, Math.ceil((w.blockedUntil - now) / 1000)) : 0,
  };
}
