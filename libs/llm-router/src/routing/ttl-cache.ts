import { performance } from 'node:perf_hooks';

interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
}

/**
 * Values loaded on demand and kept for `ttlMs` in this process, so the hot path of a call does not query the
 * database for what rarely changes. Concurrent misses share one load; a failed load is not kept; past
 * `maxEntries` the oldest entry goes.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

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
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return entry.value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
