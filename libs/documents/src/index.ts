export { DocumentsModule } from './documents.module';
export { IngestionModule } from './ingestion/ingestion.module';
export { DOCUMENTS_WS_PATH } from './progress/documents.gateway';
export { DocumentEntity } from './documents/document.entity';
export { CollectionEntity } from './collections/collection.entity';
export {
  CollectionReindexService,
  type CollectionReindexProgress,
  type ReindexProgress,
  type ReindexScope,
  type ReindexSkipReason,
  type ReindexStartResult,
} from './collections/collection-reindex.service';
export {
  DocumentQuotasService,
  type DocumentQuotas,
  type DocumentUsage,
  type QuotaChange,
  type QuotaFigure,
} from './quotas/document-quotas.service';
export { WorkspaceQuotaEntity } from './quotas/workspace-quota.entity';
export { DocumentsErrorCode, DocumentsException } from './documents.errors';
export { ChunkEntity } from './chunks/chunk.entity';
export { ChunkParentEntity } from './chunks/chunk-parent.entity';
export { VectorIndexes } from './chunks/vector-indexes';
export { toVectorLiteral } from './chunks/vector-literal';
export type { DocumentStatus, FailureReason } from './documents/document-status';
export { DOCUMENT_TYPES, type DocumentType } from './parsing/parsed-document';
export * from './parsing';
export * from './detection';
export * from './language';
