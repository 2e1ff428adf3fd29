import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';

export const MAX_LLM_CALLS_PER_MINUTE = 100_000;

export class SetWorkspaceLlmRateLimitDto {
  /** LLM calls the workspace may start per minute; null returns it to the default (LLM_RATE_LIMIT_PER_MINUTE). */
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: MAX_LLM_CALLS_PER_MINUTE, example: 120 })
  @ValidateIf((_dto, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_LLM_CALLS_PER_MINUTE)
  callsPerMinute: number | null;
}
