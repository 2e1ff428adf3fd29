import { Module } from '@nestjs/common';
import { EmbeddingsModule } from '@docqa/embeddings';
import { MetricProvidersModule } from '@docqa/metrics';
import { SafetyCoreModule } from '@docqa/safety';
import { ChunkIndexWriter } from '../chunks/chunk-index.writer';
import { ProgressReporter } from '../progress/progress-reporter';
import { StorageModule } from '../storage/storage.module';
import { IngestProcessor } from './ingest.processor';
import { IngestionMetrics } from './ingestion.metrics';
import { IngestionPiiMasking } from './ingestion-pii-masking';
import { ParserPoolLifecycle, parserPoolProvider } from './parser-pool.provider';
import { ReindexProcessor } from './reindex.processor';

/**
 * The `ingest` and `reindex` job handlers and what they use. Imported by the worker, and by the API, where
 * it runs the jobs itself in embedded mode (the job queue decides which process runs them).
 */
@Module({
  imports: [StorageModule, EmbeddingsModule, MetricProvidersModule, SafetyCoreModule],
  providers: [
    parserPoolProvider,
    ParserPoolLifecycle,
    ChunkIndexWriter,
    ProgressReporter,
    IngestionMetrics,
    IngestionPiiMasking,
    IngestProcessor,
    ReindexProcessor,
  ],
})
export class IngestionModule {}
