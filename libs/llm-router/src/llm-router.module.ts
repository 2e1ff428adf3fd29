import { Module } from '@nestjs/common';
import { AuditModule, LlmRateLimitModule, VaultCoreModule } from '@docqa/auth';
import { MetricProvidersModule } from '@docqa/metrics';
import { SafetyCoreModule } from '@docqa/safety';
import { LlmAdminController } from './admin/llm-admin.controller';
import { LlmAdminService } from './admin/llm-admin.service';
import { LLM_METRICS } from './metrics/llm-metrics';
import { PrometheusLlmMetrics } from './metrics/prometheus-llm-metrics';
import { ProviderClients } from './providers/provider-clients';
import { ChainResolver } from './routing/chain-resolver';
import { CredentialResolver } from './routing/credential-resolver';
import { LlmCircuits } from './routing/llm-circuits';
import { LlmRouter } from './routing/llm-router.service';
import { ProviderErrorLog } from './routing/provider-error-log';
import { BudgetService } from './settings/budget.service';
import { LlmChainController } from './settings/llm-chain.controller';
import { LlmChainService } from './settings/llm-chain.service';
import { WorkspaceLlmSettingsService } from './settings/workspace-llm-settings.service';
import { UsageController } from './usage/usage.controller';
import { UsageRecorder } from './usage/usage-recorder';
import { UsageService } from './usage/usage.service';
import { PlatformUsageService } from './usage/platform-usage.service';

/**
 * `LlmRouter` without HTTP routes, for any process that calls models (the agent, in the api or the worker).
 * It shares the vault and the LLM rate limiter with AuthModule (same module instances, one limit cache) and
 * injects `AppConfig`, the database and `ReadinessDetails` from core's global modules.
 */
@Module({
  imports: [VaultCoreModule, LlmRateLimitModule, AuditModule, MetricProvidersModule, SafetyCoreModule],
  providers: [
    { provide: LLM_METRICS, useClass: PrometheusLlmMetrics },
    ProviderClients,
    CredentialResolver,
    LlmCircuits,
    ProviderErrorLog,
    WorkspaceLlmSettingsService,
    ChainResolver,
    UsageRecorder,
    BudgetService,
    LlmRouter,
  ],
  exports: [
    LlmRouter,
    WorkspaceLlmSettingsService,
    ChainResolver,
    UsageRecorder,
    BudgetService,
    LlmCircuits,
    ProviderErrorLog,
  ],
})
export class LlmRouterCoreModule {}

/** The router with its routes: `GET /api/v1/usage`, `/api/v1/llm/chain` and the admin routes. For the api app. */
@Module({
  imports: [LlmRouterCoreModule],
  controllers: [UsageController, LlmChainController, LlmAdminController],
  providers: [UsageService, LlmChainService, LlmAdminService, PlatformUsageService],
  exports: [LlmRouterCoreModule, PlatformUsageService],
})
export class LlmRouterModule {}
