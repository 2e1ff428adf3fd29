import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig, REDIS } from '@docqa/core';
import { EmbeddingsModule } from '@docqa/embeddings';
import { MetricProvidersModule } from '@docqa/metrics';
import { MemorySearchResultCache } from './cache/memory-search-result-cache';
import { RedisSearchResultCache } from './cache/redis-search-result-cache';
import { SearchCacheValidity } from './cache/search-cache-validity';
import { SearchResultCache } from './cache/search-result-cache';
import { Bm25Statistics } from './keyword/bm25-statistics';
import { KeywordSearch } from './keyword/keyword-search';
import { RerankService } from './rerank/rerank.service';
import { ResultLoader } from './results/result-loader';
import { RetrievalMetrics } from './search/retrieval-metrics';
import { ScopeResolver } from './search/scope-resolver';
import { SearchService } from './search/search.service';
import { PgvectorFeaturesProbe } from './vector/pgvector-features';
import { VectorSearch } from './vector/vector-search';

/**
 * Search without HTTP routes or authentication: `SearchService` (and the BM25 statistics) for any process that
 * searches, such as the agent answering in an evaluation run on the worker. The result cache lives in Redis
 * when the deployment has one, else in memory, as core picks its drivers.
 */
@Module({
  imports: [EmbeddingsModule, MetricProvidersModule],
  providers: [
    SearchService,
    ScopeResolver,
    KeywordSearch,
    VectorSearch,
    PgvectorFeaturesProbe,
    ResultLoader,
    RerankService,
    RetrievalMetrics,
    SearchCacheValidity,
    Bm25Statistics,
    {
      provide: SearchResultCache,
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: Redis | null) =>
        redis && config.redis
          ? new RedisSearchResultCache(redis, config.redis.keyPrefix)
          : new MemorySearchResultCache(),
    },
  ],
  exports: [SearchService, Bm25Statistics],
})
export class RetrievalCoreModule {}
