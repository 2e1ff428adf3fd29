import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { USAGE_DIMENSIONS, type UsageDimension } from '@docqa/llm-router';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class PlatformUsageQueryDto {
  /** First day reported (UTC, `YYYY-MM-DD`, inclusive). Default: the first day of the current month. */
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date as YYYY-MM-DD' })
  from?: string;

  /** Last day reported (UTC, `YYYY-MM-DD`, inclusive). Default: today. At most 366 days after `from`. */
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date as YYYY-MM-DD' })
  to?: string;

  /** Comma-separated breakdown, any of `day`, `workspace`, `provider`, `model`. Default: all four. */
  @ApiProperty({ required: false, type: 'string', example: 'day,provider' })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  )
  @IsIn(USAGE_DIMENSIONS, { each: true })
  @ArrayUnique()
  groupBy?: UsageDimension[];

  @IsOptional()
  @IsUUID()
  workspaceId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  provider?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  model?: string;

  /** `csv` answers `text/csv` (as does `Accept: text/csv`); default JSON. */
  @ApiProperty({ required: false, enum: ['json', 'csv'] })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
