import { createHash } from 'node:crypto';

/** Some providers embed a query differently from a passage (Cohere's input types), so the kind is part of the key. */
export type EmbeddingKind = 'document' | 'query';

/**
 * The content address of one embedding: sha256 over the embedder id, the kind and the text, NUL-separated so
 * that no two (id, text) pairs can produce the same input. base64url keeps Redis keys short (43 characters).
 */
export function embeddingCacheKey(embedderId: string, kind: EmbeddingKind, text: string): string {
  return createHash('sha256')
    .update(embedderId)
    .update('\0')
    .update(kind)
    .update('\0')
    .update(text)
    .digest('base64url');
}

/**
 * Vectors by cache key. Implementations never throw: a store that fails answers "missing" and drops writes,
 * because a cache must not be the reason an embedding fails.
 */
export interface EmbeddingCache {
  readonly kind: 'redis' | 'memory';
  /** One entry per key, `undefined` where missing (or stored with another dimension). */
  getMany(keys: string[], dimension: number): Promise<(Float32Array | undefined)[]>;
  setMany(entries: ReadonlyArray<readonly [key: string, vector: Float32Array]>): Promise<void>;
}
