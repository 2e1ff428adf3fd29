import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WorkspaceLlmLimitsService } from './workspace-llm-limits.service';
import { WorkspaceLlmRateLimiter } from './workspace-llm-rate-limiter';

/**
 * The per-workspace LLM call limiter without HTTP routes, for whatever calls an LLM (the router, in the api
 * and the worker). AuthModule imports it and serves the admin route, so both share one limit cache.
 */
@Module({
  imports: [AuditModule],
  providers: [WorkspaceLlmLimitsService, WorkspaceLlmRateLimiter],
  exports: [WorkspaceLlmLimitsService, WorkspaceLlmRateLimiter],
})
export class LlmRateLimitModule {}
