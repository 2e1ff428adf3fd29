import { Module } from '@nestjs/common';
import { MetricProvidersModule } from '@docqa/metrics';
import { EMBEDDING_METRICS } from './embedding-metrics';
import { EmbeddingService } from './embedding.service';
import { PrometheusEmbeddingMetrics } from './prometheus-embedding-metrics';

/**
 * `EmbeddingService` for the api (search queries, the embedder list) and the worker (ingestion, re-index).
 * It injects `AppConfig` and `REDIS` from core's global modules and reports to the Prometheus registry.
 */
@Module({
  imports: [MetricProvidersModule],
  providers: [EmbeddingService, { provide: EMBEDDING_METRICS, useClass: PrometheusEmbeddingMetrics }],
  exports: [EmbeddingService],
})
export class EmbeddingsModule {}
