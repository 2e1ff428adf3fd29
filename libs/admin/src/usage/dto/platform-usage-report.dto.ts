import { ApiProperty } from '@nestjs/swagger';
import { USAGE_DIMENSIONS, UsageCountsDto } from '@docqa/llm-router';

/** The platform's usage, over all workspaces: the same counts as a workspace's report. */
export class PlatformUsageTotalsDto extends UsageCountsDto {}

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
