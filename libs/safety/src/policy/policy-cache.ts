import { performance } from 'node:perf_hooks';

interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
}

/**
 * Policies loaded on demand and kept `ttlMs` in this process; concurrent misses share one load, a failed load
 * is not kept. `peek` gives the last loaded value without waiting (for the log scrubber, which cannot wait).
 */
export class PolicyCache<V> {
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
        if (this.entries.get(key) !== entry) return;
        this.settled.delete(key);
        this.settled.set(key, value);
        this.trim(this.settled);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.trim(this.entries);
    return entry.value;
  }

  /** The last value loaded for the key, however old, or undefined. */
  peek(key: string): V | undefined {
    return this.settled.get(key);
  }

  /** Replaces the key's value at once (after a change made through this process). */
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value: Promise.resolve(value), expiresAt: this.now() + this.ttlMs });
    this.settled.delete(key);
    this.settled.set(key, value);
    this.trim(this.entries);
    this.trim(this.settled);
  }

  private trim(map: Map<string, unknown>): void {
    for (const key of map.keys()) {
      if (map.size <= this.maxEntries) break;
      map.delete(key);
    }
  }
}
