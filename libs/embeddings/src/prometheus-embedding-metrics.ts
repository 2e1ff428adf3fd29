import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import type { EmbedderLabels, EmbeddingMetrics } from './embedding-metrics';

/** `EmbeddingMetrics` on the Prometheus registry of the metrics lib. */
@Injectable()
export class PrometheusEmbeddingMetrics implements EmbeddingMetrics {
  constructor(
    @InjectMetric('embeddings_batch_duration_seconds')
    private readonly batches: Histogram<'provider' | 'model' | 'outcome'>,
    @InjectMetric('embeddings_texts_total') private readonly texts: Counter<'provider' | 'model' | 'cache'>,
    @InjectMetric('embeddings_cache_errors_total') private readonly cacheErrors: Counter<'store'>,
  ) {}

  observeBatch(labels: EmbedderLabels, seconds: number, outcome: 'ok' | 'error'): void {
    this.batches.observe({ ...labels, outcome }, seconds);
  }

  countTexts(labels: EmbedderLabels, cache: 'hit' | 'miss' | 'off', count: number): void {
    this.texts.inc({ ...labels, cache }, count);
  }

  countCacheErrors(store: 'redis' | 'memory'): void {
    this.cacheErrors.inc({ store });
  }
}
