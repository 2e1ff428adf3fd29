import type { Highlight } from '../results/highlights';

export const SEARCH_MODES = ['hybrid', 'vector', 'keyword'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

export const FUSION_METHODS = ['rrf', 'weighted'] as const;
export type FusionMethod = (typeof FUSION_METHODS)[number];

export type MetadataValue = string | number | boolean;

/** Document metadata a result must carry: each key equal to the value (or holding it, for arrays), or to any of a list. */
export type MetadataFilters = Record<string, MetadataValue | MetadataValue[]>;

/** What a search asks for; every field but `query` is optional (see `SearchRequestDto` for the defaults). */
export interface SearchRequest {
  query: string;
  topK?: number;
  mode?: SearchMode;
  collectionIds?: string[];
  documentIds?: string[];
  filters?: MetadataFilters;
  fusion?: FusionMethod;
  rrfK?: number;
  weights?: { vector?: number; keyword?: number };
  rerank?: boolean;
  expandParents?: boolean;
  mmr?: boolean;
  mmrLambda?: number;
  cache?: boolean;
}

export interface LegScore {
  score: number;
  /** 1-based rank within the leg. */
  rank: number;
}

export interface SearchResultDocument {
  id: string;
  title: string | null;
  filename: string;
  type: string;
}

export interface SearchResult {
  chunkId: string;
  /** 1-based position in `results`. */
  rank: number;
  /** The fused score (RRF or weighted; the leg's own score in single-leg modes); `rerank` has the reranker's. */
  score: number;
  vector?: LegScore;
  keyword?: LegScore;
  rerank?: LegScore;
  text: string;
  documentId: string;
  document: SearchResultDocument;
  collectionId: string;
  chunkIndex: number;
  page?: number;
  slide?: number;
  row?: number;
  unitEnd?: number;
  sheet?: string;
  headingPath: string[];
  charStart: number;
  charEnd: number;
  highlights: Highlight[];
  parentId: string;
}

export interface ParentContext {
  id: string;
  documentId: string;
  text: string;
  charStart: number;
  charEnd: number;
  page?: number;
  slide?: number;
  row?: number;
  unitEnd?: number;
  sheet?: string;
  headingPath: string[];
  /** The matched children inside it, in result order. */
  chunkIds: string[];
  /** The best rank among them. */
  rank: number;
}

export type RerankOutcome = 'ok' | 'timeout' | 'error' | 'not_requested' | 'not_configured' | 'unavailable';

export interface SearchTimings {
  embedMs: number;
  vectorMs: number;
  keywordMs: number;
  fusionMs: number;
  rerankMs: number;
  totalMs: number;
}

/** How the search ran, for clients that tune it and for benchmarks. */
export interface SearchPlan {
  /** `postings`: BM25 over the impact-ordered index; `direct`: every chunk of a small filtered set scored. */
  keyword?: { path: 'postings' | 'direct'; exact: boolean; rounds: number };
  /**
   * `hnsw` (with iterative scan when pgvector has it) or `exact` for small filtered sets; `failed` when the
   * embedder failed; `skipped` in hybrid mode when every searched collection uses the offline (word-hashing)
   * embedder and the request set no vector weight.
   */
  vector?: { path: 'hnsw' | 'exact' | 'failed' | 'skipped'; iterativeScan: boolean; error?: string };
}

export interface SearchResponse {
  query: string;
  mode: SearchMode;
  results: SearchResult[];
  /** With `expandParents`: the parent sections of the results, de-duplicated, best first. */
  parents?: ParentContext[];
  rerank: { provider: string; outcome: RerankOutcome };
  cached: boolean;
  plan: SearchPlan;
  timings: SearchTimings;
}
