import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { JUDGE_MODES, RUN_STATUSES, type JudgeMode, type RunStatus } from './evaluation-run.entity';

const JUDGES = ['llm', 'offline'] as const;
const SUMMARY_JUDGES = ['llm', 'offline', 'mixed'] as const;

export class CreateRunDto {
  /** The dataset to evaluate. */
  @IsUUID()
  datasetId: string;

  /** Search only these collections (default: every collection of the workspace). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  collectionIds?: string[];

  /** Search only these documents. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  documentIds?: string[];

  /** The LLM chain that answers (`provider` or `provider:model` entries), instead of the workspace's. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  chain?: string[];

  /**
   * `auto` (default): an LLM judges the metrics when a hosted model serves the workspace (or `judgeChain`),
   * else the offline versions do; `llm`: the run fails when no hosted model can judge; `offline`: never an LLM.
   */
  @IsOptional()
  @IsIn(JUDGE_MODES)
  @ApiProperty({ enum: JUDGE_MODES, required: false })
  judge?: JudgeMode;

  /** The LLM chain of the judge, instead of the workspace's. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  judgeChain?: string[];
}

export class RunIdParamDto {
  @IsUUID()
  id: string;
}

export class ListRunsQueryDto {
  /** Only the runs of this dataset. */
  @IsOptional()
  @IsUUID()
  datasetId?: string;

  /** 1 to 200 (default 50), newest first. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class RunItemsQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  /** 1 to 500 (default 100). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class CompareRunsQueryDto {
  /** Two to ten run ids, comma-separated; the first is the baseline the deltas are taken against. */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  )
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  @ApiProperty({ type: String, description: 'comma-separated run ids, e.g. `a,b`' })
  ids: string[];
}

export class MetricSummaryDto {
  /** Mean over the items the metric applied to; null when it applied to none. */
  @ApiProperty({ type: Number, nullable: true })
  mean: number | null;

  count: number;

  /** How the scores were computed: all by the LLM judge, all offline, or some of each. */
  @ApiProperty({ enum: SUMMARY_JUDGES, nullable: true })
  judge: 'llm' | 'offline' | 'mixed' | null;
}

export class RunSummaryDto {
  /** Share of the answers' claims supported by the retrieved passages. */
  faithfulness: MetricSummaryDto;

  /** How directly the answers address their questions (declining an unanswerable question counts as relevant). */
  answerRelevancy: MetricSummaryDto;

  /** Whether the passages that lead to the ground truth are ranked first (average precision). */
  contextPrecision: MetricSummaryDto;

  /** Share of the ground truth (or of the reference passages) found in the retrieved passages. */
  contextRecall: MetricSummaryDto;

  /** Share of items where a retrieved passage holds a reference passage or the ground truth. */
  hitRate: MetricSummaryDto;

  /** Share of citations whose cited passage supports their sentence. */
  citationPrecision: MetricSummaryDto;
}

export class MetricScoreDto {
  /** In [0, 1]; null when the metric does not apply to the item (`detail` says why). */
  @ApiProperty({ type: Number, nullable: true })
  value: number | null;

  @ApiProperty({ enum: JUDGES })
  judge: 'llm' | 'offline';

  detail?: string;
}

export class ItemScoresDto {
  faithfulness: MetricScoreDto;
  answerRelevancy: MetricScoreDto;
  contextPrecision: MetricScoreDto;
  contextRecall: MetricScoreDto;
  hitRate: MetricScoreDto;
  citationPrecision: MetricScoreDto;
}

export class RunProgressDto {
  done: number;
  total: number;
  /** Items on which the pipeline failed (they score 0 where a metric applies). */
  failed: number;
}

export class RunDto {
  id: string;

  /** Null once the dataset was deleted. */
  @ApiProperty({ type: String, nullable: true })
  datasetId: string | null;

  datasetName: string;

  @ApiProperty({ enum: RUN_STATUSES })
  status: RunStatus;

