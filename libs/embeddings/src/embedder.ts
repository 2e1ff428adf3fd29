/**
 * One embedding model. `id` names provider and model (`local:Xenova/all-MiniLM-L6-v2`,
 * `offline:hash-384-v1`, `openai:text-embedding-3-small`, ...): vectors are only ever compared with vectors
 * of the same id, so a collection records the id that indexed it. Vectors are L2-normalised.
 */
export interface Embedder {
  readonly id: string;
  readonly dimension: number;
  /**
   * Tokens of one input the model reads; longer inputs are truncated (local, cohere) or shortened before
   * sending (openai). Unset: no known limit. The chunker keeps chunks below it.
   */
  readonly maxInputTokens?: number;
  /** Passages to index, in one call (callers batch; see `EmbeddingService`). */
  embedDocuments(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
  /** A search query; some providers embed queries differently from passages. */
  embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array>;
}
