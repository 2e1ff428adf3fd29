import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { LlmCircuitDto } from '@docqa/llm-router';

export class ProviderHealthQueryDto {
  /** How far back `failedCalls` looks, in hours (default 24, at most 720). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  sinceHours?: number;
}

export class ProviderErrorDto {
  at: string;
  provider: string;
  model: string;
  /** Why the attempt failed: `rate_limited`, `server_error`, `timeout`, `auth`, `interrupted`... */
  outcome: string;
  /** The HTTP status the provider answered, when it did. */
  @ApiProperty({ type: 'integer', required: false })
  status?: number;
  message: string;
  workspaceId: string;
  requestId?: string;
}

export class FailedCallSummaryDto {
  provider: string;
  model: string;
  /** `LLM_PROVIDERS_FAILED` (every provider failed) or `LLM_STREAM_INTERRUPTED` (cut off mid-answer). */
  @ApiProperty({ type: 'string', nullable: true })
  errorCode: string | null;
  @ApiProperty({ type: 'integer' })
  calls: number;
  lastAt: Date;
}

export class ProviderHealthDto {
  /** This api instance's circuit breakers (each instance keeps its own). */
  circuits: LlmCircuitDto[];
  /** This instance's last failed provider attempts, newest first, retries and failovers included. */
  recentErrors: ProviderErrorDto[];
  /** Calls of every instance that ended without an answer since `since`, from the usage table. */
  failedCalls: FailedCallSummaryDto[];
  since: Date;
}
