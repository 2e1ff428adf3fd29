import { ApiProperty } from '@nestjs/swagger';
import { LLM_PROVIDER_IDS } from '@docqa/core';

/** What a set of LLM calls amounted to: the counts every usage report (a workspace's, the platform's) shows. */
export class UsageCountsDto {
  /** Calls made, whatever their outcome. */
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

export class UsageRowDto extends UsageCountsDto {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;

  @ApiProperty({ enum: [...LLM_PROVIDER_IDS] })
  provider: string;

  model: string;

  /** Whose key served the calls: the workspace's own, the platform's, or none (offline, keyless server). */
  @ApiProperty({ enum: ['workspace', 'platform', 'none'] })
  keySource: string;
}

export class UsageTotalsDto {
  @ApiProperty({ type: 'integer' })
  calls: number;

  @ApiProperty({ type: 'integer' })
  inputTokens: number;

  @ApiProperty({ type: 'integer' })
  outputTokens: number;

  costUsd: number;
}

export class BudgetStatusDto {
  /** The workspace's monthly budget in US dollars; null when it has none. */
  @ApiProperty({ type: 'number', nullable: true })
  monthlyUsd: number | null;

  /** Spent this calendar month (UTC). */
  spentUsd: number;

  /** `warning` past LLM_BUDGET_WARN_PERCENT of the budget; `exceeded`: LLM calls are refused until next month. */
  @ApiProperty({ enum: ['none', 'ok', 'warning', 'exceeded'] })
  state: string;
}

export class UsageReportDto {
  workspaceId: string;

  /** First day reported (UTC, inclusive). */
  from: string;

  /** Last day reported (UTC, inclusive). */
  to: string;

  /** One row per day, provider, model and key source, in that order. */
  rows: UsageRowDto[];

  totals: UsageTotalsDto;

  budget: BudgetStatusDto;
}
