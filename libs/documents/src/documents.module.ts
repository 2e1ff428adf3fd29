import { Module } from '@nestjs/common';
import { AuthModule } from '@docqa/auth';
import { EmbeddingsModule } from '@docqa/embeddings';
import { VectorIndexes } from './chunks/vector-indexes';
import { CollectionsController } from './collections/collections.controller';
import { CollectionReindexService } from './collections/collection-reindex.service';
import { CollectionsService } from './collections/collections.service';
import { EmbeddersController } from './collections/embedders.controller';
import { DocumentsController } from './documents/documents.controller';
import { DocumentsService } from './documents/documents.service';
import { DocumentEventsService } from './progress/document-events.service';
import { DocumentsGateway } from './progress/documents.gateway';
import { DocumentQuotasService } from './quotas/document-quotas.service';
import { StorageModule } from './storage/storage.module';
import { UploadService } from './upload/upload.service';

/** The documents API: collections, uploads, documents, their chunks and live progress (SSE and WebSocket). */
@Module({
  imports: [AuthModule, StorageModule, EmbeddingsModule],
  controllers: [CollectionsController, EmbeddersController, DocumentsController],
  providers: [
    CollectionsService,
    DocumentsService,
    UploadService,
    DocumentQuotasService,
    CollectionReindexService,
    VectorIndexes,
    DocumentEventsService,
    DocumentsGateway,
  ],
  exports: [VectorIndexes, DocumentQuotasService, CollectionReindexService],
})
export class DocumentsModule {}
