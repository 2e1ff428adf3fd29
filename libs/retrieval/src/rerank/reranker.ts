/**
 * One way to reorder search results by reading each one next to the query (a cross-encoder), which ranks
 * better than either leg's score but costs a model call per result: it is applied to the fused top N only.
 */
export interface Reranker {
  /** `cohere` or `local`, as in metrics and responses. */
  readonly provider: string;
  /** A relevance score per document, in the documents' order (higher is more relevant). */
  rerank(query: string, documents: string[], signal: AbortSignal): Promise<number[]>;
}

/** The reranker cannot run here (its model is not installed): search keeps the fused order. */
export class RerankerUnavailableError extends Error {
  override readonly name = 'RerankerUnavailableError';
}