  @ApiProperty({ enum: JUDGE_MODES })
  judgeMode: JudgeMode;

  /** How the run judges (decided when it starts). */
  @ApiProperty({ enum: JUDGES, nullable: true })
  judge: 'llm' | 'offline' | null;

  /** What the run was asked for: `collectionIds`, `documentIds`, `chain`, `judgeChain`. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  options: Record<string, unknown>;

  /**
   * The pipeline configuration the run evaluated, recorded when it started: the LLM chain and the models that
   * answered, the judge, the collections with their embedders, retrieval and chunking settings.
   */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  config: Record<string, unknown> | null;

  progress: RunProgressDto;

  /** Per-metric results, once the run has completed. */
  @ApiProperty({ type: RunSummaryDto, nullable: true })
  summary: RunSummaryDto | null;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ type: String, nullable: true })
  createdBy: string | null;

  createdAt: Date;

  @ApiProperty({ type: Date, nullable: true })
  startedAt: Date | null;

  @ApiProperty({ type: Date, nullable: true })
  finishedAt: Date | null;
}

export class RunListDto {
  items: RunDto[];
}

export class RunContextDto {
  chunkId: string;
  documentId: string;
  text: string;
}

export class RunCitationDto {
  /** The number the answer cites it by (`[n]`). */
  n: number;
  chunkId: string;
  documentId: string;
  /** The sentence of the answer the citation ends. */
  sentence: string;
}

export class RunItemDto {
  position: number;
  question: string;
  groundTruth: string;
  referenceContexts?: string[];
  answer: string;
  /** The agent's outcome (`answered`, `unanswerable`...), or `error`. */
  outcome: string;
  contexts: RunContextDto[];
  citations: RunCitationDto[];
  scores: ItemScoresDto;
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
  latencyMs: number;
}

export class RunItemPageDto {
  items: RunItemDto[];
  total: number;
}

export class ComparedRunDto {
  id: string;

  @ApiProperty({ type: String, nullable: true })
  datasetId: string | null;

  datasetName: string;

  @ApiProperty({ enum: RUN_STATUSES })
  status: RunStatus;

  @ApiProperty({ enum: JUDGES, nullable: true })
  judge: 'llm' | 'offline' | null;

  createdAt: Date;
}

export class MetricComparisonDto {
  /** Each run's mean, in the order asked. */
  @ApiProperty({ type: [Number], nullable: true })
  values: (number | null)[];

  /** Each run's mean minus the first run's (null where either is missing); the first is always 0. */
  @ApiProperty({ type: [Number], nullable: true })
  deltas: (number | null)[];

  @ApiProperty({ enum: SUMMARY_JUDGES, isArray: true, nullable: true })
  judges: ('llm' | 'offline' | 'mixed' | null)[];
}

export class ConfigChangeDto {
  /** Dotted path in the runs' `config`, e.g. `retrieval.rrfK`. */
  path: string;

  /** Its value in each run (JSON), in the order asked. */
  @ApiProperty({ type: 'array', items: {} })
  values: unknown[];
}

export class ItemChangeDto {
  position: number;
  question: string;

  /** Per metric, each run's score minus the first run's (null where either is missing). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { type: 'number', nullable: true } } })
  deltas: Record<string, (number | null)[]>;
}

export class MetricComparisonsDto {
  faithfulness: MetricComparisonDto;
  answerRelevancy: MetricComparisonDto;
  contextPrecision: MetricComparisonDto;
  contextRecall: MetricComparisonDto;
  hitRate: MetricComparisonDto;
  citationPrecision: MetricComparisonDto;
}

export class RunComparisonDto {
  runs: ComparedRunDto[];

  /** True when every run evaluated the same dataset (then `items` compares them question by question). */
  sameDataset: boolean;

  metrics: MetricComparisonsDto;

  /** Settings that differ between the runs' recorded configurations. */
  configChanges: ConfigChangeDto[];

  /** Items whose scores changed against the first run (same dataset only; at most 200). */
  items: ItemChangeDto[];
}
