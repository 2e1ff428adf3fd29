/** DI token of an optional `EmbeddingMetrics`; without one, nothing is measured. */
export const EMBEDDING_METRICS = Symbol('EMBEDDING_METRICS');

export interface EmbedderLabels {
  provider: string;
  model: string;
}

/**
 * What the embedding service reports, kept as an interface so this lib does not depend on the metrics lib:
 * the app binds it to `embeddings_batch_duration_seconds` and `embeddings_texts_total`.
 */
export interface EmbeddingMetrics {
  /** One call to an embedder (one batch), successful or not. */
  observeBatch(labels: EmbedderLabels, seconds: number, outcome: 'ok' | 'error'): void;
  /** Texts asked for, by what the cache did: `hit`, `miss` (embedded), `off` (no cache for this embedder). */
  countTexts(labels: EmbedderLabels, cache: 'hit' | 'miss' | 'off', count: number): void;
  /** A cache read or write that failed (the embedding went on without it). */
  countCacheErrors?(store: 'redis' | 'memory'): void;
}
