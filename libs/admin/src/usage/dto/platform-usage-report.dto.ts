import { ApiProperty } from '@nestjs/swagger';
import { USAGE_DIMENSIONS } from '@docqa/llm-router';

export class PlatformUsageTotalsDto {
  @ApiProperty({ type: 'integer' })
  calls: number;

  /** Calls that did not end with an answer (failed, interrupted or cancelled). */
  @ApiProperty({ type: 'integer' })
  failedCalls: number;

  @ApiProperty({ type: 'integer' })
  inputTokens: number;

  @ApiProperty({ type: 'integer' })
  outputTokens: number;

  /** Calls whose tokens were estimated because the provider reported none. */
  @ApiProperty({ type: 'integer' })
  estimatedCalls: number;

  /** US dollars, from each model's price (0 for models without one). */
  costUsd: number;
}

/** One group of the breakdown: the dimensions asked for are present, the others absent. */
export class PlatformUsageRowDto extends PlatformUsageTotalsDto {
  /** UTC day, `YYYY-MM-DD`. */
  day?: string;
  workspaceId?: string;
  @ApiProperty({ type: 'string', nullable: true, required: false })
  workspaceName?: string | null;
  provider?: string;
  model?: string;
}

export class PlatformUsageReportDto {
  from: string;
  to: string;
  @ApiProperty({ enum: USAGE_DIMENSIONS, isArray: true })
  groupBy: string[];
  rows: PlatformUsageRowDto[];
  totals: PlatformUsageTotalsDto;
}
