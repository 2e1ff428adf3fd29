import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, createHttpApp, CoreOptions } from '@docqa/core';
import { WorkerModule } from './worker.module';

export function createWorkerApp(
  config: AppConfig,
  options: Omit<CoreOptions, 'role'> = {},
): Promise<NestFastifyApplication> {
  return createHttpApp(WorkerModule.forRoot(config, options), config);
}
