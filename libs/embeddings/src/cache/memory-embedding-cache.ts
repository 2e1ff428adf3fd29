import { performance } from 'node:perf_hooks';
import type { EmbeddingCache } from './embedding-cache';

interface Entry {
  vector: Float32Array;
  expiresAt: number;
  bytes: number;
}

export interface MemoryEmbeddingCacheOptions {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
  now?: () => number;
}

/** Map entry, key string and bookkeeping, roughly, on top of the vector itself. */
const ENTRY_OVERHEAD_BYTES = 160;

/**
 * Least-recently-used vectors in this process, bounded by entry count and by bytes (a 1536-dimension vector
 * weighs 6 KiB, a 384-dimension one 1.5 KiB), expiring after the TTL. A Map keeps insertion order, so
 * re-inserting on every hit makes its first key the least recently used.
 */
export class MemoryEmbeddingCache implements EmbeddingCache {
  readonly kind = 'memory';
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: MemoryEmbeddingCacheOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  getMany(keys: string[], dimension: number): Promise<(Float32Array | undefined)[]> {
    return Promise.resolve(keys.map((key) => this.get(key, dimension)));
  }

  setMany(entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
    for (const [key, vector] of entries) this.set(key, vector);
    return Promise.resolve();
  }

  private get(key: string, dimension: number): Float32Array | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(key, entry);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    // A copy: callers own the vectors they get and may write into them.
    return entry.vector.length === dimension ? entry.vector.slice() : undefined;
  }

  private set(key: string, vector: Float32Array): void {
    const bytes = vector.byteLength + key.length * 2 + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.options.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    this.entries.set(key, { vector: vector.slice(), expiresAt: this.now() + this.options.ttlMs, bytes });
    this.totalBytes += bytes;
    for (const [oldKey, oldEntry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.totalBytes <= this.options.maxBytes) break;
      this.remove(oldKey, oldEntry);
    }
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }
}
