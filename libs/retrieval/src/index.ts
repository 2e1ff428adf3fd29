export { RetrievalModule } from './retrieval.module';
export { RetrievalCoreModule } from './retrieval-core.module';
export { SearchService } from './search/search.service';
export { Bm25Statistics, type CompactionResult } from './keyword/bm25-statistics';
export { RetrievalErrorCode, RetrievalException } from './retrieval.errors';
export { SearchRequestDto, SearchResponseDto } from './search/search.dto';
export {
  FUSION_METHODS,
  SEARCH_MODES,
  type FusionMethod,
  type LegScore,
  type MetadataFilters,
  type ParentContext,
  type RerankOutcome,
  type SearchMode,
  type SearchPlan,
  type SearchRequest,
  type SearchResponse,
  type SearchResult,
  type SearchTimings,
} from './search/search.types';
export type { Highlight } from './results/highlights';
