import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';

/** The ingestion metrics: documents by type and outcome, pages, chunks, and time per stage. */
@Injectable()
export class IngestionMetrics {
  constructor(
    @InjectMetric('ingestion_documents_total') private readonly documents: Counter<'type' | 'outcome'>,
    @InjectMetric('ingestion_pages_total') private readonly pages: Counter<'type'>,
    @InjectMetric('ingestion_chunks_total') private readonly chunks: Counter<'kind'>,
    @InjectMetric('ingestion_stage_duration_seconds') private readonly stages: Histogram<'stage'>,
  ) {}

  async time<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const end = this.stages.startTimer({ stage });
    try {
      return await work();
    } finally {
      end();
    }
  }

  /** `outcome` is `ready`, or `failed` with the failure reason as the outcome label (e.g. `encrypted`). */
  finished(type: string, outcome: 'ready' | 'failed', units: number, chunks: number, reason?: string): void {
    this.documents.inc({ type, outcome: outcome === 'failed' ? (reason ?? 'failed') : 'ready' });
    if (units) this.pages.inc({ type }, units);
    if (chunks) this.chunks.inc({ kind: 'child' }, chunks);
  }
}
