import { ApiProperty } from '@nestjs/swagger';
import { LLM_PROVIDER_IDS } from '@docqa/core';

export class LlmCircuitDto {
  @ApiProperty({ enum: [...LLM_PROVIDER_IDS] })
  provider: string;

  model: string;

  /** `open`: calls skip this provider and model; `half_open`: one trial call decides. */
  @ApiProperty({ enum: ['closed', 'open', 'half_open'] })
  state: string;

  @ApiProperty({ type: 'integer' })
  consecutiveFailures: number;

  /** When the circuit last opened. */
  openedAt?: string;

  /** When an open circuit lets a trial call through. */
  retryAt?: string;

  /** The last failure, for people. */
  lastFailure?: string;
}

export class LlmCircuitListDto {
  /** This api instance's circuits (each instance keeps its own), every provider and model it has called. */
  items: LlmCircuitDto[];
}
