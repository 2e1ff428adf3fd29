export type { Embedder } from './embedder';
export { embedderId, parseEmbedderId, type EmbeddingProvider, type ParsedEmbedderId } from './embedder-id';
export { EmbeddingsErrorCode, EmbeddingsException } from './embeddings.errors';
export {
  EMBEDDING_SERVICE_OPTIONS,
  EmbeddingService,
  type EmbedDocumentsOptions,
  type EmbedderInfo,
  type EmbeddersDescription,
  type EmbeddingServiceOptions,
} from './embedding.service';
export { EmbeddingsModule } from './embeddings.module';
export { EMBEDDING_METRICS, type EmbedderLabels, type EmbeddingMetrics } from './embedding-metrics';
export { configuredEmbedderId } from './embedder-registry';
export { OFFLINE_EMBEDDER_ID, OfflineEmbedder } from './offline/offline.embedder';
export {
  DEFAULT_LOCAL_MODEL,
  LocalTransformersEmbedder,
  type LocalModelOptions,
} from './local/local-transformers.embedder';
export { DEFAULT_OPENAI_MODEL, OpenAiEmbedder } from './hosted/openai.embedder';
export { DEFAULT_COHERE_MODEL, CohereEmbedder } from './hosted/cohere.embedder';
export type { HostedEmbedderOptions } from './hosted/hosted-options';
export { embeddingCacheKey, type EmbeddingKind } from './cache/embedding-cache';
export { dot } from './vector-math';
