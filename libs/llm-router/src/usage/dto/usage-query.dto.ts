import { IsOptional, Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class UsageQueryDto {
  /** First day reported (UTC, `YYYY-MM-DD`, inclusive). Default: the first day of the current month. */
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date as YYYY-MM-DD' })
  from?: string;

  /** Last day reported (UTC, `YYYY-MM-DD`, inclusive). Default: today. At most 366 days after `from`. */
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date as YYYY-MM-DD' })
  to?: string;
}
