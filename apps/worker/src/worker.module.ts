import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, CoreModule, CoreOptions } from '@docqa/core';
import { IngestionModule } from '@docqa/documents';
import { EvaluationCoreModule } from '@docqa/evaluation';
import { MetricsModule } from '@docqa/metrics';

/**
 * The worker process: job processors from the stage libs, and an HTTP port with only health and
 * metrics. It has no API routes and no rate limit.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: Omit<CoreOptions, 'role'> = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, { ...options, role: 'worker' }),
        MetricsModule,
        IngestionModule,
        EvaluationCoreModule,
      ],
    };
  }
}
