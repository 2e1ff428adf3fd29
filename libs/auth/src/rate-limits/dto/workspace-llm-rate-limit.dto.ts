import { ApiProperty } from '@nestjs/swagger';

export class WorkspaceLlmRateLimitDto {
  workspaceId: string;

  /** The workspace's own limit on LLM calls per minute; null when the default applies. */
  @ApiProperty({ type: 'integer', nullable: true })
  callsPerMinute: number | null;

  /** The limit that applies: `callsPerMinute`, else LLM_RATE_LIMIT_PER_MINUTE. */
  @ApiProperty({ type: 'integer' })
  effectiveCallsPerMinute: number;
}
