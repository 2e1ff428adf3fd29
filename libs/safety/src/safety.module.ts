import { Module } from '@nestjs/common';
import { AuditModule } from '@docqa/auth';
import { MetricProvidersModule } from '@docqa/metrics';
import { AdminSafetyPolicyController } from './http/admin-safety-policy.controller';
import { PiiController } from './http/pii.controller';
import { SafetyPolicyController } from './http/safety-policy.controller';
import { InjectionDetector } from './injection/injection-detector';
import { PiiLogMasking } from './logging/pii-log-masking';
import { PiiService } from './pii/pii.service';
import { SafetyMetrics } from './safety-metrics';
import { SafetyPolicyService } from './policy/safety-policy.service';

/**
 * PII masking, prompt-injection checks and the policies behind them, without HTTP routes: for whatever
 * calls an LLM or ingests documents (the router and the agent in the api, ingestion in the worker). It also
 * installs the PII log scrubber in the process's logger (PII_LOG_MASKING).
 */
@Module({
  imports: [MetricProvidersModule, AuditModule],
  providers: [SafetyPolicyService, SafetyMetrics, PiiService, InjectionDetector, PiiLogMasking],
  exports: [SafetyPolicyService, PiiService, InjectionDetector],
})
export class SafetyCoreModule {}

/** The safety API: `/safety/pii/analyze|anonymize`, `/safety/policy` (owners) and `/admin/workspaces/:id/safety-policy`. */
@Module({
  imports: [SafetyCoreModule],
  controllers: [PiiController, SafetyPolicyController, AdminSafetyPolicyController],
  exports: [SafetyCoreModule],
})
export class SafetyModule {}
