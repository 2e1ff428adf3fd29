import type { CachedSearch, SearchResultCache } from './search-result-cache';

/** Least-recently-used responses in this process (a Map keeps insertion order; a hit re-inserts). */
export class MemorySearchResultCache implements SearchResultCache {
  private readonly entries = new Map<string, { value: CachedSearch; expiresAt: number }>();

  constructor(
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Promise<CachedSearch | null> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve(null);
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return Promise.resolve(null);
    this.entries.set(key, entry);
    return Promise.resolve(entry.value);
  }

  set(key: string, value: CachedSearch, ttlSeconds: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return Promise.resolve();
  }
}
