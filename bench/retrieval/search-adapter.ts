import { Bm25Statistics, SearchService } from '@docqa/retrieval';
import type { BenchApp } from './bench-app';

export type SearchMode = 'keyword' | 'vector' | 'hybrid';
export const SEARCH_MODES: SearchMode[] = ['keyword', 'vector', 'hybrid'];

export interface SearchHit {
  chunkId: string;
  documentId: string;
}

export interface SearchOutcome {
  hits: SearchHit[];
  /** Milliseconds by step as the service timed them (embedMs, vectorMs, keywordMs, fusionMs, totalMs, ...). */
  timings: Record<string, number>;
  /** How each leg ran (index path, exactness), as the service reports it. */
  plan: unknown;
}

/** What the benchmark needs of DocQA's search. */
export interface SearchAdapter {
  /** How searches are made (for the report). */
  readonly via: string;
  /**
   * `bothLegs`: a hybrid search runs the vector leg even over collections of the offline word-hashing
   * embedder, which it otherwise leaves to the keyword leg (equal weights), so that its latency is that of two legs.
   */
  search(
    workspaceId: string,
    mode: SearchMode,
    text: string,
    limit: number,
    options?: { bothLegs?: boolean },
  ): Promise<SearchOutcome>;
  /** Brings the BM25 statistics to their steady state after a bulk load; returns how it was done. */
  refreshStatistics(): Promise<string>;
}

/**
 * `SearchService.searchWorkspace` of the running app, in-process: what the agent calls, and the API's search
 * route after its access check. Its result cache is bypassed (`cache: false`), so every query is searched, and
 * so is reranking (`rerank: false`; none is configured here anyway): the figures are retrieval's own.
 */
export function searchAdapter(bench: BenchApp): SearchAdapter | string {
  let service: SearchService;
  let statistics: Bm25Statistics;
  try {
    service = bench.app.get(SearchService, { strict: false });
    statistics = bench.app.get(Bm25Statistics, { strict: false });
  } catch (err) {
    return `the API app has no SearchService (${(err as Error).message})`;
  }
  return {
    via: 'SearchService.searchWorkspace (in-process; cache: false, rerank: false)',
    async search(workspaceId, mode, query, topK, options) {
      const response = await service.searchWorkspace(workspaceId, {
        query,
        topK,
        mode,
        cache: false,
        rerank: false,
        ...(options?.bothLegs ? { weights: { vector: 1, keyword: 1 } } : {}),
      });
      return {
        hits: response.results.map((r) => ({ chunkId: r.chunkId, documentId: r.documentId })),
        timings: { ...response.timings },
        plan: response.plan,
      };
    },
    async refreshStatistics() {
      const result = await statistics.compact();
      return `kept exact by the triggers on chunks as rows are inserted; deltas folded once with Bm25Statistics.compact() (${JSON.stringify(result)})`;
    },
  };
}
