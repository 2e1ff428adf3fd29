import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import {
  FUSION_METHODS,
  SEARCH_MODES,
  type FusionMethod,
  type MetadataFilters,
  type RerankOutcome,
  type SearchMode,
} from './search.types';

const MAX_FILTER_KEYS = 20;
const MAX_FILTER_VALUES = 100;

function isScalar(value: unknown): boolean {
  return (
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && value.length <= 1000)
  );
}

/** A flat object: up to 20 keys, each a string, number or boolean, or a non-empty list of them. */
export function isMetadataFilters(value: unknown): value is MetadataFilters {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  if (entries.length > MAX_FILTER_KEYS) return false;
  return entries.every(
    ([key, v]) =>
      key.length > 0 &&
      key.length <= 200 &&
      (isScalar(v) || (Array.isArray(v) && v.length > 0 && v.length <= MAX_FILTER_VALUES && v.every(isScalar))),
  );
}

function IsMetadataFilters(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isMetadataFilters',
      validator: {
        validate: (value) => isMetadataFilters(value),
        defaultMessage: () =>
          `filters must be an object of up to ${MAX_FILTER_KEYS} metadata keys, each a string, number or boolean, or a list of up to ${MAX_FILTER_VALUES} of them`,
      },
    },
    options,
  );
}

export class SearchWeightsDto {
  /** Weight of the vector leg in fusion (default 1 for RRF, 0.5 for weighted fusion). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  vector?: number;

  /** Weight of the keyword (BM25) leg in fusion (default 1 for RRF, 0.5 for weighted fusion). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  keyword?: number;
}

export class SearchRequestDto {
  /**
   * What to look for. Words score (any may match); "quoted phrases" must appear as phrases; a leading minus
   * excludes a word or a phrase (`-draft`, `-"first version"`).
   */
  @IsString()
  @Length(1, 2000)
  query: string;

  /** Results to return, 1 to 100 (default 10). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  topK?: number;

  /** `hybrid` (default): vector and keyword legs fused; `vector`: embeddings only; `keyword`: BM25 only. */
  @IsOptional()
  @IsIn(SEARCH_MODES)
  @ApiProperty({ enum: SEARCH_MODES, required: false })
  mode?: SearchMode;

  /** Collections to search (default: every collection of the workspace); an unknown one answers 404. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  collectionIds?: string[];

  /** Only these documents; an unknown one answers 404. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  documentIds?: string[];

  /**
   * Document metadata (as uploaded) every result's document must match: `{ "team": "sales" }` (equal, or an
   * array holding it), `{ "year": [2023, 2024] }` (any of them). Keys are combined with AND.
   */
  @IsOptional()
  @IsMetadataFilters()
  @ApiProperty({
    required: false,
    type: Object,
    additionalProperties: {
      oneOf: [
        { type: 'string' },
        { type: 'number' },
        { type: 'boolean' },
        { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] } },
      ],
    },
  })
  filters?: MetadataFilters;

  /** How hybrid search fuses its legs: `rrf` (reciprocal rank fusion, default) or `weighted` (normalised scores). */
  @IsOptional()
  @IsIn(FUSION_METHODS)
  @ApiProperty({ enum: FUSION_METHODS, required: false })
  fusion?: FusionMethod;

  /** k of reciprocal rank fusion (default SEARCH_RRF_K). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  rrfK?: number;

  /**
   * Per-leg weights of fusion. Setting `vector` also fuses collections embedded by the offline word-hashing
   * embedder, which hybrid search otherwise leaves to the keyword leg.
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => SearchWeightsDto)
  weights?: SearchWeightsDto;

  /** Reorder the top results with the configured reranker (default: true when RERANK_PROVIDER is set). */
  @IsOptional()
  @IsBoolean()
  rerank?: boolean;

  /** Add `parents`: the section around each result, de-duplicated, as context for an answer. */
  @IsOptional()
  @IsBoolean()
  expandParents?: boolean;

  /** Diversify the results with maximal marginal relevance (near duplicates give way to other passages). */
  @IsOptional()
  @IsBoolean()
  mmr?: boolean;

  /** MMR's trade-off: 1 is pure relevance, 0 pure diversity (default 0.7). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  mmrLambda?: number;

  /** Use the result cache (default true). */
  @IsOptional()
  @IsBoolean()
  cache?: boolean;
}

