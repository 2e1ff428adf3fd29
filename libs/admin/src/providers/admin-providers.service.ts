import { Injectable } from '@nestjs/common';
import { LlmCircuits, PlatformUsageService, ProviderErrorLog } from '@docqa/llm-router';
import type { ProviderHealthDto } from './dto/provider-health.dto';

/** What the LLM router knows about its providers' health, in one answer. */
@Injectable()
export class AdminProvidersService {
  constructor(
    private readonly circuits: LlmCircuits,
    private readonly errors: ProviderErrorLog,
    private readonly usage: PlatformUsageService,
  ) {}

  async health(sinceHours: number): Promise<ProviderHealthDto> {
    const since = new Date(Date.now() - sinceHours * 3_600_000);
    return {
      circuits: this.circuits.snapshot(),
      recentErrors: this.errors.recent(),
      failedCalls: await this.usage.failedCalls(since),
      since,
    };
  }
}
