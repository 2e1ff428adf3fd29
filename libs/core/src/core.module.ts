import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AppConfig, AppConfigModule, runModeOf } from './config';
import { DatabaseModule } from './database';
import { EventsModule } from './events';
import { HealthModule } from './health';
import { JobsModule } from './jobs';
import { LoggingModule } from './logging';
import { RedisModule } from './redis';

export type ProcessRole = 'api' | 'worker';

export interface CoreOptions {
  role: ProcessRole;
  /** Where logs go; stdout unless a test captures them. */
  logDestination?: DestinationStream;
}

/**
 * The foundation every process is built on. The switch between the embedded and server run modes is
 * made here (through `AppConfig`) and nowhere in stage code: the database, the job driver, Redis and
 * rate limits all follow the configuration.
 */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, options: CoreOptions): DynamicModule {
    // Only workers run job processors in server mode; with the in-process driver the api runs them.
    const runProcessors = options.role === 'worker' || runModeOf(config).jobs === 'in-process';
    return {
      module: CoreModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(config, options.logDestination),
        RedisModule.forRoot(config, `docqa-${options.role}`),
        DatabaseModule.forRoot(config),
        JobsModule.forRoot(config, { runProcessors }),
        EventsModule,
        HealthModule,
      ],
    };
  }
}