export class LegScoreDto {
  score: number;

  /** 1-based rank within the leg. */
  rank: number;
}

export class HighlightDto {
  /** Offset of a matched word in the result's `text`. */
  start: number;

  end: number;
}

export class SearchResultDocumentDto {
  id: string;

  title: string | null;

  filename: string;

  type: string;
}

export class SearchResultDto {
  chunkId: string;

  /** 1-based position in `results`. */
  rank: number;

  /** The fused score (RRF or weighted; the leg's own score in single-leg modes). */
  score: number;

  /** Cosine similarity and rank in the vector leg, when it found the chunk. */
  vector?: LegScoreDto;

  /** BM25 score and rank in the keyword leg, when it found the chunk. */
  keyword?: LegScoreDto;

  /** Relevance and rank given by the reranker. */
  rerank?: LegScoreDto;

  text: string;

  documentId: string;

  document: SearchResultDocumentDto;

  collectionId: string;

  /** Position of the chunk in its document. */
  chunkIndex: number;

  /** PDF page (first of the range). */
  page?: number;

  /** PPTX slide. */
  slide?: number;

  /** CSV/XLSX data row (first of the range). */
  row?: number;

  /** Last page, slide or row the chunk covers. */
  unitEnd?: number;

  sheet?: string;

  /** Headings above the chunk, outermost first. */
  headingPath: string[];

  /** Offsets of `text` in the document's extracted text. */
  charStart: number;

  charEnd: number;

  /** Where the query's words (as stemmed by full-text search) occur in `text`. */
  highlights: HighlightDto[];

  parentId: string;
}

export class ParentContextDto {
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

  /** The results inside this section, in result order. */
  chunkIds: string[];

  /** The best rank among them. */
  rank: number;
}

export class RerankInfoDto {
  /** `cohere`, `local` or `none`. */
  provider: string;

  @ApiProperty({ enum: ['ok', 'timeout', 'error', 'not_requested', 'not_configured', 'unavailable'] })
  outcome: RerankOutcome;
}

export class KeywordPlanDto {
  @ApiProperty({ enum: ['postings', 'direct'] })
  path: 'postings' | 'direct';

  /** Whether the BM25 top results are proven exact (always, unless a query's posting lists were cut short). */
  exact: boolean;

  rounds: number;
}

export class VectorPlanDto {
  /**
   * `skipped`: hybrid search over collections embedded only by the offline word-hashing embedder, with no vector
   * weight in the request (that leg only made results worse); the keyword leg answers alone.
   */
  @ApiProperty({ enum: ['hnsw', 'exact', 'failed', 'skipped'] })
  path: 'hnsw' | 'exact' | 'failed' | 'skipped';

  /** pgvector's iterative index scan kept filtered searches from running short. */
  iterativeScan: boolean;

  /** Why the vector leg failed (hybrid search then returns the keyword leg). */
  error?: string;
}

export class SearchPlanDto {
  keyword?: KeywordPlanDto;

  vector?: VectorPlanDto;
}

export class SearchTimingsDto {
  embedMs: number;

  vectorMs: number;

  keywordMs: number;

  fusionMs: number;

  rerankMs: number;

  totalMs: number;
}

export class SearchResponseDto {
  query: string;

  @ApiProperty({ enum: SEARCH_MODES })
  mode: SearchMode;

  results: SearchResultDto[];

  /** With `expandParents`: the parent sections of the results, de-duplicated, best first. */
  parents?: ParentContextDto[];

  rerank: RerankInfoDto;

  /** Served from the result cache. */
  cached: boolean;

  plan: SearchPlanDto;

  /** Milliseconds spent per stage (legs run concurrently where the database allows). */
  timings: SearchTimingsDto;
}
