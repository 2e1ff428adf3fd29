import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { RequestPrincipal } from '@docqa/auth';
import { AppConfig } from '@docqa/core';
import { EmbeddingsException, OFFLINE_EMBEDDER_ID } from '@docqa/embeddings';
import { SearchCacheValidity } from '../cache/search-cache-validity';
import { SearchResultCache } from '../cache/search-result-cache';
import { reciprocalRankFusion, weightedScoreFusion, type FusedHit, type RankedList } from '../fusion/fusion';
import { maximalMarginalRelevance } from '../fusion/mmr';
import { KeywordSearch } from '../keyword/keyword-search';
import { parseQuery } from '../query/query-parser';
import { RerankService, type RerankResult } from '../rerank/rerank.service';
import { ResultLoader, type LoadedChunk } from '../results/result-loader';
import { PgvectorFeaturesProbe } from '../vector/pgvector-features';
import { VectorSearch, type VectorResult } from '../vector/vector-search';
import { RetrievalMetrics } from './retrieval-metrics';
import { ScopeResolver } from './scope-resolver';
import { isEmptyScope, type SearchScope } from './search-scope';
import type { SearchRequestDto, SearchResponseDto } from './search.dto';
import type { SearchPlan, SearchRequest, SearchResponse, SearchResult, SearchTimings } from './search.types';

const DEFAULT_TOP_K = 10;
const DEFAULT_MMR_LAMBDA = 0.7;

/** A request with every default filled in: what a search runs with, and what its cache key is made of. */
type Normalised = Required<Pick<SearchRequest, 'query' | 'topK' | 'mode' | 'fusion' | 'rrfK' | 'mmr' | 'cache'>> &
  Pick<SearchRequest, 'collectionIds' | 'documentIds' | 'filters'> & {
    weights: { vector: number; keyword: number };
    /** The request set the vector leg's weight itself. */
    weightsGiven: boolean;
    rerank: boolean;
    expandParents: boolean;
    mmrLambda: number;
  };

function elapsed(since: number): number {
  return Math.round((performance.now() - since) * 1000) / 1000;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: elapsed(started) };
}

