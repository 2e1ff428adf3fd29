import { performance } from 'node:perf_hooks';

interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
}

/**
 * Values loaded on demand and kept for `ttlMs` in this process, so a hot path does not query the database for
 * what rarely changes. Concurrent misses for one key share one load; a failed load is not kept. Past
 * `maxEntries`, expired entries go first, then the oldest. `peek` gives the last loaded value without waiting,
 * for callers that cannot wait (a log formatter).
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly settled = new Map<string, V>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    const entry: Entry<V> = { value: load(), expiresAt: now + this.ttlMs };
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (this.entries.get(key) === entry) this.remember(key, value);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    if (this.entries.size > this.maxEntries) this.evict(now);
    return entry.value;
  }

  /** The last value loaded or set for the key, however old, or undefined. */
  peek(key: string): V | undefined {
    return this.settled.get(key);
  }

  /** Replaces the key's value at once (after a change made through this process). */
  set(key: string, value: V): void {
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, { value: Promise.resolve(value), expiresAt: now + this.ttlMs });
    this.remember(key, value);
    if (this.entries.size > this.maxEntries) this.evict(now);
  }

  /** Forgets a key, so the next `get` loads it again (a load already under way is not kept either). */
  delete(key: string): void {
    this.entries.delete(key);
    this.settled.delete(key);
  }

  private remember(key: string, value: V): void {
    this.settled.delete(key);
    this.settled.set(key, value);
    if (this.settled.size > this.maxEntries) this.settled.delete(this.settled.keys().next().value!);
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
