import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import type { SearchMode } from './search.types';

export type SearchLeg = 'embed' | 'vector' | 'keyword' | 'fusion' | 'rerank' | 'total';

/** What search reports to Prometheus: latency per leg, results per search, reranks and cache lookups. */
@Injectable()
export class RetrievalMetrics {
  constructor(
    @InjectMetric('retrieval_duration_seconds') private readonly duration: Histogram<'leg'>,
    @InjectMetric('retrieval_results') private readonly results: Histogram<'mode'>,
    @InjectMetric('retrieval_rerank_total') private readonly reranks: Counter<'provider' | 'outcome'>,
    @InjectMetric('retrieval_cache_total') private readonly cache: Counter<'result'>,
  ) {}

  observeLeg(leg: SearchLeg, ms: number): void {
    this.duration.observe({ leg }, ms / 1000);
  }

  observeResults(mode: SearchMode, count: number): void {
    this.results.observe({ mode }, count);
  }

  countRerank(provider: string, outcome: string): void {
    this.reranks.inc({ provider, outcome });
  }

  countCache(result: 'hit' | 'miss' | 'stale'): void {
    this.cache.inc({ result });
  }
}