/**
 * Hybrid search over the caller's workspace: scope checked and resolved, the vector and keyword legs run
 * concurrently, fused (RRF or weighted), reranked within a deadline, optionally diversified (MMR), results
 * loaded with their position, document and highlights, parents expanded. Responses are cached until anything
 * they read changes.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly scopes: ScopeResolver,
    private readonly keyword: KeywordSearch,
    private readonly vector: VectorSearch,
    private readonly pgvector: PgvectorFeaturesProbe,
    private readonly loader: ResultLoader,
    private readonly reranker: RerankService,
    private readonly cache: SearchResultCache,
    private readonly validity: SearchCacheValidity,
    private readonly metrics: RetrievalMetrics,
    private readonly config: AppConfig,
  ) {}

  /** `POST /search`: the caller's workspace. */
  search(principal: RequestPrincipal, request: SearchRequestDto): Promise<SearchResponseDto> {
    return this.searchWorkspace(principal.workspaceId, request);
  }

  /** For trusted callers that have checked access themselves (the agent, benchmarks). */
  async searchWorkspace(workspaceId: string, request: SearchRequest): Promise<SearchResponse> {
    const started = performance.now();
    const options = this.normalise(request);
    const scope = await this.scopes.resolve(workspaceId, options);
    const ttl = this.config.retrieval.cacheTtlSeconds;
    const key = options.cache && ttl > 0 ? this.cacheKey(workspaceId, options) : null;
    if (key) {
      const hit = await this.cache.get(key);
      if (
        hit &&
        !(await this.validity.changedSince(
          hit.snapshot,
          scope.collections.map((c) => c.id),
        ))
      ) {
        this.metrics.countCache('hit');
        const totalMs = elapsed(started);
        this.metrics.observeLeg('total', totalMs);
        return {
          ...hit.response,
          cached: true,
          timings: { embedMs: 0, vectorMs: 0, keywordMs: 0, fusionMs: 0, rerankMs: 0, totalMs },
        };
      }
      this.metrics.countCache(hit ? 'stale' : 'miss');
    }
    const response = await this.run(scope, options, started);
    if (key) await this.cache.set(key, { snapshot: scope.snapshot, response }, ttl);
    return response;
  }

  private normalise(request: SearchRequest): Normalised {
    const fusion = request.fusion ?? 'rrf';
    const defaultWeight = fusion === 'rrf' ? 1 : 0.5;
    return {
      query: request.query,
      topK: request.topK ?? DEFAULT_TOP_K,
      mode: request.mode ?? 'hybrid',
      collectionIds: request.collectionIds,
      documentIds: request.documentIds,
      filters: request.filters,
      fusion,
      rrfK: request.rrfK ?? this.config.retrieval.rrfK,
      weights: {
        vector: request.weights?.vector ?? defaultWeight,
        keyword: request.weights?.keyword ?? defaultWeight,
      },
      weightsGiven: request.weights?.vector !== undefined,
      rerank: request.rerank ?? this.reranker.configured,
      expandParents: request.expandParents ?? false,
      mmr: request.mmr ?? false,
      mmrLambda: request.mmrLambda ?? DEFAULT_MMR_LAMBDA,
      cache: request.cache ?? true,
    };
  }

  private cacheKey(workspaceId: string, options: Normalised): string {
    const { cache: _cache, ...rest } = options;
    const sorted = (v?: string[]) => (v ? [...new Set(v)].sort() : null);
    const { retrieval } = this.config;
    return createHash('sha256')
      .update(
        JSON.stringify([
          workspaceId,
          { ...rest, collectionIds: sorted(rest.collectionIds), documentIds: sorted(rest.documentIds) },
          [retrieval.bm25, retrieval.candidates, retrieval.hnswEfSearch, this.reranker.provider],
        ]),
      )
      .digest('base64url');
  }

  private async run(scope: SearchScope, options: Normalised, started: number): Promise<SearchResponse> {
    const timings: SearchTimings = { embedMs: 0, vectorMs: 0, keywordMs: 0, fusionMs: 0, rerankMs: 0, totalMs: 0 };
    const plan: SearchPlan = {};
    const { mode, topK } = options;
    const parsed = parseQuery(options.query);
    const rerankN = options.rerank && this.reranker.configured ? this.config.retrieval.rerank.topN : 0;
    const pool = Math.max(topK, rerankN, mode === 'hybrid' || options.mmr ? this.config.retrieval.candidates : 0);
    let rerank: RerankResult = {
      provider: this.reranker.provider,
      outcome: !options.rerank ? 'not_requested' : this.reranker.configured ? 'ok' : 'not_configured',
    };

    const empty = isEmptyScope(scope) || !parsed.scoringText.trim();
    // Hybrid search fuses semantic vectors only: the built-in offline embedder hashes words, and fusing its
    // leg made SciFact worse at every weight tried (nDCG@10 0.688 keyword, 0.575 RRF, 0.655 at weight 0.15).
    // Its collections are searched by the keyword leg, unless the request weighs the vector leg itself.
    const vectorScope: SearchScope =
      mode === 'hybrid' && options.weightsGiven
        ? scope
        : mode === 'hybrid'
          ? { ...scope, collections: scope.collections.filter((c) => c.embedderId !== OFFLINE_EMBEDDER_ID) }
          : scope;
    const skipVector = mode === 'hybrid' && !vectorScope.collections.some((c) => c.chunks > 0);
    if (skipVector && !empty) plan.vector = { path: 'skipped', iterativeScan: false };
    const [keyword, vector] = empty
      ? [null, null]
      : await Promise.all([
          mode !== 'vector' ? timed(() => this.keyword.search(scope, parsed, pool)) : null,
          mode !== 'keyword' && !skipVector
            ? timed(() => this.vectorLeg(vectorScope, parsed.scoringText, pool, mode))
            : null,
        ]);
    const lists: RankedList[] = [];
    if (keyword) {
      timings.keywordMs = keyword.ms;
      const { path, exact, rounds } = keyword.value;
      plan.keyword = { path, exact, rounds };
      lists.push({ leg: 'keyword', hits: keyword.value.hits });
      this.metrics.observeLeg('keyword', keyword.ms);
    }
    const vectors = new Map<string, string>();
    if (vector) {
      const result: VectorResult | Error = vector.value;
      if (result instanceof Error) {
        plan.vector = { path: 'failed', iterativeScan: false, error: result.message };
      } else {
        timings.embedMs = Math.round(result.embedMs * 1000) / 1000;
        timings.vectorMs = Math.max(0, Math.round((vector.ms - result.embedMs) * 1000) / 1000);
        plan.vector = { path: result.path, iterativeScan: result.iterativeScan };
        lists.push({ leg: 'vector', hits: result.hits });
        for (const h of result.hits) vectors.set(h.id, h.embedderId);
        this.metrics.observeLeg('embed', timings.embedMs);
        this.metrics.observeLeg('vector', timings.vectorMs);
      }
    }

    const fusionStarted = performance.now();
    let fused = this.fuse(lists, options);
    timings.fusionMs = elapsed(fusionStarted);
    this.metrics.observeLeg('fusion', timings.fusionMs);

    let loaded = new Map<string, LoadedChunk>();
    const rerankScores = new Map<string, { score: number; rank: number }>();
    if (rerankN && fused.length) {
      const candidates = fused.slice(0, rerankN);
      loaded = await this.loader.chunks(
        scope.workspaceId,
        candidates.map((h) => h.id),
        null,
      );
      const present = candidates.filter((h) => loaded.has(h.id));
      const rerankStarted = performance.now();
      rerank = await this.reranker.rerank(
        parsed.scoringText,
        present.map((h) => loaded.get(h.id)!.text),
      );
      timings.rerankMs = elapsed(rerankStarted);
      this.metrics.observeLeg('rerank', timings.rerankMs);
      this.metrics.countRerank(rerank.provider, rerank.outcome);
      if (rerank.scores) {
        const scores = rerank.scores;
        const reordered = present
          .map((h, i) => ({ hit: h, score: scores[i] }))
          .sort((a, b) => b.score - a.score || (a.hit.id < b.hit.id ? -1 : 1));
        reordered.forEach((r, i) => rerankScores.set(r.hit.id, { score: r.score, rank: i + 1 }));
        fused = [...reordered.map((r) => r.hit), ...fused.slice(rerankN)];
      }
    }

    let chosen = fused.slice(0, topK);
    if (options.mmr && fused.length > topK) {
      const pooled = fused.slice(0, pool);
      const stored = await this.loader.vectors(
        scope.workspaceId,
        pooled.map((h) => h.id),
      );
      const picked = maximalMarginalRelevance(
        pooled.map((h, i) => ({
          id: h.id,
          // Rank-based relevance: valid for fused, reranked or single-leg orders alike.
          relevance: 1 / (1 + i),
          vector: stored.get(h.id)?.vector,
          embedderId: stored.get(h.id)?.embedderId ?? vectors.get(h.id),
        })),
        topK,
        options.mmrLambda,
      );
      const byId = new Map(pooled.map((h) => [h.id, h]));
      chosen = picked.map((id) => byId.get(id)!);
    }

    const results = await this.results(scope, chosen, loaded, rerankScores, parsed.scoringText);
    const parents = options.expandParents ? await this.loader.parents(scope.workspaceId, results) : undefined;
    timings.totalMs = elapsed(started);
    this.metrics.observeLeg('total', timings.totalMs);
    this.metrics.observeResults(mode, results.length);
    return {
      query: options.query,
      mode,
      results,
      ...(parents ? { parents } : {}),
      rerank: { provider: rerank.provider, outcome: rerank.outcome },
      cached: false,
      plan,
      timings,
    };
  }

  /** The vector leg; in hybrid mode a failing embedder (provider down, model missing) leaves the keyword leg. */
  private async vectorLeg(
    scope: SearchScope,
    text: string,
    limit: number,
    mode: Normalised['mode'],
  ): Promise<VectorResult | Error> {
    const features = await this.pgvector.get();
    try {
      return await this.vector.search(scope, text, limit, features);
    } catch (err) {
      if (mode !== 'hybrid' || !(err instanceof EmbeddingsException)) throw err;
      return err;
    }
  }

  private fuse(lists: RankedList[], options: Normalised): FusedHit[] {
    if (lists.length === 1) {
      const [list] = lists;
      return list.hits.map((h, i) => ({
        id: h.id,
        score: h.score,
        legs: { [list.leg]: { score: h.score, rank: i + 1 } },
      }));
    }
    return options.fusion === 'weighted'
      ? weightedScoreFusion(lists, options.weights)
      : reciprocalRankFusion(lists, options.rrfK, options.weights);
  }

  private async results(
    scope: SearchScope,
    chosen: FusedHit[],
    loaded: Map<string, LoadedChunk>,
    rerankScores: Map<string, { score: number; rank: number }>,
    queryText: string,
  ): Promise<SearchResult[]> {
    const ids = chosen.map((h) => h.id);
    let chunks: Map<string, LoadedChunk>;
    if (ids.every((id) => loaded.has(id))) {
      const marks = await this.loader.highlights(scope.workspaceId, ids, queryText);
      chunks = new Map(ids.map((id) => [id, { ...loaded.get(id)!, highlights: marks.get(id) ?? [] }]));
    } else {
      chunks = await this.loader.chunks(scope.workspaceId, ids, queryText);
    }
    // A chunk deleted between the legs and loading is left out rather than returned half-known.
    return chosen
      .filter((h) => chunks.has(h.id))
      .map((h, i) => {
        const rerank = rerankScores.get(h.id);
        return {
          ...chunks.get(h.id)!,
          rank: i + 1,
          score: h.score,
          ...(h.legs.vector ? { vector: h.legs.vector } : {}),
          ...(h.legs.keyword ? { keyword: h.legs.keyword } : {}),
          ...(rerank ? { rerank } : {}),
        };
      });
  }
}
